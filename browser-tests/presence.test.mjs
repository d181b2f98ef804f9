// Presence on the dashboard (docs/presence.md), in a Russian and an English browser: an operator's Team panel
// shows a colleague come online when the colleague signs in, turn away when the colleague switches to Away, and
// go offline when the colleague's dashboard closes; the open dialog says whether the visitor is online and,
// after they left, when they were last seen; axe-core finds no serious or critical issue in the panel or the
// top bar's own-state switch. See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  adminToken,
  API,
  axeScan,
  newContext,
  openDashboard,
  openWidgetOnDemo,
  rest,
  screenshot,
  sendFromWidget,
  unique,
  waitLive,
} from './support.mjs';
import { useSystem } from './support.mjs';

useSystem();

const LOCALES = [
  { tag: 'ru-RU', online: 'В сети', away: 'Нет на месте', offline: 'Не в сети', guestOnline: 'Посетитель в сети', lastSeen: /^Был в сети / },
  { tag: 'en-US', online: 'Online', away: 'Away', offline: 'Offline', guestOnline: 'Visitor online', lastSeen: /^Last seen / },
];

/** A fresh assistant with two operators, created as the admin over REST. */
async function team() {
  const assistant = await rest('POST', '/api/assistants', { name: unique('Presence team') }, adminToken);
  const people = [];
  for (const name of ['Vera', 'Oleg']) {
    const username = unique(name.toLowerCase()).replace(/\W+/g, '-');
    const user = await rest('POST', '/api/users', { username, password: 'presence-pass-1', display_name: name, role: 'operator' }, adminToken);
    await rest('POST', `/api/assistants/${assistant.id}/members`, { user_id: user.id }, adminToken);
    people.push({ id: user.id, username, password: 'presence-pass-1', name });
  }
  return { assistant, people };
}

async function signIn(context, who) {
  const page = await context.newPage();
  await page.goto(`${API}/admin/`);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await waitLive(page);
  return page;
}

/** The colleague's row in the Team panel reaches `state`, and says it in words. */
async function expectMember(page, userId, state, word, timeout = 15000) {
  const row = page.locator(`[data-testid="presence-member"][data-user-id="${userId}"][data-state="${state}"]`);
  await row.waitFor({ timeout });
  assert.equal(await row.getByTestId('presence-state').textContent(), word);
}

describe('presence on the dashboard', () => {
  for (const loc of LOCALES) {
    test(`${loc.tag}: a colleague comes online, turns away and goes offline, live in the Team panel`, async () => {
      const { people: [vera, oleg] } = await team();
      const veraContext = await newContext({ locale: loc.tag });
      const olegContext = await newContext({ locale: loc.tag });
      try {
        const veraPage = await signIn(veraContext, vera);
        await veraPage.getByTestId('presence-panel').waitFor();
        await expectMember(veraPage, vera.id, 'online', loc.online);
        await expectMember(veraPage, oleg.id, 'offline', loc.offline);
        assert.equal(await veraPage.getByTestId('presence-self').inputValue(), 'online');

        const olegPage = await signIn(olegContext, oleg);
        await expectMember(veraPage, oleg.id, 'online', loc.online);

        await olegPage.getByTestId('presence-self').selectOption('away');
        await expectMember(veraPage, oleg.id, 'away', loc.away);
        await expectMember(olegPage, oleg.id, 'away', loc.away);
        assert.equal(await olegPage.getByTestId('presence-self-dot').getAttribute('data-state'), 'away');
        await screenshot(veraPage, `presence-team-${loc.tag}`);
        await axeScan(veraPage, `the Team panel (${loc.tag})`, '[data-testid="presence-panel"]');
        await axeScan(olegPage, `the own-state switch (${loc.tag})`, '[data-testid="presence-self-box"]');

        await olegPage.getByTestId('presence-self').selectOption('online');
        await expectMember(veraPage, oleg.id, 'online', loc.online);
        await olegContext.close();
        await expectMember(veraPage, oleg.id, 'offline', loc.offline);
      } finally {
        await veraContext.close();
        await olegContext.close().catch(() => {});
      }
    });
  }

  test('the open dialog says the visitor is online, and when they were last seen after they left', async () => {
    const loc = LOCALES[1];
    const guestContext = await newContext();
    const operatorContext = await newContext({ locale: loc.tag });
    try {
      const { page: guestPage, frame, dialogId } = await openWidgetOnDemo(guestContext);
      await sendFromWidget(frame, unique('Is anyone there'));
      const dashboard = await openDashboard(operatorContext);
      await dashboard.locator(`[data-testid="dialog-item"][data-dialog-id="${dialogId}"]`).click();
      const line = dashboard.getByTestId('guest-presence');
      await dashboard.locator('[data-testid="guest-presence"][data-online="true"]').waitFor({ timeout: 10000 });
      assert.equal(await line.textContent(), loc.guestOnline);

      await guestPage.close();
      // The open dialog's line is re-read every 20 s.
      await dashboard.locator('[data-testid="guest-presence"][data-online="false"]').waitFor({ timeout: 30000 });
      assert.match(await line.textContent(), loc.lastSeen);
      await axeScan(dashboard, 'the dialog head with the visitor line', '.dialog__head');
    } finally {
      await guestContext.close();
      await operatorContext.close();
    }
  });
});
