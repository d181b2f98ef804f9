// The package as an application gets it: `import … from '@switchboard/client'` resolves through
// package.json "exports" to the minified bundle that `node build.mjs bundle` (Maven: process-resources)
// wrote to target/classes/META-INF/resources/js/v1/, the file message-api-service serves at
// /js/v1/switchboard-client.min.js. A bundle that is missing, broken or exports something else than
// the sources fails here; then every client test runs again against the bundle.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { LIB } from './support/fakes.mjs';

const v1 = fileURLToPath(new URL('../../../target/classes/META-INF/resources/js/v1/', import.meta.url));
const bundleFile = `${v1}switchboard-client.min.js`;
assert.ok(existsSync(bundleFile), `${bundleFile} is missing: build it with \`node build.mjs bundle\` in web/ (./mvnw -pl web process-resources)`);

const resolved = import.meta.resolve('@switchboard/client');
const bundle = await import('@switchboard/client');
const source = await import(`${LIB}switchboard-client.js`);
const pkg = createRequire(import.meta.url)('../../../package.json');

test('the package name resolves to the minified bundle in js/v1/', () => {
  assert.equal(fileURLToPath(resolved), bundleFile);
});

test('the bundle exports exactly what the sources export', () => {
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(source).sort());
  assert.equal(typeof bundle.GuestClient, 'function');
  assert.equal(bundle.CloseCode.UNAUTHORIZED, 4401);
  assert.equal(bundle.redactUrl('wss://h/ws?ticket=abc&after_seq=3'), 'wss://h/ws?ticket=***&after_seq=3');
});

test('the bundle is one self-contained minified module with its version, source map and types beside it', () => {
  const code = readFileSync(bundleFile, 'utf8');
  assert.match(code, new RegExp(`^/\\*! @switchboard/client ${pkg.version.replaceAll('.', '\\.')} `));
  assert.doesNotMatch(code, /\bimport\s*[{(*'"]/, 'no imports left: the parts are inlined');
  assert.ok(code.split('\n').length < 10, 'minified');
  assert.ok(code.length < 64 * 1024, `small: ${code.length} bytes`);
  assert.match(code, /\/\/# sourceMappingURL=switchboard-client\.min\.js\.map\s*$/);
  const map = JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8'));
  assert.ok(map.sources.some((s) => s.endsWith('js/switchboard/merge.js')), 'the map points at the sources');
  assert.equal(map.sources.length, map.sourcesContent.length, 'and carries them');
  assert.equal(readFileSync(`${v1}switchboard-client.d.ts`, 'utf8'),
    readFileSync(new URL('../../main/types/switchboard-client.d.ts', import.meta.url), 'utf8'), 'the types are served beside it');
});

test('the bundle keeps to the stated browser baseline: no syntax newer than ES2020 survives', () => {
  const code = readFileSync(bundleFile, 'utf8');
  // Private class members (ES2022) and logical assignment (ES2021) are what the sources use beyond ES2020.
  assert.doesNotMatch(code, /[^\w$"'`]#[a-zA-Z_$][\w$]*\s*[=;(]/, 'private class members are lowered');
  assert.doesNotMatch(code, /(\?\?|\|\||&&)=/, 'logical assignment is lowered');
  assert.deepEqual(pkg.switchboard.esbuildTarget.slice(0, 1), ['es2020']);
});

// Every guest and operator client test, against the bundle.
globalThis.switchboardClientUnderTest = '@switchboard/client';
await import('./client.test.mjs');
