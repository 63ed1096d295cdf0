#!/usr/bin/env node
// Runs the bundle that `npm run build` writes to dist/ when it was built from the sources as they are
// now (it starts in a fraction of the time); otherwise the TypeScript sources through tsx's loader, so
// a fresh clone needs no build step.
import { setFlagsFromString } from 'node:v8';
import { isBuildCurrent } from './source-stamp.js';

// The SQL parser and the embedded PostgreSQL are large WebAssembly modules. By default V8 compiles
// their hot functions a second time, optimised, on background threads; a command's process lasts
// seconds, and on a machine of few cores that compilation takes the cores the command itself needs:
// measured, it made `generate` of a small model 0.1 s slower and starting the embedded database 1 s
// slower, and a verified diff of 2,000 tables no faster. The first, quick compilation is kept.
setFlagsFromString('--liftoff-only');

const root = new URL('../', import.meta.url);
let main;
if (isBuildCurrent(root)) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
