// Bundles the command line into dist/ (npm run build): one ES module per command, loaded on demand as
// in the sources, with the pure-JavaScript libraries inside; PGlite and the SQL parser stay in
// node_modules, where they load their WebAssembly from. Records which sources and library versions
// went in, so bin/schemata.js can tell when the bundle is stale.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { digestSources, STAMP_FILE, statSources } from '../bin/source-stamp.js';

const root = new URL('../', import.meta.url);
rmSync(new URL('dist/', root), { recursive: true, force: true });
const result = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['src/cli/main.ts'],
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Pure-JavaScript libraries go into the bundle (one file to load instead of hundreds); packages that
  // load WebAssembly or native code from their own folder stay in node_modules.
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'libpg-query', 'pg', 'tsx', 'tsx/*'],
  // CommonJS parts of bundled libraries require Node's built-in modules.
  banner: {
    js: "import { createRequire as __schemataRequire } from 'node:module';\nconst require = __schemataRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
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
  new URL(STAMP_FILE, root),
  `${JSON.stringify({ digest: digestSources(root, files), stats: statSources(root, files), files }, null, 2)}\n`,
);
console.log(`built dist/ from ${files.length} source files`);
