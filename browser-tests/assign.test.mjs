// Assignment on the dashboard (issue 14): an admin gives a waiting dialog to an operator with the
// assign control; on the operator's open dashboard the dialog leaves "Unassigned" and appears under
// "Mine" live, the tab counts follow, a notification says who assigned it, and the operator can reply
// at once. The same screens in Russian. Takes the docs' pictures of the assign control and of the
// views (docs/operators.md). See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  adminToken,
  API,
  axeScan,
  demoAssistantId,
  eventually,
  LIVE_TIMEOUT,
  newContext,
  rest,
  screenshot,
  signIn,
  unique,
  useSystem,
  waitLive,
} from './support.mjs';

useSystem();

/** A new operator of the demo assistant. */
async function operator(name) {
  const username = unique('op').replace(/\W+/g, '-');
  const password = 'assign-e2e-password-1';
  const user = await rest('POST', '/api/users', { username, password, display_name: name, role: 'operator' }, adminToken);
  await rest('POST', `/api/assistants/${demoAssistantId}/members`, { user_id: user.id }, adminToken);
  return { ...user, username, password };
}

/** A guest of the demo assistant who wrote and asked for a human; returns the dialog id. */
async function waitingGuest(text) {
  const opened = await rest('POST', '/api/widget/dialogs', { assistant_id: demoAssistantId, context: { name: 'Vera Lake' } }, null);
  const query = `assistant_id=${demoAssistantId}&guest_token=${encodeURIComponent(opened.guest_token)}`;
  await rest('POST', `/api/widget/dialogs/${opened.id}/messages?${query}`, { text, client_msg_id: unique('m').replace(/\W+/g, '') }, null);
  await rest('POST', `/api/widget/dialogs/${opened.id}/handoff?${query}`, {}, null);
  return opened.id;
}

const item = (page, id) => page.locator(`[data-testid="dialog-item"][data-dialog-id="${id}"]`);
const count = async (page, view) => Number(await page.getByTestId(`view-count-${view}`).textContent());

test('an admin assigns a waiting dialog; the operator sees it leave Unassigned and arrive in Mine, live, and replies', async () => {
  const pavel = await operator('Pavel');
  const dialogId = await waitingGuest('My order never arrived');
  const operatorContext = await newContext({ locale: 'en-US' });
  const adminContext = await newContext({ locale: 'en-US' });
  try {
    const mine = await signIn(operatorContext, pavel.username, pavel.password);
    await mine.getByTestId('view-unassigned').click();
    await item(mine, dialogId).waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await mine.getByTestId('view-unassigned').getAttribute('aria-pressed'), 'true');
    assert.equal(await count(mine, 'mine'), 0, 'nothing is Pavel\'s yet');
    const waitingBefore = await count(mine, 'waiting');
    assert.ok(waitingBefore >= 1);

    const admin = await signIn(adminContext, ADMIN_USER, ADMIN_PASSWORD);
    await item(admin, dialogId).click();
    const control = admin.getByTestId('assign-control');
    await control.waitFor({ state: 'visible', timeout: LIVE_TIMEOUT });
    await admin.getByTestId('assign-select').selectOption(String(pavel.id));
    assert.match(await admin.getByTestId('assign-select').locator('option:checked').textContent(), /^Pavel \((online|away|offline), open: 0\)$/);
    await screenshot(admin, 'dashboard-assign');
    await axeScan(admin, 'the dialog head with the assign control', '.dialog__head');
    await admin.getByTestId('btn-assign').click();
    await eventually(() => admin.getByTestId('dialog-assignee').textContent(), (t) => t === 'assigned to Pavel',
      'the admin sees who holds it', LIVE_TIMEOUT);

    // Live on Pavel's open dashboard: out of Unassigned, a notification naming the admin, then under Mine.
    await item(mine, dialogId).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });
    await mine.getByTestId('toast').filter({ hasText: /assigned .* to you/ }).first().waitFor({ timeout: LIVE_TIMEOUT });
    await eventually(() => count(mine, 'mine'), (n) => n === 1, 'the Mine count', LIVE_TIMEOUT);
    await eventually(() => count(mine, 'waiting'), (n) => n === waitingBefore - 1, 'the Waiting count', LIVE_TIMEOUT);
    await mine.getByTestId('view-mine').click();
    await item(mine, dialogId).waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await item(mine, dialogId).getAttribute('data-status'), 'operator');
    await item(mine, dialogId).click();
    await eventually(() => mine.getByTestId('reply-input').isDisabled(), (d) => d === false, 'Pavel may write', LIVE_TIMEOUT);
    assert.equal(await mine.getByTestId('dialog-assignee').textContent(), 'assigned to you');
    await mine.getByTestId('reply-input').fill('Hello, Pavel here. Let me check your order.');
    await mine.getByTestId('reply-input').press('Enter');
    await mine.locator('[data-testid="message"][data-sender="operator"][data-pending="false"]').waitFor({ timeout: LIVE_TIMEOUT });
    await screenshot(mine, 'dashboard-views');
    await axeScan(mine, 'the view tabs', '[data-testid="view-tabs"]');
    // Remembered in this browser: a reload opens on Mine.
    await mine.reload();
    await waitLive(mine);
    assert.equal(await mine.getByTestId('view-mine').getAttribute('aria-pressed'), 'true');
    await item(mine, dialogId).waitFor({ timeout: LIVE_TIMEOUT });
    assert.deepEqual(operatorContext.consoleErrors, []);
    assert.deepEqual(adminContext.consoleErrors, []);
  } finally {
    await operatorContext.close();
    await adminContext.close();
  }
});

test('in Russian: the views, the assign control and the notification speak Russian', async () => {
  const olga = await operator('Olga');
  const dialogId = await waitingGuest('Где мой заказ?');
  const context = await newContext({ locale: 'ru-RU' });
  const adminContext = await newContext({ locale: 'ru-RU' });
  try {
    const page = await signIn(context, olga.username, olga.password);
    assert.deepEqual(await page.locator('[data-testid="view-tabs"] [data-view] > span:first-child').allTextContents(),
      ['Мои', 'Без оператора', 'Ждут', 'Все']);
    const admin = await signIn(adminContext, ADMIN_USER, ADMIN_PASSWORD);
    await item(admin, dialogId).click();
    await admin.getByTestId('assign-control').waitFor({ state: 'visible', timeout: LIVE_TIMEOUT });
    assert.equal(await admin.getByTestId('btn-assign').textContent(), 'Назначить');
    await admin.getByTestId('assign-select').selectOption(String(olga.id));
    assert.match(await admin.getByTestId('assign-select').locator('option:checked').textContent(),
      /^Olga \((в сети|отошёл|не в сети), открыто: 0\)$/);
    await admin.getByTestId('btn-assign').click();
    await page.getByTestId('toast').filter({ hasText: /назначил\(а\) вам диалог: Vera Lake/ }).first().waitFor({ timeout: LIVE_TIMEOUT });
    await page.getByTestId('view-mine').click();
    await item(page, dialogId).waitFor({ timeout: LIVE_TIMEOUT });
    assert.deepEqual(context.consoleErrors, []);
  } finally {
    await context.close();
    await adminContext.close();
  }
});
