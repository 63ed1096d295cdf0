// schemata's version, from its package.json (found from src/cli/, or from dist/cli/ in the bundle).
import { readFile } from 'node:fs/promises';

export async function readVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
