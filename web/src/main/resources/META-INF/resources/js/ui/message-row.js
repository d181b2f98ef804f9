/**
 * What a message row shows the same way in the widget and the dashboard: its class and data attributes (sender, seq,
 * pending), the text (a system line in the words of the screen's audience, js/ui/system-text.js), the attachment,
 * and a retry button on a message that could not be sent. Each screen writes its own meta line (author, time).
 */
import { renderAttachment } from './attachments.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { systemText } from './system-text.js';

/**
 * Brings the row `node` up to date with `message`.
 * @param {HTMLElement} node the row, with `.msg__text` and `.msg__attachment` children
 * @param {object} message the message as the client holds it
 * @param {{ sender: string, audience: 'widget' | 'dashboard', attachmentLink: Function, retry: () => void }} screen
 */
export function updateMessageRow(node, message, { sender, audience, attachmentLink, retry }) {
  node.className = `msg msg--${sender}${message.pending ? ' msg--pending' : ''}${message.failed ? ' msg--failed' : ''}`;
  node.dataset.sender = sender;
  node.dataset.seq = message.seq ?? '';
  node.dataset.pending = String(!!message.pending);
  const text = node.querySelector('.msg__text');
  const shown = sender === 'system' ? systemText(message.text, audience) : message.text;
  if (text.textContent !== shown) text.textContent = shown;
  // A file's message text is its name, which the attachment already shows.
  text.hidden = !!message.attachment;
  renderAttachment(node.querySelector('.msg__attachment'), message, attachmentLink, audience);
  node.querySelector('.msg__retry')?.remove();
  if (message.failed) {
    node.append(h('button', { type: 'button', class: 'msg__retry', testid: 'message-retry', onclick: retry },
      t(`${audience}.message.retry`)));
  }
}
