// Test doubles for the browser and the clock. They stand in for what Node lacks (WebSocket
// server frames on demand, EventSource, time); the logic under test is the real module.

export const LIB = new URL('../../../main/resources/META-INF/resources/js/', import.meta.url).href;

/** Lets pending promise callbacks run. */
export async function flush(rounds = 10) {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A manual clock: timers fire only when the test advances time. */
export class FakeClock {
  now = 0;
  #timers = new Map();
  #nextId = 1;

  setTimeout = (fn, ms = 0) => this.#add(fn, ms, null);
  setInterval = (fn, ms = 0) => this.#add(fn, ms, ms);
  clearTimeout = (id) => { this.#timers.delete(id); };
  clearInterval = (id) => { this.#timers.delete(id); };

  #add(fn, ms, repeat) {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + Math.max(0, ms), fn, repeat });
    return id;
  }

  /** Delays of the timers now pending, soonest first. */
  pending() {
    return [...this.#timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order (and letting promises settle between them). */
  async advance(ms) {
    const end = this.now + ms;
    for (;;) {
      let next = null;
      for (const [id, t] of this.#timers) if (t.at <= end && (!next || t.at < next[1].at)) next = [id, t];
      if (!next) break;
      const [id, t] = next;
      this.now = t.at;
      if (t.repeat) t.at += t.repeat; else this.#timers.delete(id);
      t.fn();
      await flush();
    }
    this.now = end;
    await flush();
  }
}

/** A WebSocket whose server side the test plays. Instances are recorded in FakeWebSocket.instances. */
export class FakeWebSocket {
  static instances = [];
  readyState = 0;
  sent = [];
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;

  constructor(url) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  static reset() {
    FakeWebSocket.instances = [];
  }

  static last() {
    return FakeWebSocket.instances.at(-1);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.closedByClient = { code, reason };
  }

  // --- server side ---
  serverOpen() {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSend(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  serverConnected(extra = {}) {
    this.serverOpen();
    this.serverSend({ type: 'connected', identity: 'guest:g1', connection_id: 'c1', heartbeat_interval: 25, ...extra });
  }

  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** An EventSource whose stream the test plays. */
export class FakeEventSource {
  static instances = [];
  readyState = 0;
  onopen = null;
  onmessage = null;
  onerror = null;

  constructor(url) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }

  static reset() {
    FakeEventSource.instances = [];
  }

  close() {
    this.readyState = 2;
    this.closed = true;
  }

  serverOpen() {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverEvent(data, id) {
    this.onmessage?.({ data: JSON.stringify(data), lastEventId: id });
  }

  serverError(readyState = 2) {
    this.readyState = readyState;
    this.onerror?.({});
  }
}

function jsonResponse(status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => ({ 'content-type': 'application/json', ...headers })[name.toLowerCase()] ?? null },
    text: async () => text,
  };
}

/**
 * A fetch that answers from a routing function `(method, url, body) => [status, json] | undefined`
 * and records every call.
 */
export function fakeFetch(route) {
  const calls = [];
  const fetchImpl = async (url, init = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(init.body) : undefined;
    const parsed = new URL(url, 'http://api.test');
    calls.push({ method, url: parsed, body, headers: init.headers ?? {} });
    const answer = await route(method, parsed, body, init);
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (!answer) return jsonResponse(404, { error: 'not_found', message: `no fake route for ${method} ${parsed.pathname}` });
    const [status, json, headers] = answer;
    return jsonResponse(status, json, headers);
  };
  fetchImpl.calls = calls;
  return fetchImpl;
}

/** A message as the REST API and the envelopes carry it. */
export function msg(seq, extra = {}) {
  return { id: 1000 + seq, dialog_id: 7, seq, sender: 'user', author: null, text: `m${seq}`,
    client_msg_id: null, created_at: '2026-11-21T10:00:00Z', ...extra };
}

export const silentLog = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * What the server answers to GET …/messages over `stored` (seq order): forward from `after_seq`,
 * or, with `before_seq`, the newest `limit` below it with `has_more` and `next_before_seq`.
 */
export function historyPage(stored, url, dialogId = 7) {
  const limit = Number(url.searchParams.get('limit') ?? 200);
  const last = stored.at(-1)?.seq ?? 0;
  if (url.searchParams.has('before_seq')) {
    const before = Number(url.searchParams.get('before_seq'));
    const below = stored.filter((m) => m.seq < before);
    const page = below.slice(Math.max(0, below.length - limit));
    const hasMore = below.length > page.length;
    return { dialog_id: dialogId, last_seq: last, messages: page, has_more: hasMore,
      ...(hasMore ? { next_before_seq: page[0].seq } : {}) };
  }
  const after = Number(url.searchParams.get('after_seq') ?? 0);
  return { dialog_id: dialogId, last_seq: last, messages: stored.filter((m) => m.seq > after).slice(0, limit) };
}
