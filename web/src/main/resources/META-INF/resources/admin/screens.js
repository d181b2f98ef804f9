// Admin screens of the dashboard (admins only, but for canned replies, which operators read too): widgets (allowed
// domains → the embed snippet to copy, revoke), operators (create, deactivate, reset password),
// assistants (create, members, webhook endpoints with the secret shown once, rotate the token),
// canned replies (admin/canned.js).
// They call the same REST API as curl would (docs/protocol.md, docs/security.md, docs/bots.md);
// every word comes from the catalogue, every server error is shown by its code.
import { h } from '../js/ui/dom.js';
import { formatDateTime, t } from '../js/ui/i18n.js';
import { renderCannedScreen } from './canned.js';

/** Screens operators see too: the dialogs, and the canned replies of their assistants (admin/canned.js). */
const STAFF_SCREENS = new Set(['dialogs', 'canned']);

const WEBHOOK_EVENTS = ['guest.message', 'dialog.opened', 'handoff.requested', 'operator.took_over',
  'operator.released', 'dialog.closed'];

let fieldIds = 0;
/** A labelled form field: the label names the control (for screen readers and axe). */
function field(labelKey, control, hintKey) {
  const id = `f${++fieldIds}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, t(labelKey)), control,
    hintKey ? h('small', { class: 'field__hint' }, t(hintKey)) : null);
}

/** A button that asks once more before doing something that cannot be undone. */
function confirmButton(labelKey, testid, action) {
  const button = h('button', { type: 'button', class: 'danger', testid }, t(labelKey));
  button.addEventListener('click', async () => {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = t('admin.confirm');
      return;
    }
    button.disabled = true;
    try { await action(); } finally { button.disabled = false; }
  });
  return button;
}

/** Shows a secret once, with a copy button. */
function secretBox(labelKey, value, testid) {
  const area = h('textarea', { readonly: true, rows: '3', class: 'secret', testid }, value);
  const copy = h('button', { type: 'button', testid: `${testid}-copy` }, t('admin.copy'));
  copy.addEventListener('click', async () => {
    area.select();
    try { await navigator.clipboard.writeText(value); } catch { document.execCommand?.('copy'); }
    copy.textContent = t('admin.copied');
  });
  return h('div', { class: 'secret-box', role: 'status' }, field(labelKey, area, 'admin.shownOnce'), copy);
}

export class AdminScreens {
  constructor({ tabs, view, api, toast, failure, onScreen }) {
    Object.assign(this, { tabs, view, api, toast, failure, onScreen });
    this.screen = 'dialogs';
    this.admin = false;
    this.state = { assistantId: null, fresh: null };
    tabs.addEventListener('click', (event) => {
      const tab = event.target.closest('[data-screen]');
      if (tab) this.show(tab.dataset.screen);
    });
  }

  setAdmin(admin) {
    this.admin = admin;
    // Operators see the screens every member of an assistant uses (STAFF_SCREENS); admins see them all.
    for (const tab of this.tabs.querySelectorAll('[data-screen]')) tab.hidden = !admin && !STAFF_SCREENS.has(tab.dataset.screen);
    this.tabs.hidden = false;
    this.show('dialogs');
  }

  show(name) {
    this.screen = this.admin || STAFF_SCREENS.has(name) ? name : 'dialogs';
    this.state.fresh = null;
    for (const tab of this.tabs.querySelectorAll('[data-screen]')) {
      tab.setAttribute('aria-current', String(tab.dataset.screen === this.screen));
    }
    this.onScreen(this.screen);
    this.render();
  }

  call(method, path, body, query) {
    return this.api().request(method, path, { body, query });
  }

  /** Runs an admin action; on failure says why (by error code) and keeps the screen. */
  async run(action, { reload = true } = {}) {
    try {
      await action();
    } catch (err) {
      this.toast(this.failure(err));
      this.error(this.failure(err));
      return;
    }
    if (reload) await this.render();
  }

  error(text) {
    const box = this.view.querySelector('[data-testid="admin-error"]');
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  /** Draws the current screen from fresh API answers; `data-busy` is "true" until the newest draw is on screen. */
  async render() {
    if (this.screen === 'dialogs' || !this.api()) return;
    const screen = this.screen;
    const seq = (this.renders = (this.renders ?? 0) + 1);
    this.view.dataset.busy = 'true';
    let content;
    try {
      content = await this[`render_${screen}`]();
    } catch (err) {
      content = h('p', { class: 'admin-error', role: 'alert' }, this.failure(err));
    }
    if (screen !== this.screen || seq !== this.renders) return;
    this.view.dataset.busy = 'false';
    this.view.replaceChildren(h('h2', { class: 'screen__title' }, t(`admin.tab.${screen}`)),
      h('p', { class: 'admin-error', role: 'alert', testid: 'admin-error', hidden: true }), content);
  }

  async assistants() {
    const { assistants } = await this.call('GET', '/api/assistants');
    if (!assistants.some((a) => a.id === this.state.assistantId)) this.state.assistantId = assistants[0]?.id ?? null;
    return assistants;
  }

  assistantPicker(assistants, testid) {
    const select = h('select', { testid }, ...assistants.map((a) => h('option', { value: a.id }, a.name)));
    select.value = String(this.state.assistantId ?? '');
    select.addEventListener('change', () => { this.state.assistantId = Number(select.value); this.state.fresh = null; this.render(); });
    return field('admin.assistant', select);
  }

  // ---- canned replies (every member reads them; the assistant's admins manage them) -------------

  render_canned() {
    return renderCannedScreen(this, confirmButton);
  }

  // ---- widgets -------------------------------------------------------------------------------

  async render_widgets() {
    const assistants = await this.assistants();
    if (!this.state.assistantId) return h('p', {}, t('admin.assistants.none'));
    const { widgets } = await this.call('GET', '/api/widgets', undefined, { assistant_id: this.state.assistantId });
    const domains = h('textarea', { rows: '2', testid: 'widget-domains', placeholder: 'shop.example.com' });
    const form = h('form', { class: 'admin-form', testid: 'widget-form' },
      this.assistantPicker(assistants, 'widget-assistant'),
      field('admin.widgets.domains', domains, 'admin.widgets.domainsHint'),
      h('button', { type: 'submit', class: 'primary', testid: 'widget-create' }, t('admin.widgets.create')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const list = domains.value.split(/[\s,]+/).map((d) => d.trim()).filter(Boolean);
      this.run(async () => {
        this.state.fresh = await this.call('POST', '/api/widgets', { assistant_id: this.state.assistantId, allowed_domains: list });
      });
    });
    const fresh = this.state.fresh;
    return h('div', {},
      form,
      fresh ? secretBox('admin.widgets.snippet', fresh.embed_snippet, 'widget-snippet') : null,
      h('table', { class: 'admin-table', testid: 'widget-table' },
        h('caption', {}, t('admin.widgets.list')),
        h('thead', {}, h('tr', {}, ...['admin.widgets.domains', 'admin.created', 'admin.state', 'admin.actions']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, ...widgets.map((w) => h('tr', { testid: 'widget-row', dataset: { widgetId: w.id, revoked: String(w.revoked) } },
          h('td', { class: 'mono' }, w.allowed_domains.join(', ')),
          h('td', {}, w.created_at ? formatDateTime(w.created_at) : ''),
          h('td', { testid: 'widget-state' }, w.revoked
            ? t('admin.widgets.revoked', { reason: t(`admin.widgets.reason.${w.revoked_reason ?? 'revoked'}`) })
            : t('admin.active')),
          h('td', {}, w.revoked ? null : confirmButton('admin.widgets.revoke', 'widget-revoke',
            () => this.run(() => this.call('DELETE', `/api/widgets/${w.id}`)))))))),
      widgets.length ? null : h('p', { class: 'empty' }, t('admin.widgets.none')));
  }

  // ---- operators -----------------------------------------------------------------------------

  async render_operators() {
    const [{ users }, assistants, emails] = await Promise.all([this.call('GET', '/api/users'), this.assistants(),
      this.call('GET', '/api/users/emails')]);
    const emailOf = new Map(emails.users.map((e) => [e.user_id, e.email]));
    const username = h('input', { testid: 'operator-username', autocomplete: 'off', required: true });
    const display = h('input', { testid: 'operator-display-name', autocomplete: 'off', required: true });
    const password = h('input', { testid: 'operator-password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
    const role = h('select', { testid: 'operator-role' },
      h('option', { value: 'operator' }, t('admin.role.operator')), h('option', { value: 'admin' }, t('admin.role.admin')));
    const member = h('select', { testid: 'operator-assistant' }, h('option', { value: '' }, t('admin.operators.noAssistant')),
      ...assistants.map((a) => h('option', { value: a.id }, a.name)));
    const form = h('form', { class: 'admin-form', testid: 'operator-form' },
      field('admin.operators.username', username), field('admin.operators.displayName', display),
      field('admin.operators.password', password, 'admin.operators.passwordHint'), field('admin.operators.role', role),
      field('admin.operators.memberOf', member),
      h('button', { type: 'submit', class: 'primary', testid: 'operator-create' }, t('admin.operators.create')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(async () => {
        const user = await this.call('POST', '/api/users', { username: username.value.trim(), display_name: display.value.trim(),
          password: password.value, role: role.value });
        if (member.value) await this.call('POST', `/api/assistants/${member.value}/members`, { user_id: user.id });
        this.toast(t('admin.operators.created', { name: user.display_name }));
      });
    });
    return h('div', {}, form,
      h('table', { class: 'admin-table', testid: 'operator-table' },
        h('caption', {}, t('admin.operators.list')),
        h('thead', {}, h('tr', {}, ...['admin.operators.username', 'admin.operators.displayName', 'admin.operators.role', 'admin.state',
          'admin.operators.email', 'admin.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, ...users.map((u) => this.userRow(u, emailOf.get(u.id) ?? '')))));
  }

  /** Where the user's alerts about waiting dialogs go (issue 14); empty = none. */
  emailForm(u, email) {
    const input = h('input', { type: 'email', testid: 'operator-email', autocomplete: 'off', maxlength: '254', value: email });
    const form = h('form', { class: 'inline-form', testid: 'operator-email-form', novalidate: true },
      field('admin.operators.emailLabel', input),
      h('button', { type: 'submit', testid: 'operator-email-save' }, t('admin.operators.emailSave')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(async () => {
        const saved = await this.call('PUT', `/api/users/${u.id}/email`, { email: input.value.trim() });
        this.toast(saved.email ? t('admin.operators.emailSaved', { name: u.display_name, email: saved.email })
          : t('admin.operators.emailCleared', { name: u.display_name }));
      });
    });
    return form;
  }

  userRow(u, email = '') {
    const reset = h('input', { type: 'password', testid: 'operator-new-password', autocomplete: 'new-password', minlength: '8' });
    const resetForm = h('form', { class: 'inline-form', testid: 'operator-reset-form' },
      field('admin.operators.newPassword', reset),
      h('button', { type: 'submit', testid: 'operator-reset' }, t('admin.operators.reset')));
    resetForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(async () => {
        await this.call('POST', `/api/users/${u.id}/password`, { password: reset.value });
        this.toast(t('admin.operators.resetDone', { name: u.display_name }));
      });
    });
    const toggle = u.active
      ? confirmButton('admin.operators.deactivate', 'operator-deactivate', () => this.run(() => this.call('POST', `/api/users/${u.id}/deactivate`)))
      : h('button', { type: 'button', testid: 'operator-activate', onclick: () => this.run(() => this.call('POST', `/api/users/${u.id}/activate`)) },
        t('admin.operators.activate'));
    return h('tr', { testid: 'operator-row', dataset: { username: u.username, active: String(u.active) } },
      h('td', {}, u.username), h('td', {}, u.display_name), h('td', {}, t(`admin.role.${u.role}`)),
      h('td', { testid: 'operator-state' }, u.active ? t('admin.active') : t('admin.operators.inactive')),
      h('td', {}, this.emailForm(u, email)),
      h('td', { class: 'actions' }, toggle, resetForm));
  }

  // ---- assistants ----------------------------------------------------------------------------

  async render_assistants() {
    const assistants = await this.assistants();
    const name = h('input', { testid: 'assistant-name', autocomplete: 'off', required: true });
    const form = h('form', { class: 'admin-form', testid: 'assistant-form' }, field('admin.assistants.name', name),
      h('button', { type: 'submit', class: 'primary', testid: 'assistant-create' }, t('admin.assistants.create')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(async () => {
        const created = await this.call('POST', '/api/assistants', { name: name.value.trim() });
        this.state.assistantId = created.id;
      });
    });
    if (!this.state.assistantId) return h('div', {}, form, h('p', {}, t('admin.assistants.none')));
    const id = this.state.assistantId;
    const [{ members }, { users }, { endpoints }] = await Promise.all([
      this.call('GET', `/api/assistants/${id}/members`), this.call('GET', '/api/users'),
      this.call('GET', `/api/assistants/${id}/webhooks`)]);
    return h('div', {}, form, this.assistantPicker(assistants, 'assistant-select'),
      this.membersSection(id, members, users), this.webhooksSection(id, endpoints), this.tokenSection(id));
  }

  membersSection(id, members, users) {
    const candidates = users.filter((u) => u.active && !members.some((m) => m.id === u.id));
    const pick = h('select', { testid: 'member-user' }, ...candidates.map((u) => h('option', { value: u.id }, `${u.display_name} (${u.username})`)));
    const add = h('form', { class: 'inline-form', testid: 'member-form' }, field('admin.members.add', pick),
      h('button', { type: 'submit', testid: 'member-add', disabled: candidates.length === 0 }, t('admin.members.addButton')));
    add.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(() => this.call('POST', `/api/assistants/${id}/members`, { user_id: Number(pick.value) }));
    });
    return h('section', { class: 'admin-section', testid: 'members-section' }, h('h3', {}, t('admin.members.title')),
      h('ul', { class: 'admin-list' }, ...members.map((m) => h('li', { testid: 'member-row', dataset: { username: m.username } },
        h('span', {}, `${m.display_name} (${m.username})`),
        confirmButton('admin.members.remove', 'member-remove', () => this.run(() => this.call('DELETE', `/api/assistants/${id}/members/${m.id}`)))))),
      members.length ? null : h('p', { class: 'empty' }, t('admin.members.none')), add);
  }

  webhooksSection(id, endpoints) {
    const url = h('input', { type: 'url', testid: 'webhook-url', placeholder: 'https://bot.example.com/hook', required: true });
    const boxes = WEBHOOK_EVENTS.map((event) => {
      const box = h('input', { type: 'checkbox', value: event, checked: true, id: `ev-${event}` });
      return h('label', { class: 'check', for: `ev-${event}` }, box, ` ${event}`);
    });
    const form = h('form', { class: 'admin-form', testid: 'webhook-form' }, field('admin.webhooks.url', url),
      h('fieldset', {}, h('legend', {}, t('admin.webhooks.events')), ...boxes),
      h('button', { type: 'submit', testid: 'webhook-create' }, t('admin.webhooks.create')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const events = [...form.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value);
      this.run(async () => {
        this.state.fresh = { webhook: await this.call('POST', `/api/assistants/${id}/webhooks`, { url: url.value.trim(), events }) };
      });
    });
    const fresh = this.state.fresh?.webhook;
    return h('section', { class: 'admin-section', testid: 'webhooks-section' }, h('h3', {}, t('admin.webhooks.title')),
      h('ul', { class: 'admin-list' }, ...endpoints.map((e) => h('li', { testid: 'webhook-row' },
        h('span', { class: 'mono' }, e.url), h('span', {}, e.enabled ? t('admin.active') : t('admin.webhooks.disabled'))))),
      endpoints.length ? null : h('p', { class: 'empty' }, t('admin.webhooks.none')),
      fresh ? secretBox('admin.webhooks.secret', fresh.secret, 'webhook-secret') : null, form);
  }

  tokenSection(id) {
    const fresh = this.state.fresh?.token;
    return h('section', { class: 'admin-section', testid: 'token-section' }, h('h3', {}, t('admin.token.title')),
      h('p', {}, t('admin.token.explain')),
      confirmButton('admin.token.rotate', 'token-rotate', () => this.run(async () => {
        this.state.fresh = { token: await this.call('POST', `/api/assistants/${id}/token/rotate`) };
      })),
      fresh ? secretBox('admin.token.value', fresh.access_token, 'assistant-token') : null);
  }
}
