/**
 * The system lines the server writes in English (message-api-service HandoffService: "Anna joined
 * the conversation." and the like) said again from the catalogue in the page's language, in the
 * words of its audience: `widget.system.*` for the visitor ("You asked for a human operator"),
 * `dashboard.system.*` for operators ("The visitor asked for a human operator"). Any other system
 * text (a bot's own system message through the publish API) is shown as it was written.
 * web/src/test/js/widget-system-text.test.mjs checks every sentence HandoffService writes is known.
 */
import { t } from './i18n.js';

const NAME = '(.+?)';
export const SYSTEM_LINES = [
  [new RegExp(`^${NAME} joined the conversation\\.$`), 'joined'],
  [new RegExp(`^${NAME} left the conversation; the assistant answers again\\.$`), 'left'],
  [new RegExp(`^${NAME} handed the conversation back to the assistant\\.$`), 'released'],
  [new RegExp(`^${NAME} closed the conversation\\.$`), 'closed'],
  [/^The visitor asked for a human operator\. Someone will join shortly\.$/, 'handoffRequested'],
  [/^The assistant handed the conversation to a human operator\. Someone will join shortly\.$/, 'handoffByAssistant'],
];

/** The system line `text` in the current language for `audience` (unchanged when it is not one the server writes). */
export function systemText(text, audience = 'widget') {
  for (const [pattern, key] of SYSTEM_LINES) {
    const match = pattern.exec(text ?? '');
    if (match) return t(`${audience}.system.${key}`, { name: match[1] ?? '' });
  }
  return text;
}
