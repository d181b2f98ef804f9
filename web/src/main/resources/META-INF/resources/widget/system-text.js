/**
 * The visitor's words for the system lines the server writes in English (message-api-service
 * HandoffService: "Anna joined the conversation." and the like). Known sentences are matched and
 * said again from the catalogue, in the widget's language; any other system text (a bot's own
 * system message through the publish API) is shown as it was written.
 * web/src/test/js/widget-system-text.test.mjs checks every sentence HandoffService writes is known.
 */
import { t } from '../js/ui/i18n.js';

const NAME = '(.+?)';
export const SYSTEM_LINES = [
  [new RegExp(`^${NAME} joined the conversation\\.$`), 'widget.system.joined'],
  [new RegExp(`^${NAME} left the conversation; the assistant answers again\\.$`), 'widget.system.left'],
  [new RegExp(`^${NAME} handed the conversation back to the assistant\\.$`), 'widget.system.released'],
  [new RegExp(`^${NAME} closed the conversation\\.$`), 'widget.system.closed'],
  [/^The visitor asked for a human operator\. Someone will join shortly\.$/, 'widget.system.handoffRequested'],
  [/^The assistant handed the conversation to a human operator\. Someone will join shortly\.$/, 'widget.system.handoffByAssistant'],
];

/** The system line `text` in the current language (unchanged when it is not one the server writes). */
export function systemText(text) {
  for (const [pattern, key] of SYSTEM_LINES) {
    const match = pattern.exec(text ?? '');
    if (match) return t(key, { name: match[1] ?? '' });
  }
  return text;
}
