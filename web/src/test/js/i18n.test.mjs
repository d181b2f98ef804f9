import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from '../../main/resources/META-INF/resources/js/ui/locales/en.js';
import ru from '../../main/resources/META-INF/resources/js/ui/locales/ru.js';
import { t, setLocale, pickLocale, ago, errorText } from '../../main/resources/META-INF/resources/js/ui/i18n.js';

test('Russian and English catalogues have the same keys, each with a non-empty text', () => {
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  for (const [key, value] of [...Object.entries(en), ...Object.entries(ru)]) {
    const texts = typeof value === 'object' ? Object.values(value) : [value];
    for (const text of texts) assert.ok(typeof text === 'string' && text.trim(), `empty text for ${key}`);
  }
});

test('placeholders are the same in both languages', () => {
  const names = (value) => [...new Set(JSON.stringify(value).match(/\{\w+\}/g) || [])].sort();
  for (const key of Object.keys(en)) assert.deepEqual(names(ru[key]), names(en[key]), key);
});

test('the language comes from the first supported preference, by language part, else English', () => {
  assert.equal(pickLocale(undefined, 'ru-RU', 'en'), 'ru');
  assert.equal(pickLocale(['de-DE', 'en-GB']), 'en');
  assert.equal(pickLocale('fr'), 'en');
});

test('relative times and unknown keys', () => {
  setLocale('ru');
  assert.equal(ago(Date.now() - 2 * 60_000), '2 минуты назад');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(errorText({ error: 'no_such_code', message: 'server text' }), 'server text');
  assert.equal(errorText(null), ru['errors.unknown']);
  setLocale('en');
  assert.equal(ago(Date.now() - 2 * 60_000), '2 minutes ago');
});
