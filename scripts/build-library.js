// Builds the library that `import ... from 'schemata'` loads (npm run build, after the command line):
// dist/index.js, one ES module compiled from src/index.ts with its dependencies left as imports, and
// its type declarations in dist/types/, so the package runs on plain Node.js and TypeScript users get
// types without the sources or tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const types = join(root, 'dist/types');
rmSync(join(root, 'dist/index.js'), { force: true });
rmSync(types, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The package's dependencies are installed beside it; a user's copy of zod or yaml is shared.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// Declarations only; `npm run typecheck` checks the types (the library's tsconfig skips that here).
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.library.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) throw new Error(`writing the type declarations failed with exit ${tsc.status}`);

// The sources import each other as `./file.ts` and tsc keeps those paths in declarations; `.js` is what
// every TypeScript version and module resolution setting reads as "the declarations beside it".
const relativeTs = /((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]*)\.ts\2/g;
for (const name of readdirSync(types, { recursive: true, encoding: 'utf8' })) {
  if (!name.endsWith('.d.ts')) continue;
  const file = join(types, name);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(relativeTs, '$1$2$3.js$2'));
}
console.log('built dist/index.js and dist/types/');
