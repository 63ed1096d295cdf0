// Property: whatever the names (quotes, spaces, case, unicode, reserved words, 63 bytes), the DDL
// applies and every object lands in the catalog under exactly its model name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Database } from '../../db/database.ts';
import type { Model } from '../../model/model-schema.ts';
import { domainCheckNames } from '../../model/naming.ts';
import { databaseKinds, withDatabase } from '../../../test/support/databases.ts';
import { compareText } from './ddl/compare-text.ts';
import { quoteIdent, quoteQualified } from './quote.ts';
import { generateDdl } from './render-ddl.ts';

const hostileName = fc
  .oneof(
    fc.constantFrom(
      'select',
      'order',
      'user',
      'Order',
      'a b',
      'say "hi"',
      "it's",
      'café',
      'a.b',
      '$1',
      ' ',
      '"',
      'x'.repeat(63),
      `${'é'.repeat(31)}x`,
      '🐘'.repeat(15),
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
  )
  .filter((name) => !name.includes('\0') && Buffer.byteLength(name, 'utf8') <= 63);

const schemaName = hostileName.filter(
  (name) => !name.startsWith('pg_') && name !== 'public' && name !== 'information_schema',
);
const commentText = fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !text.includes('\0'));

interface Names {
  schema: string;
  /** Tables, constraints, indexes and types share namespaces, so all of these differ. */
  objects: string[];
  columns: string[];
  values: string[];
  comment: string;
}

const names: fc.Arbitrary<Names> = fc.record({
  schema: schemaName,
  objects: fc.uniqueArray(hostileName, { minLength: 9, maxLength: 9 }),
  columns: fc.uniqueArray(hostileName, { minLength: 2, maxLength: 4 }),
  values: fc.uniqueArray(hostileName, { maxLength: 4 }),
  comment: commentText,
});

function modelFor({ schema, objects, columns, values, comment }: Names): Model {
  const [parent, child, primaryKey, unique, index, enumName, domain, check, foreignKey] = objects as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const [key, label, ...rest] = columns as [string, string, ...string[]];
  const description = comment;
  return {
    schemas: {
      [schema]: {
        description,
        enums: { [enumName]: { values, description } },
        domains: {
          [domain]: { type: 'integer', checks: [{ expression: 'VALUE > 0', description }], description },
        },
        tables: {
          [parent]: {
            description,
            columns: [
              { name: key, type: 'integer', notNull: true, description },
              { name: label, type: quoteQualified(schema, enumName) },
              ...rest.map((name) => ({ name, type: quoteQualified(schema, domain), description })),
            ],
            primaryKey: { name: primaryKey, columns: [key], description },
            uniques: [{ name: unique, columns: [label], description }],
            checks: [{ name: check, expression: `${quoteIdent(key)} > 0`, description }],
            indexes: [
              { name: index, columns: [label, { expression: `${quoteIdent(key)} + 1` }], description },
            ],
          },
          [child]: {
            columns: [{ name: key, type: 'integer' }],
            foreignKeys: [
              {
                name: foreignKey,
                columns: [key],
                references: { table: parent, columns: [key] },
                description,
              },
            ],
          },
        },
      },
    },
  };
}

async function catalogOf(db: Database, schema: string) {
  const rows = async (sql: string) =>
    (await db.query<{ line: string }>(sql, [schema])).map((row) => row.line).sort(compareText);
  const comment = `coalesce(' : ' || %s, '')`;
  return {
    schema: await rows(
      `SELECT nspname || ${comment.replace('%s', "obj_description(oid, 'pg_namespace')")} AS line
         FROM pg_namespace WHERE nspname = $1`,
    ),
    relations: await rows(
      `SELECT c.relkind::text || ' ' || c.relname || ${comment.replace('%s', "obj_description(c.oid, 'pg_class')")} AS line
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'i')`,
    ),
    columns: await rows(
      `SELECT c.relname || ' ' || a.attnum || ' ' || a.attname || ${comment.replace('%s', 'col_description(c.oid, a.attnum)')} AS line
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0`,
    ),
    constraints: await rows(
      `SELECT coalesce(c.relname, t.typname) || ' ' || con.contype::text || ' ' || con.conname
              || ${comment.replace('%s', "obj_description(con.oid, 'pg_constraint')")} AS line
         FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
         LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_type t ON t.oid = con.contypid
        WHERE n.nspname = $1 AND con.contype <> 'n'`,
    ),
    types: await rows(
      `SELECT t.typtype::text || ' ' || t.typname || ${comment.replace('%s', "obj_description(t.oid, 'pg_type')")}
              || coalesce(' : ' || (SELECT string_agg(e.enumlabel, ' | ' ORDER BY e.enumsortorder)
                                      FROM pg_enum e WHERE e.enumtypid = t.oid), '') AS line
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype IN ('e', 'd')`,
    ),
  };
}

function expectedCatalog(given: Names) {
  const { schema, objects, columns, values, comment } = given;
  const [parent, child, primaryKey, unique, index, enumName, domain, check, foreignKey] = objects as string[];
  const [key, label, ...rest] = columns as [string, string, ...string[]];
  const withComment = (text: string) => (comment === '' ? text : `${text} : ${comment}`);
  const sorted = (lines: string[]) => lines.sort(compareText);
  return {
    schema: [withComment(schema)],
    relations: sorted([
      withComment(`r ${parent}`),
      `r ${child}`,
      `i ${primaryKey}`,
      `i ${unique}`,
      withComment(`i ${index}`),
    ]),
    columns: sorted([
      withComment(`${parent} 1 ${key}`),
      `${parent} 2 ${label}`,
      ...rest.map((name, i) => withComment(`${parent} ${i + 3} ${name}`)),
      `${child} 1 ${key}`,
    ]),
    constraints: sorted([
      withComment(`${parent} p ${primaryKey}`),
      withComment(`${parent} u ${unique}`),
      withComment(`${parent} c ${check}`),
      withComment(`${child} f ${foreignKey}`),
      withComment(`${domain} c ${domainCheckNames(domain ?? '', [{}])[0]}`),
    ]),
    types: sorted([
      withComment(`e ${enumName}`) + (values.length > 0 ? ` : ${values.join(' | ')}` : ''),
      withComment(`d ${domain}`),
    ]),
  };
}

describe('generated DDL with hostile names', () => {
  for (const kind of databaseKinds) {
    test(`every name reaches the ${kind} catalog unchanged`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        await fc.assert(
          fc.asyncProperty(names, async (given) => {
            const ddl = await generateDdl(modelFor(given));
            await db.exec('BEGIN');
            try {
              await db.exec(ddl);
              assert.deepEqual(await catalogOf(db, given.schema), expectedCatalog(given));
            } finally {
              await db.exec('ROLLBACK');
            }
          }),
          { numRuns: kind === 'embedded' ? 20 : 60 },
        );
      });
    });
  }
});
