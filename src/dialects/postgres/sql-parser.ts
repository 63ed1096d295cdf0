// The real PostgreSQL parser (libpg-query, WebAssembly), for the few places that parse SQL without a
// database. Its package is CommonJS; loaded with require, Node does not first scan it and the type
// package it re-exports for their export names, which every command would pay for at start.
import { createRequire } from 'node:module';
import type * as libpgQuery from 'libpg-query';

type SqlParser = typeof libpgQuery;

const requireHere = createRequire(import.meta.url);

export const { loadModule, parseSync, scanSync } = requireHere('libpg-query') as SqlParser;
