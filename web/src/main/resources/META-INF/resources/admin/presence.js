// Presence on the dashboard (docs/presence.md): the team panel (an assistant's members with online / away /
// offline, live through `presence:update`), this operator's own Online / Away switch, the activity report that
// keeps an operator online while someone is at the keyboard, and the visitor's "online" / "last seen" line.
import { h, renderKeyed } from '../js/ui/dom.js';
import { ago, t } from '../js/ui/i18n.js';

/** Activity is reported at most this often; the server's idle limit is minutes (switchboard.presence.idle-after). */
const ACTIVITY_EVERY_MS = 60_000;
/** The panel re-reads the members this often besides the live events (a poll-only connection hears none). */
const REFRESH_EVERY_MS = 30_000;
const ASSISTANT_KEY = 'switchboard.admin.presence.assistant';
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'focus'];

/** The visitor's presence line of a dialog from the REST fields: "Visitor online" / "Last seen 5 minutes ago". */
export function guestPresenceText(dialog, now = Date.now()) {
  if (!dialog) return { text: '', online: false };
  if (dialog.guest_online) return { text: t('dashboard.presence.guestOnline'), online: true };
  if (dialog.guest_last_seen) return { text: t('dashboard.presence.guestLastSeen', { when: ago(dialog.guest_last_seen, now) }), online: false };
  return { text: '', online: false };
}

export class PresencePanel {
  /**
   * @param {{panel: HTMLElement, list: HTMLElement, picker: HTMLSelectElement, self: HTMLSelectElement,
   *   selfBox: HTMLElement, selfDot: HTMLElement, onError: (err: unknown, what: string) => void}} ui
   */
  constructor(ui) {
    this.ui = ui;
    this.client = null;
    this.assistants = [];
    this.assistantId = null;
    this.members = [];
    this.mine = null;
    this.lastActivity = 0;
    this.timer = null;
    this.off = [];
    this.onActivity = () => this.activity();
    ui.picker.addEventListener('change', () => {
      this.assistantId = Number(ui.picker.value);
      localStorage.setItem(ASSISTANT_KEY, String(this.assistantId));
      this.load();
    });
    ui.self.addEventListener('change', () => this.setMine(ui.self.value));
  }

  /** Starts for a signed-in operator: the assistants, the panel, the own state, activity reports. */
  async start(client, user) {
    this.stop();
    this.client = client;
    this.user = user;
    this.ui.selfBox.hidden = false;
    this.off.push(client.on('presence', (e) => this.onUpdate(e)));
    this.off.push(client.on('membership', () => this.loadAssistants()));
    this.off.push(client.on('state', (s) => { if (s.state === 'live') this.load(); }));
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.onActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', this.onActivity);
    this.timer = setInterval(() => this.load(), REFRESH_EVERY_MS);
    this.activity(true);
    await this.loadAssistants();
  }

  stop() {
    this.off.forEach((off) => off());
    this.off = [];
    clearInterval(this.timer);
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.onActivity, { capture: true });
    document.removeEventListener('visibilitychange', this.onActivity);
    this.client = null;
    this.members = [];
    this.mine = null;
    this.ui.panel.hidden = true;
    this.ui.selfBox.hidden = true;
    this.ui.list.replaceChildren();
  }

  async loadAssistants() {
    const client = this.client;
    if (!client) return;
    try {
      const { assistants = [] } = await client.api.assistants();
      if (client !== this.client) return;
      this.assistants = assistants;
      const saved = Number(localStorage.getItem(ASSISTANT_KEY));
      const ids = assistants.map((a) => a.id);
      this.assistantId = ids.includes(this.assistantId) ? this.assistantId : ids.includes(saved) ? saved : ids[0] ?? null;
      this.ui.picker.replaceChildren(...assistants.map((a) => h('option', { value: a.id }, a.name)));
      this.ui.picker.value = this.assistantId == null ? '' : String(this.assistantId);
      this.ui.picker.hidden = assistants.length < 2;
      await this.load();
    } catch (err) {
      this.ui.onError(err, t('dashboard.presence.error'));
    }
  }

  /** Reads the members of the chosen assistant. */
  async load() {
    const client = this.client;
    if (!client || this.assistantId == null) {
      this.ui.panel.hidden = true;
      return;
    }
    try {
      const answer = await client.api.presence(this.assistantId);
      if (client !== this.client || answer.assistant_id !== this.assistantId) return;
      this.members = answer.members ?? [];
      this.ui.panel.hidden = false;
      this.render();
    } catch (err) {
      if (err?.status === 401) this.ui.onError(err, t('dashboard.presence.error'));
    }
  }

  /** `presence:update`: a member of one of this operator's assistants changed state. */
  onUpdate({ assistantId, userId, state }) {
    if (assistantId !== this.assistantId) return;
    const member = this.members.find((m) => m.user_id === userId);
    if (member) {
      member.state = state;
      this.render();
    } else {
      this.load();
    }
    if (userId === this.user?.id) this.showMine(state);
  }

  render() {
    renderKeyed(this.ui.list, this.members, {
      key: (m) => `u:${m.user_id}`,
      create: () => h('li', { class: 'team__member', testid: 'presence-member' },
        h('span', { class: 'presence-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'team__name', testid: 'presence-name' }),
        h('span', { class: 'team__state', testid: 'presence-state' })),
      update: (node, m) => {
        node.dataset.userId = String(m.user_id);
        node.dataset.state = m.state;
        node.querySelector('.presence-dot').dataset.state = m.state;
        const name = m.display_name || m.username;
        node.querySelector('.team__name').textContent = m.user_id === this.user?.id ? t('dashboard.presence.you', { name }) : name;
        node.querySelector('.team__state').textContent = t(`dashboard.presence.${m.state}`);
      },
    });
    const me = this.members.find((m) => m.user_id === this.user?.id);
    if (me) this.showMine(me.state);
  }

  showMine(state) {
    this.mine = state;
    this.ui.self.value = state === 'away' ? 'away' : 'online';
    this.ui.selfDot.dataset.state = state;
  }

  async setMine(state) {
    const client = this.client;
    if (!client) return;
    try {
      const mine = await client.api.setPresence(state);
      this.showMine(mine.state);
      const member = this.members.find((m) => m.user_id === mine.user_id);
      if (member) {
        member.state = mine.state;
        this.render();
      }
    } catch (err) {
      this.ui.onError(err, t('dashboard.presence.error'));
    }
  }

  /** Someone is at the keyboard: told to the server at most once a minute (and at once when the tab comes back). */
  activity(force = false) {
    const client = this.client;
    if (!client || (document.visibilityState === 'hidden' && !force)) return;
    const now = Date.now();
    if (!force && now - this.lastActivity < ACTIVITY_EVERY_MS) return;
    this.lastActivity = now;
    client.api.reportActivity().then((mine) => {
      if (client === this.client && mine?.state) this.showMine(mine.state);
    }).catch(() => { /* the next activity tries again */ });
  }
}
