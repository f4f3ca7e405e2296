// A real graphql-ws client: subscribes to incidentChanged on the server given as argv[2] with the API key argv[3],
// prints "ready" once subscribed, prints each event as one JSON line, and completes after argv[4] events.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, key, wanted] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 1)];
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${key}` },
  retryAttempts: 0,
  on: { connected: () => console.log('connected') },
});

let received = 0;
const done = new Promise((resolve, reject) => {
  const unsubscribe = client.subscribe(
    { query: 'subscription { incidentChanged { change incidentId severity failureCount } }' },
    {
      next: (result) => {
        console.log(JSON.stringify(result));
        if (++received >= wanted) {
          unsubscribe();
          resolve();
        }
      },
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => resolve(),
    },
  );
  // The server acknowledges and registers the subscription right after "connected"; give it a beat.
  setTimeout(() => console.log('ready'), 500);
});

const timeout = setTimeout(() => { console.error('timed out'); process.exit(2); }, 30000);
await done;
clearTimeout(timeout);
await client.dispose();
console.log('completed');
