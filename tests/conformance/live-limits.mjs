// The graphql-ws client against the live limits. argv: the API's base URL, an API key, a mode and the limit the server
// was given for it. Prints one JSON report line.
// - operations <per socket>: one subscribe more than the socket's limit on one client; the refused one errors with the
//   server's GraphQL errors, the others keep getting events (the caller publishes them), and once one is completed a
//   new subscribe is accepted.
// - sockets <per key>: as many clients as the key may hold, then one more: closed with the server's code, which the
//   client retries (2 retries, 100 ms apart), then gives up; once one client leaves, a retrying client gets in.
// - flood: one client sends subscribes far faster than the socket's message rate: closed with the server's code,
//   which the client takes as fatal (it does not reconnect, even with retries left and no wait).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [base, key, mode, limitText] = process.argv.slice(2);
const limit = Number(limitText ?? 0);
const url = `${base.replace('http://', 'ws://')}/graphql`;
const query = 'subscription { incidentChanged { failureCount } }';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const timeout = setTimeout(() => { console.error(`timed out in ${mode}`); process.exit(2); }, 90000);

const client = (options = {}) => createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${key}` },
  retryAttempts: 0,
  ...options,
});

// A subscription that records what it got: events, its error, whether it completed.
const subscribe = (c) => {
  const state = { events: 0, error: undefined, done: false };
  state.dispose = c.subscribe({ query }, {
    next: () => { state.events++; },
    error: (error) => { state.error = error; state.done = true; },
    complete: () => { state.done = true; },
  });
  return state;
};

const until = async (condition) => {
  while (!condition()) {
    await sleep(50);
  }
};

const closeOf = (event) => ({ code: event?.code, reason: event?.reason });

let report;
if (mode === 'operations') {
  const c = client();
  const subscriptions = Array.from({ length: limit + 1 }, () => subscribe(c));
  await until(() => subscriptions.filter((s) => s.error).length === 1 && subscriptions.filter((s) => s.events > 0).length === limit);
  const refused = subscriptions.find((s) => s.error);
  const accepted = subscriptions.filter((s) => s !== refused);
  // Completing one frees its place on the socket: a new subscribe gets events.
  accepted[0].dispose();
  const again = subscribe(c);
  await until(() => again.events > 0 || again.error);
  report = {
    refused: Array.isArray(refused.error) ? refused.error : String(refused.error),
    acceptedWithEvents: accepted.filter((s) => s.events > 0 && !s.error).length,
    afterComplete: again.error ? { error: again.error } : { events: again.events },
  };
  await c.dispose();
} else if (mode === 'sockets') {
  const holders = Array.from({ length: limit }, () => {
    let connected = false;
    const c = client({ on: { connected: () => { connected = true; } } });
    return { c, subscription: subscribe(c), connected: () => connected };
  });
  await until(() => holders.every((h) => h.connected()));

  const closes = [];
  const extra = client({ retryAttempts: 2, retryWait: () => sleep(100), on: { closed: (event) => closes.push(closeOf(event)) } });
  const refused = subscribe(extra);
  await until(() => refused.done);

  // One screen leaves; a client retrying on the same code gets its place.
  holders[0].subscription.dispose();
  await holders[0].c.dispose();
  let connectedAfter = false;
  const retryCloses = [];
  const next = client({
    retryAttempts: 20, retryWait: () => sleep(200),
    on: { connected: () => { connectedAfter = true; }, closed: (event) => retryCloses.push(closeOf(event)) },
  });
  const admitted = subscribe(next);
  await until(() => connectedAfter || admitted.done);
  report = {
    closes,
    finalError: closeOf(refused.error),
    connectedAfterOneLeft: connectedAfter,
    closesBeforeAdmitted: retryCloses.map((c) => c.code),
    othersStillOpen: holders.slice(1).filter((h) => !h.subscription.done).length,
  };
  await Promise.all([...holders.slice(1).map((h) => h.c.dispose()), next.dispose(), extra.dispose()]);
} else if (mode === 'flood') {
  let connecting = 0;
  let connected = false;
  const closes = [];
  // Retries left and no wait: a retry, if the client made one, would be immediate.
  const c = client({
    retryAttempts: 5, retryWait: async () => {},
    on: { connecting: () => { connecting++; }, connected: () => { connected = true; }, closed: (event) => closes.push(closeOf(event)) },
  });
  const first = subscribe(c);
  await until(() => connected);
  const flood = Array.from({ length: 300 }, () => subscribe(c));
  await until(() => first.done && flood.every((s) => s.done));
  await sleep(500);
  report = { closes, firstError: closeOf(first.error), connecting };
  await c.dispose();
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

clearTimeout(timeout);
console.log(JSON.stringify(report));
process.exit(0);
