// Every real-world schema of the shared corpus (SQL files beside the checkout, or the directory in
// SCHEMATA_REALWORLD_DIR) gives Mermaid, DOT and DBML without error; @dbml/core reads the DBML back.
// Skipped when the corpus is not there; its files are read where they are, never copied in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from '@dbml/core';
import { formatDiagnostic, hasErrors } from '../src/model/diagnostics.ts';
import { importSqlFile } from '../src/readers/import-sql.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { buildDiagrams } from '../src/writers/erd/build-diagram.ts';
import { renderDbml } from '../src/writers/erd/dbml.ts';
import { renderDot } from '../src/writers/erd/dot.ts';
import { MERMAID_MAX_TEXT_SIZE, renderMermaidDocument } from '../src/writers/erd/mermaid.ts';

const corpus =
  process.env.SCHEMATA_REALWORLD_DIR ??
  fileURLToPath(new URL('../../shared/corpus/realworld/', import.meta.url));
const files = existsSync(corpus)
  ? readdirSync(corpus)
      .filter((name) => name.endsWith('.sql'))
      .sort()
  : [];

describe('erd of real-world schemas', { skip: files.length === 0 && `no corpus at ${corpus}` }, () => {
  for (const file of files) {
    test(file, async () => {
      const imported = await importSqlFile(join(corpus, file), { continueOnError: true });
      assert.ok(!hasErrors(imported.diagnostics), imported.diagnostics.map(formatDiagnostic).join('\n'));
      await loadSqlParser();
      const diagrams = buildDiagrams(imported.model);
      assert.ok(diagrams.overview.entities.length > 0, 'no tables');
      const mermaid = renderMermaidDocument(file, diagrams);
      for (const [, block] of mermaid.matchAll(/```mermaid\n([\s\S]*?)```/g))
        assert.ok((block as string).length <= MERMAID_MAX_TEXT_SIZE);
      assert.match(renderDot(diagrams.overview), /^digraph /);
      const dbml = renderDbml(imported.model);
      const database = new Parser().parse(dbml, 'dbmlv2');
      const tables = database.schemas.reduce((sum, schema) => sum + schema.tables.length, 0);
      const modelTables = Object.values(imported.model.schemas ?? {}).reduce(
        (sum, schema) => sum + Object.values(schema.tables ?? {}).filter((t) => !t.partitionOf).length,
        0,
      );
      assert.equal(tables, modelTables);
    });
  }
});
