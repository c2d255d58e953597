// Stands in for MinIO in the deployment test: `minio.js server DIR` serves S3 on port 9000 from DIR
// with s3rver, for the credentials MINIO_ROOT_USER and MINIO_ROOT_PASSWORD, and answers MinIO's
// liveness and readiness probes (/minio/health/live, /minio/health/ready).
'use strict';
const http = require('http');
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const [command, directory] = process.argv.slice(2);
if (command !== 'server' || !directory) {
  console.error('usage: minio.js server DIR');
  process.exit(2);
}
const user = process.env.MINIO_ROOT_USER;
const password = process.env.MINIO_ROOT_PASSWORD;
if (!user || !password) {
  console.error('minio.js: MINIO_ROOT_USER and MINIO_ROOT_PASSWORD are required');
  process.exit(2);
}
DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
DUMMY_ACCOUNT.createKeyPair(user, password);

const s3 = new S3rver({ directory, silent: true, vhostBuckets: false });
const handle = s3.callback();
const server = http.createServer((req, res) => {
  if (req.url === '/minio/health/live' || req.url === '/minio/health/ready') {
    res.writeHead(200, { 'Content-Length': '0' });
    res.end();
    return;
  }
  handle(req, res);
});
server.listen(9000, '0.0.0.0', () => console.log(`minio.js: S3 on :9000 from ${directory}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
