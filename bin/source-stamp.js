// Which sources the prebuilt command in dist/ was bundled from. `npm run build` records the digest of
// every source file esbuild read; in a checkout the command uses the bundle only while those files
// still have that content, and otherwise runs the sources through tsx, so an edit never runs stale
// code. (An installed package has no sources and no stamp.) Each file's size and modification time
// are recorded too: when none changed, the files are not read again.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** The stamp, relative to the package root. */
export const STAMP_FILE = 'dist/sources.json';

/**
 * sha256 of the files' relative paths and contents, in the given order.
 * @param {URL} root the package root, ending in `/`
 * @param {readonly string[]} files paths relative to root, with `/`
 */
export function digestSources(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(new URL(file, root)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Size and modification time of each file, as one string.
 * @param {URL} root the package root, ending in `/`
 * @param {readonly string[]} files paths relative to root, with `/`
 */
export function statSources(root, files) {
  return files
    .map((file) => {
      const stat = statSync(new URL(file, root));
      return `${stat.size}:${stat.mtimeMs}`;
    })
    .join(' ');
}

/**
 * Whether dist/ holds a build of the sources as they are now.
 * @param {URL} root the package root, ending in `/`
 */
export function isBuildCurrent(root) {
  try {
    const stamp = JSON.parse(readFileSync(new URL(STAMP_FILE, root), 'utf8'));
    if (stamp.stats !== undefined && statSources(root, stamp.files) === stamp.stats) return true;
    return digestSources(root, stamp.files) === stamp.digest;
  } catch {
    // No build, or a source file it was made from is gone.
    return false;
  }
}
