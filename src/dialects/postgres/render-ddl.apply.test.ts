// The generated DDL applied to real PostgreSQL (embedded and server): the catalog holds what the model
// says, under the names the model and its templates give.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../db/database.ts';
import { databaseKinds, withDatabase } from '../../../test/support/databases.ts';
import {
  featuresModel,
  LONG_COLUMN,
  LONG_DOMAIN,
  LONG_TABLE,
} from '../../../test/fixtures/ddl-features-model.ts';
import { compareText } from './ddl/compare-text.ts';
import { generateDdl } from './render-ddl.ts';

const SCHEMAS = ['public', 'Sales Dept', 'select'];

/** What PostgreSQL does to a name longer than 63 bytes: cut it, never inside a character. */
function truncated(name: string): string {
  let result = '';
  for (const char of name) {
    if (Buffer.byteLength(result + char, 'utf8') > 63) break;
    result += char;
  }
  return result;
}

/**
 * One line per row, columns joined by " | ", nulls left empty, sorted in code-unit order. Rows arrive
 * as objects, so every column needs its own name; `columns` catches two that share one.
 */
async function facts(db: Database, columns: number, sql: string): Promise<string[]> {
  const rows = await db.query<Record<string, unknown>>(sql, [SCHEMAS]);
  for (const row of rows) assert.equal(Object.keys(row).length, columns, `column names must differ: ${sql}`);
  return rows
    .map((row) =>
      Object.values(row)
        .map((v) => (v === null ? '' : String(v)))
        .join(' | '),
    )
    .sort(compareText);
}

// Template names of the 63-byte table, as PostgreSQL truncates them.
const PK_LONG = truncated(`pk_${LONG_TABLE}`);
const FK_LONG = truncated(`fk_${LONG_TABLE}_parent`);
const IX_LONG = truncated(`ix_${LONG_TABLE}_user_order`);
const DOMAIN_CHECK = `${'ð'.repeat(28)}_check`;

describe('generated DDL applied to PostgreSQL', () => {
  for (const kind of databaseKinds) {
    test(`the features model on the ${kind} database`, async (t) => {
      const ddl = await generateDdl(featuresModel);
      await withDatabase(kind, t, async (db) => {
        await db.exec(ddl);

        assert.deepEqual(
          await facts(
            db,
            5,
            `SELECT coalesce(n.nspname || '.' || c.relname, tn.nspname || '.' || t.typname), con.conname,
                    pg_get_constraintdef(con.oid),
                    concat_ws(' ', CASE WHEN NOT con.convalidated THEN 'not-valid' END,
                              CASE WHEN con.condeferrable THEN 'deferrable' END,
                              CASE WHEN con.condeferred THEN 'deferred' END),
                    obj_description(con.oid, 'pg_constraint')
               FROM pg_constraint con
               LEFT JOIN pg_class c ON c.oid = con.conrelid
               LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
               LEFT JOIN pg_type t ON t.oid = con.contypid
               LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
              WHERE con.contype <> 'n' AND coalesce(n.nspname, tn.nspname) = ANY ($1)`,
          ),
          [
            `Sales Dept.Order | fk_Order_user | FOREIGN KEY ("user") REFERENCES "user"("select") MATCH FULL ON UPDATE CASCADE ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED | deferrable deferred | Who ordered`,
            `Sales Dept.Order | order references unique index | FOREIGN KEY ("user") REFERENCES "${LONG_TABLE}"(user_order) NOT VALID | not-valid | `,
            `Sales Dept.Order | pk_Order | PRIMARY KEY (id) |  | `,
            `Sales Dept.amount | amount_check | CHECK (((VALUE)::integer < 1000000)) |  | `,
            `Sales Dept.small_amount | small | CHECK (((VALUE)::integer < 100)) |  | Small`,
            `public.positive_int | positive_int_check | CHECK ((VALUE > 0)) |  | Strictly positive`,
            `public.user | chk_user_score | CHECK (((score)::integer < 1000)) NO INHERIT |  | Bounded`,
            `public.user | ex_user_during | EXCLUDE USING gist (during WITH &&) WITH (fillfactor='90') WHERE ("naïve") |  | No overlapping periods`,
            `public.user | not valid yet | CHECK (("order" > 0)) NOT VALID | not-valid | Checked later`,
            `public.user | one order per email | EXCLUDE USING btree ("order" WITH =, lower("Email Address") WITH =) INCLUDE (status) DEFERRABLE | deferrable | `,
            `public.user | pk_user | PRIMARY KEY ("select") INCLUDE ("Email Address") |  | Key`,
            `public.user | uk_user_Email Address | UNIQUE NULLS NOT DISTINCT ("Email Address") INCLUDE ("naïve") |  | One account per address`,
            `public.user | user "order" key | UNIQUE ("order") DEFERRABLE INITIALLY DEFERRED | deferrable deferred | `,
            `public.${LONG_DOMAIN} | named in between | CHECK ((VALUE <> 'z'::text)) |  | `,
            `public.${LONG_DOMAIN} | ${DOMAIN_CHECK} | CHECK ((length(VALUE) > 0)) |  | `,
            `public.${LONG_DOMAIN} | ${DOMAIN_CHECK}1 | CHECK ((VALUE <> 'forbidden'::text)) NOT VALID | not-valid | Added NOT VALID`,
            `public.${LONG_TABLE} | ${FK_LONG} | FOREIGN KEY (parent) REFERENCES "${LONG_TABLE}"(id) ON DELETE SET NULL |  | Tree`,
            `public.${LONG_TABLE} | ${PK_LONG} | PRIMARY KEY (id) |  | `,
            `select.a | fk_a_b_id | FOREIGN KEY (b_id) REFERENCES "select".b(id) |  | `,
            `select.a | pk_a | PRIMARY KEY (id) |  | `,
            `select.b | fk_b_a_id | FOREIGN KEY (a_id) REFERENCES "select".a(id) ON DELETE CASCADE |  | `,
            `select.b | pk_b | PRIMARY KEY (id) |  | `,
          ].sort(compareText),
          'constraints',
        );

        assert.deepEqual(
          await facts(
            db,
            4,
            `SELECT n.nspname, c.relname, pg_get_indexdef(c.oid), obj_description(c.oid, 'pg_class')
               FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY ($1)`,
          ),
          [
            `Sales Dept | pk_Order | CREATE UNIQUE INDEX "pk_Order" ON "Sales Dept"."Order" USING btree (id) | `,
            `public | User Status Hash | CREATE INDEX "User Status Hash" ON public."user" USING hash (status) | `,
            `public | ex_user_during | CREATE INDEX ex_user_during ON public."user" USING gist (during) WITH (fillfactor='90') WHERE "naïve" | `,
            `public | ix_user_Email Address_order | CREATE UNIQUE INDEX "ix_user_Email Address_order" ON public."user" USING btree (lower("Email Address") COLLATE "POSIX" text_pattern_ops, "order" DESC NULLS LAST) INCLUDE (status) NULLS NOT DISTINCT WITH (fillfactor='80') WHERE (("order" IS NOT NULL) AND "naïve") | Lookup by address`,
            `public | ${truncated(`ix_user_${LONG_COLUMN}`)} | CREATE INDEX ${truncated(`ix_user_${LONG_COLUMN}`)} ON public."user" USING brin (${LONG_COLUMN}) WITH (pages_per_range='32') | `,
            `public | ${IX_LONG} | CREATE UNIQUE INDEX "${IX_LONG}" ON public."${LONG_TABLE}" USING btree (user_order) | `,
            `public | one order per email | CREATE INDEX "one order per email" ON public."user" USING btree ("order", lower("Email Address")) INCLUDE (status) | `,
            `public | ${PK_LONG} | CREATE UNIQUE INDEX "${PK_LONG}" ON public."${LONG_TABLE}" USING btree (id) | `,
            `public | pk_user | CREATE UNIQUE INDEX pk_user ON public."user" USING btree ("select") INCLUDE ("Email Address") | `,
            `public | uk_user_Email Address | CREATE UNIQUE INDEX "uk_user_Email Address" ON public."user" USING btree ("Email Address") INCLUDE ("naïve") NULLS NOT DISTINCT | `,
            `public | user "order" key | CREATE UNIQUE INDEX "user ""order"" key" ON public."user" USING btree ("order") | `,
            `select | pk_a | CREATE UNIQUE INDEX pk_a ON "select".a USING btree (id) | `,
            `select | pk_b | CREATE UNIQUE INDEX pk_b ON "select".b USING btree (id) | `,
          ].sort(compareText),
          'indexes',
        );

        assert.deepEqual(
          await facts(
            db,
            10,
            `SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                    a.attgenerated, pg_get_serial_sequence('public."user"', a.attname), co.collname,
                    pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)
               FROM pg_attribute a
               LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = 'public."user"'::regclass AND a.attnum > 0 AND $1::text[] IS NOT NULL`,
          ),
          [
            `1 | select | bigint | true | a |  | public."User Select Seq" |  |  | Identity with every option`,
            `10 | ${LONG_COLUMN} | timestamp with time zone | true |  |  |  |  | now() | `,
            `2 | Email Address | text | true |  |  |  | C |  | `,
            `3 | quote"d | character varying(80) | false |  |  |  |  | 'it''s'::character varying | `,
            `4 | naïve | boolean | false |  |  |  |  | ((1 > 0) AND true) | `,
            `5 | order | bigint | false |  |  | public.countdown |  |  | Owns the countdown sequence`,
            `6 | status | "Order Status" | false |  |  |  |  | 'new'::"Order Status" | `,
            `7 | score | positive_int | false |  |  |  |  |  | `,
            `8 | doubled | integer | false |  | s |  |  | ((score)::integer * 2) | `,
            `9 | during | tstzrange | false |  |  |  |  |  | `,
          ],
          'columns of public.user',
        );

        assert.deepEqual(
          await facts(
            db,
            11,
            `SELECT n.nspname, c.relname, c.relpersistence, format_type(s.seqtypid, NULL), s.seqincrement::text,
                    s.seqmin::text, s.seqmax::text, s.seqstart::text, s.seqcache::text, s.seqcycle,
                    obj_description(c.oid, 'pg_class')
               FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY ($1)`,
          ),
          [
            `Sales Dept | Order_id_seq | p | bigint | 1 | 1 | 9223372036854775807 | 1 | 1 | false | `,
            `public | User Select Seq | p | bigint | 10 | 1 | 9223372036854775807 | 100 | 5 | true | `,
            `public | countdown | u | bigint | -1 | -9223372036854775808 | -1 | -1 | 1 | false | `,
            `public | order_numbers | p | integer | 5 | 10 | 100000 | 20 | 2 | true | Order numbers`,
            // serial: PostgreSQL shortens the table part of <table>_<column>_seq to fit.
            `public | ${'ü'.repeat(28)}_id_seq | p | integer | 1 | 1 | 2147483647 | 1 | 1 | false | `,
          ].sort(compareText),
          'sequences',
        );

        assert.deepEqual(
          await facts(
            db,
            6,
            `SELECT n.nspname, c.relname, c.relpersistence, c.reloptions::text, toast.reloptions::text AS toast_options,
                    obj_description(c.oid, 'pg_class')
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
              WHERE c.relkind = 'r' AND n.nspname = ANY ($1)`,
          ),
          [
            `Sales Dept | Order | p |  |  | An order`,
            `public | user | p | {fillfactor=70,autovacuum_enabled=false} | {autovacuum_enabled=false} | People; "user" is a reserved word`,
            `public | ${LONG_TABLE} | p |  |  | `,
            `select | a | p |  |  | `,
            `select | b | p |  |  | `,
            `select | empty | p |  |  | `,
            `select | log | u |  |  | `,
          ].sort(compareText),
          'tables',
        );

        assert.deepEqual(
          await facts(
            db,
            9,
            `SELECT n.nspname, t.typname, t.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                    t.typdefault, co.collname, obj_description(t.oid, 'pg_type'),
                    (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
               FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               LEFT JOIN pg_collation co ON co.oid = t.typcollation AND co.collname <> 'default'
              WHERE t.typtype IN ('d', 'e') AND n.nspname = ANY ($1)`,
          ),
          [
            `Sales Dept | amount | d | positive_int | false |  |  |  | `,
            `Sales Dept | small_amount | d | "Sales Dept".amount | false |  |  |  | `,
            `public | Order Status | e | - | false |  |  | Where an order is | new,it's paid,shipped "fast",café,select`,
            `public | empty_enum | e | - | false |  |  |  | `,
            `public | order_number | d | bigint | true | nextval('order_numbers'::regclass) |  |  | `,
            `public | positive_int | d | integer | false |  |  | A positive integer | `,
            `public | ${LONG_DOMAIN} | d | text | false | ('x'::text || 'y'::text) | C |  | `,
          ].sort(compareText),
          'enums and domains',
        );

        assert.deepEqual(
          await facts(
            db,
            2,
            `SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n WHERE n.nspname = ANY ($1)
             UNION ALL
             SELECT e.extname || ' in ' || e.extnamespace::regnamespace::text, obj_description(e.oid, 'pg_extension')
               FROM pg_extension e WHERE e.extname = 'plpgsql'`,
          ),
          [
            `Sales Dept | Orders; it's quoted`,
            `plpgsql in pg_catalog | Procedures, it's "PL/pgSQL"`,
            `public | The default schema`,
            `select | `,
          ].sort(compareText),
          'schemas and extensions',
        );
      });
    });
  }
});
