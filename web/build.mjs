// The build of @switchboard/client (run by Maven, see web/pom.xml; by hand: `node build.mjs bundle|check`).
//
//   bundle  installs the pinned tools when node_modules is missing or older than package-lock.json
//           (`npm ci`), then bundles js/switchboard-client.js with esbuild into one minified ES module
//           with a source map, next to its types: target/classes/META-INF/resources/js/v1/. The
//           browser baseline (package.json "switchboard.esbuildTarget") is esbuild's --target, so
//           syntax the baseline lacks is lowered or fails the build.
//   check   runs tsc (tsconfig.json): the typed usage file against the declarations, and the
//           JavaScript sources against the declarations and the ES2020 + DOM library (an API newer
//           than the baseline, such as Array.prototype.at, fails here).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8'));
const source = join(web, 'src/main/resources/META-INF/resources/js/switchboard-client.js');
const types = join(web, 'src/main/types/switchboard-client.d.ts');
export const outDir = join(web, 'target/classes/META-INF/resources/js/v1');

function timed(what, fn) {
  const started = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`[web] ${what}: ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}`);
  return result;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: web, stdio: 'inherit' });
  if (result.error) {
    throw new Error(`cannot run ${command}: ${result.error.message}. Install Node.js 20+ and npm `
      + '(Debian: apt-get install nodejs npm); the web module needs them to build.');
  }
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** npm ci when the installed tools are missing or older than the lock file. */
function ensureTools() {
  const marker = join(web, 'node_modules/.package-lock.json');
  const lock = join(web, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs
      && existsSync(join(web, 'node_modules/esbuild')) && existsSync(join(web, 'node_modules/typescript'))) {
    return;
  }
  // No install scripts: esbuild and tsc find their platform binaries in their optional packages.
  timed('npm ci (esbuild, typescript from package-lock.json)',
    () => run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']));
}

async function bundle() {
  ensureTools();
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const started = process.hrtime.bigint();
  await esbuild.build({
    entryPoints: [source],
    outfile: join(outDir, 'switchboard-client.min.js'),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: true,
    target: pkg.switchboard.esbuildTarget,
    banner: { js: `/*! ${pkg.name} ${pkg.version} | types: ./switchboard-client.d.ts | docs/clients.md */` },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  copyFileSync(types, join(outDir, 'switchboard-client.d.ts'));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const size = statSync(join(outDir, 'switchboard-client.min.js')).size;
  console.log(`[web] esbuild → js/v1/switchboard-client.min.js (${(size / 1024).toFixed(1)} KiB, target ${pkg.switchboard.esbuildTarget.join(',')}): ${Math.round(ms)} ms`);
}

function check() {
  ensureTools();
  const tsc = join(web, 'node_modules/typescript/bin/tsc');
  timed('tsc: usage file against the declarations', () => run(process.execPath, [tsc, '-p', 'tsconfig.json']));
  timed('tsc: sources against the declarations (ES2020 + DOM)', () => run(process.execPath, [tsc, '-p', 'tsconfig.sources.json']));
}

const task = process.argv[2];
try {
  if (task === 'bundle') await bundle();
  else if (task === 'check') check();
  else throw new Error('usage: node build.mjs bundle|check');
} catch (err) {
  console.error(`[web] ${err.message}`);
  process.exit(1);
}
