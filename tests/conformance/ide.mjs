// Opens Banana Cake Pop in headless Chromium at <base>/graphql, as a person would, and reports as JSON what the page
// loaded: its title, failed asset requests, whether it read bcp-config.json, and the introspection it ran.
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const report = { title: null, failedAssets: [], configLoaded: false, ideIntrospection: null, pageIntrospection: null };
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
  await page.goto(`${base}/graphql`, { waitUntil: 'networkidle', timeout: 60000 });
  await page.waitForTimeout(2000);
  report.title = await page.title();
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
