#!/usr/bin/env node
// Runs the bundle that `npm run build` writes to dist/ when it was built from the sources as they are
// now (it starts in a fraction of the time); otherwise the TypeScript sources through tsx's loader, so
// a fresh clone needs no build step.
import { isBuildCurrent } from './source-stamp.js';

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
