// The lint rules against a corpus of cases from other linters (Squawk, Atlas, strong_migrations,
// schemalint, pg-index-health), each labelled `flag` or `clean` for one concept. The corpus README
// says how to score: a flag case agrees when a finding of a rule mapped to its concept is reported
// anywhere in the file, a clean case when none is. Migration cases are linted as SQL after their setup
// file; schema cases are imported into embedded PostgreSQL (as `schemata import` does), their `public`
// schema inspected and linted as a model. The settings are the command's defaults with no config,
// except that the opt-in rules of the concepts the README calls opt-in upstream are turned on.
//
//   npm run conformance:lint -- DIR [--only TEXT]... [--out FILE] [--verbose]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { importSql } from '../src/readers/import-sql.ts';
import { lintModelSources, lintSqlSources } from '../src/lint/lint-inputs.ts';
import { lintSettings } from '../src/lint/settings.ts';
import { ruleByCode } from '../src/lint/rules/registry.ts';
import type { Finding } from '../src/lint/rule.ts';
import { ReusableEmbeddedDatabase } from './support/reusable-database.ts';

const { values, positionals } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    out: { type: 'string', default: 'conformance-out/lint.md' },
    verbose: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: npm run conformance:lint -- DIR [--only TEXT]... [--out FILE] [--verbose]');
  process.exit(2);
}

/**
 * Each concept of the corpus and the rules that report it. A concept checked both in migrations and
 * in schemas maps to a migration rule and a model rule; only the rules of the case's kind can fire.
 */
const CONCEPTS: Record<string, readonly string[]> = {
  // Migration safety.
  'add-column-volatile-default': ['add-column-volatile-default'],
  'add-column-default-pre-pg11': ['add-column-default-before-pg11'],
  'add-stored-generated-column': ['add-column-stored-generated'],
  'check-without-not-valid': ['add-check-validated'],
  'fk-without-not-valid': ['add-foreign-key-validated'],
  'not-valid-validated-same-transaction': ['validate-in-same-transaction'],
  'set-not-null-existing-column': ['set-not-null-scan'],
  'set-not-null-without-backfill': ['set-not-null-without-backfill'],
  'add-not-null-column-without-default': ['add-column-not-null-without-default'],
  'add-primary-key-blocking': ['add-primary-key-directly'],
  'pk-on-nullable-column': ['primary-key-on-nullable-column'],
  'add-unique-constraint-blocking': ['add-unique-constraint-directly'],
  'index-without-concurrently': ['create-index-non-concurrently'],
  'drop-index-without-concurrently': ['drop-index-non-concurrently'],
  'concurrent-index-in-transaction': ['concurrently-in-transaction'],
  'reindex-without-concurrently': ['reindex-non-concurrently'],
  'detach-partition-without-concurrently': ['detach-partition-non-concurrently'],
  'change-column-type-rewrite': ['alter-column-type-rewrite'],
  'rename-column': ['rename-column'],
  'rename-table': ['rename-table'],
  'drop-column': ['drop-column'],
  'drop-table': ['drop-table'],
  'drop-schema': ['drop-schema'],
  'drop-database': ['drop-database'],
  'drop-not-null': ['drop-not-null'],
  'drop-foreign-key': ['drop-foreign-key'],
  'truncate-cascade': ['truncate-cascade'],
  'alter-domain-add-constraint': ['alter-domain-add-constraint'],
  'create-domain-with-constraint': ['create-domain-with-constraint'],
  'uncommitted-transaction': ['uncommitted-transaction'],
  'transaction-nesting': ['transaction-nesting'],
  'missing-lock-timeout': ['missing-lock-timeout'],
  'missing-statement-timeout': ['missing-statement-timeout'],
  'non-idempotent-ddl-outside-transaction': ['prefer-robust-statements'],
  'int-instead-of-bigint': ['prefer-bigint-over-int'],
  'smallint-instead-of-bigint': ['prefer-bigint-over-smallint'],
  'identifier-too-long': ['identifier-too-long', 'name-too-long'],
  'duplicate-column-assignment': ['duplicate-column-assignment'],
  'enum-add-value-without-position': ['enum-value-without-position'],
  'table-without-schema-qualifier': ['table-without-schema'],
  'vacuum-full-or-cluster': ['prefer-repack-concurrently'],
  'add-auto-increment-column': ['add-column-auto-increment'],
  'add-exclusion-constraint': ['add-exclusion-constraint'],
  'rename-enum-value': ['rename-enum-value'],
  'rename-schema': ['rename-schema'],
  'drop-and-recreate-table': ['drop-and-recreate-table'],
  'backfill-in-ddl-transaction': ['backfill-in-ddl-transaction'],
  'add-unique-index-existing-column': ['add-unique-index-may-fail'],
  // Both: a migration rule for SQL, a model rule for schemas.
  'char-type-column': ['prefer-text-over-char', 'char-type'],
  'varchar-with-length': ['prefer-text-over-varchar', 'varchar-with-length'],
  'timestamp-without-time-zone': ['prefer-timestamptz', 'timestamp-without-time-zone'],
  'serial-instead-of-identity': ['prefer-identity', 'serial-primary-key'],
  'json-instead-of-jsonb': ['prefer-jsonb', 'json-type'],
  // Schema design.
  'table-without-pk': ['table-without-primary-key'],
  'fk-without-index': ['foreign-key-without-index'],
  'duplicated-index': ['duplicate-index'],
  'intersected-index': ['redundant-index', 'intersecting-indexes'],
  'serial-non-pk-column': ['serial-non-primary-key-column'],
  'not-valid-constraint-left': ['constraint-not-validated'],
  'varchar-uuid-like-primary-key': ['uuid-as-text'],
  'btree-index-on-array': ['btree-index-on-array'],
  'index-on-nullable-column': ['index-includes-nulls'],
  'index-on-boolean-column': ['boolean-index-column'],
  'index-timestamp-not-last': ['index-timestamp-not-last'],
  'redundant-not-null-index-predicate': ['unnecessary-index-predicate'],
  'table-without-comment': ['table-without-description'],
  'column-without-comment': ['column-without-description'],
  'duplicated-foreign-key': ['duplicate-foreign-key'],
  'intersected-foreign-key': ['intersecting-foreign-keys'],
  'fk-column-type-mismatch': ['foreign-key-type-mismatch'],
  'multicolumn-fk-nullable-column': ['nullable-multicolumn-foreign-key'],
  'self-referencing-fk-without-delete-action': ['self-reference-without-on-delete'],
  'money-column': ['money-type'],
  'natural-primary-key': ['natural-primary-key'],
  'table-inheritance': ['table-inheritance'],
  'inconsistent-column-types': ['inconsistent-column-types'],
  'non-snake-case-identifier': ['identifier-not-snake-case'],
  'enum-type-column': ['enum-column'],
  'rls-not-enabled': ['table-without-row-level-security'],
  'column-alignment-padding': ['column-order-wastes-padding'],
};

/**
 * Concepts the corpus README calls opt-in or convention-dependent upstream (timeouts, schema
 * qualification, comments, naming, RLS, enum and alignment): their rules are turned on here.
 */
const OPT_IN_UPSTREAM = [
  'missing-lock-timeout',
  'missing-statement-timeout',
  'table-without-schema-qualifier',
  'column-without-comment',
  'table-without-comment',
  'non-snake-case-identifier',
  'rls-not-enabled',
  'enum-type-column',
  'enum-add-value-without-position',
  'column-alignment-padding',
];

interface Case {
  id: string;
  kind: 'migration' | 'schema';
  expect: 'flag' | 'clean';
  concept: string;
  file: string;
  setup: string;
  minVersion: number;
  maxVersion: number | undefined;
  note: string;
}

function readCases(): Case[] {
  const [header, ...rows] = readFileSync(join(dir as string, 'cases.tsv'), 'utf8')
    .trimEnd()
    .split('\n');
  const columns = (header ?? '').split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    return {
      id: cell('id'),
      kind: cell('kind') === 'schema' ? 'schema' : 'migration',
      expect: cell('expect') === 'flag' ? 'flag' : 'clean',
      concept: cell('concept'),
      file: cell('file'),
      setup: cell('setup'),
      minVersion: Number(cell('pg_min_version')),
      maxVersion: cell('pg_max_version') === '' ? undefined : Number(cell('pg_max_version')),
      note: cell('note'),
    };
  });
}

/** PostgreSQL 15 where the case holds for it, else the lowest version it holds for (README). */
function targetVersion(c: Case): number {
  return c.minVersion <= 15 && (c.maxVersion === undefined || 15 <= c.maxVersion) ? 15 : c.minVersion;
}

const enable = OPT_IN_UPSTREAM.flatMap((concept) => CONCEPTS[concept] ?? []).filter(
  (code) => ruleByCode(code)?.optIn === true,
);

interface Outcome {
  case: Case;
  codes: readonly string[];
  /** The findings of the concept's rules. */
  matched: Finding[];
  agrees: boolean | undefined;
  error?: string;
}

const text = (file: string) => ({ file, text: readFileSync(join(dir as string, file), 'utf8') });

async function lintCase(c: Case, embedded: ReusableEmbeddedDatabase): Promise<Finding[]> {
  const settings = lintSettings({ targetVersion: targetVersion(c), enable });
  if (c.kind === 'migration')
    return lintSqlSources({ files: [text(c.file)], before: c.setup === '' ? [] : [text(c.setup)] }, settings);
  await embedded.reset();
  const source = text(c.file);
  const imported = await importSql(embedded.db, source.text, source.file, { schemas: ['public'] });
  const errors = imported.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join('; '));
  return lintModelSources({ model: imported.model }, settings);
}

const cases = readCases().filter(
  (c) => !values.only || values.only.some((part) => c.id.includes(part) || c.concept.includes(part)),
);
const embedded = await ReusableEmbeddedDatabase.open();
const outcomes: Outcome[] = [];
try {
  for (const c of cases) {
    const codes = (CONCEPTS[c.concept] ?? []).filter((code) => ruleByCode(code) !== undefined);
    if (codes.length === 0) {
      outcomes.push({ case: c, codes, matched: [], agrees: undefined });
      continue;
    }
    try {
      const findings = await lintCase(c, embedded);
      const matched = findings.filter((f) => codes.includes(f.code));
      outcomes.push({ case: c, codes, matched, agrees: matched.length > 0 === (c.expect === 'flag') });
    } catch (error) {
      outcomes.push({ case: c, codes, matched: [], agrees: false, error: (error as Error).message });
    }
    if (values.verbose) {
      const last = outcomes[outcomes.length - 1] as Outcome;
      console.log(`${c.id} ${c.concept} ${c.expect}: ${last.agrees ? 'agrees' : 'DISAGREES'}`);
    }
  }
} finally {
  await embedded.close();
}

const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};
const scored = outcomes.filter((o) => o.agrees !== undefined);
const agreed = scored.filter((o) => o.agrees).length;
const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
say(`# Lint conformance: ${dir}`);
say();
say(
  `${agreed} of ${scored.length} mapped cases agree (${percent(agreed, scored.length)}); ${outcomes.length} cases in all, ${outcomes.length - scored.length} of concepts no rule covers (${percent(agreed, outcomes.length)} of all).`,
);
say(`Opt-in rules turned on for concepts opt-in upstream: ${enable.join(', ') || 'none'}.`);
say();
say('| concept | rules | agree | cases |');
say('| --- | --- | --- | --- |');
const byConcept = new Map<string, Outcome[]>();
for (const o of outcomes) byConcept.set(o.case.concept, [...(byConcept.get(o.case.concept) ?? []), o]);
for (const [concept, list] of [...byConcept].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const codes = list[0]?.codes ?? [];
  const agree = list.filter((o) => o.agrees).length;
  say(
    `| ${concept} | ${codes.join(', ') || '(no rule)'} | ${codes.length === 0 ? '-' : agree} | ${list.length} |`,
  );
}
const unmapped = [...byConcept].filter(([, list]) => list[0]?.codes.length === 0).map(([concept]) => concept);
say();
say(`Concepts without a rule: ${unmapped.join(', ') || 'none'}.`);
say();
say('## Disagreements');
say();
for (const o of scored.filter((o) => !o.agrees)) {
  const c = o.case;
  const got = o.error
    ? `error: ${o.error}`
    : o.matched.length === 0
      ? 'nothing reported'
      : o.matched
          .map(
            (f) =>
              `${f.code} at ${f.location ? `${f.location.line}:${f.location.column}` : (f.object ?? '')}: ${f.message}`,
          )
          .join('; ');
  say(
    `- ${c.id} (${c.kind}, PG ${targetVersion(c)}) ${c.concept}, expected ${c.expect}: ${got}${c.note ? ` [note: ${c.note}]` : ''}`,
  );
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${lines.join('\n')}\n`);
console.log(`\nwrote ${values.out}`);
