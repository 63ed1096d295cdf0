// The real PostgreSQL parser (libpg-query, WebAssembly), for the few places that parse SQL without a
// database. Its package is CommonJS; loaded with require, Node does not first scan it and the type
// package it re-exports for their export names, which every command would pay for at start.
import { createRequire } from 'node:module';
import type * as libpgQuery from 'libpg-query';

type SqlParser = typeof libpgQuery;

const requireHere = createRequire(import.meta.url);

// Required on first use: requiring it starts compiling its WebAssembly, which commands that parse
// nothing (migrate status) need not wait for.
let parser: SqlParser | undefined;
const load = (): SqlParser => (parser ??= requireHere('libpg-query') as SqlParser);

export const loadModule: SqlParser['loadModule'] = () => load().loadModule();
export const parseSync = ((...args: Parameters<SqlParser['parseSync']>) =>
  load().parseSync(...args)) as SqlParser['parseSync'];
export const scanSync = ((...args: Parameters<SqlParser['scanSync']>) =>
  load().scanSync(...args)) as SqlParser['scanSync'];
