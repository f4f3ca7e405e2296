// A local S3-compatible server for the export tests: s3rver on 127.0.0.1:<port>, objects under <directory>, with
// <bucket> created. s3rver 3.7.1 implements multipart uploads (initiate, upload part, complete) but answers
// AbortMultipartUpload with 405; the middleware below adds it (removing the upload's stored parts, as S3 does) so the
// product's abort path runs against a server. Each multipart call, and each ranged GET, is reported on stdout for the
// tests to count.
// Usage: node s3-server.mjs <port> <directory> <bucket>
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');

const [port, directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true, configureBuckets: [{ name: bucket }] });

server.middleware.unshift(async (ctx, next) => {
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  const uploadId = ctx.query.uploadId;
  if (match && uploadId && ctx.method === 'DELETE') {
    const folder = path.join(server.store.getResourcePath(match[1], undefined, 'uploads'), path.basename(String(uploadId)));
    const known = await fs.stat(folder).then(() => true, () => false);
    await fs.rm(folder, { recursive: true, force: true });
    console.log(`abort ${match[2]} ${uploadId} ${known ? "removed" : "unknown"}`);
    ctx.status = known ? 204 : 404;
    return;
  }

  await next();
  if (match && ctx.method === 'POST' && 'uploads' in ctx.query) console.log(`initiate ${match[2]}`);
  if (match && ctx.method === 'PUT' && uploadId) console.log(`part ${match[2]} ${ctx.query.partNumber} ${ctx.status}`);
  if (match && ctx.method === 'POST' && uploadId) console.log(`complete ${match[2]} ${ctx.status}`);
  if (match && ctx.method === 'GET' && ctx.get('range')) console.log(`get ${match[2]} ${ctx.get('range')} ${ctx.status}`);
});

const address = await server.run();
console.log(`ready ${address.port}`);
