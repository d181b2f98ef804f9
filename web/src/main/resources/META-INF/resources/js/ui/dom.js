/**
 * DOM helpers shared by the widget and the dashboard. User data only ever reaches the page as
 * text (`textContent`, attribute values); there is no innerHTML anywhere in these pages, so a
 * message like `<img src=x onerror=alert(1)>` is shown, not run.
 */

/** Creates an element: h('div', {class: 'x', dataset: {seq: 3}, onclick}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'testid') el.dataset.testid = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * Makes `container`'s children match `items` in order, reusing the node of each key: nodes are
 * moved or added, never rebuilt wholesale, so a message never flickers out and back in.
 */
export function renderKeyed(container, items, { key, create, update }) {
  const byKey = new Map();
  for (const node of container.children) if (node.dataset.key) byKey.set(node.dataset.key, node);
  const wanted = new Set(items.map(key));
  for (const [k, node] of byKey) if (!wanted.has(k)) node.remove();
  items.forEach((item, index) => {
    const k = key(item);
    let node = byKey.get(k);
    if (!node) {
      node = create(item);
      node.dataset.key = k;
    }
    update?.(node, item);
    const at = container.children[index];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
}

/** Key of a message: its client_msg_id when it has one, so a pending bubble becomes the stored message in place. */
export function messageKey(message) {
  return message.client_msg_id ? `c:${message.client_msg_id}` : `s:${message.seq}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

const TRANSPORT_NAMES = { ws: 'WebSocket', sse: 'SSE', poll: 'long-polling' };

/** One line that says how the page is connected, for people and for tests (data-state, data-transport). */
export function describeStatus(status) {
  const transport = TRANSPORT_NAMES[status.transport] ?? '';
  switch (status.state) {
    case 'live': {
      const skipped = (status.fallbackFrom ?? []).map((kind) => TRANSPORT_NAMES[kind] ?? kind);
      return skipped.length ? `Live · ${transport} (${skipped.join(' and ')} unavailable)` : `Live · ${transport}`;
    }
    case 'connecting':
      return status.reason ? `Connecting… (${status.reason})` : `Connecting${transport ? ` · ${transport}` : ''}…`;
    case 'offline': {
      const seconds = Math.max(1, Math.round((status.retryInMs ?? 0) / 1000));
      return `Offline, retrying in ${seconds} s${status.reason ? ` — ${status.reason}` : ''}`;
    }
    case 'unauthorized':
      return `Signed out — ${status.reason ?? 'sign in again'}`;
    case 'error':
      return `Error — ${status.reason ?? 'connection refused'}`;
    case 'closed':
      return 'Disconnected';
    default:
      return 'Starting…';
  }
}

/** Updates a status element: text, title (the URL, so a wrong port is visible), data attributes. */
export function showStatus(el, status) {
  el.dataset.state = status.state;
  el.dataset.transport = status.state === 'live' ? status.transport ?? '' : '';
  el.textContent = describeStatus(status);
  el.title = [status.url, status.reason].filter(Boolean).join('\n');
}
