// Apollo Client 4 as a dashboard uses it: queries over HTTP, subscriptions through GraphQLWsLink (graphql-ws), one
// normalised cache. argv: the API's base URL and an API key. Caches the open incidents, subscribes, prints "ready",
// and on the first event about a cached incident prints one JSON line with what the cache held for it before and
// holds after, with no refetch: {"id", "before", "after", "cursor", "change", "requests": <HTTP requests made>}.
import { ApolloClient, HttpLink, InMemoryCache, gql, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [base, key] = process.argv.slice(2);
let requests = 0;
const countingFetch = (...args) => { requests++; return fetch(...args); };
const http = new HttpLink({ uri: `${base}/graphql`, headers: { authorization: `Bearer ${key}` }, fetch: countingFetch });
const ws = new GraphQLWsLink(createClient({
  url: `${base.replace('http://', 'ws://')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${key}` },
  retryAttempts: 0,
}));
const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: split(({ query }) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  }, ws, http),
});

const fragment = gql`fragment Seen on Incident { id status }`;
const cached = (id) => client.readFragment({ id: client.cache.identify({ __typename: 'Incident', id }), fragment });

const open = await client.query({ query: gql`query Open { incidents(where: { status: { eq: OPEN } }, first: 100) { nodes { id status } } }` });
const before = new Map(open.data.incidents.nodes.map((incident) => [incident.id, cached(incident.id)]));

const timeout = setTimeout(() => { console.error('timed out'); process.exit(2); }, 30000);
const event = await new Promise((resolve, reject) => {
  const subscription = client.subscribe({
    query: gql`subscription Live { incidentChanged { cursor change incident { id status } } }`,
  }).subscribe({
    next: (result) => {
      if (result.error) {
        reject(result.error);
        return;
      }
      if (before.has(result.data?.incidentChanged?.incident?.id)) {
        subscription.unsubscribe();
        resolve(result.data.incidentChanged);
      }
    },
    error: reject,
  });
  // graphql-ws sends "subscribe" right after connection_ack; a beat lets the server register it.
  setTimeout(() => console.log('ready'), 1000);
});
clearTimeout(timeout);

const id = event.incident.id;
console.log(JSON.stringify({ id, before: before.get(id), after: cached(id), cursor: event.cursor, change: event.change, requests }));
client.stop();
process.exit(0);
