// Opens Banana Cake Pop in headless Chromium at <base>/graphql, as a person would, and reports as JSON what the page
// loaded: its title, failed asset requests, whether it read bcp-config.json, and the introspection it ran.
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const report = { title: null, configTitle: null, documentTitle: null, ideSchemaTypes: 0, failedAssets: [], configLoaded: false, ideIntrospection: null, pageIntrospection: null };
try {
  const page = await browser.newPage();
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.origin !== new URL(base).origin) return;
    if (url.pathname.endsWith('/bcp-config.json') && response.ok()) report.configLoaded = true;
    if (url.pathname.startsWith('/graphql/static/') && !response.ok()) report.failedAssets.push(`${response.status()} ${url.pathname}`);
    const request = response.request();
    if (request.method() === 'POST' && url.pathname === '/graphql' && (request.postData() ?? '').includes('__schema')) {
      report.ideIntrospection = response.status();
    }
  });
  // The IDE's settled state, not a moment in its start-up: it has read bcp-config.json and titled the page after it
  // (its first title is the package's own, so reading the title at a fixed time is a race the machine's speed decides).
  await page.goto(`${base}/graphql`, { waitUntil: 'load', timeout: 60000 });
  report.configTitle = (await (await fetch(`${base}/graphql/bcp-config.json`)).json()).title ?? null;
  await page.waitForFunction((t) => document.title === t, report.configTitle, { timeout: 30000 }).catch(() => {});
  report.title = await page.title();
  // As a person would: open a document, and the IDE introspects the endpoint to offer the schema.
  const introspected = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/graphql'
    && (r.request().postData() ?? '').includes('__schema'), { timeout: 30000 });
  await page.getByRole('button', { name: 'Create Document' }).click();
  const introspection = await introspected;
  report.ideIntrospection = introspection.status();
  report.ideSchemaTypes = (await introspection.json())?.data?.__schema?.types?.length ?? 0;
  await page.waitForFunction((t) => document.title.endsWith(` - ${t}`), report.configTitle, { timeout: 30000 }).catch(() => {});
  report.documentTitle = await page.title();
  // The same introspection the IDE sends, from the page's own origin with the IDE's headers.
  report.pageIntrospection = await page.evaluate(async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: 'query IntrospectionQuery { __schema { queryType { name } types { name kind } } }' }),
    });
    const body = await response.json();
    return { status: response.status, queryType: body?.data?.__schema?.queryType?.name ?? null, types: body?.data?.__schema?.types?.length ?? 0 };
  });
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
