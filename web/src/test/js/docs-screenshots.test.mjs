// The screenshots in the docs are the ones the browser tests take: every picture a page in docs/ shows
// (`![…](screenshots/<name>.png)`) is in docs/screenshots/, is a real PNG, and carries the name of a
// screenshot some browser scenario takes (`screenshot(page, '<name>')` in browser-tests/*.test.mjs);
// docs/screenshots/ holds nothing else. scripts/update-doc-screenshots.sh copies them from a test run.
// The other kind of picture is a bench chart (`![…](charts/<name>.svg)`, drawn by `./switchboard bench
// charts` from docs/performance-runs.jsonl): it must exist in docs/charts/.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import test from 'node:test';
import { LOCALES } from '../../main/resources/META-INF/resources/js/ui/i18n.js';

const repo = new URL('../../../../', import.meta.url);
const docs = new URL('docs/', repo);
const shots = new URL('docs/screenshots/', repo);
const scenarios = new URL('browser-tests/', repo);

/** `{doc, name}` for every screenshot a doc shows. */
function shown() {
  const out = [];
  for (const doc of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(new URL(doc, docs), 'utf8');
    for (const m of text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) out.push({ doc, target: m[1] });
  }
  return out;
}

/** The names the browser scenarios give their screenshots. */
function taken() {
  const names = new Set();
  for (const file of readdirSync(scenarios).filter((f) => f.endsWith('.test.mjs') || f === 'support.mjs')) {
    const text = readFileSync(new URL(file, scenarios), 'utf8');
    for (const m of text.matchAll(/screenshot\(\s*[\w.]+\s*,\s*'([^'$`]+)'\s*\)/g)) names.add(`${m[1]}.png`);
    // Scenarios run once per language name their shots `name-${L.lang}`: one name per catalogue language.
    for (const m of text.matchAll(/screenshot\(\s*[\w.]+\s*,\s*`([\w-]+)\$\{[\w.]+\}`\s*\)/g)) {
      for (const lang of LOCALES) names.add(`${m[1]}${lang}.png`);
    }
  }
  return names;
}

test('the browser scenarios take named screenshots (this check reads their names)', () => {
  assert.ok(taken().size >= 5, `found ${[...taken()].join(', ')}`);
});

test('docs/getting-started in both languages shows screenshots', () => {
  for (const doc of ['getting-started.md', 'getting-started.ru.md']) {
    assert.ok(shown().filter((s) => s.doc === doc).length >= 3, `${doc} shows screenshots`);
  }
});

test('every picture a doc shows is a screenshot a browser test takes, copied into docs/screenshots/', () => {
  const names = taken();
  const problems = [];
  for (const { doc, target } of shown()) {
    // a chart of bench charts, in docs/charts/ or one folder of it (a chart set drawn from part of the runs)
    const chart = /^charts\/((?:[\w.-]+\/)?[\w.-]+\.svg)$/.exec(target);
    if (chart) {
      if (!existsSync(new URL(`charts/${chart[1]}`, docs))) problems.push(`${doc}: docs/charts/${chart[1]} is missing (./switchboard bench charts)`);
      continue;
    }
    const m = /^screenshots\/([\w.-]+\.png)$/.exec(target);
    if (!m) {
      problems.push(`${doc}: ${target} is not docs/screenshots/<name>.png`);
      continue;
    }
    const name = m[1];
    if (!names.has(name)) problems.push(`${doc}: ${name} is taken by no browser scenario (screenshot(page, '${name.slice(0, -4)}'))`);
    const file = new URL(name, shots);
    if (!existsSync(file)) {
      problems.push(`${doc}: docs/screenshots/${name} is missing (run the browser tests, then scripts/update-doc-screenshots.sh)`);
    } else {
      const head = readFileSync(file).subarray(0, 8);
      if (!head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) problems.push(`docs/screenshots/${name} is not a PNG`);
    }
  }
  assert.deepEqual(problems, []);
});

test('docs/screenshots/ holds only pictures some doc shows', () => {
  const used = new Set(shown().map((s) => s.target.replace(/^screenshots\//, '')));
  const stale = readdirSync(shots).filter((f) => !used.has(f));
  assert.deepEqual(stale, [], 'remove them (scripts/update-doc-screenshots.sh does)');
});
