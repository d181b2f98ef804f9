import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setLocale } from '../../main/resources/META-INF/resources/js/ui/i18n.js';
import { systemText } from '../../main/resources/META-INF/resources/js/ui/system-text.js';

// The English sentences message-api-service writes as system messages (caller names left out).
const handoff = readFileSync(new URL('../../../../message-api-service/src/main/java/io/switchboard/api/service/HandoffService.java',
  import.meta.url), 'utf8');
// The string literals of every appendSystem(...), handOver(...) and moveAndSay(...) call.
const written = [...handoff.matchAll(/(?:appendSystem|handOver|moveAndSay)\(([\s\S]*?)\);\n/g)]
  .flatMap((call) => [...call[1].matchAll(/"([^"]+)"/g)].map((m) => m[1].trim()));

test('every system sentence the server writes is known to the widget and the dashboard and said in Russian', () => {
  assert.ok(written.length >= 6, `found the server's sentences: ${written}`);
  setLocale('ru');
  try {
    for (const audience of ['widget', 'dashboard']) {
      for (const sentence of written) {
        const line = /^[a-z]/.test(sentence) ? `Anna ${sentence}` : sentence;
        const said = systemText(line, audience);
        assert.notEqual(said, line, `"${line}" has a Russian text for the ${audience}`);
        assert.doesNotMatch(said.replace('Anna', ''), /[A-Za-z]/, `"${said}" has no English left`);
      }
    }
    assert.equal(systemText('The visitor asked for a human operator. Someone will join shortly.', 'dashboard'),
      'Посетитель просит позвать оператора.');
    assert.equal(systemText('Anna joined the conversation.'), 'Оператор Anna в разговоре.');
    assert.equal(systemText('A bot wrote this itself.'), 'A bot wrote this itself.');
  } finally {
    setLocale('en');
  }
  assert.equal(systemText('Anna joined the conversation.'), 'Anna joined the conversation.');
  assert.equal(systemText('The visitor asked for a human operator. Someone will join shortly.'),
    'You asked for a human operator. Someone will join shortly.');
});
