// Runs the graphql-http server audits (the GraphQL-over-HTTP specification's conformance suite)
// against a running server and prints one line per audit: status, id, name, reason.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}
const results = await Promise.all(serverAudits({ url, fetchFn: fetch }).map((audit) => audit.fn()));
for (const r of results) {
  console.log([r.status, r.id, r.name, r.reason ?? ''].join('\t'));
}
