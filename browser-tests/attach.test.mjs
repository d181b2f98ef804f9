// Attachments end to end: a visitor sends an image from the widget on the demo page, it shows in the widget as a
// thumbnail and reaches the operator's dashboard as an image (fetched through a signed link); the operator takes
// over and sends a PDF back, which the widget shows as a download link. Screenshots for docs/operators.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  API,
  axeScan,
  newContext,
  openDashboard,
  openWidgetOnDemo,
  screenshot,
  sendFromWidget,
  expectStored,
  unique,
  useSystem,
} from './support.mjs';

useSystem();

/** A 64 × 40 PNG with a coloured band, drawn by Chromium itself (no binary fixture in the repository). */
async function drawPng(page) {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 40;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fde68a';
    g.fillRect(0, 0, 64, 40);
    g.fillStyle = '#db2777';
    g.beginPath();
    g.arc(32, 20, 14, 0, Math.PI * 2);
    g.fill();
    return canvas.toDataURL('image/png').split(',')[1];
  });
  return Buffer.from(base64, 'base64');
}

/** Waits until an <img> of an attachment in `scope` has really loaded (its signed link answered with the bytes). */
async function imageLoaded(scope) {
  const img = scope.locator('[data-testid="message"][data-pending="false"] [data-testid="attachment-image"]').first();
  await img.waitFor({ timeout: 15000 });
  await img.evaluate((el) => new Promise((resolve, reject) => {
    const check = () => (el.complete && el.naturalWidth > 0 ? resolve() : null);
    if (check() === undefined) return;
    el.addEventListener('load', () => resolve(), { once: true });
    el.addEventListener('error', () => reject(new Error(`image failed: ${el.src}`)), { once: true });
    setTimeout(() => reject(new Error(`image not loaded: ${el.src}`)), 15000);
  }));
  return img;
}

describe('attachments', () => {
  test('an image the visitor sends in the widget is seen by the operator in the dashboard', async () => {
    const visitor = await newContext({ locale: 'en-US' });
    const operator = await newContext({ locale: 'en-US' });
    try {
      const { page, frame, dialogId } = await openWidgetOnDemo(visitor);
      const hello = unique('photo of the order');
      await sendFromWidget(frame, hello);
      await expectStored(frame, hello);
      const png = await drawPng(page);
      await frame.locator('[data-testid="attach-button"]:not([disabled])').waitFor();
      await frame.getByTestId('attach-input').setInputFiles({ name: 'order-photo.png', mimeType: 'image/png', buffer: png });
      const mine = await imageLoaded(frame);
      assert.equal(await mine.getAttribute('alt'), 'order-photo.png');
      const src = await mine.getAttribute('src');
      assert.match(src, /\/api\/attachments\/[0-9a-f-]{36}\?variant=thumbnail&exp=\d+&sig=/);
      assert.equal(await frame.locator('[data-testid="message"] [data-testid="attachment-image"]').count(), 1, 'shown once');
      await screenshot(page, 'widget-attachment-image');

      const dashboard = await openDashboard(operator);
      await dashboard.locator(`[data-testid="dialog-item"][data-dialog-id="${dialogId}"]`).click();
      const seen = await imageLoaded(dashboard);
      assert.equal(await seen.getAttribute('alt'), 'order-photo.png');
      const seq = await dashboard.locator('[data-testid="message"][data-pending="false"]:has([data-testid="attachment-image"])')
        .getAttribute('data-seq');
      const stored = await (await fetch(`${API}/api/dialogs/${dialogId}/messages`, {
        headers: { Authorization: `Bearer ${await dashboard.evaluate(() => sessionStorage.getItem('switchboard.admin.token'))}` },
      })).json();
      const message = stored.messages.find((m) => m.attachment);
      assert.equal(String(message.seq), seq, 'the dashboard shows the stored message, with its seq');
      assert.equal(message.attachment.content_type, 'image/png');
      assert.equal(message.attachment.width, 64);

      // The operator answers with a PDF; the visitor gets a download link with its name and size.
      await dashboard.getByTestId('btn-takeover').click();
      await dashboard.locator('[data-testid="dialog-status"][data-status="operator"]').waitFor();
      await dashboard.locator('[data-testid="attach-button"]:not([disabled])').waitFor();
      await dashboard.getByTestId('attach-input').setInputFiles({ name: 'price-list.pdf', mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
      const fileLink = frame.locator('[data-testid="message"][data-pending="false"] [data-testid="attachment-link"]', { hasText: 'price-list.pdf' });
      await fileLink.waitFor({ timeout: 15000 });
      await frame.locator('[data-testid="message"][data-pending="false"] a.attachment--file[href*="/api/attachments/"]').waitFor();
      assert.match(await fileLink.getAttribute('aria-label'), /price-list\.pdf, \d+ B, download/);
      await dashboard.locator('[data-testid="message"][data-pending="false"] [data-testid="attachment-link"]', { hasText: 'price-list.pdf' }).waitFor();
      await screenshot(dashboard, 'dashboard-attachments');
      await axeScan(dashboard, 'dashboard with attachments', '[data-testid="message-list"]');
      assert.deepEqual(visitor.consoleErrors, []);
      assert.deepEqual(operator.consoleErrors, []);
      assert.deepEqual([...visitor.cspViolations, ...operator.cspViolations], []);
    } finally {
      await visitor.close();
      await operator.close();
    }
  });

  test('a refused file says why in the visitor\'s language and stores nothing', async () => {
    const visitor = await newContext({ locale: 'ru-RU' });
    try {
      const { frame } = await openWidgetOnDemo(visitor);
      await frame.locator('[data-testid="attach-button"]:not([disabled])').waitFor();
      await frame.getByTestId('attach-input').setInputFiles({ name: 'invoice.html', mimeType: 'text/html',
        buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
      const error = frame.getByTestId('widget-error');
      await error.waitFor({ state: 'visible', timeout: 10000 });
      assert.match(await error.textContent(), /invoice\.html не отправлен: Такой файл отправить нельзя/);
      await frame.locator('[data-testid="message"][data-pending="true"]').waitFor();
      assert.equal(await frame.locator('[data-testid="message"][data-pending="false"]').count(), 0);
      assert.deepEqual(visitor.dialogsSeen, [], 'nothing ran');
    } finally {
      await visitor.close();
    }
  });
});
