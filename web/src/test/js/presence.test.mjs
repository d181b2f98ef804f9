import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../../main/resources/META-INF/resources/js/ui/i18n.js';
import { guestPresenceText } from '../../main/resources/META-INF/resources/admin/presence.js';

test('the visitor line says online, else when last seen, in the chosen language, else nothing', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  setLocale('en');
  assert.deepEqual(guestPresenceText({ guest_online: true, guest_last_seen: '2026-12-06T11:59:59Z' }, now),
    { text: 'Visitor online', online: true });
  assert.deepEqual(guestPresenceText({ guest_online: false, guest_last_seen: '2026-12-06T11:55:00Z' }, now),
    { text: 'Last seen 5 minutes ago', online: false });
  assert.deepEqual(guestPresenceText({ guest_online: false }, now), { text: '', online: false });
  setLocale('ru');
  assert.equal(guestPresenceText({ guest_online: true }, now).text, 'Посетитель в сети');
  assert.equal(guestPresenceText({ guest_online: false, guest_last_seen: '2026-12-06T11:55:00Z' }, now).text,
    'Был в сети 5 минут назад');
  setLocale('en');
});
