'use strict';
// The server a team writes by hand in a week: one Node process with ws, pg and ioredis. It is the bench's
// comparison point for S1 (see docs/performance.md, "The hand-built Node server"). It answers the calls the
// bench's S1 makes against Switchboard, with the same paths and JSON shapes:
//   GET  /api/client-config                      socket base URLs (this same process)
//   POST /api/auth/login                         {username, password} -> {access_token, ...} (HMAC-signed token)
//   POST /api/assistants                         operator token -> 201 {id, name}
//   POST /api/widget/dialogs                     {assistant_id} -> 201 {id, assistant_id, guest_token, last_seq}
//   POST /api/widget/dialogs/:id/messages?assistant_id=&guest_token=   {text, client_msg_id?} -> 201 message
//   POST /api/dialogs/:id/messages               operator token, {text, client_msg_id?} -> 201 message
//   WS   /ws/dialogs/:id?token=&after_seq=       operator socket
//   WS   /ws/widget/dialogs/:id?assistant_id=&guest_token=&after_seq=   guest socket
// A post is one transaction (the dialog's seq incremented and the message inserted), committed before the answer;
// the frame is published on Redis after the commit, and every process fans it out to its sockets of that dialog.
// It does less than Switchboard (no per-assistant access rules for operators, no read state, no rate limits, no
// metrics): that difference is what the comparison measures.

const http = require('node:http');
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');
const { Pool } = require('pg');
const Redis = require('ioredis');

const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ADMIN_USER = process.env.ADMIN_USER || 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || 'admin123';
const TOKEN_SECRET = process.env.TOKEN_SECRET || crypto.randomBytes(32).toString('hex');
const TOKEN_TTL_S = 12 * 3600;
const OUTBOUND_LIMIT_BYTES = 1000 * 400; // about Switchboard's bounded queue of 1000 frames
const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT = 4000;

// PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE come from the environment (pg reads them itself).
const pool = new Pool({ max: Number(process.env.PG_POOL || 20) });
const redis = new Redis(REDIS_URL, { lazyConnect: true });
const subscriber = new Redis(REDIS_URL, { lazyConnect: true });

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hb_users (
  id bigserial PRIMARY KEY, username text NOT NULL UNIQUE, password_salt text NOT NULL, password_hash text NOT NULL);
CREATE TABLE IF NOT EXISTS hb_assistants (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE IF NOT EXISTS hb_dialogs (
  id bigserial PRIMARY KEY, assistant_id bigint NOT NULL REFERENCES hb_assistants(id), guest_token text NOT NULL,
  last_seq bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS hb_messages (
  id bigserial PRIMARY KEY, dialog_id bigint NOT NULL REFERENCES hb_dialogs(id), seq bigint NOT NULL,
  sender text NOT NULL, text text NOT NULL, client_msg_id text, created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialog_id, seq), UNIQUE (dialog_id, client_msg_id));`;

// ---------------------------------------------------------------- credentials

function hashPassword(password, salt) {
  return crypto.scryptSync(password, salt, 32).toString('hex');
}

function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}

function signToken(user) {
  const body = b64url(JSON.stringify({ sub: user.id, name: user.username, exp: Math.floor(Date.now() / 1000) + TOKEN_TTL_S }));
  const mac = crypto.createHmac('sha256', TOKEN_SECRET).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The operator a token names, or null when it is forged or expired. */
function verifyToken(token) {
  if (typeof token !== 'string') return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1));
  const want = Buffer.from(crypto.createHmac('sha256', TOKEN_SECRET).update(body).digest('base64url'));
  if (mac.length !== want.length || !crypto.timingSafeEqual(mac, want)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    return claims.exp > Date.now() / 1000 ? claims : null;
  } catch {
    return null;
  }
}

function bearer(req) {
  const h = req.headers.authorization || '';
  return h.startsWith('Bearer ') ? verifyToken(h.slice(7)) : null;
}

// Dialogs are looked up once and kept: a dialog's assistant and guest token never change.
const dialogCache = new Map();

async function dialog(id) {
  let d = dialogCache.get(id);
  if (d) return d;
  const r = await pool.query('SELECT id, assistant_id, guest_token FROM hb_dialogs WHERE id = $1', [id]);
  if (r.rowCount === 0) return null;
  d = { id: Number(r.rows[0].id), assistantId: Number(r.rows[0].assistant_id), guestToken: r.rows[0].guest_token };
  dialogCache.set(id, d);
  return d;
}

function sameSecret(a, b) {
  const x = Buffer.from(String(a || ''));
  const y = Buffer.from(String(b || ''));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The dialog when the guest's credentials open it, else null. */
async function guestDialog(id, query) {
  const d = await dialog(id);
  if (!d || String(d.assistantId) !== query.get('assistant_id') || !sameSecret(d.guestToken, query.get('guest_token'))) {
    return null;
  }
  return d;
}

// ---------------------------------------------------------------- HTTP

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function fail(res, status, error, message) {
  send(res, status, { error, message });
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => {
      if (size === 0) return resolve({});
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(v && typeof v === 'object' ? v : {});
      } catch {
        reject(Object.assign(new Error('body is not JSON'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });
}

function messageJson(row, sender, text, clientMsgId) {
  return {
    id: Number(row.id), dialog_id: Number(row.dialog_id), seq: Number(row.seq), sender, author: null, text,
    client_msg_id: clientMsgId, created_at: new Date(row.created_at).toISOString(),
  };
}

/**
 * Stores a message: the dialog's next seq and the row in one transaction, committed before the caller answers.
 * With a client_msg_id already stored in this dialog, the stored message is answered (200) and nothing changes.
 * The frame goes to Redis after the commit.
 */
async function post(d, sender, body) {
  const text = typeof body.text === 'string' ? body.text.trim() : '';
  if (!text || text.length > MAX_TEXT) {
    return { status: 400, body: { error: 'validation', message: `text must be 1 to ${MAX_TEXT} characters` } };
  }
  const clientMsgId = typeof body.client_msg_id === 'string' && body.client_msg_id ? body.client_msg_id : null;
  const c = await pool.connect();
  let row;
  try {
    await c.query('BEGIN');
    // the dialog's row lock orders concurrent posts of one dialog: seqs are gap-free and in commit order
    const seq = await c.query('UPDATE hb_dialogs SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq', [d.id]);
    if (clientMsgId) {
      const seen = await c.query('SELECT id, dialog_id, seq, sender, text, created_at FROM hb_messages '
        + 'WHERE dialog_id = $1 AND client_msg_id = $2', [d.id, clientMsgId]);
      if (seen.rowCount > 0) {
        await c.query('ROLLBACK');
        const s = seen.rows[0];
        return { status: 200, body: messageJson(s, s.sender, s.text, clientMsgId) };
      }
    }
    const ins = await c.query('INSERT INTO hb_messages (dialog_id, seq, sender, text, client_msg_id) '
      + 'VALUES ($1, $2, $3, $4, $5) RETURNING id, dialog_id, seq, created_at',
    [d.id, seq.rows[0].last_seq, sender, text, clientMsgId]);
    await c.query('COMMIT');
    row = ins.rows[0];
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
  const message = messageJson(row, sender, text, clientMsgId);
  const frame = JSON.stringify({
    v: 1, type: 'message:new', event_id: crypto.randomUUID(), dialog_id: d.id, assistant_id: d.assistantId,
    seq: message.seq, ts: new Date().toISOString(), message,
  });
  // after the commit: a subscriber that misses it (Redis down) catches up from the table on reconnect
  redis.publish(`dialog:${d.id}`, frame).catch((e) => console.error('publish failed:', e.message));
  return { status: 201, body: message };
}

const DIALOG_MESSAGES = /^\/api\/(widget\/)?dialogs\/(\d+)\/messages$/;

async function route(req, res, url) {
  const path = url.pathname;
  if (req.method === 'GET') {
    if (path === '/api/client-config') {
      const base = `http://${HOST}:${server.address().port}`;
      return send(res, 200, { api_url: base, admin_ws_url: base, widget_ws_url: base });
    }
    if (path === '/q/health/ready' || path === '/q/health/live') return send(res, 200, { status: 'UP' });
    return fail(res, 404, 'not_found', 'unknown path');
  }
  if (req.method !== 'POST') return fail(res, 405, 'method_not_allowed', 'use GET or POST');
  const body = await readJson(req);
  const m = DIALOG_MESSAGES.exec(path);
  if (m) {
    const id = Number(m[2]);
    let d;
    if (m[1]) {
      d = await guestDialog(id, url.searchParams);
      if (!d) return fail(res, 404, 'not_found', 'no such dialog for this guest');
    } else {
      if (!bearer(req)) return fail(res, 401, 'unauthorized', 'a valid operator token is required');
      d = await dialog(id);
      if (!d) return fail(res, 404, 'not_found', 'unknown dialog');
    }
    const r = await post(d, m[1] ? 'user' : 'operator', body);
    return send(res, r.status, r.body);
  }
  switch (path) {
    case '/api/auth/login': {
      const r = await pool.query('SELECT id, username, password_salt, password_hash FROM hb_users WHERE username = $1',
        [String(body.username || '')]);
      const u = r.rows[0];
      if (!u || !sameSecret(hashPassword(String(body.password || ''), u.password_salt), u.password_hash)) {
        return fail(res, 401, 'unauthorized', 'wrong username or password');
      }
      const user = { id: Number(u.id), username: u.username };
      return send(res, 200, {
        access_token: signToken(user), token_type: 'Bearer', expires_in: TOKEN_TTL_S,
        user: { id: user.id, username: user.username, display_name: user.username, role: 'admin' },
      });
    }
    case '/api/assistants': {
      if (!bearer(req)) return fail(res, 401, 'unauthorized', 'a valid operator token is required');
      const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim() : null;
      if (!name) return fail(res, 400, 'validation', 'name is required');
      const r = await pool.query('INSERT INTO hb_assistants (name) VALUES ($1) RETURNING id', [name]);
      return send(res, 201, { id: Number(r.rows[0].id), name });
    }
    case '/api/widget/dialogs': {
      const assistantId = Number(body.assistant_id);
      if (!Number.isInteger(assistantId) || assistantId <= 0) {
        return fail(res, 400, 'validation', 'assistant_id is required');
      }
      const guestToken = `gt_${crypto.randomBytes(24).toString('base64url')}`;
      let r;
      try {
        r = await pool.query('INSERT INTO hb_dialogs (assistant_id, guest_token) VALUES ($1, $2) RETURNING id',
          [assistantId, guestToken]);
      } catch (e) {
        if (e.code === '23503') return fail(res, 404, 'not_found', 'unknown assistant');
        throw e;
      }
      const id = Number(r.rows[0].id);
      return send(res, 201, { id, assistant_id: assistantId, guest_label: `guest-${id}`, guest_token: guestToken,
        status: 'bot', last_seq: 0 });
    }
    default:
      return fail(res, 404, 'not_found', 'unknown path');
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  route(req, res, url).catch((e) => {
    if (e.status) return fail(res, e.status, 'validation', e.message);
    console.error(e);
    if (!res.headersSent) fail(res, 500, 'internal', 'the server could not do that');
  });
});
server.keepAliveTimeout = 65000;

// ---------------------------------------------------------------- sockets and fan-out

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });
/** dialog id -> the sockets of this process subscribed to it */
const rooms = new Map();
let connections = 0;

subscriber.on('message', (channel, frame) => {
  const room = rooms.get(channel);
  if (!room) return;
  const seq = JSON.parse(frame).seq;
  for (const ws of room) deliver(ws, seq, frame);
});

function deliver(ws, seq, frame) {
  if (ws.pending) { // still catching up: the catch-up decides what is new
    ws.pending.push([seq, frame]);
    return;
  }
  if (seq <= ws.lastSeq) return;
  if (ws.bufferedAmount > OUTBOUND_LIMIT_BYTES) {
    ws.close(4408, 'slow consumer');
    return;
  }
  ws.lastSeq = seq;
  ws.send(frame);
}

async function join(ws, d, afterSeq) {
  const channel = `dialog:${d.id}`;
  let room = rooms.get(channel);
  if (!room) {
    room = new Set();
    room.ready = subscriber.subscribe(channel);
    rooms.set(channel, room);
  }
  // every socket waits for the subscription: a message committed after its catch-up read must come live
  await room.ready;
  if (ws.readyState !== ws.OPEN) return;
  if (rooms.get(channel) !== room) return join(ws, d, afterSeq); // its last socket left meanwhile
  ws.pending = [];
  ws.lastSeq = afterSeq;
  room.add(ws);
  ws.on('close', () => {
    connections--;
    room.delete(ws);
    if (room.size === 0 && rooms.get(channel) === room) {
      rooms.delete(channel);
      subscriber.unsubscribe(channel).catch(() => {});
    }
  });
  // subscribed first, then read: whatever was committed before the subscription is in the table
  const r = await pool.query('SELECT m.id, m.dialog_id, m.seq, m.sender, m.text, m.client_msg_id, m.created_at, d.last_seq '
    + 'FROM hb_dialogs d LEFT JOIN hb_messages m ON m.dialog_id = d.id AND m.seq > $2 WHERE d.id = $1 ORDER BY m.seq',
  [d.id, afterSeq]);
  const lastSeq = r.rowCount ? Number(r.rows[0].last_seq) : afterSeq;
  ws.send(JSON.stringify({ type: 'subscribed', dialog_id: d.id, last_seq: lastSeq }));
  for (const row of r.rows) {
    if (row.id === null) continue;
    const message = messageJson(row, row.sender, row.text, row.client_msg_id);
    ws.send(JSON.stringify({ v: 1, type: 'message:new', event_id: crypto.randomUUID(), dialog_id: d.id,
      assistant_id: d.assistantId, seq: message.seq, ts: new Date().toISOString(), message }));
    ws.lastSeq = Math.max(ws.lastSeq, message.seq);
  }
  const pending = ws.pending;
  ws.pending = null;
  for (const [seq, frame] of pending) deliver(ws, seq, frame);
}

const OPERATOR_SOCKET = /^\/ws\/dialogs\/(\d+)$/;
const GUEST_SOCKET = /^\/ws\/widget\/dialogs\/(\d+)$/;

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  const op = OPERATOR_SOCKET.exec(url.pathname);
  const guest = GUEST_SOCKET.exec(url.pathname);
  if (!op && !guest) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    connections++;
    ws.on('error', () => {});
    ws.on('message', (data) => {
      if (String(data).includes('"ping"')) ws.send('{"type":"pong"}');
    });
    (async () => {
      const id = Number((op || guest)[1]);
      let d;
      let identity;
      if (op) {
        const claims = verifyToken(url.searchParams.get('token'));
        if (!claims) return ws.close(4401, 'token missing, invalid or expired');
        d = await dialog(id);
        identity = `operator:${claims.sub}`;
      } else {
        d = await guestDialog(id, url.searchParams);
        identity = `guest:${id}`;
      }
      if (!d) return ws.close(4404, 'unknown dialog');
      ws.send(JSON.stringify({ type: 'connected', identity, connection_id: crypto.randomUUID(), heartbeat_interval: 25,
        server_time: new Date().toISOString() }));
      const after = Number(url.searchParams.get('after_seq') || 0);
      await join(ws, d, Number.isFinite(after) && after > 0 ? after : 0);
    })().catch((e) => {
      console.error(e);
      ws.close(1011, 'server error');
    });
  });
});

// ---------------------------------------------------------------- start

async function main() {
  await pool.query(SCHEMA);
  const salt = crypto.randomBytes(16).toString('hex');
  await pool.query('INSERT INTO hb_users (username, password_salt, password_hash) VALUES ($1, $2, $3) '
    + 'ON CONFLICT (username) DO UPDATE SET password_salt = EXCLUDED.password_salt, password_hash = EXCLUDED.password_hash',
  [ADMIN_USER, salt, hashPassword(ADMIN_PASSWORD, salt)]);
  await redis.connect();
  await subscriber.connect();
  server.listen(PORT, HOST, () => {
    console.log(`hand-built node server listening on http://${HOST}:${server.address().port}`);
  });
}

function stop() {
  server.close();
  for (const ws of wss.clients) ws.terminate();
  Promise.allSettled([pool.end(), redis.quit(), subscriber.quit()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);

main().catch((e) => {
  console.error('hand-built node server failed to start:', e.message);
  process.exit(1);
});
