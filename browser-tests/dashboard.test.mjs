// The operator dashboard and the admin screens, in a Russian and an English browser (issue 15):
// the operator's walk speaks only the browser's language (no English in the Russian run), the guest
// is shown by name and context, waiting dialogs are pinned with "waiting N min", the unread total is
// in the tab title; a phone-sized walk (375×740: list → dialog → back, no horizontal scroll); the
// admin walk (create a widget, embed it on a customer page, chat, revoke it, the page shows the
// refusal; operators; assistants); and axe-core finds no serious or critical issue. See
// e2e.test.mjs for how the suite runs (BrowserEndToEndIT, or SB_API_URL against ./switchboard up).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  adminToken,
  API,
  axeScan,
  browser,
  customerPort,
  demoAssistantId,
  eventually,
  expectStored,
  expectText,
  newContext,
  OPERATOR,
  rest,
  screenshot,
  sendFromWidget,
  signIn,
  unique,
  waitLive,
} from './support.mjs';
import { useSystem } from './support.mjs';

useSystem();

const LOCALES = [
  { tag: 'ru-RU', lang: 'ru', waiting: /ждёт \d+ мин/, unread: /новое сообщение|новых сообщени/, language: /русский/i },
  { tag: 'en-US', lang: 'en', waiting: /waiting \d+ min/, unread: /new message/, language: /Russian/ },
];
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

function localeContext(tag, options = {}) {
  return newContext({ locale: tag, ...options });
}

/** A guest of the demo assistant, opened over REST with the context a widget sends, and its User-Agent. */
async function guestWithContext(context) {
  const res = await fetch(`${API}/api/widget/dialogs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': CHROME_UA },
    body: JSON.stringify({ assistant_id: demoAssistantId, context }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const dialog = await res.json();
  const q = `assistant_id=${demoAssistantId}&guest_token=${encodeURIComponent(dialog.guest_token)}`;
  return {
    id: dialog.id,
    say: (text) => rest('POST', `/api/widget/dialogs/${dialog.id}/messages?${q}`, { text }, null),
    handoff: () => rest('POST', `/api/widget/dialogs/${dialog.id}/handoff?${q}`, {}, null),
    messages: () => rest('GET', `/api/widget/dialogs/${dialog.id}/messages?${q}`, undefined, null),
  };
}

/**
 * Latin words the operator reads in the dashboard outside what guests and admins typed (messages,
 * previews, URLs, names, browser names), in text and in placeholders, labels and titles.
 */
async function englishWords(page, names = [OPERATOR.display_name, OPERATOR.username]) {
  return page.evaluate((names) => {
    const userContent = '[data-testid="message-text"], [data-testid="dialog-preview"], [data-testid="guest-page"],'
      + ' [data-testid="guest-browser"], [data-testid="guest-email"], [data-testid="current-user"], [data-testid="dialog-hint"], [data-testid="presence-name"],'
      + ' [data-testid="dialog-name"], [data-testid="dialog-title"], [data-testid="typing-indicator"], [data-testid="operator-row"] td:nth-child(-n+2),'
      + ' .topbar__brand, .login__form h1, option[lang], .mono, .secret';
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(userContent) || !el.checkVisibility()) continue;
      texts.push(node.textContent);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      // A dialog's aria-label starts with the guest's name (user content); its words are checked in the item's text.
      if (!el.checkVisibility() || el.closest(userContent) || el.dataset.testid === 'dialog-item') continue;
      for (const name of ['placeholder', 'aria-label']) if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
    texts.push(document.title);
    const allowed = new Set(['Switchboard', 'Enter', 'Shift', ...names]);
    // Domains, addresses and markup quoted in a hint (shop.example.com, </body>) are not English.
    const words = texts.join(' ').replace(/\S+\.\S+|<\/?\w+>/g, ' ');
    return words.match(/[A-Za-z]{3,}/g)?.filter((w) => !allowed.has(w)) ?? [];
  }, names);
}

/** Waits until the admin screen has drawn its newest state (after a tab, a picker or an action). */
async function settled(page) {
  await page.locator('[data-testid="admin-view"][data-busy="false"]').waitFor();
}

async function noHorizontalScroll(page, where) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${where}: the page is ${scroll} px wide in a ${width} px viewport`);
}

for (const L of LOCALES) {
  describe(`dashboard in a ${L.tag} browser`, { timeout: 180000 }, () => {
    test(`the operator walk speaks ${L.lang} only: guest by name and context, waiting pinned, unread in the title (${L.tag})`, async (t) => {
      const operator = await localeContext(L.tag);
      try {
        const name = L.lang === 'ru' ? 'Мария' : 'Mary';
        const guest = await guestWithContext({ page_url: 'https://shop.example.test/cart?item=7', locale: 'ru-RU', name });
        const question = unique(L.lang === 'ru' ? 'Где мой заказ?' : 'Where is my order?');
        await guest.say(question);
        await guest.handoff();

        const page = await signIn(operator, OPERATOR.username, OPERATOR.password);
        assert.equal(await page.evaluate(() => document.documentElement.lang), L.lang);
        const item = page.locator(`[data-testid="dialog-item"][data-dialog-id="${guest.id}"]`);
        await item.waitFor();
        // Pinned: the waiting dialogs come first, and ours is among them with "waiting N min".
        const statuses = await page.locator('[data-testid="dialog-item"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.status));
        const firstOther = statuses.findIndex((s) => s !== 'waiting_operator');
        assert.ok(firstOther === -1 || !statuses.slice(firstOther).includes('waiting_operator'), `waiting dialogs pinned on top: ${statuses}`);
        assert.match(await item.getByTestId('dialog-waiting').textContent(), L.waiting);
        // The guest by name and context, never by an id.
        assert.equal(await item.getByTestId('dialog-name').textContent(), name);
        assert.match(await item.getByTestId('dialog-hint').textContent(), /shop\.example\.test/);
        assert.doesNotMatch(await page.getByTestId('dialog-list').textContent(), /guest-[0-9a-f]{8}|g_[0-9a-f-]{8,}/);
        // The unread total in the tab title, in words of the language.
        await eventually(() => page.title(), (title) => /^\(\d+\)/.test(title) && L.unread.test(title), 'the unread total in the title');
        if (L.lang === 'ru') assert.deepEqual(await englishWords(page), [], 'no English in the Russian dialog list');
        await screenshot(page, `dashboard-list-${L.lang}`);

        await item.click();
        await expectText(page, question);
        assert.equal(await page.getByTestId('dialog-title').textContent(), name);
        assert.equal(await page.getByTestId('guest-page').textContent(), 'https://shop.example.test/cart?item=7');
        assert.match(await page.getByTestId('guest-language').textContent(), L.language);
        assert.equal(await page.getByTestId('guest-browser').textContent(), 'Chrome 120 · Windows');
        await page.getByTestId('btn-takeover').click();
        await page.locator('[data-testid="dialog-status"][data-status="operator"]').waitFor();
        const answer = unique(L.lang === 'ru' ? 'Заказ уже в пути' : 'Your order is on its way');
        await page.getByTestId('reply-input').fill(answer);
        await page.getByTestId('reply-input').press('Enter');
        await expectStored(page, answer);
        await eventually(async () => (await guest.messages()).messages.map((m) => m.text), (texts) => texts.includes(answer),
          'the guest receives the operator answer');
        if (L.lang === 'ru') assert.deepEqual(await englishWords(page), [], 'no English in the Russian dashboard');
        await screenshot(page, `dashboard-guest-context-${L.lang}`);

        // The language switch: the other language at once, and remembered for the next visit.
        const other = L.lang === 'ru' ? 'en' : 'ru';
        await page.getByTestId('language-select').selectOption(other);
        assert.equal(await page.evaluate(() => document.documentElement.lang), other);
        assert.equal(await page.getByTestId('btn-close').textContent(), other === 'ru' ? 'Закрыть диалог' : 'Close dialog');
        await page.reload();
        await waitLive(page);
        assert.equal(await page.evaluate(() => document.documentElement.lang), other);
        await page.getByTestId('language-select').selectOption(L.lang);
        await item.click();
        await page.getByTestId('btn-close').click();
        await page.locator('[data-testid="dialog-status"][data-status="closed"]').waitFor();
        assert.deepEqual(operator.consoleErrors, []);
        t.diagnostic(`${L.tag}: guest "${name}" with page, language and browser; pinned while waiting; reply delivered`);
      } finally {
        await operator.close();
      }
    });

    test(`alerts are asked for on a click, a new dialog rings, and the reconnect banner counts down with "retry now" (${L.tag})`, async () => {
      const operator = await localeContext(L.tag);
      try {
        await operator.grantPermissions(['notifications'], { origin: API });
        const page = await signIn(operator, OPERATOR.username, OPERATOR.password);
        const alerts = page.getByTestId('alerts-enable');
        await alerts.click();
        assert.equal(await page.evaluate(() => localStorage.getItem('switchboard.admin.alerts')), 'on');
        const guest = await guestWithContext({ page_url: 'https://shop.example.test/', locale: 'en' });
        await guest.say('hello');
        await eventually(() => alerts.getAttribute('data-alerts'), (n) => Number(n) >= 1, 'a new dialog raised an alert', 10000);

        // The connection drops: the banner says when it retries; "retry now" reconnects.
        await operator.setOffline(true);
        await page.evaluate(() => window.switchboard.reconnect());
        const banner = page.getByTestId('reconnect-banner');
        await banner.waitFor({ state: 'visible', timeout: 20000 });
        assert.match(await page.getByTestId('reconnect-text').textContent(), L.lang === 'ru' ? /Нет связи/ : /No connection/);
        assert.match(await banner.getAttribute('data-seconds'), /^\d+$/);
        await screenshot(page, `dashboard-reconnect-${L.lang}`);
        // "Retry now" asks the client to reconnect at once (counted here), instead of waiting out the delay.
        await page.evaluate(() => {
          const original = window.switchboard.reconnect.bind(window.switchboard);
          window.__retries = 0;
          window.switchboard.reconnect = (...args) => { window.__retries += 1; return original(...args); };
        });
        await page.getByTestId('reconnect-now').click();
        assert.equal(await page.evaluate(() => window.__retries), 1);
        await operator.setOffline(false);
        await waitLive(page);
        assert.equal(await banner.isHidden(), true);
        await rest('POST', `/api/dialogs/${guest.id}/close`, {});
      } finally {
        await operator.close();
      }
    });

    test(`a 375×740 phone: the list, a dialog with a back button, no horizontal scroll, 16 px inputs (${L.tag})`, async () => {
      const operator = await localeContext(L.tag, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      try {
        const guest = await guestWithContext({ page_url: 'https://shop.example.test/a/very/long/path/that/should/not/widen/the/page/at/all?with=query&and=more', locale: 'en-GB', name: L.lang === 'ru' ? 'Гость с телефона' : 'Phone guest' });
        await guest.say(unique('A rather long message from a guest that must wrap inside a phone screen without widening it'));
        const page = await signIn(operator, OPERATOR.username, OPERATOR.password);
        const item = page.locator(`[data-testid="dialog-item"][data-dialog-id="${guest.id}"]`);
        await item.waitFor();
        assert.equal(await page.getByTestId('dialog-view').isVisible(), false, 'the list view shows no dialog pane');
        await noHorizontalScroll(page, 'list view');
        await screenshot(page, `dashboard-phone-list-${L.lang}`);

        await item.tap();
        await page.getByTestId('reply-input').waitFor({ state: 'visible' });
        assert.equal(await page.getByTestId('dialog-list').isVisible(), false, 'the dialog view hides the list');
        assert.equal(await page.getByTestId('dialog-back').isVisible(), true);
        assert.equal(await page.getByTestId('reply-input').evaluate((el) => getComputedStyle(el).fontSize), '16px');
        await noHorizontalScroll(page, 'dialog view');
        await screenshot(page, `dashboard-phone-dialog-${L.lang}`);

        await page.getByTestId('dialog-back').tap();
        await item.waitFor({ state: 'visible' });
        assert.equal(await page.getByTestId('dialog-view').isVisible(), false);
        await noHorizontalScroll(page, 'back in the list');
        await rest('POST', `/api/dialogs/${guest.id}/close`, {});
      } finally {
        await operator.close();
      }
    });

    test(`the admin walk: create a widget, embed it, chat, revoke it and the page refuses; operators and assistants (${L.tag})`, async (t) => {
      const admin = await localeContext(L.tag);
      const visitor = await localeContext(L.tag);
      try {
        const page = await signIn(admin, ADMIN_USER, ADMIN_PASSWORD);
        await page.getByTestId('tab-widgets').click();
        await settled(page);
        await page.getByTestId('widget-assistant').selectOption(String(demoAssistantId));
        await settled(page);
        const domain = `shop-${L.lang}-${Date.now().toString(36)}.example.test`;
        await page.getByTestId('widget-domains').fill(domain);
        await page.getByTestId('widget-create').click();
        await page.getByTestId('widget-snippet').waitFor();
        await settled(page);
        const snippet = await page.getByTestId('widget-snippet').inputValue();
        const token = snippet.match(/data-site-token="(st_[^"]+)"/)?.[1];
        assert.ok(token, `the snippet carries the site token: ${snippet}`);
        assert.match(snippet, /<script src="[^"]+\/widget\.js"/);
        await screenshot(page, `admin-widget-created-${L.lang}`);
        if (L.lang === 'ru') assert.deepEqual(await englishWords(page), [], 'no English on the Russian widgets screen');
        await axeScan(page, `admin widgets screen (${L.tag})`);

        // Embed it on the customer's page and chat through it.
        const shop = await visitor.newPage();
        const url = `http://${domain}:${customerPort}/?token=${encodeURIComponent(token)}`;
        await shop.goto(url);
        await shop.getByTestId('sb-launcher').click();
        const frame = shop.frameLocator('[data-testid="sb-frame"]');
        await waitLive(frame);
        const hello = unique(L.lang === 'ru' ? 'Здравствуйте из магазина' : 'Hello from the shop');
        await sendFromWidget(frame, hello);
        await expectStored(frame, hello);
        await page.getByTestId('tab-dialogs').click();
        await page.locator('[data-testid="dialog-preview"]', { hasText: hello }).waitFor({ timeout: 10000 });

        // Revoke it: the open chat is cut off and the page, loaded again, shows the refusal.
        await page.getByTestId('tab-widgets').click();
        await settled(page);
        const row = page.locator(`[data-testid="widget-row"]`, { hasText: domain });
        await row.getByTestId('widget-revoke').click();
        await row.getByTestId('widget-revoke').click();
        await page.locator('[data-testid="widget-row"][data-revoked="true"]', { hasText: domain }).waitFor();
        // A visitor who comes to the page now is told the chat is switched off, and gets no chat frame.
        const late = await (await localeContext(L.tag)).newPage();
        try {
          await late.goto(url);
          await late.getByTestId('sb-launcher').click();
          await late.getByTestId('sb-unavailable').waitFor({ timeout: 10000 });
          assert.equal(await late.locator('[data-testid="sb-frame"]').count(), 0, 'no chat frame for a revoked widget');
          await screenshot(late, `admin-widget-revoked-page-${L.lang}`);
        } finally {
          await late.context().close();
        }

        // Operators: create (as a member of the demo assistant), reset the password, deactivate.
        await page.getByTestId('tab-operators').click();
        await settled(page);
        const username = `op-${L.lang}-${Date.now().toString(36)}`;
        await page.getByTestId('operator-username').fill(username);
        await page.getByTestId('operator-display-name').fill(L.lang === 'ru' ? 'Ольга' : 'Olga');
        await page.getByTestId('operator-password').fill('first-password-1');
        await page.getByTestId('operator-assistant').selectOption(String(demoAssistantId));
        await page.getByTestId('operator-create').click();
        const opRow = page.locator(`[data-testid="operator-row"][data-username="${username}"]`);
        await opRow.waitFor();
        await settled(page);
        await opRow.getByTestId('operator-new-password').fill('second-password-2');
        await opRow.getByTestId('operator-reset').click();
        await settled(page);
        await eventually(async () => (await fetch(`${API}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password: 'second-password-2' }) })).status, (s) => s === 200, 'the new password works');
        await screenshot(page, `admin-operators-${L.lang}`);
        await opRow.getByTestId('operator-deactivate').click();
        await page.locator(`[data-testid="operator-row"][data-username="${username}"]`).getByTestId('operator-deactivate').click();
        await page.locator(`[data-testid="operator-row"][data-username="${username}"][data-active="false"]`).waitFor();
        const refused = await fetch(`${API}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password: 'second-password-2' }) });
        assert.notEqual(refused.status, 200, 'a deactivated operator cannot sign in');
        // A server error is shown by its code, in the language: the same username again.
        await page.getByTestId('operator-username').fill(username);
        await page.getByTestId('operator-display-name').fill('Again');
        await page.getByTestId('operator-password').fill('first-password-1');
        await page.getByTestId('operator-create').click();
        await eventually(() => page.getByTestId('admin-error').textContent(), (text) => (L.lang === 'ru' ? /логин уже занят/ : /username is taken/).test(text),
          'the username_taken error in words');

        // Assistants: create, add a member, a webhook endpoint (secret shown once), rotate the token.
        await page.getByTestId('tab-assistants').click();
        await settled(page);
        const assistantName = unique(L.lang === 'ru' ? 'Ассистент магазина' : 'Shop assistant');
        await page.getByTestId('assistant-name').fill(assistantName);
        await page.getByTestId('assistant-create').click();
        await page.getByTestId('admin-view').locator('option:checked', { hasText: assistantName }).waitFor({ state: 'attached' });
        await settled(page);
        await eventually(async () => page.getByTestId('assistant-select').locator('option:checked').textContent(), (n) => n === assistantName,
          'the new assistant is selected');
        await page.getByTestId('member-user').selectOption({ label: `${OPERATOR.display_name} (${OPERATOR.username})` });
        await page.getByTestId('member-add').click();
        await page.locator(`[data-testid="member-row"][data-username="${OPERATOR.username}"]`).waitFor();
        await settled(page);
        await page.getByTestId('webhook-url').fill('https://bot.example.test/hook');
        await page.getByTestId('webhook-create').click();
        await page.getByTestId('webhook-secret').waitFor();
        await settled(page);
        assert.match(await page.getByTestId('webhook-secret').inputValue(), /\S{16,}/);
        await page.getByTestId('webhook-row').filter({ hasText: 'https://bot.example.test/hook' }).waitFor();
        await page.getByTestId('token-rotate').click();
        await page.getByTestId('token-rotate').click();
        await page.getByTestId('assistant-token').waitFor();
        await settled(page);
        const assistantToken = await page.getByTestId('assistant-token').inputValue();
        assert.ok(assistantToken.split('.').length === 3, 'a JWT was shown once');
        await screenshot(page, `admin-assistant-${L.lang}`);
        if (L.lang === 'ru') assert.deepEqual(await englishWords(page), [], 'no English on the Russian assistants screen');
        await axeScan(page, `admin assistants screen (${L.tag})`);
        assert.deepEqual(admin.consoleErrors, []);
        t.diagnostic(`${L.tag}: widget ${domain} created, chatted through, revoked (the page refused); operator ${username}; assistant ${assistantName}`);
      } finally {
        await visitor.close();
        await admin.close();
      }
    });

    test(`axe-core finds no serious or critical issue in the dashboard, list and dialog open (${L.tag})`, async () => {
      const operator = await localeContext(L.tag);
      try {
        const guest = await guestWithContext({ page_url: 'https://shop.example.test/', locale: 'ru-RU' });
        await guest.say('axe');
        await guest.handoff();
        const page = await signIn(operator, OPERATOR.username, OPERATOR.password);
        await axeScan(page, `dashboard list (${L.tag})`);
        await page.locator(`[data-testid="dialog-item"][data-dialog-id="${guest.id}"]`).click();
        await expectText(page, 'axe');
        await axeScan(page, `dashboard with a dialog open (${L.tag})`);
        await rest('POST', `/api/dialogs/${guest.id}/close`, {});
      } finally {
        await operator.close();
      }
    });
  });
}

// Guests of another assistant stay invisible: its dialog and the guest's context are not in this operator's list.
test('another assistant\'s guest context never reaches this operator\'s dashboard', async () => {
  const other = await rest('POST', '/api/assistants', { name: unique('Other shop') }, adminToken);
  const res = await fetch(`${API}/api/widget/dialogs`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ assistant_id: other.id, context: { page_url: 'https://other.example.test/secret', name: 'Hidden Person' } }) });
  const dialog = await res.json();
  assert.equal((await fetch(`${API}/api/dialogs/${dialog.id}`, { headers: { Authorization: `Bearer ${(await rest('POST', '/api/auth/login', { username: OPERATOR.username, password: OPERATOR.password }, null)).access_token}` } })).status, 403);
  const operator = await localeContext('en-US');
  try {
    const page = await signIn(operator, OPERATOR.username, OPERATOR.password);
    await page.getByTestId('dialog-list').waitFor();
    assert.equal(await page.locator(`[data-testid="dialog-item"][data-dialog-id="${dialog.id}"]`).count(), 0);
    assert.doesNotMatch(await page.content(), /Hidden Person|other\.example\.test/);
  } finally {
    await operator.close();
  }
});
