// Canned replies (issue 14), in a Russian and an English browser: a visitor writes in the widget on the
// demo page; the operator takes the dialog over, types "/" and part of a name in the composer, moves
// through the picker with the arrow keys (Escape closes it, typing on opens it again), picks a reply with
// Enter, types the guest's name over the placeholder the reply left selected, and sends: the visitor's
// widget shows exactly that text. Another assistant's reply with a matching name never shows in the
// picker, axe-core finds nothing serious with the picker open, and the picker is screenshotted for the
// docs. Then the management screen: an operator reads the replies only; an admin adds, edits and deletes
// one, and a taken name is refused in words. See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  adminToken,
  API,
  axeScan,
  call,
  demoAssistantId,
  eventually,
  expectStored,
  expectText,
  newContext,
  openDashboard,
  openWidgetOnDemo,
  rest,
  screenshot,
  sendFromWidget,
  unique,
  useSystem,
  waitLive,
} from './support.mjs';

useSystem();

const REPLIES = {
  en: [
    { name: 'refund', text: 'Your refund is on its way, {{guest_name}}: the money is back on your card within 5 working days.' },
    { name: 'refund-status', text: 'I checked your refund, {{guest_name}}: it was sent today.' },
    { name: 'hello', text: 'Hello! My name is {{operator_name}}. How can I help?' },
  ],
  ru: [
    { name: 'возврат', text: '{{guest_name}}, деньги вернутся на карту в течение 5 рабочих дней.' },
    { name: 'возврат-статус', text: '{{guest_name}}, я проверил ваш возврат: деньги отправлены сегодня.' },
  ],
};
const LOCALES = [
  { tag: 'ru-RU', lang: 'ru', typed: '/воз', full: 'возврат', guest: 'Мария', none: /Нет шаблона/, tab: 'Шаблоны ответов' },
  { tag: 'en-US', lang: 'en', typed: '/ref', full: 'refund', guest: 'Mary', none: /No canned reply/, tab: 'Canned replies' },
];

const repliesPath = (assistantId) => `/api/assistants/${assistantId}/canned-replies`;
let otherAssistant;

/** The demo assistant gets this scenario's replies (replacing any of the same names from an earlier run). */
async function seedReplies() {
  const { canned_replies: existing } = await rest('GET', repliesPath(demoAssistantId), undefined, adminToken);
  const wanted = [...REPLIES.en, ...REPLIES.ru, { name: 'thanks' }, { name: 'thanks-a-lot' }];
  for (const reply of existing.filter((r) => wanted.some((w) => w.name === r.name))) {
    await rest('DELETE', `${repliesPath(demoAssistantId)}/${reply.id}`, undefined, adminToken);
  }
  for (const reply of [...REPLIES.en, ...REPLIES.ru]) await rest('POST', repliesPath(demoAssistantId), reply, adminToken);
  // Another team's replies whose names match what the operator types: they must never show.
  otherAssistant = (await rest('POST', '/api/assistants', { name: unique('Other team') }, adminToken)).id;
  await rest('POST', repliesPath(otherAssistant), { name: 'refund-other-team', text: 'Another team\'s words.' }, adminToken);
  await rest('POST', repliesPath(otherAssistant), { name: 'возврат-чужой', text: 'Чужие слова.' }, adminToken);
}

async function shownOptions(page) {
  return page.getByTestId('canned-option').evaluateAll((nodes) => nodes.map((n) => n.dataset.name));
}

async function composerState(page) {
  return page.getByTestId('reply-input').evaluate((el) => ({
    value: el.value,
    selected: el.value.slice(el.selectionStart, el.selectionEnd),
    expanded: el.getAttribute('aria-expanded'),
    active: el.getAttribute('aria-activedescendant'),
    role: el.getAttribute('role'),
    controls: el.getAttribute('aria-controls'),
  }));
}

/** The id of the picker option the composer points at, and that option's name. */
async function activeOption(page) {
  return page.evaluate(() => {
    const input = document.querySelector('[data-testid="reply-input"]');
    const option = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
    return option ? { name: option.dataset.name, selected: option.getAttribute('aria-selected') } : null;
  });
}

describe('canned replies', { timeout: 240000 }, () => {
  before(seedReplies);
  after(async () => {
    // Leave the demo assistant as the other scenarios expect it: without this scenario's replies.
    const { canned_replies: left } = await rest('GET', repliesPath(demoAssistantId), undefined, adminToken);
    for (const reply of left.filter((r) => [...REPLIES.en, ...REPLIES.ru].some((w) => w.name === r.name))) {
      await call('DELETE', `${repliesPath(demoAssistantId)}/${reply.id}`, undefined, adminToken);
    }
  });

  for (const L of LOCALES) {
    test(`an operator types / and a name, picks a reply with the keyboard, edits it and the visitor gets it (${L.tag})`, async (t) => {
      const visitor = await newContext({ locale: L.tag });
      const operator = await newContext({ locale: L.tag });
      try {
        const { frame, dialogId } = await openWidgetOnDemo(visitor);
        const question = unique(L.lang === 'ru' ? 'Где мои деньги?' : 'Where is my refund?');
        await sendFromWidget(frame, question);
        await expectStored(frame, question);

        const page = await openDashboard(operator);
        const item = page.locator(`[data-testid="dialog-item"][data-dialog-id="${dialogId}"]`);
        await item.click();
        await expectText(page, question);
        await page.getByTestId('btn-takeover').click();
        await page.locator('[data-testid="dialog-status"][data-status="operator"]').waitFor();

        const input = page.getByTestId('reply-input');
        const list = page.getByTestId('canned-list');
        assert.deepEqual((({ role, expanded }) => ({ role, expanded }))(await composerState(page)), { role: 'combobox', expanded: 'false' });
        await input.click();
        await input.pressSequentially(L.typed);
        await list.waitFor({ state: 'visible' });
        const expected = REPLIES[L.lang].filter((r) => r.name.startsWith(L.typed.slice(1))).map((r) => r.name).sort();
        await eventually(() => shownOptions(page), (names) => names.length === expected.length, 'the picker lists the matching replies');
        assert.deepEqual((await shownOptions(page)).sort(), expected, 'only this assistant\'s replies whose name starts with what was typed');
        const state = await composerState(page);
        assert.equal(state.expanded, 'true');
        assert.equal(state.controls, await list.getAttribute('id'));
        assert.deepEqual(await activeOption(page), { name: L.full, selected: 'true' }, 'the first match is active');
        await axeScan(page, `the composer with the canned reply picker open (${L.tag})`, '.dialog');
        await screenshot(page, `dashboard-canned-picker-${L.lang}`);

        // The arrows move through the list (and wrap), Escape closes it and leaves what was typed.
        await input.press('ArrowDown');
        assert.deepEqual(await activeOption(page), { name: `${L.full}-${L.lang === 'ru' ? 'статус' : 'status'}`, selected: 'true' });
        await input.press('ArrowDown');
        assert.equal((await activeOption(page)).name, L.full, 'wraps to the first');
        await input.press('Escape');
        await list.waitFor({ state: 'hidden' });
        assert.deepEqual((({ value, expanded }) => ({ value, expanded }))(await composerState(page)), { value: L.typed, expanded: 'false' });
        // A box holding only "/" and a name is a search: Enter does not send it to the visitor.
        await input.press('Enter');
        assert.equal(await input.inputValue(), L.typed);
        // Typing on opens it again, narrowed; a name nobody has says so.
        await input.pressSequentially(L.full.slice(L.typed.length - 1) + 'zz');
        await page.getByTestId('canned-empty').waitFor({ state: 'visible' });
        assert.match(await page.getByTestId('canned-empty').textContent(), L.none);
        await input.press('Backspace');
        await input.press('Backspace');
        await list.waitFor({ state: 'visible' });
        await eventually(() => shownOptions(page), (names) => names[0] === L.full, 'the picker narrows to the typed name');

        // Enter inserts the text; the placeholder without a value is selected, and typing replaces it.
        await input.press('Enter');
        await list.waitFor({ state: 'hidden' });
        const template = REPLIES[L.lang].find((r) => r.name === L.full).text;
        const inserted = await composerState(page);
        assert.deepEqual({ value: inserted.value, selected: inserted.selected, expanded: inserted.expanded },
          { value: template, selected: '{{guest_name}}', expanded: 'false' });
        await page.keyboard.type(L.guest);
        const final = template.replace('{{guest_name}}', L.guest);
        assert.equal(await input.inputValue(), final);
        // Nothing was sent while picking: the guest still sees only its own question.
        assert.ok(!(await frame.getByTestId('message-text').allTextContents()).some((text) => text.includes(L.guest)));
        await input.press('Enter');
        await expectStored(page, final);
        await expectText(frame, final);
        const stored = await rest('GET', `/api/dialogs/${dialogId}/messages`);
        assert.equal(stored.messages.filter((m) => m.sender === 'operator' && m.text === final).length, 1, 'stored once, as edited');
        assert.deepEqual(stored.messages.filter((m) => m.sender === 'operator' && m.text.startsWith('/')), [], 'no "/name" was sent');

        // The operator name placeholder is filled from the signed-in user.
        if (L.lang === 'en') {
          await input.pressSequentially('/hel');
          await eventually(() => shownOptions(page), (names) => names[0] === 'hello', 'the hello reply');
          await input.press('Tab');
          assert.equal(await input.inputValue(), 'Hello! My name is Anna. How can I help?');
          await input.fill('');
        }
        assert.deepEqual(operator.consoleErrors, []);
        t.diagnostic(`${L.tag}: ${L.typed} → ${L.full}, edited, delivered to the widget once`);
      } finally {
        await visitor.close();
        await operator.close();
      }
    });
  }

  test('operators read the replies on their screen; an admin adds, edits and deletes one, and a taken name is refused in words', async () => {
    const operator = await newContext({ locale: 'en-US' });
    const admin = await newContext({ locale: 'ru-RU' });
    try {
      // The operator (a plain member of the demo assistant): the tab is there, the replies too, no controls.
      const page = await openDashboard(operator);
      await page.getByTestId('tab-canned').click();
      await page.locator('[data-testid="admin-view"][data-busy="false"]').waitFor();
      assert.equal(await page.getByTestId('tab-widgets').isVisible(), false, 'admin screens stay hidden from operators');
      const names = await page.getByTestId('canned-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
      for (const reply of REPLIES.en) assert.ok(names.includes(reply.name), `${reply.name} listed`);
      assert.ok(!names.includes('refund-other-team'), 'another assistant\'s reply is not listed');
      assert.equal(await page.getByTestId('canned-form').count(), 0);
      assert.equal(await page.getByTestId('canned-delete').count(), 0);
      await page.getByTestId('canned-read-only').waitFor();
      await axeScan(page, 'the canned replies screen of an operator');

      // The admin, in Russian.
      const adminPage = await admin.newPage();
      await adminPage.goto(`${API}/admin/`);
      await adminPage.getByTestId('login-username').fill(ADMIN_USER);
      await adminPage.getByTestId('login-password').fill(ADMIN_PASSWORD);
      await adminPage.getByTestId('login-submit').click();
      await waitLive(adminPage);
      await adminPage.getByTestId('tab-canned').click();
      assert.equal(await adminPage.getByTestId('tab-canned').textContent(), 'Шаблоны ответов');
      const settled = () => adminPage.locator('[data-testid="admin-view"][data-busy="false"]').waitFor();
      await settled();
      await adminPage.getByTestId('canned-assistant').selectOption(String(demoAssistantId));
      await settled();
      await adminPage.getByTestId('canned-form-name').fill('Thanks');
      await adminPage.getByTestId('canned-form-text').fill('Спасибо, что написали!');
      await adminPage.getByTestId('canned-form-save').click();
      const row = adminPage.locator('[data-testid="canned-row"][data-name="thanks"]');
      await row.waitFor();
      assert.equal(await row.getByTestId('canned-row-text').textContent(), 'Спасибо, что написали!');
      await screenshot(adminPage, 'admin-canned-replies-ru');
      await axeScan(adminPage, 'the canned replies screen of an admin');

      // A taken name (any case) is refused with the reason in Russian, and nothing is added.
      await adminPage.getByTestId('canned-form-name').fill('THANKS');
      await adminPage.getByTestId('canned-form-text').fill('Ещё раз');
      await adminPage.getByTestId('canned-form-save').click();
      await adminPage.getByTestId('admin-error').filter({ hasText: 'уже есть шаблон с таким названием' }).waitFor();

      // Edit: the row becomes a form; the new name and text are saved.
      await row.getByTestId('canned-edit-open').click();
      await settled();
      const editing = adminPage.locator('[data-testid="canned-row"][data-name="thanks"]');
      await editing.getByTestId('canned-edit-name').fill('thanks-a-lot');
      await editing.getByTestId('canned-edit-text').fill('Большое спасибо!');
      await editing.getByTestId('canned-edit-save').click();
      const renamed = adminPage.locator('[data-testid="canned-row"][data-name="thanks-a-lot"]');
      await renamed.waitFor();
      assert.equal(await renamed.getByTestId('canned-row-text').textContent(), 'Большое спасибо!');
      const { canned_replies: now } = await rest('GET', `${repliesPath(demoAssistantId)}?q=thanks`, undefined, adminToken);
      assert.deepEqual(now.map((r) => [r.name, r.text]), [['thanks-a-lot', 'Большое спасибо!']]);

      // Delete asks once more, then the reply is gone for everyone.
      await renamed.getByTestId('canned-delete').click();
      await renamed.getByTestId('canned-delete').click();
      await renamed.waitFor({ state: 'detached' });
      await eventually(() => rest('GET', `${repliesPath(demoAssistantId)}?q=thanks`, undefined, adminToken),
        (answer) => answer.canned_replies.length === 0, 'the deleted reply is gone');
      assert.deepEqual(operator.consoleErrors, []);
      assert.deepEqual(admin.consoleErrors, []);
    } finally {
      await operator.close();
      await admin.close();
    }
  });
});
