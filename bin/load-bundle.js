// Loads the command line from the bundle `npm run build` writes to dist/: one CommonJS file, compiled
// with the V8 code cache the build writes beside it, so a command does not parse and compile again
// the code every run uses (a noticeable part of a short command's time). A cache that V8 does not
// accept, such as one from another Node.js version, is ignored and the file compiled as usual.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

/** The bundle and its code cache, relative to the package root. */
export const BUNDLE_FILE = 'dist/cli/main.cjs';
export const CODE_CACHE_FILE = 'dist/cli/main.cjs.cache';

/**
 * V8 settings of every command, set before anything is compiled (a code cache is only accepted under
 * the settings it was made with). The SQL parser and the embedded PostgreSQL are large WebAssembly
 * modules; by default V8 compiles their hot functions a second time, optimised, on background threads.
 * A command's process lasts seconds, and on a machine of few cores that compilation takes the cores
 * the command itself needs: measured, it made `generate` of a small model 0.1 s slower and starting
 * the embedded database 1 s slower, and a verified diff of 2,000 tables no faster. The first, quick
 * compilation is kept.
 */
export function setEngineFlags() {
  setFlagsFromString('--liftoff-only');
}

/**
 * The bundle's exports (`main`), whether its code cache was used, and a function that writes the code
 * cache of what has run so far.
 * @param {URL} root the package root, ending in `/`
 */
export function loadBundle(root) {
  const file = fileURLToPath(new URL(BUNDLE_FILE, root));
  const cacheFile = fileURLToPath(new URL(CODE_CACHE_FILE, root));
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(
    // Strict, as the ES modules it was bundled from.
    `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(file, 'utf8')}\n})`,
    { filename: file, cachedData },
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    /** Whether the code came from the cache: `none` without one, `rejected` when V8 refused it. */
    codeCache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted',
    writeCodeCache: () => writeFileSync(cacheFile, script.createCachedData()),
  };
}
