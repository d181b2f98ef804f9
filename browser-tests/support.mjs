// Shared set-up and helpers of the browser scenarios (every browser-tests/*.test.mjs file imports
// them and calls useSystem() once). See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const API = (process.env.SB_API_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ADMIN_USER = process.env.SB_ADMIN_USER ?? 'admin';
export const ADMIN_PASSWORD = process.env.SB_ADMIN_PASSWORD ?? 'admin123';
export const SITE_TOKEN = process.env.SB_SITE_TOKEN ?? 'st_dev_demo_token';
export const OPERATOR = { username: process.env.SB_OPERATOR_USER ?? 'anna', password: 'anna-e2e-password-1', display_name: 'Anna' };
export const SHOTS = new URL('./target/screenshots/', import.meta.url);
export const LIVE_TIMEOUT = 20000;

export let browser;
export let operatorToken;
export let operatorUser;
export let adminToken;
export let demoAssistantId;
export let customerSites;
export let customerPort;
export let demoBotHook; // the dev demo bot's endpoint and whether it was on before this run

// ---- helpers -------------------------------------------------------------------------------

export async function call(method, path, body, token = operatorToken) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

export async function rest(method, path, body, token = operatorToken) {
  const res = await call(method, path, body, token);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
  return res.body;
}

/** Signs in the test operator, creating it (as a member of the demo assistant) on first use. */
export async function signInOperator() {
  const admin = (await rest('POST', '/api/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD }, null)).access_token;
  const verdict = await rest('POST', '/api/validate-widget-token', { token: SITE_TOKEN, domain: new URL(API).hostname }, null);
  if (!verdict.valid) throw new Error(`the site token ${SITE_TOKEN} is not usable from ${new URL(API).hostname}: ${verdict.reason}`);
  adminToken = admin;
  demoAssistantId = verdict.assistant_id;
  let login = await call('POST', '/api/auth/login', { username: OPERATOR.username, password: OPERATOR.password }, null);
  if (login.status === 401) {
    const created = await call('POST', '/api/users', { ...OPERATOR, role: 'operator' }, admin);
    if (created.status === 409) throw new Error(`a user "${OPERATOR.username}" exists with another password; set SB_OPERATOR_USER to another name`);
    if (created.status !== 201) throw new Error(`POST /api/users → ${created.status} ${created.text}`);
    login = await call('POST', '/api/auth/login', { username: OPERATOR.username, password: OPERATOR.password }, null);
  }
  if (login.status !== 200) throw new Error(`the test operator cannot sign in: ${login.status} ${login.text}`);
  const member = await call('POST', `/api/assistants/${verdict.assistant_id}/members`, { user_id: login.body.user.id }, admin);
  if (member.status >= 300 && member.status !== 409) throw new Error(`POST /api/assistants/${verdict.assistant_id}/members → ${member.status} ${member.text}`);
  return login.body;
}

/** Switches the demo bot's webhook endpoint on or off (as the admin, through the public API). */
export async function demoBot(enabled) {
  await rest('PUT', `/api/assistants/${demoAssistantId}/webhooks/${demoBotHook.id}`, { enabled }, adminToken);
}

export function unique(label) {
  return `${label} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A fresh browser context (own storage = a new guest) that records every alert/confirm/prompt. */
export async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.dialogsSeen = [];
  context.consoleErrors = [];
  context.cspViolations = [];
  context.consoleLines = [];
  context.on('page', (page) => watchPage(context, page));
  return context;
}

export function watchPage(context, page) {
  page.on('dialog', (dialog) => {
    context.dialogsSeen.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => context.consoleErrors.push(String(err)));
  // Chromium reports every Content-Security-Policy refusal (of any frame of the page) on the console.
  page.on('console', (msg) => {
    context.consoleLines.push(msg.text());
    if (/Content Security Policy/i.test(msg.text())) context.cspViolations.push(msg.text());
  });
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: false });
}

/** Waits until a connection-state element says live (on `transport` if given). */
/** Signs in on the dashboard's login form in a new page of `context` and waits until its streams are live. */
export async function signIn(context, username, password) {
  const page = await context.newPage();
  await page.goto(`${API}/admin/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await waitLive(page);
  return page;
}

export async function waitLive(scope, transport, timeout = LIVE_TIMEOUT) {
  const selector = transport
    ? `[data-testid="connection-state"][data-state="live"][data-transport="${transport}"]`
    : '[data-testid="connection-state"][data-state="live"]';
  await scope.locator(selector).waitFor({ timeout });
}

export async function openDashboard(context) {
  const page = await context.newPage();
  await page.goto(`${API}/admin/`);
  await page.getByTestId('login-username').fill(OPERATOR.username);
  await page.getByTestId('login-password').fill(OPERATOR.password);
  await page.getByTestId('login-submit').click();
  await waitLive(page);
  return page;
}

/** Opens the demo customer site, clicks the launcher, and waits for the chat to be live. */
export async function openWidgetOnDemo(context, { live, timeout } = {}) {
  const page = await context.newPage();
  await page.goto(`${API}/demo/`);
  await page.getByTestId('sb-launcher').click();
  const frame = page.frameLocator('[data-testid="sb-frame"]');
  await waitLive(frame, live, timeout);
  return { page, frame, dialogId: await guestDialogId(page) };
}

export function chatFrame(page) {
  return page.frames().find((f) => f.url().includes('/widget/frame.html')) ?? page.mainFrame();
}

export async function guestDialogId(page) {
  const frame = chatFrame(page);
  await frame.waitForFunction(() => window.switchboard?.dialogId > 0);
  return frame.evaluate(() => window.switchboard.dialogId);
}

export async function sendFromWidget(frame, text) {
  const input = frame.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Seqs and texts of the stored (not pending) messages a message list shows, in DOM order. */
export async function shownMessages(scope) {
  return scope.locator('[data-testid="message-list"] [data-testid="message"][data-pending="false"]').evaluateAll(
    (nodes) => nodes.map((n) => ({ seq: Number(n.dataset.seq), sender: n.dataset.sender, text: n.querySelector('[data-testid="message-text"]').textContent })),
  );
}

export function assertOrderedOnce(messages, where) {
  const seqs = messages.map((m) => m.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), `${where}: seqs must be unique and ascending, got ${seqs}`);
}

/** Waits until the server-confirmed message (not only its pending bubble) is on screen. */
export async function expectStored(scope, text, timeout = 10000) {
  await scope.locator('[data-testid="message"][data-pending="false"] [data-testid="message-text"]', { hasText: text }).first().waitFor({ timeout });
}

/** Polls the API until `check(value)` holds; for server state the page changes asynchronously. */
export async function eventually(read, check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Records, inside the chat frame, every message the client newly shows (its `message` event:
 * stored messages only, each once) with the transport that was live at that moment.
 */
export async function recordShown(frame) {
  await frame.evaluate(() => {
    window.__shown = [];
    window.switchboard.on('message', ({ message }) => {
      window.__shown.push({ seq: message.seq, text: message.text, transport: window.switchboard.status.transport });
    });
  });
}

export async function expectText(scope, text, timeout = 10000) {
  await scope.locator('[data-testid="message-text"]', { hasText: text }).first().waitFor({ timeout });
  assert.equal(await scope.locator('[data-testid="message-text"]', { hasText: text }).count(), 1, `"${text}" shown exactly once`);
}

// ---- suite ---------------------------------------------------------------------------------

/** Registers the suite's set-up and tear-down: call once at the top of every scenario file. */
export function useSystem() {
before(async () => {
  try {
    const res = await fetch(`${API}/api/client-config`);
    if (!res.ok) throw new Error(`GET /api/client-config answered ${res.status}`);
  } catch (err) {
    throw new Error(`Switchboard is not reachable at ${API} (${err.message}). Start it with ./switchboard up, or set SB_API_URL.`);
  }
  const session = await signInOperator();
  operatorToken = session.access_token;
  operatorUser = session.user;
  // The demo bot (dev profile) would answer every guest of the demo assistant: the other scenarios
  // expect a quiet assistant, so its endpoint is off except in its own scenario, and restored after.
  const hooks = await call('GET', `/api/assistants/${demoAssistantId}/webhooks`, undefined, adminToken);
  const hook = hooks.status === 200 ? hooks.body.endpoints.find((e) => e.url.endsWith('/dev/demo-bot/webhook')) : undefined;
  if (hook) {
    demoBotHook = { id: hook.id, wasEnabled: hook.enabled };
    await demoBot(false);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh, empty user-data-dir of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run',
      // Pretend customer sites (shop.example.test, evil.example.test) are served by this test on
      // 127.0.0.1: on loopback, as Switchboard is, so Chromium's private-network rules allow them
      // to load widget.js from it, exactly as a public site loads it from a public Switchboard.
      '--host-resolver-rules=MAP *.example.test 127.0.0.1'],
  });
  customerSites = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/[^a-z0-9.-]/gi, '');
    const token = new URL(req.url, 'http://x').searchParams.get('token')?.replace(/[^\w-]/g, '') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${host}</title></head>
      <body style="margin:0;font:16px/1.5 Georgia,serif;background:#fdf6ec;color:#3b2f2f">
      <header style="background:#7c2d12;color:#fff;padding:24px 40px"><h1 style="margin:0">${host}</h1>A customer's own site</header>
      <main style="padding:24px 40px">Handmade teapots, shipped worldwide.</main>
      <script src="${API}/widget.js" data-site-token="${token}" async></script></body></html>`);
  });
  await new Promise((resolve) => customerSites.listen(0, '127.0.0.1', resolve));
  customerPort = customerSites.address().port;
});

after(async () => {
  if (demoBotHook) await demoBot(demoBotHook.wasEnabled);
  await browser?.close();
  customerSites?.close();
});
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page, or on the part `include` selects, and fails on any
 * serious or critical violation, naming each with its nodes. Returns all findings for diagnostics.
 */
export async function axeScan(page, name, include) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), [],
    `axe-core on ${name}: serious or critical accessibility violations`);
  return violations;
}
