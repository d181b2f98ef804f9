/**
 * One dialog's messages as ONE ordered list, fed by REST history pages, live events of any
 * transport, repeated catch-ups after reconnects and echoes of our own sends, in any order
 * and any number of times. Nothing here touches the DOM or the network: it is pure and
 * unit-tested.
 *
 * Rules (seed 003: "messages appear and vanish" came from replacing the whole list):
 *  - a message is identified by its per-dialog `seq`; the list is never replaced, only appended;
 *  - a seq at or below the last one shown is a duplicate and is ignored;
 *  - a seq beyond `lastSeq + 1` is held back and reported as a gap: the caller fetches the
 *    missing range over REST, and the held message is shown right after the gap is filled,
 *    so the screen never shows 7 before 6;
 *  - an optimistic "pending" bubble is keyed by `client_msg_id` and disappears in the same
 *    step that adds the stored message carrying that id, so the text is on screen exactly once;
 *  - older history (a page read back with `before_seq`) goes in front with `prepend`, only the run
 *    of seqs that ends right at `baseSeq`, so scrolling back never leaves a hole or a repeat.
 */
/** @typedef {import('../../../../../types/switchboard-client.js').Message} Message */
/** @typedef {import('../../../../../types/switchboard-client.js').AddResult} AddResult */
/** @typedef {import('../../../../../types/switchboard-client.js').Dialog} Dialog */
/** @typedef {import('../../../../../types/switchboard-client.js').PendingMessage} PendingMessage */

export class DialogLog {
  #messages = [];
  #held = new Map();
  #pending = new Map();
  #lastSeq;

  /**
   * @param {object} [options]
   * @param {?number} [options.dialogId]
   * @param {number} [options.baseSeq=0] messages at or below this seq are outside the window
   *   this log shows (e.g. history was loaded from `after_seq = last_seq - 200`).
   */
  constructor({ dialogId = null, baseSeq = 0 } = {}) {
    this.dialogId = dialogId;
    this.baseSeq = baseSeq;
    this.#lastSeq = baseSeq;
  }

  /** The highest seq such that every seq from `baseSeq + 1` up to it is in the list: the resume cursor. */
  get lastSeq() {
    return this.#lastSeq;
  }

  /** Confirmed messages in seq order (a copy). */
  get messages() {
    return this.#messages.slice();
  }

  /** Optimistic messages not yet confirmed by the server, in the order they were sent. */
  get pending() {
    return [...this.#pending.values()];
  }

  /** Whether messages older than the first one held exist (seqs start at 1 and have no gaps). */
  get hasOlder() {
    return this.baseSeq > 0;
  }

  /**
   * Puts older messages in front: those that continue the list downwards from `baseSeq` (seqs
   * `baseSeq`, `baseSeq - 1`, …, in any order; anything else is ignored), then lowers `baseSeq`.
   * @param {Message[]} messages a page read back with `before_seq = baseSeq + 1`
   * @returns {Message[]} the messages that became visible, in seq order
   */
  prepend(messages) {
    const bySeq = new Map();
    for (const message of messages) {
      const seq = message?.seq;
      if (!Number.isSafeInteger(seq) || seq <= 0) {
        throw new TypeError(`a message needs a positive integer seq, got ${JSON.stringify(seq)}`);
      }
      bySeq.set(seq, message);
    }
    const older = [];
    while (this.baseSeq > 0 && bySeq.has(this.baseSeq)) {
      older.unshift(bySeq.get(this.baseSeq));
      this.baseSeq -= 1;
    }
    this.#messages.unshift(...older);
    return older;
  }

  /** The missing range `{afterSeq, untilSeq}` that holds back newer messages, or null. */
  get gap() {
    if (this.#held.size === 0) return null;
    const lowestHeld = Math.min(...this.#held.keys());
    return { afterSeq: this.#lastSeq, untilSeq: lowestHeld - 1 };
  }

  /** What the screen shows: confirmed messages, then pending ones. */
  view() {
    return [...this.#messages, ...this.#pending.values()];
  }

  /**
   * Offers one stored message.
   * @param {Message} message
   * @returns {AddResult}
   *   `added` are the messages that became visible, in order (the offered one and any held
   *   ones it unblocked); `reconciled` the client_msg_ids whose pending bubble they replaced.
   */
  add(message) {
    return this.addMany([message]);
  }

  /**
   * Offers several stored messages (a REST page, a catch-up burst) in any order.
   * @param {Message[]} messages
   * @returns {AddResult}
   */
  addMany(messages) {
    /** @type {AddResult} */
    const result = { added: [], reconciled: [], duplicate: false, held: false, gap: null };
    for (const message of messages) {
      const seq = message?.seq;
      if (!Number.isSafeInteger(seq) || seq <= 0) {
        throw new TypeError(`a message needs a positive integer seq, got ${JSON.stringify(seq)}`);
      }
      if (seq <= this.#lastSeq || this.#held.has(seq)) {
        result.duplicate = true;
        // Our own message can come back only as a duplicate when its pending bubble was
        // somehow added after the stored one (a retry racing the echo): drop the bubble.
        this.#reconcile(message, result);
        continue;
      }
      if (seq === this.#lastSeq + 1) {
        this.#append(message, result);
        this.#releaseHeld(result);
      } else {
        this.#held.set(seq, message);
        result.held = true;
      }
    }
    result.gap = this.gap;
    return result;
  }

  /**
   * Shows an optimistic bubble for a message being sent.
   * @param {{client_msg_id: string, text: string, sender?: string, author?: ?string, attachment?: any}} bubble
   * @returns {?PendingMessage}
   */
  addPending({ client_msg_id, text, sender = 'user', author = null, attachment = undefined }) {
    if (!client_msg_id) throw new TypeError('a pending message needs a client_msg_id');
    const alreadyStored = this.#messages.some((m) => m.client_msg_id === client_msg_id);
    if (alreadyStored) return null;
    /** @type {PendingMessage} */
    const bubble = { client_msg_id, text, sender, author, pending: true, failed: false, seq: null };
    // A file being uploaded: its name, size and type, shown until the stored message (with the server's
    // attachment) replaces the bubble.
    if (attachment) bubble.attachment = attachment;
    this.#pending.set(client_msg_id, bubble);
    return bubble;
  }

  /**
   * Marks a pending bubble as failed (the UI offers a retry with the same client_msg_id).
   * @returns {?PendingMessage}
   */
  failPending(clientMsgId, error) {
    const bubble = this.#pending.get(clientMsgId);
    if (!bubble) return null;
    const failed = { ...bubble, failed: true, error: String(error?.message ?? error ?? 'failed') };
    this.#pending.set(clientMsgId, failed);
    return failed;
  }

  /**
   * Puts a failed bubble back into the sending state before a retry.
   * @returns {?PendingMessage}
   */
  retryPending(clientMsgId) {
    const bubble = this.#pending.get(clientMsgId);
    if (!bubble) return null;
    const sending = { ...bubble, failed: false, error: undefined };
    this.#pending.set(clientMsgId, sending);
    return sending;
  }

  removePending(clientMsgId) {
    return this.#pending.delete(clientMsgId);
  }

  #append(message, result) {
    this.#messages.push(message);
    this.#lastSeq = message.seq;
    result.added.push(message);
    this.#reconcile(message, result);
  }

  #releaseHeld(result) {
    while (this.#held.has(this.#lastSeq + 1)) {
      const next = this.#held.get(this.#lastSeq + 1);
      this.#held.delete(next.seq);
      this.#append(next, result);
    }
  }

  #reconcile(message, result) {
    const id = message.client_msg_id;
    if (id && this.#pending.delete(id)) result.reconciled.push(id);
  }
}

/**
 * The dialog a page holds after `next` arrives. Snapshots of a dialog reach a page from REST answers (the list, the
 * detail, the answer to a takeover or a handoff) and from socket frames, and can arrive out of order: a list read
 * while the dialog was the assistant's can land after the operator took it over. Every change of status or holder
 * appends a message, so `last_seq` orders them. A snapshot with a lower `last_seq` than the held one is older: it only
 * fills in fields the held one lacks, and never turns the dialog back.
 *
 * @param {Dialog | null | undefined} held
 * @param {Dialog} next
 * @returns {Dialog}
 */
export function mergeDialog(held, next) {
  if (!held) return { ...next };
  const older = next.last_seq != null && next.last_seq < (held.last_seq ?? 0);
  return older ? { ...next, ...held } : { ...held, ...next };
}
