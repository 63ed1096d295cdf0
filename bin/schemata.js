#!/usr/bin/env node
// Runs the command line from the bundle in dist/ (it starts in a fraction of the time) when that is
// the code to run: always in an installed package, which ships the bundle and not the sources; in a
// checkout, only while the bundle was built from the sources as they are now. Otherwise the TypeScript
// sources run through tsx's loader, so a fresh clone needs no build step and an edit never runs stale
// code.
import { existsSync } from 'node:fs';
import { loadBundle, setEngineFlags } from './load-bundle.js';
import { isBuildCurrent } from './source-stamp.js';

setEngineFlags();
// A reader that stops early (`schemata lint | head`) closes the pipe: the output is not wanted any
// more, which is no error of the command.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
const root = new URL('../', import.meta.url);
const hasSources = existsSync(new URL('src/cli/main.ts', root));
let main;
if (!hasSources || isBuildCurrent(root)) {
  ({ main } = loadBundle(root).exports);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
