// `schemata docs --serve`: the site served from memory on 127.0.0.1 only, rebuilt when a model file
// changes, and every open page told to reload through Server-Sent Events. The library only serves and
// watches; the caller says how to build and hears about each rebuild.
import { watch, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { LIVE_RELOAD_PATH } from './html/render-html-docs.ts';
import { LIVE_RELOAD_JS } from './html/site-assets.ts';

export const EVENTS_PATH = '/__schemata/events';

export interface ServeDocsOptions {
  /** 0 for any free port. */
  port: number;
  /** Builds the site (called at start and after each change). */
  build(): Promise<Map<string, string>>;
  /** Files or directories to watch: a directory recursively, a file through its directory. */
  watch: readonly { path: string; directory: boolean; file?: string }[];
  /** After each rebuild that followed a change: the error when it failed (the last good site stays). */
  onRebuild?(result: { files: number; error?: unknown }): void;
  /** Milliseconds to wait for more changes before rebuilding. */
  debounceMs?: number;
}

export interface DocsServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.sql': 'text/plain; charset=utf-8',
};

export async function serveDocs(options: ServeDocsOptions): Promise<DocsServer> {
  let files = await options.build();
  const clients = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const path = decodePath(request.url ?? '/');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (path === EVENTS_PATH) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    const body =
      path === LIVE_RELOAD_PATH ? LIVE_RELOAD_JS : files.get(path === '/' ? 'index.html' : path.slice(1));
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response
      .writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path)] ?? 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    try {
      files = await options.build();
      options.onRebuild?.({ files: files.size });
      for (const client of clients) client.write('event: reload\ndata: {}\n\n');
    } catch (error) {
      options.onRebuild?.({ files: files.size, error });
    } finally {
      building = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), options.debounceMs ?? 150);
  };
  const watchers: FSWatcher[] = options.watch.map((target) =>
    watch(target.path, { recursive: target.directory && target.file === undefined }, (_event, name) => {
      if (target.file !== undefined && name !== null && name !== target.file) return;
      schedule();
    }),
  );

  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      for (const client of clients) client.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path, decoded; `..` segments cannot reach outside the site (it is served from memory). */
function decodePath(url: string): string {
  const raw = url.split(/[?#]/, 1)[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
