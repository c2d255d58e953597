// Stands in for Authelia in the deployment test, speaking the two parts of its contract the edge
// proxy and a browser use:
//   POST /api/firstfactor {username, password}    signs in: 200 {"status":"OK"} and the
//        authelia_session cookie, or 401 {"status":"KO", ...}
//   GET  /api/authz/auth-request                  nginx's auth_request endpoint: 200 with
//        Remote-User, Remote-Groups, Remote-Name and Remote-Email for a valid session cookie; 401
//        with Location: the portal, ?rd= the original URL (X-Original-URL), otherwise
//   POST /api/logout                              ends the session
//   GET  /                                        the portal's sign-in page
// Users: FORWARD_AUTH_USERS, entries "username:password:group,group:Display Name:email" joined
// by ";". PORTAL_URL is the portal's public address.
'use strict';
const crypto = require('crypto');
const http = require('http');

const portal = (process.env.PORTAL_URL || 'http://127.0.0.1:9091').replace(/\/$/, '');
const users = new Map();
for (const entry of (process.env.FORWARD_AUTH_USERS || '').split(';').filter(Boolean)) {
  const [username, password, groups, name, email] = entry.split(':');
  users.set(username, { username, password, groups: groups || '', name: name || username, email: email || '' });
}
const sessions = new Map();

function cookie(req, name) {
  for (const part of (req.headers.cookie || '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function equal(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const server = http.createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/api/firstfactor') {
    let credentials = {};
    try {
      credentials = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { status: 'KO', message: 'Bad request' });
    }
    const user = users.get(String(credentials.username || ''));
    if (!user || !equal(String(credentials.password || ''), user.password)) {
      return json(res, 401, { status: 'KO', message: 'Authentication failed. Check your credentials.' });
    }
    const id = crypto.randomBytes(24).toString('base64url');
    sessions.set(id, user);
    return json(res, 200, { status: 'OK' },
      { 'Set-Cookie': `authelia_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
  }
  if (req.method === 'POST' && path === '/api/logout') {
    sessions.delete(cookie(req, 'authelia_session') || '');
    return json(res, 200, { status: 'OK' }, { 'Set-Cookie': 'authelia_session=; Path=/; Max-Age=0' });
  }
  if (path === '/api/authz/auth-request') {
    const user = sessions.get(cookie(req, 'authelia_session') || '');
    if (user) {
      res.writeHead(200, {
        'Remote-User': user.username, 'Remote-Groups': user.groups,
        'Remote-Name': user.name, 'Remote-Email': user.email, 'Content-Length': '0',
      });
      return res.end();
    }
    const target = req.headers['x-original-url'] || '';
    const method = req.headers['x-original-method'] || 'GET';
    const location = `${portal}/?rd=${encodeURIComponent(target)}&rm=${encodeURIComponent(method)}`;
    res.writeHead(401, { Location: location, 'Content-Length': '0' });
    return res.end();
  }
  if (req.method === 'GET' && path === '/') {
    const page = '<!doctype html><title>Sign in</title><h1>Sign in</h1>' +
      '<p>The sign-in portal of the deployment test (it stands in for Authelia).</p>';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
    return res.end(page);
  }
  json(res, 404, { status: 'KO', message: 'Not found' });
});
server.listen(9091, '0.0.0.0', () => console.log(`forward-auth.js: on :9091, portal ${portal}, ${users.size} users`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
