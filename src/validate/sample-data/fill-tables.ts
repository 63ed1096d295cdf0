// Rows for every table, made and inserted table by table in foreign-key order, so each table's
// foreign keys pick from the keys its parents really got. Rows are inserted a few hundred per INSERT;
// a batch the database rejects is inserted row by row, and each rejected row is made again with other
// values a few times before it is given up and counted against the constraint that rejected it.
import type { Faker } from '@faker-js/faker';
import type { Database } from '../../db/database.ts';
import { readDatabaseError } from '../../db/database.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../dialects/postgres/quote.ts';
import { chooseConjunction, type ComparisonOperator } from './check-rules.ts';
import { addRule, emptyRule, generateValue, IMPOSSIBLE, type MergedRule } from './generate-value.ts';
import type { ColumnPlan, ForeignKeyPlan, TablePlan } from './plan-tables.ts';
import { baseType, type ValueType } from './value-types.ts';

/** Why a table got fewer rows: every combination its unique keys allow is taken. */
export const UNIQUE_SPACE = 'its unique keys allow no more rows with the parent rows there are';

/** Rows per INSERT statement. */
export const BATCH_ROWS = 500;
/** Attempts at a row the database rejected, each with new values. */
const ROW_ATTEMPTS = 4;
/** Rejected rows in a row after which a table is given up. */
const GIVE_UP_AFTER = 25;

export type Row = (string | null)[];

export interface FilledTable {
  plan: TablePlan;
  columns: string[];
  rows: Row[];
  wanted: number;
  /** Rejections by constraint name (or by message when the database named none). */
  rejections: Map<string, { count: number; message: string }>;
  /** Fewer rows than wanted, and rightly so (UNIQUE_SPACE). */
  limitedBy?: string;
  /** Why rows could not be made at all (no parent rows, a value no rule allows). */
  problems: string[];
  /** Makes more rows like these (the constraint tests' valid rows); absent for a blocked table. */
  maker?: RowMaker;
  /** Keys filled after every table had rows (a cycle broken): the UPDATE rows. */
  later?: { keyColumns: string[]; setColumns: string[]; rows: Row[] };
}

export interface FillState {
  db: Database;
  faker: Faker;
  base: number;
  filled: Map<string, FilledTable>;
}

interface Relation {
  left: string;
  operator: ComparisonOperator;
  right: string;
}

/** Name pairs that are ordered in real data although no check says so. */
const ORDERED_NAMES: [RegExp, RegExp][] = [
  [/^created_at$/, /^(updated_at|modified_at)$/],
  [
    /^(starts?_at|start_date|start_time|valid_from|begins_at)$/,
    /^(ends?_at|end_date|end_time|valid_to|valid_until)$/,
  ],
];

export async function fillTable(plan: TablePlan, wanted: number, state: FillState): Promise<FilledTable> {
  const filled: FilledTable = {
    plan,
    columns: plan.columns.map((c) => c.name),
    rows: [],
    wanted,
    rejections: new Map(),
    problems: [],
  };
  state.filled.set(plan.key, filled);
  if (plan.blocked) {
    filled.problems.push(plan.blocked);
    return filled;
  }
  const maker = new RowMaker(plan, state);
  filled.maker = maker;
  const one = oneToOneLimit(plan, state);
  const target = Math.min(wanted, one);
  if (one < wanted && one === 0) filled.problems.push('its one-to-one parent has no rows');
  const head = insertHead(plan);
  // Batches go in with COPY where the database takes CSV input directly (embedded): several times
  // faster than INSERT. Not for a table with rules, which COPY does not apply; a batch COPY refuses
  // is made again row by row with INSERT, as a refused INSERT batch is.
  const copy = plan.table.rules?.length ? undefined : copyStatement(plan);
  let failedInRow = 0;
  while (filled.rows.length < target && failedInRow < GIVE_UP_AFTER) {
    const batch: Row[] = [];
    const count = Math.min(BATCH_ROWS, target - filled.rows.length);
    for (let i = 0; i < count; i++) {
      const row = maker.make();
      if (typeof row === 'string') {
        if (row === UNIQUE_SPACE) filled.limitedBy = row;
        else if (!filled.problems.includes(row)) filled.problems.push(row);
        failedInRow = GIVE_UP_AFTER;
        break;
      }
      batch.push(row);
    }
    if (batch.length === 0) break;
    try {
      if (copy !== undefined && state.db.copyCsv)
        await state.db.copyCsv(copy, `${batch.map(csvLine).join('\n')}\n`);
      else await state.db.exec(`${head} VALUES\n${batch.map(rowSql).join(',\n')}`);
      for (const row of batch) maker.accept(row, filled);
      failedInRow = 0;
      continue;
    } catch {
      for (const row of batch) maker.release(row);
    }
    // Row by row: each rejected row is made again with other values.
    for (let i = 0; i < batch.length && failedInRow < GIVE_UP_AFTER; i++) {
      let row: Row | string = batch[i] as Row;
      let done = false;
      for (let attempt = 0; attempt < ROW_ATTEMPTS && !done; attempt++) {
        if (attempt > 0) {
          row = maker.make();
          if (typeof row === 'string') break;
        } else maker.claim(row);
        try {
          await state.db.exec(`${head} VALUES ${rowSql(row)}`);
          maker.accept(row, filled);
          done = true;
        } catch (error) {
          maker.release(row);
          noteRejection(filled, error);
        }
      }
      failedInRow = done ? 0 : failedInRow + 1;
    }
  }
  if (filled.rows.length > 0) await resetSequences(plan, state.db);
  return filled;
}

function noteRejection(filled: FilledTable, error: unknown): void {
  const e = readDatabaseError(error);
  const constraint = (error as { constraint?: unknown }).constraint;
  // Keyed by the constraint, else by SQLSTATE: a trigger's messages differ row by row.
  const key =
    typeof constraint === 'string' && constraint !== '' ? constraint : `SQLSTATE ${e.code ?? 'unknown'}`;
  const entry = filled.rejections.get(key) ?? { count: 0, message: e.message };
  entry.count++;
  filled.rejections.set(key, entry);
}

function insertHead(plan: TablePlan): string {
  const overriding = plan.columns.some((c) => c.identity === 'always') ? ' OVERRIDING SYSTEM VALUE' : '';
  return `INSERT INTO ${quoteQualified(plan.schema, plan.name)} (${plan.columns.map((c) => quoteIdent(c.name)).join(', ')})${overriding}`;
}

function copyStatement(plan: TablePlan): string {
  return `COPY ${quoteQualified(plan.schema, plan.name)} (${plan.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`;
}

/** A row as CSV: NULL as an empty field, every value quoted (so an empty text stays a text). */
function csvLine(row: Row): string {
  return row.map((v) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`)).join(',');
}

function rowSql(row: Row): string {
  return `(${row.map((v) => (v === null ? 'NULL' : quoteLiteral(v))).join(', ')})`;
}

/** Identity and serial columns were given their values: their sequences continue after them. */
async function resetSequences(plan: TablePlan, db: Database): Promise<void> {
  for (const statement of sequenceResets(plan)) await db.exec(statement);
}

export function sequenceResets(plan: TablePlan): string[] {
  const table = quoteQualified(plan.schema, plan.name);
  return plan.columns
    .filter((c) => c.sequence)
    .filter((c) => baseType(c.type).kind === 'integer')
    .map(
      (c) =>
        `SELECT setval(s, (SELECT max(${quoteIdent(c.name)}) FROM ${table})) FROM pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(c.name)}) AS s WHERE s IS NOT NULL AND EXISTS (SELECT FROM ${table});`,
    );
}

/** A one-to-one key takes each parent row once: no more rows than its parent has. */
function oneToOneLimit(plan: TablePlan, state: FillState): number {
  let limit = Infinity;
  for (const fk of plan.foreignKeys)
    if (fk.oneToOne && !fk.later && fk.parent !== plan.key)
      limit = Math.min(limit, state.filled.get(fk.parent)?.rows.length ?? 0);
  return limit;
}

/** Makes rows for one table, keeping its unique keys unique and its foreign keys pointing at parents. */
export class RowMaker {
  private readonly used: Set<string>[];
  private readonly next: number[];
  private readonly position = new Map<string, number>();
  private readonly relations: Relation[] = [];
  private readonly notNull: ReadonlySet<string>;
  private readonly takenParents = new Map<string, Set<string>>();

  constructor(
    private readonly plan: TablePlan,
    private readonly state: FillState,
  ) {
    this.used = plan.uniques.map(() => new Set());
    this.next = plan.columns.map((c) => c.sequentialFrom ?? 0);
    plan.columns.forEach((c, i) => this.position.set(c.name, i));
    this.notNull = new Set(plan.columns.filter((c) => c.notNull).map((c) => c.name));
    for (const [earlier, later] of ORDERED_NAMES) {
      const a = plan.columns.find((c) => earlier.test(c.name));
      const b = plan.columns.find((c) => later.test(c.name));
      if (a && b) this.relations.push({ left: a.name, operator: '<=', right: b.name });
    }
  }

  /** A row, or why none can be made. */
  make(): Row | string {
    return this.makeWith(() => undefined);
  }

  /**
   * A row whose chosen columns have been set by `adjust` after it was made (a test row); the unique
   * keys it takes are its own.
   */
  makeWith(adjust: (row: Row) => void): Row | string {
    let last = UNIQUE_SPACE;
    for (let attempt = 0; attempt < 25; attempt++) {
      const row = this.attempt();
      if (typeof row === 'string') {
        last = row;
        if (row.startsWith('!')) return row.slice(1);
        continue;
      }
      adjust(row);
      if (this.claim(row)) return row;
    }
    return last;
  }

  /** Takes the row's unique tuples; false when one is taken already. */
  claim(row: Row): boolean {
    const keys = this.uniqueKeys(row);
    if (keys.some((key, i) => key !== undefined && (this.used[i] as Set<string>).has(key))) return false;
    keys.forEach((key, i) => key !== undefined && (this.used[i] as Set<string>).add(key));
    this.noteParents(row);
    return true;
  }

  /** Records the parents a row's one-to-one keys took after it was made (keys filled later). */
  noteParents(row: Row): void {
    for (const fk of this.plan.foreignKeys) {
      const tuple = fk.oneToOne ? this.tuple(row, fk.columns) : undefined;
      if (tuple !== undefined) this.taken(fk.name).add(tuple);
    }
  }

  release(row: Row): void {
    this.uniqueKeys(row).forEach((key, i) => key !== undefined && (this.used[i] as Set<string>).delete(key));
    for (const fk of this.plan.foreignKeys) {
      const tuple = fk.oneToOne ? this.tuple(row, fk.columns) : undefined;
      if (tuple !== undefined) this.taken(fk.name).delete(tuple);
    }
  }

  accept(row: Row, filled: FilledTable): void {
    filled.rows.push(row);
  }

  private taken(name: string): Set<string> {
    let set = this.takenParents.get(name);
    if (set === undefined) this.takenParents.set(name, (set = new Set()));
    return set;
  }

  /** Where a column is in a row. */
  indexOf(column: string): number {
    return this.position.get(column) ?? -1;
  }

  private tuple(row: Row, columns: readonly string[], lower = false): string | undefined {
    const values = columns.map((c) => row[this.position.get(c) ?? -1]);
    if (values.some((v) => v === null || v === undefined)) return undefined;
    return JSON.stringify(lower ? values.map((v) => (v as string).toLowerCase()) : values);
  }

  private uniqueKeys(row: Row): (string | undefined)[] {
    return this.plan.uniques.map((u) => {
      if (u.nullsNotDistinct)
        return JSON.stringify(u.columns.map((c) => row[this.position.get(c) ?? -1] ?? null));
      return this.tuple(row, u.columns, true);
    });
  }

  /** One try at a row; a string says why it failed (`!` first: no try can succeed). */
  private attempt(): Row | string {
    const { plan, state } = this;
    const { faker } = state;
    const rules = new Map<string, MergedRule>();
    const relations = [...this.relations];
    for (const check of plan.checks) {
      const choice = chooseConjunction(
        check.tree,
        (n) => faker.number.int({ min: 0, max: n - 1 }),
        this.notNull,
      );
      for (const { column, rule } of choice.rules) {
        let merged = rules.get(column);
        if (merged === undefined) rules.set(column, (merged = emptyRule()));
        addRule(merged, rule);
      }
      relations.push(...choice.relations);
    }
    const fkColumns = new Set(plan.foreignKeys.flatMap((fk) => fk.columns));
    const row: Row = new Array(plan.columns.length).fill(null);
    for (let i = 0; i < plan.columns.length; i++) {
      const column = plan.columns[i] as ColumnPlan;
      if (fkColumns.has(column.name)) continue;
      if (column.sequentialFrom !== undefined && !rules.has(column.name)) {
        row[i] = String(this.next[i]);
        this.next[i] = (this.next[i] as number) + 1;
        continue;
      }
      const rule = rules.get(column.name) ?? emptyRule();
      const value = this.value(column, rule);
      if (value === IMPOSSIBLE) return `no value of ${column.name} satisfies its checks`;
      row[i] = value;
    }
    for (const fk of plan.foreignKeys) {
      const problem = this.pickParent(fk, row);
      if (problem !== undefined) return problem;
    }
    for (const relation of relations) this.order(relation, row, rules);
    return row;
  }

  private value(column: ColumnPlan, rule: MergedRule): string | null | typeof IMPOSSIBLE {
    const { faker } = this.state;
    const constrained =
      rule.oneOf !== undefined || rule.low || rule.high || rule.patterns.length > 0 || rule.notNull;
    if (!column.notNull && !rule.notNull && !constrained) {
      const sparse =
        /(deleted|archived|cancell?ed|closed|completed|ended|finished|revoked)_(at|on|by|date)$/.test(
          column.name,
        );
      if (faker.number.float() < (sparse ? 0.75 : 0.1)) return null;
    }
    if (
      column.constantDefault !== undefined &&
      !constrained &&
      rule.notIn.length === 0 &&
      faker.number.float() < 0.3
    )
      return column.constantDefault;
    return generateValue(column.type, {
      faker,
      column: column.name.toLowerCase(),
      table: this.plan.name.toLowerCase(),
      rule: column.notNull ? { ...rule, notNull: true } : rule,
      base: this.state.base,
    });
  }

  /** Fills a foreign key's columns from a parent row that agrees with what the row has already. */
  private pickParent(fk: TablePlan['foreignKeys'][number], row: Row): string | undefined {
    const { plan, state } = this;
    const { faker } = state;
    const positions = fk.columns.map((c) => this.position.get(c) ?? -1);
    const nullable = fk.columns.every((c) => !plan.columns[this.position.get(c) ?? -1]?.notNull);
    // A key pointing forward in the order is filled once its parent has rows (a valid row of the
    // constraint tests picks a parent as any key does). Until then it stays empty, or, in a cycle of
    // deferred NOT NULL keys, holds stand-in values that are replaced before the cycle commits.
    if (fk.later && (state.filled.get(fk.parent)?.rows.length ?? 0) === 0) {
      if (!fk.notNull || plan.deferredCycle === undefined) return undefined;
      for (const p of positions) {
        const value = this.value(plan.columns[p] as ColumnPlan, { ...emptyRule(), notNull: true });
        if (value === IMPOSSIBLE) return `no stand-in value fits foreign key ${fk.name}`;
        row[p] = value;
      }
      return undefined;
    }
    if (nullable && faker.number.float() < 0.1) return undefined;
    const parent = state.filled.get(fk.parent);
    let tuples = parent ? parentTuples(parent, fk.parentColumns) : [];
    if (fk.parent === plan.key && tuples.length === 0) {
      // The first row of a self-reference: itself, when its key is made already, else nothing.
      const own = fk.parentColumns.map((c) => row[this.position.get(c) ?? -1] ?? null);
      if (own.every((v) => v !== null)) tuples = [own as string[]];
    }
    const fixed = positions.map((p) => row[p] ?? null);
    if (!fk.oneToOne && fixed.every((v) => v === null) && tuples.length > 0) {
      // The common case: nothing to agree with, any parent row will do.
      const chosen = faker.helpers.arrayElement(tuples);
      positions.forEach((p, i) => (row[p] = chosen[i] as string));
      return undefined;
    }
    let candidates = tuples.filter((t) => t.every((v, i) => fixed[i] === null || fixed[i] === v));
    if (fk.oneToOne) {
      const taken = this.taken(fk.name);
      candidates = candidates.filter((t) => !taken.has(JSON.stringify(t)));
    }
    if (candidates.length === 0) {
      if (nullable) return undefined;
      const rows = parent?.rows.length ?? 0;
      return rows === 0 && fk.parent !== plan.key
        ? `!its parent ${fk.parent} has no rows (foreign key ${fk.name})`
        : `no parent row fits foreign key ${fk.name}`;
    }
    const chosen = faker.helpers.arrayElement(candidates);
    positions.forEach((p, i) => (row[p] = chosen[i] as string));
    return undefined;
  }

  /** Makes `left operator right` hold between two values of one ordered kind, by swapping them. */
  private order(relation: Relation, row: Row, rules: Map<string, MergedRule>): void {
    const l = this.position.get(relation.left);
    const r = this.position.get(relation.right);
    if (l === undefined || r === undefined) return;
    const a = row[l];
    const b = row[r];
    if (a === null || b === null || a === undefined || b === undefined) return;
    const type = baseType((this.plan.columns[l] as ColumnPlan).type);
    const compare = comparer(type);
    if (compare === undefined || satisfied(compare(a, b), relation.operator)) return;
    if (
      satisfied(compare(b, a), relation.operator) &&
      !(rules.get(relation.left)?.oneOf || rules.get(relation.right)?.oneOf)
    ) {
      row[l] = b;
      row[r] = a;
    }
  }
}

function comparer(type: ValueType): ((a: string, b: string) => number) | undefined {
  switch (type.kind) {
    case 'integer':
    case 'decimal':
    case 'float':
    case 'money':
      return (a, b) => Number(a) - Number(b);
    case 'date':
    case 'timestamp':
    case 'time':
      return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    default:
      return undefined;
  }
}

function satisfied(comparison: number, operator: ComparisonOperator): boolean {
  switch (operator) {
    case '<':
      return comparison < 0;
    case '<=':
      return comparison <= 0;
    case '>':
      return comparison > 0;
    case '>=':
      return comparison >= 0;
    case '=':
      return comparison === 0;
    default:
      return comparison !== 0;
  }
}

const tupleCache = new WeakMap<FilledTable, Map<string, { length: number; tuples: string[][] }>>();

/** The distinct non-null tuples of a parent's referenced columns, from the rows it got. */
function parentTuples(parent: FilledTable, columns: readonly string[]): string[][] {
  let byColumns = tupleCache.get(parent);
  if (byColumns === undefined) tupleCache.set(parent, (byColumns = new Map()));
  const key = columns.join('\0');
  const cached = byColumns.get(key);
  if (cached && cached.length === parent.rows.length) return cached.tuples;
  const positions = columns.map((c) => parent.columns.indexOf(c));
  const seen = new Set<string>();
  const tuples: string[][] = [];
  for (const row of parent.rows) {
    const tuple = positions.map((p) => row[p] ?? null);
    if (tuple.some((v) => v === null)) continue;
    const id = JSON.stringify(tuple);
    if (seen.has(id)) continue;
    seen.add(id);
    tuples.push(tuple as string[]);
  }
  byColumns.set(key, { length: parent.rows.length, tuples });
  return tuples;
}

/**
 * The keys left empty to break a cycle, now that every table has rows: an UPDATE per few hundred rows,
 * matched on the table's row key. With `required`, the NOT NULL keys of a deferred cycle instead: each
 * row's stand-in values are replaced by a parent's (a one-to-one key takes each parent once); false
 * when that could not be done, so the cycle's transaction cannot commit.
 */
export async function fillLaterKeys(
  filled: FilledTable,
  state: FillState,
  required = false,
): Promise<boolean> {
  const { plan } = filled;
  const later = plan.foreignKeys.filter((fk) => fk.later && fk.notNull === required);
  if (later.length === 0 || filled.rows.length === 0) return true;
  if (plan.rowKey === undefined) {
    filled.problems.push(
      `foreign keys ${later.map((fk) => fk.name).join(', ')} ${required ? 'could not be filled' : 'were left empty'}: the table has no key to update its rows by`,
    );
    return false;
  }
  const keyColumns = plan.rowKey;
  const setColumns = later.flatMap((fk) => fk.columns);
  const position = (c: string) => filled.columns.indexOf(c);
  const pickers = later.map((fk) => parentPicker(fk, state, required));
  const updates: Row[] = [];
  for (const row of filled.rows) {
    const values: Row = [];
    for (const [i, fk] of later.entries()) {
      const pick = (pickers[i] as () => string[] | undefined)();
      if (pick === undefined && required) {
        filled.problems.push(`no parent row is left for foreign key ${fk.name}`);
        return false;
      }
      values.push(...fk.columns.map((_, c) => pick?.[c] ?? null));
    }
    if (values.every((v) => v === null)) continue;
    setColumns.forEach((c, i) => (row[position(c)] = values[i] ?? null));
    filled.maker?.noteParents(row);
    updates.push([...keyColumns.map((c) => row[position(c)] ?? null), ...values]);
  }
  // The UPDATEs of a deferred cycle are part of its rows, as inserted; others run after every load.
  const update = { keyColumns, setColumns, rows: updates };
  if (!required) filled.later = update;
  for (const statement of laterUpdates(plan, update)) {
    try {
      await state.db.exec(statement);
    } catch (error) {
      filled.problems.push(
        `the keys filled after the cycle was broken were rejected: ${readDatabaseError(error).message}`,
      );
      return false;
    }
  }
  return true;
}

/** Picks a parent's key for each row in turn: any (now and then none), or one never taken before. */
function parentPicker(fk: ForeignKeyPlan, state: FillState, required: boolean): () => string[] | undefined {
  const parent = state.filled.get(fk.parent);
  const tuples = parent ? parentTuples(parent, fk.parentColumns) : [];
  if (fk.oneToOne) {
    const order = state.faker.helpers.shuffle([...tuples]);
    return () => order.pop();
  }
  return () =>
    tuples.length > 0 && (required || state.faker.number.float() >= 0.1)
      ? state.faker.helpers.arrayElement(tuples)
      : undefined;
}

/** The UPDATE statements that fill keys left empty, a few hundred rows each. */
export function laterUpdates(plan: TablePlan, later: NonNullable<FilledTable['later']>): string[] {
  const types = new Map(plan.columns.map((c) => [c.name, c.sqlType]));
  const all = [...later.keyColumns, ...later.setColumns];
  const alias = all.map((_, i) => `c${i}`);
  const table = quoteQualified(plan.schema, plan.name);
  const statements: string[] = [];
  for (let start = 0; start < later.rows.length; start += BATCH_ROWS) {
    const values = later.rows
      .slice(start, start + BATCH_ROWS)
      .map(
        (row) =>
          `(${row.map((v, i) => `CAST(${v === null ? 'NULL' : quoteLiteral(v)} AS ${types.get(all[i] as string)})`).join(', ')})`,
      );
    const set = later.setColumns.map((c, i) => `${quoteIdent(c)} = v.${alias[later.keyColumns.length + i]}`);
    const where = later.keyColumns.map((c, i) => `t.${quoteIdent(c)} = v.${alias[i]}`);
    statements.push(
      `UPDATE ${table} AS t SET ${set.join(', ')} FROM (VALUES ${values.join(', ')}) AS v(${alias.join(', ')}) WHERE ${where.join(' AND ')};`,
    );
  }
  return statements;
}
