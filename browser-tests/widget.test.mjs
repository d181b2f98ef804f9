// The widget as a visitor meets it, in a Russian and in an English browser: its words (catalogue,
// no English left in Russian, no transport jargon without data-debug), the launcher's unread badge
// across page loads, a phone-sized screen, Esc and the focus, branding attributes, the sound and
// the title for an operator's reply, and an axe-core scan of the open widget with messages.
// Runs against a running Switchboard like every scenario file here (see e2e.test.mjs).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import en from '../web/src/main/resources/META-INF/resources/js/ui/locales/en.js';
import {
  API,
  axeScan,
  browser,
  chatFrame,
  demoBot,
  demoBotHook,
  eventually,
  expectStored,
  guestDialogId,
  newContext,
  operatorUser,
  rest,
  screenshot,
  sendFromWidget,
  unique,
  useSystem,
  waitLive,
} from './support.mjs';

useSystem();

const LOCALES = [
  { tag: 'ru-RU', lang: 'ru', hello: 'Привет!', handoff: 'позовите оператора', openLabel: 'Открыть чат', closeLabel: 'Закрыть чат',
    unread: (n) => new RegExp(`${n} нов(ое|ых) сообщени`), waiting: 'Ждём оператора…', joined: (name) => `Оператор ${name} в разговоре.` },
  { tag: 'en-US', lang: 'en', hello: 'Hello!', handoff: 'operator please', openLabel: 'Open chat', closeLabel: 'Close chat',
    unread: (n) => new RegExp(`${n} new messages?`), waiting: 'Waiting for a human operator…', joined: (name) => `${name} joined the conversation.` },
];

// Words that belong to the transport, not to a visitor.
const JARGON = /WebSocket|\bSSE\b|long-?poll|polling|EventSource|\bws\b|close code|\b4[0-9]{3}\b|transport/i;

/** A browser context in `locale` that records uncaught errors, like support.mjs' newContext. */
function visitor(locale, viewport = { width: 1280, height: 800 }) {
  return newContext({ viewport, locale });
}

/** Pages of a pretend customer site on 127.0.0.1 (the dev demo token's localhost), with any widget attributes. */
let brandSite;
let brandPort;
function brandPage(attrs = {}, path = '/') {
  const query = new URLSearchParams(attrs).toString();
  return `http://127.0.0.1:${brandPort}${path}?${query}`;
}

before(async () => {
  brandSite = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const attrs = [...url.searchParams].filter(([name]) => /^[a-z-]+$/.test(name))
      .map(([name, value]) => ` data-${name}="${value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"`).join('');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flower shop ${url.pathname}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"></head>
      <body style="margin:0;font:16px/1.5 Georgia,serif;background:#fff;color:#222"><main style="padding:24px"><h1>Flower shop</h1>
      <a href="/other?${url.searchParams}" data-testid="next-page">Next page</a></main>
      <script src="${API}/widget.js" data-site-token="st_dev_demo_token"${attrs} async></script></body></html>`);
  });
  await new Promise((resolve) => brandSite.listen(0, '127.0.0.1', resolve));
  brandPort = brandSite.address().port;
});
after(() => brandSite?.close());

async function openDemo(context, path = '/demo/') {
  const page = await context.newPage();
  await page.goto(`${API}${path}`);
  await page.getByTestId('sb-launcher').waitFor();
  return page;
}

async function openChat(page) {
  await page.getByTestId('sb-launcher').click();
  const frame = page.frameLocator('[data-testid="sb-frame"]');
  await waitLive(frame);
  return frame;
}

/**
 * What the chat shows that is not what people wrote: every visible text node of the frame except
 * message texts (system lines are the widget's words, so they count) and authors' names, plus the
 * names a screen reader hears (aria-label, placeholder, title).
 */
async function widgetWords(page) {
  return chatFrame(page).evaluate(() => {
    const words = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || !node.textContent.trim() || !el.checkVisibility()) continue;
      const message = el.closest('[data-testid="message"]');
      // Authors' names and the announcer (which repeats a message with its author) are what people wrote.
      if (el.closest('[data-testid="message-author"], [data-testid="announcer"]')) continue;
      if (message && message.dataset.sender !== 'system' && el.closest('[data-testid="message-text"]')) continue;
      words.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      for (const name of ['aria-label', 'placeholder', 'title']) if (el.getAttribute(name)) words.push(el.getAttribute(name));
    }
    words.push(document.title);
    return words;
  });
}

/** Waits until the (hidden) chat frame's client is live. */
async function liveWhileHidden(page) {
  await eventually(() => page.frames().find((f) => f.url().includes('/widget/frame.html'))
    ?.evaluate(() => window.switchboard?.status?.state).catch(() => null) ?? null, (s) => s === 'live', 'the hidden frame is live', 15000);
}

async function launcherState(page) {
  const launcher = page.getByTestId('sb-launcher');
  return {
    label: await launcher.getAttribute('aria-label'),
    expanded: await launcher.getAttribute('aria-expanded'),
    badge: (await page.getByTestId('sb-launcher-badge').isVisible()) ? (await page.getByTestId('sb-launcher-badge').textContent()) : null,
  };
}

const englishWidgetTexts = Object.entries(en).filter(([key]) => key.startsWith('widget.'))
  .flatMap(([, value]) => (typeof value === 'object' ? Object.values(value) : [value]))
  .flatMap((text) => text.split(/\{\w+\}/)).map((part) => part.trim()).filter((part) => /[A-Za-z]{3}/.test(part));

for (const L of LOCALES) {
  describe(`the widget in a ${L.tag} browser`, { timeout: 120000 }, () => {
    test(`the README walk: demo page, write, the bot answers, hand over, an operator replies — all in ${L.lang}, no jargon; axe finds nothing serious (${L.tag})`, async (t) => {
      assert.ok(demoBotHook, 'the demo assistant has the demo bot\'s webhook endpoint (dev profile)');
      await demoBot(true);
      const guest = await visitor(L.tag);
      try {
        const page = await openDemo(guest);
        const created = page.waitForRequest((r) => r.method() === 'POST' && /\/api\/site\/dialogs$/.test(new URL(r.url()).pathname));
        assert.deepEqual(await launcherState(page), { label: L.openLabel, expanded: 'false', badge: null });
        const frame = await openChat(page);
        assert.equal((await launcherState(page)).label, L.closeLabel);
        assert.equal((await launcherState(page)).expanded, 'true');

        // The operators learn where the visitor is and which language the widget speaks.
        const body = (await created).postDataJSON();
        assert.deepEqual(body.context, { page_url: `${API}/demo/`, locale: L.lang });

        await sendFromWidget(frame, L.hello);
        const answer = frame.locator('[data-testid="message"][data-sender="assistant"][data-pending="false"]');
        await answer.first().waitFor({ timeout: 5000 });
        await sendFromWidget(frame, L.handoff);
        await frame.locator('[data-testid="widget-dialog-status"][data-status="waiting_operator"]').waitFor({ timeout: 5000 });
        assert.equal(await frame.getByTestId('widget-dialog-status').textContent(), L.waiting);

        const dialogId = await guestDialogId(page);
        await rest('POST', `/api/dialogs/${dialogId}/takeover`, {});
        const reply = unique(L.lang === 'ru' ? 'Здравствуйте, чем помочь?' : 'Hi, how can I help?');
        await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: reply });
        await expectStored(frame, reply);
        await frame.locator('[data-testid="message"][data-sender="system"] [data-testid="message-text"]',
          { hasText: L.joined(operatorUser.display_name) }).waitFor();

        // A screen reader hears the new messages, and nothing about the connection.
        const live = await chatFrame(page).evaluate(() => [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')]
          .map((el) => el.dataset.testid));
        assert.deepEqual(live, ['announcer'], 'the only live region is the announcer');
        await eventually(() => page.frameLocator('[data-testid="sb-frame"]').getByTestId('announcer').textContent(),
          (text) => text.includes(reply), 'the operator\'s reply is announced');
        const announced = await page.frameLocator('[data-testid="sb-frame"]').getByTestId('announcer').textContent();
        assert.doesNotMatch(announced, /На связи|Online|Подключаемся|Connecting/);

        const words = await widgetWords(page);
        const launcherWords = [(await launcherState(page)).label];
        t.diagnostic(`the widget's own words: ${[...new Set(words)].join(' | ')}`);
        assert.doesNotMatch([...words, ...launcherWords].join('\n'), JARGON, 'no transport jargon without data-debug');
        if (L.lang === 'ru') {
          const names = [operatorUser.display_name];
          const english = [...words, ...launcherWords].map((w) => names.reduce((s, n) => s.replaceAll(n, ''), w))
            .filter((w) => /[A-Za-z]{2,}/.test(w));
          assert.deepEqual(english, [], 'no English in the Russian widget');
          const joined = words.join('\n');
          assert.deepEqual(englishWidgetTexts.filter((text) => joined.includes(text)), [], 'no text of the English catalogue');
        }
        // Literal names: docs-screenshots.test.mjs reads them.
        if (L.lang === 'ru') await screenshot(page, 'widget-walk-ru');
        else await screenshot(page, 'widget-walk-en');
        await axeScan(page, `the open widget with messages (${L.tag})`);
        assert.deepEqual(guest.consoleErrors, [], 'no uncaught error');
        assert.deepEqual(guest.cspViolations, [], 'no Content-Security-Policy violation');
      } finally {
        await demoBot(false);
        await guest.close();
      }
    });

    test(`Esc closes the widget and gives the focus back to the launcher; labels follow the state (${L.tag})`, async () => {
      const guest = await visitor(L.tag);
      try {
        const page = await openDemo(guest);
        const frame = await openChat(page);
        await eventually(() => chatFrame(page).evaluate(() => document.activeElement?.dataset.testid),
          (id) => id === 'message-input', 'the message field has the focus after opening');
        await frame.getByTestId('message-input').press('Escape');
        await page.getByTestId('sb-panel').waitFor({ state: 'hidden' });
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sb-launcher');
        assert.deepEqual(await launcherState(page), { label: L.openLabel, expanded: 'false', badge: null });
        // The keyboard opens it again, and Esc on the page closes it too.
        await page.keyboard.press('Enter');
        await page.getByTestId('sb-panel').waitFor({ state: 'visible' });
        assert.equal((await launcherState(page)).expanded, 'true');
        assert.equal((await launcherState(page)).label, L.closeLabel);
        await page.getByTestId('sb-launcher').focus();
        await page.keyboard.press('Escape');
        await page.getByTestId('sb-panel').waitFor({ state: 'hidden' });
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sb-launcher');
        // The frame's close button does the same.
        await page.getByTestId('sb-launcher').click();
        await frame.getByTestId('widget-close').click();
        await page.getByTestId('sb-panel').waitFor({ state: 'hidden' });
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sb-launcher');
        assert.equal(await frame.getByTestId('widget-close').getAttribute('aria-label'), L.closeLabel);
        assert.deepEqual(guest.consoleErrors, []);
      } finally {
        await guest.close();
      }
    });

    test(`a phone (375×740): the open widget fills the screen, the field is 16 px, the close button brings the launcher back (${L.tag})`, async () => {
      const guest = await visitor(L.tag, { width: 375, height: 740 });
      try {
        const page = await openDemo(guest);
        const frame = await openChat(page);
        const box = await page.getByTestId('sb-frame').boundingBox();
        assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 375, 740], 'full screen');
        assert.equal(await page.getByTestId('sb-launcher').isVisible(), false, 'the launcher does not cover the chat');
        assert.equal(await frame.getByTestId('message-input').evaluate((el) => getComputedStyle(el).fontSize), '16px');
        const text = unique(L.lang === 'ru' ? 'Пишу с телефона' : 'Writing from a phone');
        await sendFromWidget(frame, text);
        await expectStored(frame, text);
        if (L.lang === 'ru') await screenshot(page, 'widget-phone-ru');
        else await screenshot(page, 'widget-phone-en');
        await axeScan(page, `the widget on a phone (${L.tag})`);
        await frame.getByTestId('widget-close').click();
        await page.getByTestId('sb-launcher').waitFor({ state: 'visible' });
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sb-launcher');
      } finally {
        await guest.close();
      }
    });
  });
}

describe('the launcher\'s badge and the operator\'s reply', { timeout: 120000 }, () => {
  test('replies while the chat is closed show on the badge, and the badge survives a page navigation (ru)', async (t) => {
    const guest = await visitor('ru-RU');
    try {
      const page = await openDemo(guest);
      const frame = await openChat(page);
      const hello = unique('Здравствуйте, есть вопрос');
      await sendFromWidget(frame, hello);
      await expectStored(frame, hello);
      const dialogId = await guestDialogId(page);
      await rest('POST', `/api/dialogs/${dialogId}/takeover`, {});
      await frame.getByTestId('message-input').press('Escape');
      await page.getByTestId('sb-panel').waitFor({ state: 'hidden' });

      const first = unique('Ответ оператора');
      await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: first });
      await eventually(async () => (await launcherState(page)).badge, (b) => b === '1', 'badge 1 before the navigation', 10000);

      // Another page of the site: the frame is created at once, hidden, and the badge is back.
      await page.goto(`${API}/demo/?page=2`);
      await page.locator('[data-testid="sb-frame"]').waitFor({ state: 'attached', timeout: 10000 });
      assert.equal(await page.getByTestId('sb-panel').isVisible(), false, 'the chat stays closed');
      await eventually(async () => (await launcherState(page)).badge, (b) => b === '1', 'badge 1 after the navigation', 10000);
      await liveWhileHidden(page);
      const second = unique('Ещё ответ');
      await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: second });
      await eventually(async () => (await launcherState(page)).badge, (b) => b === '2', 'badge 2 after a reply on the new page', 10000);
      const state = await launcherState(page);
      assert.match(state.label, /^Открыть чат, 2 новых сообщения$/);
      t.diagnostic(`launcher: ${JSON.stringify(state)}`);
      await screenshot(page, 'widget-badge-after-navigation');

      // Opening reads them: the badge goes, and stays gone on the next page.
      await page.getByTestId('sb-launcher').click();
      await expectStored(page.frameLocator('[data-testid="sb-frame"]'), second);
      assert.equal((await launcherState(page)).badge, null);
      await page.frameLocator('[data-testid="sb-frame"]').getByTestId('message-input').press('Escape');
      await page.getByTestId('sb-panel').waitFor({ state: 'hidden' });
      await page.goto(`${API}/demo/?page=3`);
      await page.locator('[data-testid="sb-frame"]').waitFor({ state: 'attached', timeout: 10000 });
      await liveWhileHidden(page);
      assert.equal((await launcherState(page)).badge, null, 'nothing unread after the visitor read the replies');
      assert.deepEqual(guest.consoleErrors, []);
    } finally {
      await guest.close();
    }
  });

  test('a message written without a connection is sent by itself once the chat is back (ru)', async () => {
    const guest = await visitor('ru-RU');
    try {
      const page = await openDemo(guest);
      const frame = await openChat(page);
      await guest.setOffline(true);
      const text = unique('Пишу без связи');
      await sendFromWidget(frame, text);
      const bubble = frame.locator('[data-testid="message"][data-pending="true"]', { hasText: text });
      await bubble.locator('[data-testid="message-retry"]').waitFor({ timeout: 20000 });
      assert.match(await bubble.textContent(), /не отправлено/);
      // The network comes back (the browser fires `online`): the chat reconnects and sends it, once.
      await guest.setOffline(false);
      await chatFrame(page).evaluate(() => window.dispatchEvent(new Event('online')));
      await expectStored(frame, text, 20000);
      const dialogId = await guestDialogId(page);
      const stored = (await rest('GET', `/api/dialogs/${dialogId}/messages?after_seq=0&limit=200`)).messages;
      assert.equal(stored.filter((m) => m.text === text).length, 1, 'stored exactly once');
      assert.equal(await frame.locator('[data-testid="message-text"]', { hasText: text }).count(), 1, 'shown exactly once');
      assert.deepEqual(guest.consoleErrors, []);
    } finally {
      await guest.close();
    }
  });

  test('a new visitor opens no frame until the click', async () => {
    const guest = await visitor('en-US');
    try {
      const page = await openDemo(guest);
      await page.goto(`${API}/demo/?again`);
      await page.getByTestId('sb-launcher').waitFor();
      assert.equal(await page.locator('[data-testid="sb-frame"]').count(), 0);
    } finally {
      await guest.close();
    }
  });

  test('data-sound chimes for an operator\'s reply; while the page is hidden its title blinks', async () => {
    const guest = await visitor('ru-RU');
    try {
      const page = await guest.newPage();
      await page.goto(brandPage({ sound: 'true' }));
      const frame = await openChat(page);
      const hello = unique('Есть кто?');
      await sendFromWidget(frame, hello);
      await expectStored(frame, hello);
      const dialogId = await guestDialogId(page);
      await rest('POST', `/api/dialogs/${dialogId}/takeover`, {});
      const before = await page.evaluate(() => window.__switchboardWidget.chimes ?? 0);
      await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: unique('Да, слушаю') });
      await eventually(() => page.evaluate(() => window.__switchboardWidget.chimes ?? 0), (n) => n === before + 1, 'one chime');

      // The visitor looks at another tab. Headless Chromium keeps every tab visible, so the page is
      // told what a browser tells it then: visibilityState "hidden" and a visibilitychange event.
      const title = await page.title();
      const setVisibility = (state) => page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
      await setVisibility('hidden');
      await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: unique('Вы здесь?') });
      await eventually(() => page.title(), (now) => /1 новый ответ/.test(now), 'the title blinks', 5000);
      await eventually(() => page.title(), (now) => now === title, 'and blinks back', 3000);
      await setVisibility('visible');
      assert.equal(await page.title(), title, 'the title is back as soon as the tab is seen');
      // A reply to a visible page chimes and leaves the title alone.
      const chimes = await page.evaluate(() => window.__switchboardWidget.chimes);
      await rest('POST', `/api/dialogs/${dialogId}/messages`, { text: unique('Отлично') });
      await eventually(() => page.evaluate(() => window.__switchboardWidget.chimes), (n) => n === chimes + 1, 'the third chime');
      assert.equal(await page.title(), title);
    } finally {
      await guest.close();
    }
  });
});

describe('branding attributes', { timeout: 60000 }, () => {
  test('data-color, data-title, data-greeting, data-position, data-launcher-label; text on the colour keeps 4.5:1', async () => {
    const guest = await visitor('ru-RU');
    try {
      const page = await guest.newPage();
      await page.goto(brandPage({ color: '#fde047', title: 'Цветочная лавка', greeting: 'Добрый день! Чем помочь с букетом?',
        position: 'bottom-left', 'launcher-label': 'Спросить флориста' }));
      const launcher = page.getByTestId('sb-launcher');
      await launcher.waitFor();
      assert.ok((await launcher.boundingBox()).x < 100, 'bottom-left');
      assert.equal(await page.getByTestId('sb-launcher-label').textContent(), 'Спросить флориста');
      assert.equal(await launcher.getAttribute('aria-label'), 'Спросить флориста');
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
      const colours = await launcher.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
      assert.deepEqual(colours, ['rgb(253, 224, 71)', 'rgb(17, 24, 39)'], 'a light colour gets dark text');
      const frame = await openChat(page);
      assert.equal(await frame.getByTestId('widget-title').textContent(), 'Цветочная лавка');
      assert.equal(await frame.getByTestId('widget-greeting').textContent(), 'Добрый день! Чем помочь с букетом?');
      assert.equal(await page.getByTestId('sb-frame').getAttribute('title'), 'Цветочная лавка');
      const header = await frame.locator('.chat__header').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
      assert.deepEqual(header, ['rgb(253, 224, 71)', 'rgb(17, 24, 39)']);
      await screenshot(page, 'widget-branded');
      await axeScan(page, 'the branded widget');

      // A colour that is not one falls back to the default blue with white text.
      const bad = await guest.newPage();
      await bad.goto(brandPage({ color: 'red;background:url(x)' }));
      await bad.getByTestId('sb-launcher').waitFor();
      assert.deepEqual(await bad.getByTestId('sb-launcher').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]),
        ['rgb(37, 99, 235)', 'rgb(255, 255, 255)']);
      // A dark colour gets white text.
      const dark = await guest.newPage();
      await dark.goto(brandPage({ color: '#14532d' }));
      await dark.getByTestId('sb-launcher').waitFor();
      assert.equal(await dark.getByTestId('sb-launcher').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 255, 255)');
    } finally {
      await guest.close();
    }
  });

  test('data-locale wins over the browser; data-debug shows the transport and only then', async () => {
    const guest = await visitor('ru-RU');
    try {
      const page = await guest.newPage();
      await page.goto(brandPage({ locale: 'en', debug: 'true' }));
      assert.equal(await page.getByTestId('sb-launcher').getAttribute('aria-label'), 'Open chat');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the page\'s own lang is left alone');
      const frame = await openChat(page);
      assert.match(await frame.getByTestId('connection-state').textContent(), /^Online \[ws/);
      assert.equal(await frame.getByTestId('message-input').getAttribute('placeholder'), 'Type a message…');
    } finally {
      await guest.close();
    }
  });
});
