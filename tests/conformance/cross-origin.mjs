// A dashboard page on another origin, in headless Chromium: it queries the API with its key and opens a live feed.
// Served from two origins of this machine (one the API allows, one it does not); reports what each page could do.
// Usage: node cross-origin.mjs <api base> <api key> <allowed port> <other port> <open incident id>…
import http from 'node:http';
import { chromium } from 'playwright-core';

const [api, key, allowedPort, otherPort, ...incidents] = process.argv.slice(2);
const page = `<!doctype html><title>dashboard</title><script>
window.report = (async () => {
  const result = { query: null, queryError: null, live: null, event: null };
  try {
    const response = await fetch(${JSON.stringify(api)} + '/graphql', {
      method: 'POST',
      headers: { authorization: 'Bearer ${key}', 'content-type': 'application/json', 'apollographql-client-name': 'dashboard' },
      body: JSON.stringify({ query: '{ workspace { id name } }' }),
    });
    const body = await response.json();
    result.query = body?.data?.workspace?.name ?? null;
  } catch (e) { result.queryError = String(e); }
  result.live = await new Promise((resolve) => {
    const socket = new WebSocket(${JSON.stringify(api.replace('http', 'ws'))} + '/graphql', 'graphql-transport-ws');
    const timer = setTimeout(() => resolve('timeout'), 10000);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer ${key}' } }));
    socket.onmessage = (m) => { clearTimeout(timer); resolve(JSON.parse(m.data).type); window.socket = socket; };
    socket.onclose = () => { clearTimeout(timer); resolve('closed'); };
  });
  if (result.live === 'connection_ack') {
    // Subscribe, then acknowledge open incidents one by one (the server registers the subscription asynchronously)
    // until the feed brings an event.
    const socket = window.socket;
    result.event = await new Promise(async (resolve) => {
      const timer = setTimeout(() => resolve('timeout'), 20000);
      socket.onmessage = (m) => {
        const message = JSON.parse(m.data);
        if (message.type !== 'pong') { clearTimeout(timer); resolve(message.payload?.data?.incidentChanged?.change ?? JSON.stringify(message)); }
      };
      socket.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: { query: 'subscription { incidentChanged { cursor change } }' } }));
      for (const id of ${JSON.stringify(incidents)}) {
        await fetch(${JSON.stringify(api)} + '/graphql', {
          method: 'POST',
          headers: { authorization: 'Bearer ${key}', 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }', variables: { id } }),
        });
        await new Promise((r) => setTimeout(r, 1500));
      }
    });
    socket.close();
  }
  return result;
})();
</script>`;
const servers = [allowedPort, otherPort].map((port) => http.createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(page);
}).listen(Number(port), '127.0.0.1'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const report = {};
try {
  for (const [name, port] of [['allowed', allowedPort], ['other', otherPort]]) {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 30000 });
    report[name] = await tab.evaluate(() => window.report);
    await tab.close();
  }
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
console.log(JSON.stringify(report));
