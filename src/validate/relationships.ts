// The relationship check: every foreign key of the model joined both ways on the sample data. From
// the child: how many rows find their parent, and the orphans that find none (an error: the key
// should have rejected them). From the parent: how many rows have children, which shows whether the
// sample exercises the relationship at all.
import { quoteIdent, quoteQualified } from '../dialects/postgres/quote.ts';
import { sortedEntries } from '../model/model-path.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';

interface JoinCounts {
  child_rows: string | number;
  with_parent: string | number;
  orphans: string | number;
  parent_rows: string | number;
  with_children: string | number;
}

export async function checkRelationships(ctx: ValidationContext): Promise<ValidationSection> {
  const findings: ValidationFinding[] = [];
  const lines: string[] = [];
  const relationships: Record<string, unknown>[] = [];
  for (const [schema, definition] of sortedEntries(ctx.model.schemas))
    for (const [table, value] of sortedEntries(definition.tables))
      for (const [index, key] of (value.foreignKeys ?? []).entries()) {
        const parentSchema = key.references.schema ?? schema;
        const parentTable = key.references.table;
        const object = `${schema}.${table}.${key.name ?? `(${key.columns.join(', ')})`}`;
        ctx.progress?.(`joining ${object}`);
        const child = quoteQualified(schema, table);
        const parent = quoteQualified(parentSchema, parentTable);
        const matches = key.columns
          .map(
            (column, i) => `p.${quoteIdent(key.references.columns[i] ?? column)} = c.${quoteIdent(column)}`,
          )
          .join(' AND ');
        // MATCH SIMPLE (the default) leaves a row with any null key column unchecked; MATCH FULL only
        // a row whose key columns are all null.
        const nulls = key.columns.map((column) => `c.${quoteIdent(column)} IS NOT NULL`);
        const keyed = key.match === 'full' ? `(${nulls.join(' OR ')})` : nulls.join(' AND ');
        const [counts] = await ctx.db.query<JoinCounts>(
          `SELECT (SELECT count(*) FROM ${child} c) AS child_rows,
                  (SELECT count(*) FROM ${child} c JOIN ${parent} p ON ${matches}) AS with_parent,
                  (SELECT count(*) FROM ${child} c WHERE ${keyed}
                      AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${matches})) AS orphans,
                  (SELECT count(*) FROM ${parent} p) AS parent_rows,
                  (SELECT count(*) FROM ${parent} p
                    WHERE EXISTS (SELECT 1 FROM ${child} c WHERE ${matches})) AS with_children`,
        );
        const n = (value: string | number | undefined) => Number(value ?? 0);
        const facts = {
          foreignKey: object,
          references: `${parentSchema}.${parentTable}`,
          childRows: n(counts?.child_rows),
          withParent: n(counts?.with_parent),
          orphans: n(counts?.orphans),
          parentRows: n(counts?.parent_rows),
          withChildren: n(counts?.with_children),
        };
        relationships.push(facts);
        lines.push(
          `${object} -> ${facts.references}: ${count(facts.withParent)} of ${count(facts.childRows)} rows join a parent; ` +
            `${count(facts.withChildren)} of ${count(facts.parentRows)} parents have children`,
        );
        if (facts.orphans > 0) {
          const location = ctx.locate?.(['schemas', schema, 'tables', table, 'foreignKeys', index]);
          findings.push({
            code: 'orphan-rows',
            severity: 'error',
            message: `${count(facts.orphans)} rows of ${schema}.${table} reference no row of ${facts.references} through ${object}`,
            object,
            ...(location && { location }),
            hint: key.notValid
              ? 'the key is NOT VALID, so rows that existed before it are not checked; VALIDATE CONSTRAINT finds them'
              : 'a foreign key that holds admits no orphans: check the key and triggers that bypass it',
            ...(key.businessRule !== undefined && { businessRule: key.businessRule }),
          });
        }
      }
  return {
    name: 'relationships',
    summary:
      relationships.length === 0
        ? 'no foreign keys in the model'
        : `${relationships.length} foreign key${relationships.length === 1 ? '' : 's'} joined both ways` +
          (findings.length > 0 ? `, ${findings.length} with orphans` : ''),
    findings,
    details: { relationships },
    lines,
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
