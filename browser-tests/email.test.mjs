// Email when nobody is online (issue 14), in a Russian and an English browser: the widget says that
// no operator is online and that the team will reply by email, offers an accessible form for the
// visitor's address that refuses a malformed one, shows the saved address with a way to change it,
// and the assistant's operators see the address with the visitor's details. The assistant is a fresh
// one without members, so nobody is online for certain. Runs against a running Switchboard.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import en from '../web/src/main/resources/META-INF/resources/js/ui/locales/en.js';
import ru from '../web/src/main/resources/META-INF/resources/js/ui/locales/ru.js';
import { API, OPERATOR, adminToken, axeScan, call, eventually, newContext, operatorUser, rest, unique, useSystem, waitLive } from './support.mjs';

useSystem();

const LOCALES = [
  { tag: 'ru-RU', words: ru, address: 'maria.email-test@example.com' },
  { tag: 'en-US', words: en, address: 'mary.email-test@example.com' },
];

describe('the widget when no operator is online', () => {
  for (const L of LOCALES) {
    test(`says so, takes the visitor's email and shows it to the operators (${L.tag})`, async () => {
      const assistant = await rest('POST', '/api/assistants', { name: unique('Email shop') }, adminToken);
      const context = await newContext({ locale: L.tag });
      try {
        const page = await context.newPage();
        // The chat frame opened on Switchboard's own origin (a trusted origin), as the loader would show it.
        await page.goto(`${API}/widget/frame.html?assistant_id=${assistant.id}`);
        await waitLive(page);
        const line = page.getByTestId('widget-operators');
        await line.waitFor();
        assert.equal(await line.textContent(), L.words['widget.operators.offline']);
        assert.equal(await line.getAttribute('data-online'), 'false');

        const form = page.getByTestId('widget-email-form');
        await form.waitFor();
        const input = page.getByLabel(L.words['widget.email.label']);
        await input.fill('not an address');
        await page.getByTestId('email-save').click();
        const error = page.getByTestId('email-error');
        await error.waitFor();
        assert.equal(await error.textContent(), L.words['widget.email.invalid']);
        assert.equal(await input.getAttribute('aria-invalid'), 'true');
        // The focus is back in the field, which the error describes (no live region besides the announcer).
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'email-input');
        assert.match(await input.getAttribute('aria-describedby'), /email-error/);
        await axeScan(page, `the email form with an error (${L.tag})`);

        await input.fill(L.address);
        await input.press('Enter');
        const saved = page.getByTestId('widget-email-saved');
        await saved.waitFor();
        assert.equal(await page.getByTestId('email-saved-text').textContent(),
          L.words['widget.email.saved'].replace('{email}', L.address));
        assert.equal(await form.isHidden(), true);

        // The assistant's operators (here the admin) see it with the visitor's details.
        const dialogId = await page.evaluate(() => window.switchboard.dialogId);
        await eventually(() => rest('GET', `/api/dialogs/${dialogId}`, undefined, adminToken),
          (d) => d.guest_context?.email === L.address, 'guest_context.email');

        // Change: the form comes back with the address filled in.
        await page.getByTestId('email-change').click();
        await form.waitFor();
        assert.equal(await input.inputValue(), L.address);
        await axeScan(page, `the widget with the email form (${L.tag})`);
        assert.deepEqual(context.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the link in an alert email', () => {
  test('opens its dialog in the dashboard after sign-in', async () => {
    const assistant = await rest('POST', '/api/assistants', { name: unique('Alert link') }, adminToken);
    const member = await call('POST', `/api/assistants/${assistant.id}/members`, { user_id: operatorUser.id }, adminToken);
    assert.ok(member.status < 300, `membership: ${member.status}`);
    const opened = await call('POST', '/api/widget/dialogs', { assistant_id: assistant.id }, null);
    const dialogId = opened.body.id;
    const label = (await rest('GET', `/api/dialogs/${dialogId}`, undefined, adminToken)).guest_label.replace(/^guest-/, '');
    const context = await newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${API}/admin/?dialog=${dialogId}`);
      await page.getByTestId('login-username').fill(OPERATOR.username);
      await page.getByTestId('login-password').fill(OPERATOR.password);
      await page.getByTestId('login-submit').click();
      await waitLive(page);
      await eventually(() => page.getByTestId('dialog-title').textContent(), (text) => text?.includes(label),
        'the dashboard shows the linked dialog');
      assert.equal(await page.getByTestId('dialog-placeholder').isHidden(), true);
    } finally {
      await context.close();
    }
  });
});
