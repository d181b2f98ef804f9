/**
 * The message catalogue every page a visitor or operator sees draws its words from.
 *
 * A catalogue is a plain object per language (`locales/en.js`, `locales/ru.js`, one more file per
 * language), keyed by dotted names grouped by screen: `widget.*`, `dashboard.*`, `admin.*`,
 * `errors.*` (server error codes, see docs/protocol.md). A value is a string with `{name}`
 * placeholders, or for counted phrases an object of Intl plural categories
 * (`{one, few, many, other}`), chosen with `Intl.PluralRules` from the `count` parameter.
 *
 *   t('dashboard.unread', {count: 5})   // "5 новых сообщений" / "5 new messages"
 *   ago(date)                           // "2 минуты назад" / "2 minutes ago"
 *
 * A key missing from the chosen language falls back to English, then to the key itself, so a gap
 * is visible rather than blank (the catalogue test holds both languages complete).
 */
import en from './locales/en.js';
import ru from './locales/ru.js';

const catalogues = { en, ru };
let current = 'en';

/** Languages with a catalogue. */
export const LOCALES = Object.freeze(Object.keys(catalogues));

/** Adds or extends a language at run time (`register('de', {...})`). */
export function register(locale, messages) {
  catalogues[locale] = { ...(catalogues[locale] || {}), ...messages };
}

/**
 * The first supported language of `preferred` (e.g. a `data-locale` attribute, a saved setting,
 * then `navigator.languages`), by full tag then by its language part; English otherwise.
 */
export function pickLocale(...preferred) {
  for (const tag of preferred.flat()) {
    if (!tag) continue;
    const lower = String(tag).toLowerCase();
    if (catalogues[lower]) return lower;
    const base = lower.split(/[-_]/)[0];
    if (catalogues[base]) return base;
  }
  return 'en';
}

export function setLocale(locale) {
  current = catalogues[locale] ? locale : pickLocale(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = current;
  return current;
}

export function locale() {
  return current;
}

function lookup(key) {
  return catalogues[current]?.[key] ?? catalogues.en?.[key];
}

/** The text of `key` in the current language with `{name}` replaced from `params`. */
export function t(key, params = {}) {
  let value = lookup(key);
  if (value === undefined) return key;
  if (typeof value === 'object') {
    const category = new Intl.PluralRules(current).select(Number(params.count ?? 0));
    value = value[category] ?? value.other;
  }
  return value.replace(/\{(\w+)\}/g, (whole, name) =>
    params[name] === undefined ? whole : formatParam(params[name]));
}

function formatParam(value) {
  return typeof value === 'number' ? new Intl.NumberFormat(current).format(value) : String(value);
}

/** The translated text of a server error `{error: code, message}`; the server's own message if unknown. */
export function errorText(body, fallbackKey = 'errors.unknown') {
  const code = body && (body.error || body.code);
  if (code && lookup(`errors.${code}`) !== undefined) return t(`errors.${code}`, body);
  return (body && body.message) || t(fallbackKey);
}

const UNITS = [
  ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['week', 7 * 24 * 3600],
  ['day', 24 * 3600], ['hour', 3600], ['minute', 60], ['second', 1],
];

/** "2 минуты назад" / "in 3 hours": a date relative to `now`, through Intl.RelativeTimeFormat. */
export function ago(date, now = Date.now()) {
  const seconds = Math.round((new Date(date).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.trunc(seconds / size), unit);
  }
  return '';
}

/** A time of day (today) or a date and time, in the current language. */
export function formatDateTime(date, now = new Date()) {
  const d = new Date(date);
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(current, sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}
