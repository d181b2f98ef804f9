// How a TypeScript application uses @switchboard/client, compiled strictly against the package's
// declarations (resolved through package.json "exports", as an application resolves them).
// `node build.mjs check` (the web module's test phase) fails when this no longer compiles.
import {
  ApiError, CloseCode, classifyClose, GuestClient, OperatorClient, redactUrl, TRANSPORT_ORDER,
  type ConnectionStatus, type Dialog, type Message, type ViewItem,
} from '@switchboard/client';

function render(items: ViewItem[]): string[] {
  return items.map((item) => ('pending' in item && item.pending
    ? `${item.text}${item.failed ? ` (not sent: ${item.error ?? ''})` : ' …'}`
    : `#${item.seq} ${item.sender}: ${item.text}`));
}

function showState(status: ConnectionStatus): string {
  switch (status.state) {
    case 'live': return `live over ${status.transport ?? '?'}`;
    case 'offline': return `offline, retry in ${status.retryInMs ?? 0} ms: ${status.reason ?? ''}`;
    case 'unauthorized': return 'sign in again';
    default: return status.state;
  }
}

export async function visitor(saved: string | null): Promise<Message> {
  const guest = new GuestClient({
    siteToken: 'st_example', guestToken: saved, onGuestToken: (token: string) => { void token; },
    transports: ['ws', 'sse'], historyWindow: 100,
  });
  const off = guest.on('change', ({ dialogId }) => render(guest.view(dialogId)));
  guest.on('state', (s) => showState(s));
  guest.on('message', ({ message }) => message.seq);
  guest.on('typing', ({ state }) => state === true);
  const dialog: Dialog = await guest.start();
  const status: string = dialog.status;
  void status;
  guest.typing(true);
  const sent = await guest.send('Hello');
  await guest.markRead();
  if (guest.dialog?.status === 'closed') await guest.restart();
  off();
  guest.stop();
  return sent;
}

export async function operator(username: string, password: string): Promise<void> {
  const { access_token: token, user } = await OperatorClient.login({ username, password });
  const op = new OperatorClient({ token, user, endpoints: { admin_ws_url: '' } });
  op.on('dialog', ({ type, dialog }) => (type === 'dialog:new' ? dialog.id : dialog.last_seq));
  op.on('notification', (n) => `${n.kind} #${n.seq}`);
  op.on('notification-read', ({ unread }) => unread);
  op.on('unauthorized', () => op.stop());
  op.on('presence', ({ userId, state }) => (state === 'away' ? userId : 0));
  await op.start();
  const team = await op.api.presence(1);
  const online = team.members.filter((m) => m.state === 'online').map((m) => m.display_name);
  void online;
  const mine = await op.api.setPresence('away');
  void (mine.away === true);
  const { notifications, unread } = await op.loadNotifications(20);
  void notifications; void unread;
  const { dialogs } = await op.api.listDialogs({ status: 'waiting_operator' });
  const first = dialogs[0];
  if (!first) return;
  const lastSeen: string | undefined = first.guest_online ? undefined : first.guest_last_seen;
  void lastSeen;
  await op.watch(first.id, { lastSeq: first.last_seq });
  const { added, hasOlder } = await op.loadOlder(first.id);
  void (added.map((m) => m.seq)); void hasOlder;
  const found = await op.api.searchDialogs('заказа', { limit: 20, offset: 0 });
  const marks = found.dialogs.flatMap((d) => d.match?.highlights.map(([start, end]) => d.match?.snippet.slice(start, end)) ?? []);
  void marks; void (found.has_more ? found.next_offset : 0);
  const older = await op.api.messages(first.id, { beforeSeq: first.last_seq + 1, limit: 50 });
  void (older.has_more ? older.next_before_seq : null);
  try {
    await op.api.takeover(first.id);
    await op.send(first.id, 'Здравствуйте!');
  } catch (err) {
    if (err instanceof ApiError && err.code === 'already_taken') return;
    throw err;
  }
  op.typing(first.id, false);
  await op.markRead(first.id);
  op.connection?.reconnectNow();
  op.unwatch(first.id);
  const cursor: number | null = op.notificationCursor;
  await op.api.markAllNotificationsRead(cursor);
  const { canned_replies: replies, can_manage: canManage } = await op.api.cannedReplies(first.assistant_id ?? 1, { q: 'ref' });
  if (canManage) {
    const reply = await op.api.createCannedReply(first.assistant_id ?? 1, { name: 'refund', text: 'Your refund is on its way.' });
    await op.api.updateCannedReply(reply.assistant_id, reply.id, { name: reply.name, text: `${reply.text} {{operator_name}}` });
    await op.api.deleteCannedReply(reply.assistant_id, reply.id);
  }
  void replies.map((r) => `/${r.name}: ${r.text}`);
  await op.api.logout();
}

export const reconnectsOnSlowConsumer = classifyClose({ code: CloseCode.SLOW_CONSUMER, reason: 'reconnect_after_ms=500' }).action === 'retry';
export const order: readonly string[] = TRANSPORT_ORDER;
export const masked: string = redactUrl('wss://x/ws?ticket=secret');

// Mistakes the declarations must refuse (each line would fail the build without its @ts-expect-error):
// @ts-expect-error a guest client needs its options
new GuestClient();
// @ts-expect-error events have fixed names
new GuestClient({ assistantId: 1 }).on('mesage', () => {});
// @ts-expect-error an operator client needs a token
new OperatorClient({ user: null });
// @ts-expect-error the state is one of a closed set
export const wrongState: ConnectionStatus['state'] = 'online';
