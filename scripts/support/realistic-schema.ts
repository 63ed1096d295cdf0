// A synthetic schema shaped like real application databases, written the way people write SQL: several
// schemas; per 100 tables about 90 triggers with their functions, 40 row-security policies, 20 views
// and a materialized view, 250 indexes (partial, expression, GIN), checks with IN lists and BETWEEN,
// enums, domains, comments on most objects, and a partitioned table. Tables reference the one before
// them in their schema, so foreign keys chain through each schema.
import { quoteIdent as q } from '../../src/dialects/postgres/quote.ts';

/** Tables per schema; a schema of 100 tables holds one partitioned table with four partitions. */
const TABLES_PER_SCHEMA_MAX = 1000;

export interface RealisticSchema {
  /** The statements, in an order PostgreSQL accepts; loaded in batches by the caller. */
  statements: string[];
  /** Tables, partitions included. */
  tables: number;
}

function schemaCount(tables: number): number {
  return Math.max(3, Math.ceil(tables / TABLES_PER_SCHEMA_MAX), Math.min(10, Math.ceil(tables / 200)));
}

export function realisticSchema(tables: number): RealisticSchema {
  const statements: string[] = [];
  const schemas = schemaCount(tables);
  let made = 0;
  for (let s = 0; s < schemas; s++) {
    const share = Math.floor(tables / schemas) + (s < tables % schemas ? 1 : 0);
    made += writeSchema(statements, `app_${s + 1}`, share);
  }
  return { statements, tables: made };
}

function writeSchema(out: string[], schema: string, tables: number): number {
  const S = q(schema);
  out.push(`CREATE SCHEMA ${S}`);
  out.push(`COMMENT ON SCHEMA ${S} IS 'Application area ${schema}'`);
  const groups = Math.max(1, Math.ceil(tables / 100));
  for (let g = 0; g < groups; g++) {
    out.push(`CREATE TYPE ${S}.status_${g} AS ENUM ('draft', 'active', 'suspended', 'closed')`);
    out.push(`COMMENT ON TYPE ${S}.status_${g} IS 'Lifecycle of a record'`);
    out.push(`CREATE TYPE ${S}.priority_${g} AS ENUM ('low', 'normal', 'high')`);
    out.push(`CREATE DOMAIN ${S}.email_${g} AS text CHECK (VALUE ~* '^[^@]+@[^@]+$')`);
    out.push(`CREATE DOMAIN ${S}.positive_amount_${g} AS numeric(12,2) CHECK (VALUE >= 0)`);
    out.push(`COMMENT ON DOMAIN ${S}.email_${g} IS 'An e-mail address'`);
  }
  out.push(
    `CREATE FUNCTION ${S}.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$`,
  );
  out.push(`COMMENT ON FUNCTION ${S}.touch_updated_at() IS 'Keeps updated_at current'`);
  let made = 0;
  let previous: string | undefined;
  for (let i = 0; i < tables; i++) {
    const group = Math.floor(i / 100);
    const position = i % 100;
    // The last five of each hundred: one partitioned table and four partitions.
    if (position === 95 && tables - i >= 5) {
      made += writePartitioned(out, S, `events_${group}`);
      i += 4;
      continue;
    }
    const name = `entity_${i}`;
    writeTable(out, S, name, group, position, previous);
    previous = name;
    made += 1;
  }
  return made;
}

function writeTable(
  out: string[],
  S: string,
  name: string,
  group: number,
  position: number,
  parent: string | undefined,
): void {
  const T = `${S}.${q(name)}`;
  const parentColumn = parent ? `  parent_id bigint REFERENCES ${S}.${q(parent)} ON DELETE CASCADE,\n` : '';
  out.push(
    `CREATE TABLE ${T} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id bigint NOT NULL,
${parentColumn}  code varchar(32) NOT NULL,
  title varchar(255) NOT NULL,
  email ${S}.email_${group},
  status ${S}.status_${group} NOT NULL DEFAULT 'draft',
  priority ${S}.priority_${group},
  kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'premium', 'internal')),
  amount ${S}.positive_amount_${group},
  quantity integer CHECK (quantity BETWEEN 0 AND 100000),
  attributes jsonb NOT NULL DEFAULT '{}',
  labels text[],
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  UNIQUE (tenant_id, code)
)`,
  );
  out.push(`COMMENT ON TABLE ${T} IS 'Records of ${name}'`);
  out.push(`COMMENT ON COLUMN ${T}.code IS 'Code people type, unique per tenant'`);
  if (position % 2 === 0) out.push(`COMMENT ON COLUMN ${T}.status IS 'Where the record is in its life'`);
  if (parent) out.push(`CREATE INDEX ON ${T} (parent_id)`);
  // 250 indexes per 100 tables with the primary key and unique constraint: 0.5 more per table.
  if (position % 4 === 0) {
    out.push(
      `CREATE INDEX ${q(`${name}_live_status`)} ON ${T} (status, created_at DESC) WHERE deleted_at IS NULL`,
    );
    out.push(`COMMENT ON INDEX ${S}.${q(`${name}_live_status`)} IS 'Open work lists'`);
  } else if (position % 4 === 2) {
    out.push(`CREATE INDEX ${q(`${name}_attributes`)} ON ${T} USING gin (attributes jsonb_path_ops)`);
  } else if (position % 8 === 1) {
    out.push(`CREATE UNIQUE INDEX ${q(`${name}_email`)} ON ${T} (lower(email)) WHERE deleted_at IS NULL`);
  } else if (position % 8 === 3) {
    out.push(`CREATE INDEX ${q(`${name}_labels`)} ON ${T} USING gin (labels)`);
  }
  // 90 triggers per 100 tables: updated_at on most, an audit trigger with its own function on some.
  if (position % 10 !== 9) {
    out.push(
      `CREATE TRIGGER touch BEFORE UPDATE ON ${T} FOR EACH ROW EXECUTE FUNCTION ${S}.touch_updated_at()`,
    );
  }
  if (position % 10 === 0) {
    const fn = `${S}.${q(`${name}_guard`)}`;
    out.push(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'closed' AND OLD.status <> 'closed' THEN
    NEW.deleted_at := coalesce(NEW.deleted_at, now());
  END IF;
  RETURN NEW;
END;
$$`,
    );
    out.push(`COMMENT ON FUNCTION ${fn}() IS 'Closing a record retires it'`);
    out.push(`CREATE TRIGGER guard BEFORE UPDATE OF status ON ${T} FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
  }
  // 40 policies per 100 tables: every fifth table has row security and two policies.
  if (position % 5 === 0) {
    out.push(`ALTER TABLE ${T} ENABLE ROW LEVEL SECURITY`);
    out.push(
      `CREATE POLICY tenant_read ON ${T} FOR SELECT USING (tenant_id = current_setting('app.tenant_id')::bigint)`,
    );
    out.push(
      `CREATE POLICY tenant_write ON ${T} FOR ALL USING (tenant_id = current_setting('app.tenant_id')::bigint) WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint AND deleted_at IS NULL)`,
    );
  }
  // 20 views per 100 tables, and one materialized view.
  if (position % 5 === 1) {
    const view = `${S}.${q(`${name}_live`)}`;
    out.push(`CREATE VIEW ${view} AS SELECT * FROM ${T} WHERE deleted_at IS NULL`);
    out.push(`COMMENT ON VIEW ${view} IS 'Rows not deleted'`);
  }
  if (position === 2) {
    out.push(
      `CREATE MATERIALIZED VIEW ${S}.${q(`${name}_totals`)} AS SELECT tenant_id, status, count(*) AS records, sum(amount) AS amount FROM ${T} GROUP BY tenant_id, status`,
    );
    out.push(`CREATE UNIQUE INDEX ON ${S}.${q(`${name}_totals`)} (tenant_id, status)`);
  }
}

function writePartitioned(out: string[], S: string, name: string): number {
  const T = `${S}.${q(name)}`;
  out.push(
    `CREATE TABLE ${T} (
  id bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
  payload jsonb,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at)`,
  );
  out.push(`COMMENT ON TABLE ${T} IS 'What happened, by month'`);
  out.push(`CREATE INDEX ON ${T} (tenant_id, occurred_at)`);
  for (let m = 1; m <= 4; m++) {
    const from = `2026-0${m}-01`;
    const to = `2026-0${m + 1}-01`;
    out.push(
      `CREATE TABLE ${S}.${q(`${name}_m${m}`)} PARTITION OF ${T} FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
  }
  return 5;
}
