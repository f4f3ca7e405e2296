// GraphQL Code Generator as a frontend team runs it: TypeScript types generated from the live URL (the generator
// introspects the endpoint itself, with every option of graphql-js' introspection query when 'all' is given). Prints
// one JSON line with the files it generated.
import { generate } from '@graphql-codegen/cli';

const [base, options, key] = process.argv.slice(2);
if (!base || !['all', 'default'].includes(options)) {
  console.error('usage: node codegen.mjs <base url> all|default [api key]');
  process.exit(2);
}
const introspection = options === 'all'
  ? { specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }
  : {};
const files = await generate({
  schema: [{ [`${base}/graphql`]: { headers: key ? { authorization: `Bearer ${key}` } : {}, ...introspection } }],
  generates: { 'graphql.ts': { plugins: ['typescript'] } },
  silent: true,
  errorsOnly: true,
}, false);
console.log(JSON.stringify({ files: files.map((f) => ({ filename: f.filename, content: f.content })) }));
