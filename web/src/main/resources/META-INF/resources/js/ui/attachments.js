/**
 * How a message that carries a file or image looks, the same in the widget and the dashboard: an image as its
 * thumbnail (a link to the full size), any other file as a download link with its size, and a file still uploading
 * as a line saying so. The bytes come through short-lived signed links the client asks for (`getLink`), cached per
 * attachment until shortly before they expire; a click on an expired link asks for a fresh one first. Names are
 * only ever set as text or attribute values.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/** Refreshed this long before the server's expiry, so a click never lands on a dead link. */
const MARGIN_MS = 30_000;

/** Images browsers show inline (the server serves only these inline). */
const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The paperclip (drawn, so it shows without an emoji font), hidden from screen readers. */
function clipIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ class: 'clip', 'aria-hidden': 'true', focusable: 'false', viewBox: '0 0 24 24',
    width: '16', height: '16' })) svg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  for (const [k, v] of Object.entries({ d: 'M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48',
    fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })) path.setAttribute(k, v);
  svg.append(path);
  return svg;
}

/** "12 KB" / "12 КБ". */
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return t('size.bytes', { count: n });
  if (n < 1024 * 1024) return t('size.kb', { count: Math.round(n / 1024) });
  return t('size.mb', { count: Math.round((n / (1024 * 1024)) * 10) / 10 });
}

/**
 * Signed links per attachment id, asked for once and reused until shortly before they expire.
 * @param {(attachmentId: string) => Promise<{url: string, thumbnail_url: ?string, expires_at: string}>} fetchLink
 */
export function linkCache(fetchLink) {
  const links = new Map();
  return (id, { fresh = false } = {}) => {
    const cached = links.get(id);
    if (!fresh && cached && cached.validUntil > Date.now()) return cached.promise;
    const promise = fetchLink(id);
    const entry = { promise, validUntil: Infinity };
    links.set(id, entry);
    promise.then((link) => { entry.validUntil = new Date(link.expires_at).getTime() - MARGIN_MS; },
      () => links.delete(id));
    return promise;
  };
}

/**
 * Fills `slot` with the attachment of `message` (or empties it when there is none). `prefix` is the catalogue's
 * block (`widget` or `dashboard`).
 * @param {HTMLElement} slot
 * @param {any} message
 * @param {(id: string, options?: {fresh?: boolean}) => Promise<any>} getLink
 * @param {string} prefix
 */
export function renderAttachment(slot, message, getLink, prefix) {
  const a = message.attachment;
  const key = a ? `${a.id ?? 'up'}:${a.uploading ? 'up' : 'done'}:${message.failed ? 'f' : ''}` : '';
  if (slot.dataset.attachment === key) return;
  slot.dataset.attachment = key;
  slot.replaceChildren();
  slot.hidden = !a;
  if (!a) return;
  if (a.uploading) {
    slot.append(h('span', { class: 'attachment attachment--uploading', testid: 'attachment-uploading' },
      t(`${prefix}.attach.uploading`, { name: a.name, size: formatSize(a.size) })));
    return;
  }
  const open = (event) => {
    // The href may have expired since it was rendered: ask for a fresh link, then open it.
    event.preventDefault();
    getLink(a.id, { fresh: true }).then((link) => window.open(link.url, '_blank', 'noopener'))
      .catch((err) => console.warn('[switchboard] attachment link refused', err));
  };
  if (IMAGES.has(a.content_type)) {
    const img = h('img', { class: 'attachment__image', testid: 'attachment-image', alt: a.name,
      width: a.width && a.height ? Math.min(240, a.width) : undefined,
      height: a.width && a.height ? Math.round((Math.min(240, a.width) / a.width) * a.height) : undefined });
    const link = h('a', { class: 'attachment attachment--image', testid: 'attachment-link', href: '#', target: '_blank',
      rel: 'noopener', 'aria-label': t(`${prefix}.attach.image`, { name: a.name }), onclick: open }, img);
    slot.append(link);
    getLink(a.id).then((l) => {
      link.href = l.url;
      img.src = l.thumbnail_url || l.url;
    }).catch((err) => {
      img.alt = `${a.name} — ${t('errors.link_invalid')}`;
      console.warn('[switchboard] attachment link refused', err);
    });
    return;
  }
  const link = h('a', { class: 'attachment attachment--file', testid: 'attachment-link', href: '#', rel: 'noopener',
    'aria-label': t(`${prefix}.attach.file`, { name: a.name, size: formatSize(a.size) }), onclick: open },
  clipIcon(),
  h('span', { class: 'attachment__name' }, a.name),
  h('span', { class: 'attachment__size' }, ` · ${formatSize(a.size)}`));
  slot.append(link);
  getLink(a.id).then((l) => { link.href = l.url; }).catch(() => {});
}
