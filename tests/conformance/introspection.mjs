// graphql-js as every tool uses it: sends getIntrospectionQuery() with each combination of its options (and with none),
// with and without an API key, and builds a client schema from each answer with buildClientSchema. Prints one JSON
// report: the runs, the failures, and what the schema built from the query with every option holds.
import { buildClientSchema, getIntrospectionQuery, parse, validate, validateSchema } from 'graphql';

const [base, key] = process.argv.slice(2);
if (!base || !key) {
  console.error('usage: node introspection.mjs <base url> <api key>');
  process.exit(2);
}
const names = ['descriptions', 'specifiedByUrl', 'directiveIsRepeatable', 'schemaDescription', 'inputValueDeprecation', 'oneOf'];
const variants = [{ label: 'no options', query: getIntrospectionQuery() }];
for (let mask = 0; mask < 1 << names.length; mask++) {
  const options = Object.fromEntries(names.map((n, i) => [n, (mask & (1 << i)) !== 0]));
  variants.push({ label: JSON.stringify(options), query: getIntrospectionQuery(options), all: mask === (1 << names.length) - 1 });
}

const report = { runs: 0, failures: [], all: null };
for (const variant of variants) {
  for (const withKey of [false, true]) {
    report.runs++;
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (withKey) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: variant.query }) });
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      if (response.status !== 200 || body.errors) throw new Error(`${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 400)}`);
      const schema = buildClientSchema(body.data);
      const invalid = validateSchema(schema);
      if (invalid.length > 0) throw new Error(`invalid client schema: ${invalid.map((e) => e.message).join('; ')}`);
      if (variant.all && withKey) report.all = describe(schema, body.data.__schema);
    } catch (error) {
      report.failures.push({ options: variant.label, withKey, error: String(error?.message ?? error).slice(0, 600) });
    }
  }
}
console.log(JSON.stringify(report));

// What a tool reads from the schema it built: the scalars' specifications, repeatable directives, deprecated input
// values, and whether an ordinary operation validates against it.
function describe(schema, raw) {
  const scalars = Object.values(schema.getTypeMap()).filter((t) => t.constructor.name === 'GraphQLScalarType');
  const query = parse('query Dashboard { workspace { id } incidents(first: 5) { nodes { id status } pageInfo { hasNextPage } } }');
  return {
    specifiedByURL: Object.fromEntries(scalars.filter((s) => s.specifiedByURL).map((s) => [s.name, s.specifiedByURL])),
    directives: schema.getDirectives().map((d) => ({ name: d.name, isRepeatable: d.isRepeatable })),
    directivesAnswerIsRepeatable: raw.directives.every((d) => typeof d.isRepeatable === 'boolean'),
    inputValuesAnswerIsDeprecated: raw.types.flatMap((t) => [...(t.inputFields ?? []), ...(t.fields ?? []).flatMap((f) => f.args)])
      .every((v) => typeof v.isDeprecated === 'boolean'),
    oneOfAnswered: raw.types.every((t) => 'isOneOf' in t),
    schemaDescriptionAnswered: 'description' in raw,
    types: Object.keys(schema.getTypeMap()).length,
    operationErrors: validate(schema, query).map((e) => e.message),
  };
}
