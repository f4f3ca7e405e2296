// Apollo Client 4's links against the server given as argv[2] (its /graphql URL) with the API key argv[3]:
// PersistedQueryLink (automatic persisted queries, over POST and with useGETForHashedQueries over GET), BatchHttpLink,
// and both together. Each scenario prints "ok <name>" or "not ok <name>: <why>"; the exit code is the failures' count.
// Every HTTP exchange is recorded through the links' fetch, so a scenario checks what went over the wire, not only
// what the client finally returned.
import { createHash, randomUUID } from 'node:crypto';
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { BatchHttpLink } from '@apollo/client/link/batch-http';

const [uri, key] = [process.argv[2], process.argv[3]];
if (!uri || !key) {
  console.error('usage: node apollo-links.mjs <graphql endpoint url> <api key>');
  process.exit(2);
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const headers = { authorization: `Bearer ${key}` };

// One exchange: method, what the request carried (per operation of a batch), and what came back.
function recorder() {
  const exchanges = [];
  const fetchRecorded = async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.clone().text();
    const sent = init.method === 'GET'
      ? [{ query: new URL(url).searchParams.has('query'), hash: new URL(url).searchParams.has('extensions') }]
      : [JSON.parse(init.body)].flat().map((b) => ({ query: typeof b.query === 'string', hash: !!b.extensions?.persistedQuery }));
    const answers = [JSON.parse(text)].flat().map((r) => r.errors?.[0]?.extensions?.code ?? (r.data ? 'data' : 'none'));
    exchanges.push({ method: init.method ?? 'POST', status: response.status, batch: !init.method?.startsWith('G') && init.body?.startsWith('['), sent, answers });
    return response;
  };
  return { exchanges, fetch: fetchRecorded };
}

const document = () => gql`query Dashboard_${randomUUID().replaceAll('-', '')} { workspace { id name } organization { id name } }`;

function client(link) {
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

function persistedClient(record, options = {}) {
  return client(new PersistedQueryLink({ sha256, ...options }).concat(new HttpLink({ uri, headers, fetch: record.fetch })));
}

function check(condition, why) {
  if (!condition) {
    throw new Error(why);
  }
}

const describe = (exchanges) => JSON.stringify(exchanges);

const scenarios = {
  // First use: the hash alone (unknown), then hash and text, which registers it; another client then sends the hash alone.
  async 'persisted queries over POST'() {
    const query = document();
    const first = recorder();
    const result = await persistedClient(first).query({ query, fetchPolicy: 'network-only' });
    check(result.data?.workspace?.name?.startsWith('ws-'), `no data: ${JSON.stringify(result)}`);
    check(describe(first.exchanges) === describe([
      { method: 'POST', status: 200, batch: false, sent: [{ query: false, hash: true }], answers: ['PERSISTED_QUERY_NOT_FOUND'] },
      { method: 'POST', status: 200, batch: false, sent: [{ query: true, hash: true }], answers: ['data'] },
    ]), `first use: ${describe(first.exchanges)}`);

    const again = recorder();
    const second = await persistedClient(again).query({ query, fetchPolicy: 'network-only' });
    check(second.data?.workspace?.id === result.data.workspace.id, `second use: ${JSON.stringify(second)}`);
    check(describe(again.exchanges) === describe([
      { method: 'POST', status: 200, batch: false, sent: [{ query: false, hash: true }], answers: ['data'] },
    ]), `second use: ${describe(again.exchanges)}`);
  },

  // useGETForHashedQueries: the hash goes in the URL's extensions parameter; the text, when asked for, by POST.
  async 'persisted queries over GET'() {
    const query = document();
    const first = recorder();
    await persistedClient(first, { useGETForHashedQueries: true }).query({ query, fetchPolicy: 'network-only' });
    check(describe(first.exchanges) === describe([
      { method: 'GET', status: 200, batch: false, sent: [{ query: false, hash: true }], answers: ['PERSISTED_QUERY_NOT_FOUND'] },
      { method: 'POST', status: 200, batch: false, sent: [{ query: true, hash: true }], answers: ['data'] },
    ]), `first use: ${describe(first.exchanges)}`);

    const again = recorder();
    const result = await persistedClient(again, { useGETForHashedQueries: true }).query({ query, fetchPolicy: 'network-only' });
    check(result.data?.organization?.name?.startsWith('org-'), `no data: ${JSON.stringify(result)}`);
    check(describe(again.exchanges) === describe([
      { method: 'GET', status: 200, batch: false, sent: [{ query: false, hash: true }], answers: ['data'] },
    ]), `second use: ${describe(again.exchanges)}`);
  },

  // Three operations issued together go as one array and come back as one, each to its own caller.
  async 'batched requests'() {
    const record = recorder();
    const batched = client(new BatchHttpLink({ uri, headers, fetch: record.fetch, batchMax: 10, batchInterval: 20 }));
    const [a, b, c] = await Promise.all([
      batched.query({ query: gql`query A { workspace { id name } }` }),
      batched.query({ query: gql`query B { organization { id name } }` }),
      batched.query({ query: gql`query C($n: Int) { connections(first: $n) { totalCount } }`, variables: { n: 5 } }),
    ]);
    check(a.data?.workspace?.name?.startsWith('ws-') && b.data?.organization?.name?.startsWith('org-') && c.data?.connections?.totalCount === 0,
      `results: ${JSON.stringify([a, b, c])}`);
    check(describe(record.exchanges) === describe([
      { method: 'POST', status: 200, batch: true, sent: [{ query: true, hash: false }, { query: true, hash: false }, { query: true, hash: false }], answers: ['data', 'data', 'data'] },
    ]), `exchanges: ${describe(record.exchanges)}`);
  },

  // PersistedQueryLink in front of BatchHttpLink: a batch of hashes, both unknown; their texts in the next batch; then
  // another client's batch of hashes alone answers.
  async 'persisted queries in batches'() {
    const queries = [document(), document()];
    const run = async (record) => {
      const link = new PersistedQueryLink({ sha256 }).concat(new BatchHttpLink({ uri, headers, fetch: record.fetch, batchMax: 10, batchInterval: 20 }));
      const apollo = client(link);
      return Promise.all(queries.map((query) => apollo.query({ query, fetchPolicy: 'network-only' })));
    };

    const first = recorder();
    const results = await run(first);
    check(results.every((r) => r.data?.workspace?.name?.startsWith('ws-')), `results: ${JSON.stringify(results)}`);
    check(describe(first.exchanges) === describe([
      { method: 'POST', status: 200, batch: true, sent: [{ query: false, hash: true }, { query: false, hash: true }], answers: ['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_FOUND'] },
      { method: 'POST', status: 200, batch: true, sent: [{ query: true, hash: true }, { query: true, hash: true }], answers: ['data', 'data'] },
    ]), `first use: ${describe(first.exchanges)}`);

    const again = recorder();
    await run(again);
    check(describe(again.exchanges) === describe([
      { method: 'POST', status: 200, batch: true, sent: [{ query: false, hash: true }, { query: false, hash: true }], answers: ['data', 'data'] },
    ]), `second use: ${describe(again.exchanges)}`);
  },
};

let failures = 0;
for (const [name, run] of Object.entries(scenarios)) {
  try {
    await run();
    console.log(`ok ${name}`);
  } catch (error) {
    failures++;
    console.log(`not ok ${name}: ${error?.message ?? error}`);
  }
}
process.exit(failures);
