/**
 * Types of @switchboard/client v1: the public API of switchboard-client.js (docs/clients.md).
 *
 * Hand-written and checked in the build (`./mvnw -pl web verify` runs `tsc`): a typed usage file
 * compiles against these declarations, and the JavaScript sources are checked against them, so a
 * declaration that no longer matches the code fails the build.
 */

// ---------------------------------------------------------------- shapes the server sends

/** Who wrote a message. */
export type Sender = 'user' | 'assistant' | 'operator' | 'system';

/**
 * A file or image a message carries (`message.attachment`). The bytes come through a short-lived signed link
 * (`attachmentLink`); `content_type` was sniffed from the bytes by the server.
 */
export interface Attachment {
  id: string;
  name: string;
  content_type: string;
  size: number;
  width?: number;
  height?: number;
  has_thumbnail: boolean;
  [field: string]: unknown;
}

/** A file still being uploaded, on its pending bubble. */
export interface UploadingAttachment {
  name: string;
  size: number;
  content_type: string | null;
  uploading: true;
}

/** A signed download link (absolute), the thumbnail's when there is one, and when both expire. */
export interface AttachmentLink {
  url: string;
  thumbnail_url: string | null;
  expires_at: string;
  [field: string]: unknown;
}

/** A stored message (REST pages, `message:new` events, the answer to a send). */
export interface Message {
  id?: number;
  dialog_id: number;
  /** Gapless per dialog, from 1: the order and the identity of a message. */
  seq: number;
  sender: Sender | (string & {});
  author?: string | null;
  /**
   * An operator's or admin's message: the user who wrote it. Posting moved that user's read watermark
   * (`user:{author_id}`) to this seq; the clients emit it as `read`, no separate `read` event is sent.
   */
  author_id?: number;
  text: string;
  client_msg_id?: string | null;
  created_at?: string;
  /** Present when the message carries a file or image; `text` is then its name. */
  attachment?: Attachment;
  [field: string]: unknown;
}

/** An optimistic bubble of a message being sent, keyed by its `client_msg_id`. */
export interface PendingMessage {
  client_msg_id: string;
  text: string;
  sender: Sender | (string & {});
  author: string | null;
  pending: true;
  failed: boolean;
  /** Why the send failed, when `failed`. */
  error?: string;
  seq: null;
  /** A file being uploaded. */
  attachment?: UploadingAttachment;
}

/** What a dialog's view holds: confirmed messages in seq order, then pending bubbles. */
export type ViewItem = Message | PendingMessage;

export type DialogStatus = 'bot' | 'waiting_operator' | 'operator' | 'closed';

/** A dialog as REST and `dialog:new` / `dialog:update` carry it (more fields pass through). */
export interface Dialog {
  id: number;
  assistant_id?: number;
  status: DialogStatus | (string & {});
  /** The newest message's seq. */
  last_seq: number;
  guest_label?: string;
  /** The team's unread count (REST list: this operator's own). */
  unread?: number;
  /** REST list and detail: the visitor has a widget connection open now. */
  guest_online?: boolean;
  /** REST list and detail: when the visitor was last connected (ISO 8601), absent when never. */
  guest_last_seen?: string;
  [field: string]: unknown;
}

/** The newest message of a found dialog whose words matched the search. */
export interface SearchMatch {
  seq: number;
  sender: string;
  created_at: string;
  /** Plain text around the matched words (never markup). */
  snippet: string;
  /** `[start, end)` JavaScript string indexes of the matched words in `snippet`. */
  highlights: Array<[number, number]>;
}

/** A page of search results; each dialog has `match` unless only its guest matched. */
export interface DialogSearchResult {
  dialogs: Array<Dialog & { match?: SearchMatch }>;
  has_more: boolean;
  next_offset?: number;
  [field: string]: unknown;
}

/** A stored notification of an operator (`notification:new`). */
export interface Notification {
  id: number;
  /** Per user, 1, 2, 3, …: the resume cursor. */
  seq: number;
  kind: string;
  payload?: unknown;
  created_at?: string;
  read_at?: string | null;
  [field: string]: unknown;
}

/** An event envelope or control frame as a stream delivers it. */
export interface Frame {
  type: string;
  [field: string]: unknown;
}

// ---------------------------------------------------------------- state and events

export type TransportKind = 'ws' | 'sse' | 'poll';
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'offline' | 'unauthorized' | 'error' | 'closed';

/** `client.status` and the `state` event. */
export interface ConnectionStatus {
  state: ConnectionState;
  transport: TransportKind | null;
  /** Why the client is not live, or why it is live on a fallback. */
  reason?: string;
  /** The close code (or the HTTP status mapped onto one) behind the state. */
  code?: number;
  /** While `offline`: the delay before the next attempt. */
  retryInMs?: number;
  /** The live stream's URL with every credential masked. */
  url?: string;
  /** Live on a fallback: the transports given up on. */
  fallbackFrom?: TransportKind[];
  [field: string]: unknown;
}

/** The events both clients emit, by name (`client.on(name, listener)`). */
export interface ClientEvents {
  state: ConnectionStatus;
  /** The dialog's view changed; `older` when a page of older history went in front (`loadOlder`). */
  change: { dialogId: number; older?: boolean };
  message: { dialogId: number; message: Message };
  pending: { dialogId: number; bubble: PendingMessage | null };
  dialog: { type: 'loaded' | 'dialog:new' | 'dialog:update'; dialog: Dialog };
  typing: { dialogId: number; who?: string; author?: string; state: boolean };
  /**
   * A reader's watermark moved: from a `read` event, and from a staff message (`message.author_id`, whichever way
   * it arrived) or its `dialog:update` (the envelope's `reader`), since a post sends no `read` of its own.
   */
  read: { dialogId: number; reader: string; seq: number };
  notification: Notification;
  'notification-read': { ids: number[] | null; upToSeq: number | null; unread?: number };
  membership: { assistantId: number; change: 'added' | 'assistant_created' | (string & {}) };
  /** A member of one of this operator's assistants came online, went away or offline (`presence:update`). */
  presence: { assistantId: number; userId: number; state: PresenceState };
  event: Frame;
  unauthorized: { code?: number; reason?: string; [field: string]: unknown };
  'server-error': Frame & { code?: string; message?: string };
  connected: Frame & { transport: TransportKind };
}

export type Unsubscribe = () => void;

/** A tiny event emitter: a throwing listener never stops the others. */
export class Emitter<Events extends object = Record<string, unknown>> {
  on<K extends keyof Events & string>(type: K, listener: (value: Events[K]) => void): Unsubscribe;
  once<K extends keyof Events & string>(type: K, listener: (value: Events[K]) => void): Unsubscribe;
  off<K extends keyof Events & string>(type: K, listener: (value: Events[K]) => void): void;
  emit<K extends keyof Events & string>(type: K, value: Events[K]): void;
}

// ---------------------------------------------------------------- clients

/** The browser objects a client uses; each can be replaced (tests, server-side runtimes). */
export interface Environment {
  /** The page URL that an empty endpoint base resolves against. Default: `location.href`. */
  location?: string;
  fetchImpl?: typeof fetch;
  WebSocketImpl?: typeof WebSocket;
  EventSourceImpl?: typeof EventSource;
  timers?: {
    setTimeout(handler: () => void, ms?: number): unknown;
    clearTimeout(id: any): void;
  };
  /** Returns a number in [0, 1). */
  random?: () => number;
  log?: Pick<Console, 'warn' | 'info' | 'error'> & Partial<Console>;
}

/** Options both clients take (all optional; defaults in docs/clients.md). */
export interface ClientOptions extends Environment {
  /** Where the REST API is. Default: the page's origin. */
  apiBase?: string;
  /** Skips `GET /api/client-config`. Empty string: the page's origin. */
  endpoints?: { widget_ws_url?: string; admin_ws_url?: string };
  /** Order and subset of transports. Default `['ws', 'sse', 'poll']`. */
  transports?: TransportKind[];
  backoffBaseMs?: number;
  backoffCapMs?: number;
  failuresBeforeFallback?: number;
  probeMinMs?: number;
  probeMaxMs?: number;
  stableAfterMs?: number;
  /** The widget (GuestClient) opens with at least this many messages (default 500); operators page back with `loadOlder`. */
  historyWindow?: number;
  /** Messages per REST page: history (newest page, each older page), catch-up and long-poll. Default 200. */
  pageSize?: number;
  pollWaitSeconds?: number;
  listPollMs?: number;
  gapCheckDelayMs?: number;
  openTimeoutMs?: number;
}

export interface GuestClientOptions extends ClientOptions {
  /** A widget's site token (embedded on a customer's site)… */
  siteToken?: string;
  /** …or an assistant id (Switchboard's own pages). One of the two is required. */
  assistantId?: number | string;
  /** The credential the page kept from an earlier visit; none for a new visitor. */
  guestToken?: string | null;
  /** Called when the server issued a credential: keep it for the next visit. */
  onGuestToken?: (guestToken: string) => void;
  /** What operators see about the visitor, sent when the dialog is opened (docs/protocol.md `context`). */
  context?: GuestContext;
}

/** The visitor's page and language (and name and email when given), shown to the dialog's operators. */
export interface GuestContext {
  page_url?: string;
  locale?: string;
  name?: string;
  email?: string;
}

export interface User {
  id: number;
  username?: string;
  role?: 'admin' | 'operator' | (string & {});
  display_name?: string | null;
  [field: string]: unknown;
}

export interface OperatorClientOptions extends ClientOptions {
  /** The access token of `OperatorClient.login`. */
  token: string;
  user?: User | null;
}

export interface LoginResult {
  access_token: string;
  expires_in: number;
  user: User;
  [field: string]: unknown;
}

export interface MessagePage {
  dialog_id?: number;
  last_seq?: number;
  messages: Message[];
  /** Pages read back with `beforeSeq`: whether older messages exist, and the cursor of the next older page. */
  has_more?: boolean;
  next_before_seq?: number;
  [field: string]: unknown;
}

export interface PageQuery {
  afterSeq?: number;
  /** The newest `limit` messages below this seq (scrolling back); not with `afterSeq` or `wait`. */
  beforeSeq?: number;
  limit?: number;
  /** Long-poll: seconds the server may hold the request. */
  wait?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** An HTTP answer other than 2xx (`code` from the server's `{"error"}`), or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(status: number, code?: string, message?: string, where?: { method?: string; path?: string });
  status: number;
  /** A stable error code (`take_over_first`, `network`, `http_502`, …): translate this, not the message. */
  code: string | undefined;
  method: string | undefined;
  path: string | undefined;
}

/** JSON in, JSON out, the bearer token when one is set. Resolves with the parsed body (null for 204). */
export class RestClient {
  constructor(options: { baseUrl: string; fetchImpl?: typeof fetch; getToken?: () => string | null | undefined; timeoutMs?: number });
  baseUrl: string;
  timeoutMs: number;
  request(method: string, path: string, options?: RequestOptions): Promise<any>;
}

/** The dashboard's views of the dialog list (`GET /api/dialogs?view=`). */
export type DialogView = 'mine' | 'unassigned' | 'waiting' | 'all';

/** Open dialogs per view for the caller. */
export interface DialogViewCounts {
  mine: number;
  unassigned: number;
  waiting: number;
  all: number;
}

/** `GET /api/dialogs/{id}/assignees`: the members a dialog may go to. */
export interface Assignees {
  dialog_id: number;
  can_assign: boolean;
  assignees: Array<{ id: number; username: string; display_name: string; presence: 'online' | 'away' | 'offline'; open_dialogs: number }>;
}

/** Every REST call an operator makes (Bearer token). */
export class OperatorApi {
  constructor(rest: RestClient);
  rest: RestClient;
  clientConfig(): Promise<{ widget_ws_url?: string; admin_ws_url?: string; [field: string]: unknown }>;
  login(username: string, password: string): Promise<LoginResult>;
  wsTicket(): Promise<{ ticket: string; [field: string]: unknown }>;
  logout(): Promise<unknown>;
  listDialogs(query?: { status?: string; limit?: number; view?: DialogView }):
    Promise<{ dialogs: Dialog[]; view?: DialogView; counts?: DialogViewCounts; [field: string]: unknown }>;
  /** `GET /api/dialogs?q=`: the caller's dialogs whose messages (Russian and English word forms) or guest match. */
  searchDialogs(q: string, query?: { status?: string; assistantId?: number; limit?: number; offset?: number; signal?: AbortSignal }):
    Promise<DialogSearchResult>;
  dialog(id: number): Promise<Dialog>;
  messages(id: number, query?: PageQuery): Promise<MessagePage>;
  send(id: number, body: { text: string; clientMsgId: string }): Promise<Message>;
  /** Multipart upload of a file into the dialog; answers the message that carries it. */
  upload(id: number, file: Blob, options?: { clientMsgId?: string; timeoutMs?: number }): Promise<Message>;
  attachmentLink(id: number, attachmentId: string): Promise<AttachmentLink>;
  takeover(id: number): Promise<Dialog>;
  release(id: number): Promise<Dialog>;
  assign(id: number, userId: number): Promise<Dialog>;
  assignees(id: number): Promise<Assignees>;
  close(id: number): Promise<Dialog>;
  read(id: number, seq: number): Promise<unknown>;
  notifications(query?: { after?: number; limit?: number; order?: 'newest'; signal?: AbortSignal }):
    Promise<{ notifications: Notification[]; unread: number; last_seq: number }>;
  markNotificationRead(id: number): Promise<unknown>;
  markAllNotificationsRead(upToSeq?: number | null): Promise<unknown>;
  assistants(): Promise<{ assistants: { id: number; name: string }[] }>;
  presence(assistantId: number): Promise<AssistantPresence>;
  myPresence(): Promise<MyPresence>;
  setPresence(state: 'online' | 'away'): Promise<MyPresence>;
  reportActivity(): Promise<MyPresence>;
  /** An assistant's canned replies by name; `q` keeps those whose name starts with it (any case, a leading `/` ignored). */
  cannedReplies(assistantId: number, query?: { q?: string; limit?: number; signal?: AbortSignal }): Promise<CannedReplies>;
  /** The assistant's admins only; 409 `canned_reply_name_taken` when another reply has the name in any case. */
  createCannedReply(assistantId: number, body: { name: string; text: string }): Promise<CannedReply>;
  updateCannedReply(assistantId: number, id: number, body: { name: string; text: string }): Promise<CannedReply>;
  deleteCannedReply(assistantId: number, id: number): Promise<null>;
}

/** An operator's presence across every admin-ws node. */
export type PresenceState = 'online' | 'away' | 'offline';

/** `GET /api/presence?assistant_id=`. */
export interface AssistantPresence {
  assistant_id: number;
  idle_after_seconds: number;
  members: { user_id: number; username: string; display_name: string; role: string; state: PresenceState }[];
}

/** `GET|PUT /api/presence/me`, `POST /api/presence/me/activity`: `away` is true while set away by hand. */
export interface MyPresence {
  user_id: number;
  state: PresenceState;
  away: boolean;
}

/** A ready answer of an assistant's team, inserted in the composer by `/` and its name. */
export interface CannedReply {
  id: number;
  assistant_id: number;
  /** A lower-case slug, unique per assistant: letters, digits, `-`, `_` (e.g. `refund`, `возврат`). */
  name: string;
  text: string;
  /** The user who wrote it (null once that account is gone). */
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** `GET /api/assistants/{id}/canned-replies`: the replies, and whether this user may add, edit and delete them. */
export interface CannedReplies {
  canned_replies: CannedReply[];
  can_manage: boolean;
}

/** Every REST call a website visitor makes (`/api/site/…` or `/api/widget/…`). */
export class GuestApi {
  constructor(rest: RestClient, credentials: { siteToken?: string; assistantId?: number | string; guestToken?: string | null; context?: GuestContext });
  rest: RestClient;
  mode: 'site' | 'widget';
  siteToken: string | undefined;
  assistantId: number | string | undefined;
  guestToken: string | undefined;
  context: GuestContext | undefined;
  clientConfig(): Promise<{ widget_ws_url?: string; admin_ws_url?: string; [field: string]: unknown }>;
  openDialog(): Promise<{ dialog: Dialog; issued: boolean }>;
  messages(id: number, query?: PageQuery): Promise<MessagePage>;
  send(id: number, body: { text: string; clientMsgId: string }): Promise<Message>;
  /** Multipart upload of a file into the guest's dialog; answers the message that carries it. */
  upload(id: number, file: Blob, options?: { clientMsgId?: string; timeoutMs?: number }): Promise<Message>;
  attachmentLink(id: number, attachmentId: string): Promise<AttachmentLink>;
  handoff(id: number): Promise<Dialog>;
  read(id: number, seq: number): Promise<unknown>;
  validateToken(domain: string): Promise<{ valid: boolean; reason?: string; [field: string]: unknown }>;
  /** `GET …/dialogs/{id}/availability`. */
  availability(id: number): Promise<Availability>;
  /** `PUT …/dialogs/{id}/email`: replies the visitor does not see in the chat are mailed there. */
  saveEmail(id: number, email: string, locale?: string): Promise<Availability>;
  /** `DELETE …/dialogs/{id}/email`. */
  removeEmail(id: number): Promise<null>;
}

/** Whether an operator of the assistant is online now, and the visitor's address for replies by email. */
export interface Availability {
  operators_online: boolean;
  email: string | null;
  /** False when the service sends no email: the widget then asks for no address. */
  email_enabled: boolean;
}

/** What both clients share: one ordered message list per dialog, the live stream, sends with retry. */
declare class RealtimeClient extends Emitter<ClientEvents> {
  /** `idle` before `start()`. */
  readonly status: ConnectionStatus;
  /** The socket bases in use once started. */
  endpoints: { ws: string; http: string } | null;
  stopped: boolean;
  /** The live stream's state machine; null before `start()`. */
  connection: Connection | null;
  /** What to render for a dialog: confirmed messages in seq order, then pending bubbles. */
  view(dialogId: number): ViewItem[];
  /** The highest seq held with no gap below it: where every (re)connect resumes. */
  lastSeq(dialogId: number): number;
  /**
   * Loads the page before the oldest message held (`before_seq`) and puts it in front; `hasOlder`
   * says whether more exist. One request per dialog at a time.
   */
  loadOlder(dialogId: number): Promise<{ added: Message[]; hasOlder: boolean }>;
  /** Starts the live stream over from WebSocket (after a network change). */
  reconnect(): void;
  stop(): void;
  /** Sends a failed message again with the same client_msg_id (stored at most once). */
  retry(clientMsgId: string): Promise<Message>;
}

/** A website visitor's client. */
export class GuestClient extends RealtimeClient {
  constructor(options: GuestClientOptions);
  api: GuestApi;
  dialog: Dialog | null;
  readonly dialogId: number | null;
  /** Opens (or creates) the dialog, loads its history, then goes live. */
  start(): Promise<Dialog>;
  /** After the dialog was closed: opens the visitor's next dialog. */
  restart(): Promise<Dialog>;
  messages(): ViewItem[];
  send(text: string): Promise<Message>;
  /** Sends a file or image (a `File`, or a `Blob` with a name); a pending bubble shows it until stored. */
  sendFile(file: Blob): Promise<Message>;
  /** A short-lived signed link to an attachment of this dialog. */
  attachmentLink(attachmentId: string): Promise<AttachmentLink>;
  handoff(): Promise<Dialog>;
  /** False when not sent (not on WebSocket, or the subscription not confirmed yet). */
  typing(state: boolean): boolean;
  markRead(seq?: number): Promise<unknown>;
}

/** An operator's client: the dialog list, notifications and the dialogs being watched. */
export class OperatorClient extends RealtimeClient {
  constructor(options: OperatorClientOptions);
  /** `POST /api/auth/login`. */
  static login(options: { apiBase?: string; username: string; password: string; fetchImpl?: typeof fetch }): Promise<LoginResult>;
  api: OperatorApi;
  user: User | null;
  /** `user:{id}`: this operator's name in `read` events. */
  readonly readerName: string | null;
  /** The dialogs watched now. */
  readonly watched: number[];
  /** The last notification seq shown; null before the first answer. */
  readonly notificationCursor: number | null;
  /** A new token after signing in again; the next connection attempt uses it. */
  setToken(token: string): void;
  start(): Promise<void>;
  /** Loads a dialog's newest page of history and subscribes to it; `lastSeq` (from the list) is where that page ends. */
  watch(dialogId: number, options?: { lastSeq?: number }): Promise<DialogLog | undefined>;
  unwatch(dialogId: number): void;
  send(dialogId: number, text: string): Promise<Message>;
  /** Sends a file or image into a dialog this operator holds. */
  sendFile(dialogId: number, file: Blob): Promise<Message>;
  /** A short-lived signed link to an attachment of a dialog. */
  attachmentLink(dialogId: number, attachmentId: string): Promise<AttachmentLink>;
  typing(dialogId: number, state: boolean): boolean;
  markRead(dialogId: number, seq?: number): Promise<unknown>;
  loadNotifications(limit?: number): Promise<{ notifications: Notification[]; unread: number; lastSeq: number }>;
}

// ---------------------------------------------------------------- building blocks

/** One dialog's messages as one ordered list (merge.js). */
export class DialogLog {
  constructor(options?: { dialogId?: number | null; baseSeq?: number });
  dialogId: number | null;
  baseSeq: number;
  readonly lastSeq: number;
  /** Whether messages older than the first one held exist (`baseSeq > 0`). */
  readonly hasOlder: boolean;
  readonly messages: Message[];
  readonly pending: PendingMessage[];
  readonly gap: { afterSeq: number; untilSeq: number } | null;
  view(): ViewItem[];
  add(message: Message): AddResult;
  addMany(messages: Message[]): AddResult;
  /** Puts an older page in front (the run of seqs ending at `baseSeq`); returns what became visible. */
  prepend(messages: Message[]): Message[];
  addPending(bubble: { client_msg_id: string; text: string; sender?: string; author?: string | null; attachment?: UploadingAttachment }): PendingMessage | null;
  failPending(clientMsgId: string, error?: unknown): PendingMessage | null;
  retryPending(clientMsgId: string): PendingMessage | null;
  removePending(clientMsgId: string): boolean;
}

/**
 * The dialog a page holds after `next` arrives (merge.js): a snapshot with a lower `last_seq` than `held` is older and
 * only fills in fields `held` lacks; otherwise `next`'s fields win.
 */
export function mergeDialog(held: Dialog | null | undefined, next: Dialog): Dialog;

export interface AddResult {
  added: Message[];
  reconciled: string[];
  duplicate: boolean;
  held: boolean;
  gap: { afterSeq: number; untilSeq: number } | null;
}

/** The close codes of SPEC §5 (SSE and long-polling map HTTP statuses onto them). */
export const CloseCode: Readonly<{
  NORMAL: 1000;
  GOING_AWAY: 1001;
  NO_STATUS: 1005;
  ABNORMAL: 1006;
  SERVICE_RESTART: 1012;
  TRY_AGAIN_LATER: 1013;
  BAD_FRAME: 4400;
  UNAUTHORIZED: 4401;
  FORBIDDEN: 4403;
  NOT_FOUND: 4404;
  SLOW_CONSUMER: 4408;
  RATE_LIMITED: 4429;
}>;

/** What a closed stream means and what to do next. */
export function classifyClose(close: { code: number; reason?: string; opened?: boolean; url?: string }): {
  action: 'unauthorized' | 'fatal' | 'retry';
  transportFailure: boolean;
  hintMs: number | null;
  explanation: string;
};

/** A reconnect delay (ms) read out of a close reason (`reconnect_after_ms=1500`, …), or null. */
export function parseReconnectHint(reason: string | null | undefined): number | null;

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/** The upper bound of the sleep before retry number `attempt` (0-based). */
export function backoffCeiling(attempt: number, options?: BackoffOptions): number;
/** One full-jitter delay: random(0, min(cap, base · 2^attempt)). */
export function fullJitterDelay(attempt: number, options?: BackoffOptions, random?: () => number): number;

export class Backoff {
  constructor(options?: BackoffOptions & { random?: () => number });
  baseMs: number;
  capMs: number;
  attempt: number;
  next(): number;
  reset(): void;
}

/** The transport state machine (connection.js); the clients make one each. */
export class Connection extends Emitter<{ state: ConnectionStatus; frame: { frame: Frame; transport: TransportKind }; unauthorized: unknown }> {
  constructor(options: {
    transports: Partial<Record<TransportKind, ((handlers: any) => any) | undefined>>;
    order?: readonly TransportKind[];
    baseMs?: number;
    capMs?: number;
    failuresBeforeFallback?: number;
    probeMinMs?: number;
    probeMaxMs?: number;
    stableAfterMs?: number;
    timers?: Environment['timers'];
    random?: () => number;
    log?: Environment['log'];
  });
  readonly status: ConnectionStatus;
  readonly state: ConnectionState;
  readonly transport: TransportKind | null;
  readonly order: TransportKind[];
  start(): void;
  stop(): void;
  send(frame: Frame): boolean;
  restart(): void;
  /** Skips the remaining backoff wait while `offline` (a "Retry now" button). */
  reconnectNow(): void;
  sync(): void;
}

export const TRANSPORT_ORDER: readonly TransportKind[];

/** The http(s) base for REST and SSE: '' → the page's origin; ws(s) → http(s). */
export function httpBase(configured: string | null | undefined, pageLocation?: string | URL | Location): string;
/** The ws(s) base for sockets: '' → the page's origin with ws(s); http → ws, https → wss. */
export function wsBase(configured: string | null | undefined, pageLocation?: string | URL | Location): string;
/** base + path + query; parameters that are null, undefined or '' are left out. */
export function buildUrl(base: string, path: string, params?: Record<string, unknown>): string;
/** The URL with every credential replaced by `***`. */
export function redactUrl(url: string | URL): string;

interface StreamCursor { afterSeq?: number | null }
interface OperatorStreamAuth { ticket: string }
interface GuestStreamAuth { guestToken?: string | null }

/** Where each stream lives. */
export const paths: {
  adminUserWs(base: string, options: OperatorStreamAuth & { afterNotification?: number | null }): string;
  adminDialogWs(base: string, id: number, options: OperatorStreamAuth & StreamCursor): string;
  widgetDialogWs(base: string, id: number, options: GuestStreamAuth & StreamCursor & { assistantId?: number | string }): string;
  siteDialogWs(base: string, id: number, options: GuestStreamAuth & StreamCursor & { siteToken?: string }): string;
  adminUserSse(base: string, options: OperatorStreamAuth & { afterNotification?: number | null }): string;
  adminDialogSse(base: string, id: number, options: OperatorStreamAuth & StreamCursor): string;
  widgetDialogSse(base: string, id: number, options: GuestStreamAuth & StreamCursor & { assistantId?: number | string }): string;
  siteDialogSse(base: string, id: number, options: GuestStreamAuth & StreamCursor & { siteToken?: string }): string;
};

/** A random UUID v4 (crypto.randomUUID where available). */
export function uuid(): string;
export {};
