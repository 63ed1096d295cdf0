// Bundles the command line into dist/ (npm run build): one CommonJS file with the pure-JavaScript
// libraries inside, which bin/load-bundle.js compiles with a V8 code cache written here after running
// the example models through it; PGlite and the SQL parser stay in node_modules, where they load their
// WebAssembly from. Records which sources and library versions went in, so bin/schemata.js can tell
// when the bundle is stale.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_FILE } from '../bin/load-bundle.js';
import { digestSources, STAMP_FILE, statSources } from '../bin/source-stamp.js';

const root = new URL('../', import.meta.url);
// Another package root to build into may be given (the bundle test builds into a scratch directory).
const target = process.argv[2] === undefined ? root : pathToFileURL(`${resolve(process.argv[2])}/`);
rmSync(new URL('dist/', target), { recursive: true, force: true });
const result = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['src/cli/main.ts'],
  outfile: fileURLToPath(new URL(BUNDLE_FILE, target)),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Pure-JavaScript libraries go into the bundle (one file to load instead of hundreds); packages that
  // load WebAssembly or native code from their own folder stay in node_modules.
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'libpg-query', 'pg'],
  // The sources are ES modules: import.meta.url is the bundle's own URL (dist/cli/, as src/cli/ is).
  define: { 'import.meta.url': '__schemataBundleUrl' },
  // A script compiled with a code cache cannot import(); the packages loaded on demand (PGlite, pg)
  // have CommonJS builds, loaded with require.
  supported: { 'dynamic-import': false },
  banner: { js: "const __schemataBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
// The bundled libraries count by their package.json (a new version makes the bundle stale).
const packages = new Set(
  inputs
    .map((file) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1])
    .filter((name) => name !== undefined)
    .map((name) => `node_modules/${name}/package.json`),
);
const files = [...inputs.filter((file) => !file.startsWith('node_modules/')), ...packages].sort();
writeFileSync(
  new URL(STAMP_FILE, target),
  `${JSON.stringify({ digest: digestSources(root, files), stats: statSources(root, files), files }, null, 2)}\n`,
);
const warm = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('scripts/warm-code-cache.js', root)), fileURLToPath(target)],
  { stdio: 'inherit' },
);
if (warm.status !== 0) throw new Error(`writing the code cache failed with exit ${warm.status}`);
console.log(`built dist/ from ${files.length} source files`);
