// Bundles the command line into dist/ (npm run build): one ES module per command, loaded on demand as
// in the sources, with the dependencies left in node_modules (PGlite and the SQL parser load their
// WebAssembly from there). Records which sources went in, so bin/schemata.js can tell when the bundle
// is stale.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { digestSources, STAMP_FILE } from '../bin/source-stamp.js';

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
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const files = Object.keys(result.metafile.inputs)
  .filter((file) => !file.startsWith('node_modules/'))
  .sort();
writeFileSync(
  new URL(STAMP_FILE, root),
  `${JSON.stringify({ digest: digestSources(root, files), files }, null, 2)}\n`,
);
console.log(`built dist/ from ${files.length} source files`);
