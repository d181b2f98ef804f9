// Canned replies in the dashboard (issue 14): the composer's picker — typing "/" at the start of a reply
// opens a list of the dialog's assistant's canned replies, filtered by what follows the "/" (the server's
// prefix filter), navigable with the arrows, Enter or Tab to insert, Escape to close, with combobox
// semantics for screen readers — and the "Canned replies" screen where members read an assistant's
// replies and its admins add, edit and delete them. The inserted text stays editable before sending.
import { OperatorApi } from '../js/switchboard-client.js';
import { h } from '../js/ui/dom.js';
import { t } from '../js/ui/i18n.js';

/** What may follow "/" while the picker is open: the characters of a reply's name (docs/operators.md). */
const SLASH_QUERY = /^\/([\p{L}\p{N}_-]{0,40})$/u;
/** Placeholders a reply's text may hold; the composer fills what it knows and selects what it does not. */
const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
/** The placeholders the composer knows (docs/operators.md). */
export const PLACEHOLDERS = Object.freeze(['guest_name', 'operator_name']);

/** The name typed after "/" when the whole composer is "/" and a partial name, else null. */
export function slashQuery(value) {
  const m = SLASH_QUERY.exec(value ?? '');
  return m ? m[1] : null;
}

/**
 * The reply's text with the placeholders filled from `values` (`{{operator_name}}`, `{{guest_name}}`); one
 * without a value stays as written, and `firstLeft` is where the first such one is, so the composer can
 * select it for the operator to type over.
 */
export function fillPlaceholders(template, values = {}) {
  const text = String(template ?? '');
  let out = '';
  let last = 0;
  let firstLeft = null;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const value = values[m[1]];
    const known = typeof value === 'string' && value.trim() !== '';
    out += text.slice(last, m.index);
    if (!known && firstLeft === null) firstLeft = { start: out.length, end: out.length + m[0].length };
    out += known ? value.trim() : m[0];
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { text: out, firstLeft };
}

let pickerIds = 0;

/**
 * The "/" picker on the reply composer. `api()` is the OperatorApi, `assistantId()` the open dialog's
 * assistant, `values()` what fills the placeholders; `onFailure(err)` reports a failed load.
 */
export class CannedPicker {
  constructor({ form, input, api, assistantId, values, onFailure }) {
    Object.assign(this, { form, input, api, assistantId, values, onFailure });
    this.id = `canned-listbox-${++pickerIds}`;
    this.items = [];
    this.active = -1;
    this.loads = 0;
    this.query = null;
    this.list = h('ul', { class: 'canned', role: 'listbox', id: this.id, testid: 'canned-list', hidden: true,
      'aria-label': t('dashboard.canned.list') });
    this.empty = h('p', { class: 'canned canned__empty', testid: 'canned-empty', role: 'status', hidden: true });
    form.classList.add('reply--canned');
    form.prepend(this.list, this.empty);
    // A text box whose popup lists completions (the pattern of GitHub's and Slack's composers).
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', this.id);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.update());
    input.addEventListener('blur', () => this.close());
    // Capture on the form: the picker's keys are handled before the composer's own Enter-to-send.
    form.addEventListener('keydown', (event) => this.onKey(event), true);
    // mousedown, not click: the composer keeps the focus, so its blur does not close the list first.
    this.list.addEventListener('mousedown', (event) => {
      const option = event.target.closest('[role="option"]');
      if (!option) return;
      event.preventDefault();
      this.choose(Number(option.dataset.index));
    });
  }

  get open() {
    return !this.list.hidden;
  }

  /** Reads the composer: opens, filters or closes the list. */
  async update() {
    const query = slashQuery(this.input.value);
    const assistantId = this.assistantId();
    if (query === null || !assistantId || this.input.disabled) {
      this.close();
      return;
    }
    this.query = query;
    const load = ++this.loads;
    let answer;
    try {
      answer = await this.api().cannedReplies(assistantId, { q: query, limit: 20 });
    } catch (err) {
      if (load === this.loads) {
        this.close();
        this.onFailure?.(err);
      }
      return;
    }
    // Only the answer to the newest keystroke is shown, and only while the composer still asks for it.
    if (load !== this.loads || slashQuery(this.input.value) !== query) return;
    this.show(answer.canned_replies ?? [], query);
  }

  show(items, query) {
    this.items = items;
    this.active = items.length ? 0 : -1;
    this.list.replaceChildren(...items.map((reply, index) => h('li', {
      role: 'option', id: `${this.id}-${index}`, class: 'canned__option', testid: 'canned-option',
      dataset: { index, name: reply.name }, 'aria-selected': 'false',
    }, h('span', { class: 'canned__name' }, `/${reply.name}`), h('span', { class: 'canned__text' }, reply.text))));
    this.list.setAttribute('aria-label', t('dashboard.canned.list'));
    this.list.hidden = items.length === 0;
    this.empty.hidden = items.length > 0;
    this.empty.textContent = items.length ? '' : t('dashboard.canned.none', { name: `/${query}` });
    this.input.setAttribute('aria-expanded', String(items.length > 0));
    this.highlight();
  }

  close() {
    this.loads++;
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    this.empty.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  highlight() {
    for (const option of this.list.children) {
      const on = Number(option.dataset.index) === this.active;
      option.setAttribute('aria-selected', String(on));
      option.classList.toggle('canned__option--active', on);
      if (on) option.scrollIntoView?.({ block: 'nearest' });
    }
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  onKey(event) {
    if (event.target !== this.input || event.isComposing) return;
    if (!this.open) {
      // Escape also dismisses the "nothing found" line.
      if (event.key === 'Escape' && !this.empty.hidden) this.close();
      // A box holding only "/" and a name is a search, never a message: Enter does not send it to the
      // visitor while the list is still loading or nothing matched (a space after it makes it text).
      if (event.key === 'Enter' && !event.shiftKey && slashQuery(this.input.value) !== null && this.assistantId()) {
        event.preventDefault();
        event.stopPropagation();
      }
      return;
    }
    const n = this.items.length;
    const handled = {
      ArrowDown: () => { this.active = (this.active + 1) % n; this.highlight(); },
      ArrowUp: () => { this.active = (this.active - 1 + n) % n; this.highlight(); },
      Home: () => { this.active = 0; this.highlight(); },
      End: () => { this.active = n - 1; this.highlight(); },
      Enter: () => this.choose(this.active),
      Tab: () => this.choose(this.active),
      Escape: () => this.close(),
    }[event.key];
    if (!handled || (event.key === 'Enter' && event.shiftKey)) return;
    event.preventDefault();
    event.stopPropagation();
    handled();
  }

  /** Puts the reply into the composer (placeholders filled) for the operator to edit and send. */
  choose(index) {
    const reply = this.items[index];
    if (!reply) return;
    const { text, firstLeft } = fillPlaceholders(reply.text, this.values?.() ?? {});
    this.close();
    this.input.value = text;
    this.input.focus();
    if (firstLeft) this.input.setSelectionRange(firstLeft.start, firstLeft.end);
    else this.input.setSelectionRange(text.length, text.length);
    // The composer's other listeners (typing indicator) see the change as typed text.
    this.input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

// ---- the "Canned replies" screen ---------------------------------------------------------------

let fieldIds = 0;
function field(labelKey, control, hint) {
  const id = `canned-f${++fieldIds}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, t(labelKey)), control,
    hint ? h('small', { class: 'field__hint' }, hint) : null);
}

function replyForm({ reply, testid, submitKey, onSubmit, onCancel }) {
  const name = h('input', { testid: `${testid}-name`, autocomplete: 'off', required: true, maxlength: '40',
    spellcheck: 'false', value: reply?.name ?? '' });
  const text = h('textarea', { testid: `${testid}-text`, rows: '3', required: true, maxlength: '4000' }, reply?.text ?? '');
  const form = h('form', { class: 'admin-form canned-form', testid },
    field('admin.canned.name', name, t('admin.canned.nameHint')),
    h('div', { class: 'canned-form__text' }, field('admin.canned.text', text,
      [t('admin.canned.textHint'), ' ', h('code', { class: 'mono' }, PLACEHOLDERS.map((p) => `{{${p}}}`).join(' '))])),
    h('button', { type: 'submit', class: 'primary', testid: `${testid}-save` }, t(submitKey)),
    onCancel ? h('button', { type: 'button', testid: `${testid}-cancel`, onclick: onCancel }, t('admin.canned.cancel')) : null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit({ name: name.value.trim(), text: text.value.trim() });
  });
  return form;
}

/**
 * Draws the screen inside AdminScreens (`screens`: call, run, assistants, assistantPicker, state,
 * confirmButton): an assistant picker, the replies, and for its admins the add, edit and delete controls.
 */
export async function renderCannedScreen(screens, confirmButton) {
  const assistants = await screens.assistants();
  if (!screens.state.assistantId) return h('p', {}, t('admin.canned.noAssistants'));
  const id = screens.state.assistantId;
  const api = new OperatorApi(screens.api());
  const { canned_replies: replies, can_manage: canManage } = await api.cannedReplies(id);
  const editing = screens.state.cannedEditing;
  const rows = replies.map((reply) => {
    if (canManage && editing === reply.id) {
      return h('li', { class: 'canned-row', testid: 'canned-row', dataset: { name: reply.name } }, replyForm({
        reply, testid: 'canned-edit', submitKey: 'admin.canned.save',
        onSubmit: (body) => screens.run(async () => {
          await api.updateCannedReply(id, reply.id, body);
          screens.state.cannedEditing = null;
        }),
        onCancel: () => { screens.state.cannedEditing = null; screens.render(); },
      }));
    }
    return h('li', { class: 'canned-row', testid: 'canned-row', dataset: { name: reply.name } },
      h('div', { class: 'canned-row__body' },
        h('span', { class: 'canned__name mono', testid: 'canned-row-name' }, `/${reply.name}`),
        h('span', { class: 'canned-row__text', testid: 'canned-row-text' }, reply.text)),
      canManage ? h('div', { class: 'actions' },
        h('button', { type: 'button', testid: 'canned-edit-open', 'aria-label': t('admin.canned.editNamed', { name: `/${reply.name}` }),
          onclick: () => { screens.state.cannedEditing = reply.id; screens.render(); } }, t('admin.canned.edit')),
        confirmButton('admin.canned.delete', 'canned-delete',
          () => screens.run(() => api.deleteCannedReply(id, reply.id)))) : null);
  });
  return h('div', {},
    screens.assistantPicker(assistants, 'canned-assistant'),
    h('p', { class: 'field__hint canned-explain' }, t('admin.canned.explain')),
    canManage ? replyForm({
      testid: 'canned-form', submitKey: 'admin.canned.create',
      onSubmit: (body) => screens.run(async () => {
        const created = await api.createCannedReply(id, body);
        screens.toast(t('admin.canned.created', { name: `/${created.name}` }));
      }),
    }) : h('p', { class: 'empty', testid: 'canned-read-only' }, t('admin.canned.readOnly')),
    h('section', { class: 'admin-section', testid: 'canned-section' },
      h('h3', {}, t('admin.canned.list')),
      h('ul', { class: 'admin-list canned-list' }, ...rows),
      replies.length ? null : h('p', { class: 'empty', testid: 'canned-none' }, t('admin.canned.none'))));
}
