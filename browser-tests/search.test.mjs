// History and search on the dashboard (issue 14), in a Russian and an English browser: the search box
// finds dialogs by a word form ("заказа" finds "заказ", "orders" finds "order") with the matched words
// marked in the snippet, never shows another assistant's dialog, and opens a found dialog; a long
// dialog opens with its newest page and loads older pages at the top while the operator keeps their
// place, down to "Beginning of the conversation", each message once, with live messages still merged.
// axe-core finds no serious issue. See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adminToken,
  API,
  assertOrderedOnce,
  axeScan,
  demoAssistantId,
  expectText,
  newContext,
  openDashboard,
  rest,
  screenshot,
  shownMessages,
  unique,
  useSystem,
} from './support.mjs';

useSystem();

/** A guest of `assistantId` opened over REST (as the widget would), with what it can do. */
async function guest(assistantId, context) {
  const dialog = await rest('POST', '/api/widget/dialogs', { assistant_id: assistantId, context }, null);
  const q = `assistant_id=${assistantId}&guest_token=${encodeURIComponent(dialog.guest_token)}`;
  return {
    id: dialog.id,
    say: (text) => rest('POST', `/api/widget/dialogs/${dialog.id}/messages?${q}`, { text }, null),
  };
}

const LOCALES = [
  { tag: 'ru-RU', lang: 'ru', found: /Найден|Найдено/, guestName: 'Ирина', start: 'Начало разговора' },
  { tag: 'en-US', lang: 'en', found: /found/, guestName: 'Irene', start: 'Beginning of the conversation' },
];

for (const L of LOCALES) {
  test(`search finds word forms with the words marked, only among this operator's assistants, and opens the dialog (${L.tag})`, async (t) => {
    const code = Math.random().toString(36).slice(2, 7);
    const mine = await guest(demoAssistantId, { name: `${L.guestName} ${code}`, page_url: 'https://shop.example.test/orders' });
    await mine.say('Здравствуйте! Где мой заказ? Оплатила его в понедельник.');
    await mine.say(`My order ${code} has not arrived yet.`);
    // The same words in another assistant's dialog: this operator is not its member.
    const other = await rest('POST', '/api/assistants', { name: unique('Other shop') }, adminToken);
    const theirs = await guest(other.id, { name: `Hidden ${code}` });
    await theirs.say(`Где мой заказ? ${code}`);

    const context = await newContext({ locale: L.tag });
    try {
      const page = await openDashboard(context);
      const input = page.getByTestId('search-input');
      await input.fill('заказа');
      const result = page.locator(`[data-testid="search-result"][data-dialog-id="${mine.id}"]`);
      await result.waitFor({ timeout: 10000 });
      await page.getByTestId('search-status').filter({ hasText: L.found }).waitFor();
      assert.equal(await result.locator('mark').first().textContent(), 'заказ', 'the matched word is marked');
      assert.match(await result.getByTestId('search-snippet').textContent(), /Где мой заказ\?/);
      assert.equal(await result.getByTestId('search-result-name').textContent(), `${L.guestName} ${code}`);
      assert.equal(await page.locator(`[data-testid="search-result"][data-dialog-id="${theirs.id}"]`).count(), 0);
      assert.equal(await page.getByTestId('dialog-list').isHidden(), true, 'the results stand in for the list');
      // What the page shows is what the API gives this operator: nothing of the other assistant.
      const api = (await rest('GET', `/api/dialogs?q=${encodeURIComponent('заказа')}&limit=50`)).dialogs.map((d) => d.id);
      assert.ok(api.includes(mine.id) && !api.includes(theirs.id), `the API finds ${api}`);
      assert.doesNotMatch(await page.content(), new RegExp(`Hidden ${code}`));
      await screenshot(page, `search-${L.lang}`);
      await axeScan(page, `dashboard search results (${L.tag})`);

      // English word forms: "orders" finds "order"; the code narrows it to this dialog.
      await input.fill(`orders ${code}`);
      await page.locator('[data-testid="search-result"] mark', { hasText: 'order' }).first().waitFor({ timeout: 10000 });
      assert.deepEqual(await page.getByTestId('search-result').evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.dialogId))), [mine.id]);

      await result.click();
      await page.getByTestId('dialog-title').filter({ hasText: `${L.guestName} ${code}` }).waitFor();
      await expectText(page, 'Здравствуйте! Где мой заказ?');
      // Escape clears the search: the list is back.
      await input.press('Escape');
      await page.getByTestId('dialog-list').waitFor({ state: 'visible' });
      assert.equal(await page.getByTestId('search-results').isHidden(), true);
      t.diagnostic(`${L.tag}: dialog ${mine.id} found by "заказа" and "orders"; dialog ${theirs.id} of assistant ${other.id} never shown`);
    } finally {
      await context.close();
    }
  });
}

test('a long dialog opens with its newest page and scrolls back to its first message, keeping the place and merging live messages once', async (t) => {
  const visitor = await guest(demoAssistantId, { name: 'Long story' });
  await visitor.say('The very first message');
  await rest('POST', `/api/dialogs/${visitor.id}/takeover`, {});
  for (let i = 1; i <= 120; i += 1) {
    await rest('POST', `/api/dialogs/${visitor.id}/messages`, { text: `History line ${i}`, client_msg_id: `h-${visitor.id}-${i}` });
  }
  const lastSeq = (await rest('GET', `/api/dialogs/${visitor.id}`)).last_seq;
  const context = await newContext({ locale: 'en-US' });
  try {
    const page = await openDashboard(context);
    await page.locator(`[data-testid="dialog-item"][data-dialog-id="${visitor.id}"]`).click();
    await expectText(page, 'History line 120');
    const list = page.getByTestId('message-list');
    let shown = await shownMessages(page);
    assert.equal(shown.length, 50, 'the newest page of 50, not a window of 500');
    assert.equal(shown.at(-1).seq, lastSeq);
    const firstShown = shown[0].seq;

    // To the top: the older page goes in front and the message that was on top stays where it was.
    // Where that message is on screen once the list is scrolled to its top (it is now at the bottom).
    const topBefore = await list.evaluate((l, seq) => l.querySelector(`[data-seq="${seq}"]`).getBoundingClientRect().top + l.scrollTop, firstShown);
    await list.evaluate((n) => { n.scrollTop = 0; });
    await page.locator(`[data-testid="message"][data-seq="${firstShown - 50}"]`).waitFor({ state: 'attached', timeout: 10000 });
    const topAfter = await page.locator(`[data-testid="message"][data-seq="${firstShown}"]`).evaluate((n) => n.getBoundingClientRect().top);
    assert.ok(Math.abs(topAfter - topBefore) < 60, `the operator keeps their place (${topBefore} → ${topAfter})`);

    // A guest message while reading old history arrives at the end, once.
    await visitor.say('A live line while scrolled back');
    await expectText(page, 'A live line while scrolled back');

    // The rest, with the button, down to the beginning.
    const settled = page.locator('[data-testid="history-top"]:not([data-state="loading"])');
    for (;;) {
      await settled.waitFor();
      if ((await settled.getAttribute('data-state')) === 'start') break;
      const oldest = (await shownMessages(page))[0].seq;
      // dispatchEvent: a real click event without Playwright scrolling the list to its top first, which
      // would start the same load by scrolling and hide the button under the click.
      await page.getByTestId('history-older').dispatchEvent('click');
      await page.waitForFunction((seq) => Number(document.querySelector(
        '[data-testid="message-list"] [data-testid="message"]')?.dataset.seq) < seq, oldest, { timeout: 10000 });
    }
    assert.equal(await page.getByTestId('history-note').textContent(), 'Beginning of the conversation');
    shown = await shownMessages(page);
    assertOrderedOnce(shown, 'the whole dialog');
    assert.equal(shown.length, lastSeq + 1);
    assert.equal(shown[0].seq, 1);
    assert.equal(shown[0].text, 'The very first message');
    await axeScan(page, 'dashboard with the whole history loaded (en-US)');
    t.diagnostic(`dialog ${visitor.id}: ${shown.length} messages shown once each, paged back from seq ${firstShown}`);
  } finally {
    await rest('POST', `/api/dialogs/${visitor.id}/close`, {}).catch(() => {});
    await context.close();
  }
});
