// The constraint tests: for every NOT NULL, CHECK, UNIQUE, FOREIGN KEY, exclusion constraint and enum
// column, a row that must be rejected, and for every table a row that must be accepted. Each test runs in
// a savepoint of one transaction that is rolled back at the end, so the sample data stays as it was.
// A row the constraint should reject but the database accepts means the constraint does not enforce
// what it was meant to (a check that is always true, a partial unique whose predicate is never true).
import type { Database } from '../db/database.ts';
import { readDatabaseError } from '../db/database.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../dialects/postgres/quote.ts';
import { columnsMentioned } from '../model/naming.ts';
import type { ModelPath } from '../model/model-path.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';
import {
  chooseConjunction,
  negate,
  readCheck,
  type CheckTree,
  type Constant,
} from './sample-data/check-rules.ts';
import { addRule, emptyRule, generateValue, IMPOSSIBLE } from './sample-data/generate-value.ts';
import type { FillState, FilledTable, Row } from './sample-data/fill-tables.ts';
import type { CheckPlan, TablePlan } from './sample-data/plan-tables.ts';
import { baseType, type ValueType } from './sample-data/value-types.ts';

type Outcome = { ok: true } | { ok: false; code: string; constraint: string | undefined; message: string };

type Kind = 'valid row' | 'not null' | 'check' | 'unique' | 'foreign key' | 'exclusion' | 'enum';

interface Tally {
  tested: number;
  rejected: number;
}

class Harness {
  readonly tally = new Map<Kind, Tally>();

  constructor(private readonly db: Database) {}

  async try(plan: TablePlan, rows: Row[]): Promise<Outcome> {
    const overriding = plan.columns.some((c) => c.identity === 'always') ? ' OVERRIDING SYSTEM VALUE' : '';
    const head = `INSERT INTO ${quoteQualified(plan.schema, plan.name)} (${plan.columns.map((c) => quoteIdent(c.name)).join(', ')})${overriding}`;
    const values = rows.map(
      (row) => `(${row.map((v) => (v === null ? 'NULL' : quoteLiteral(v))).join(', ')})`,
    );
    return this.run(`${head} VALUES ${values.join(', ')}`);
  }

  /**
   * Runs a statement after undoing the one before: one round trip per test. The savepoint is made
   * once, after BEGIN; ROLLBACK TO keeps it for the next test.
   */
  async run(sql: string): Promise<Outcome> {
    try {
      await this.db.exec(`ROLLBACK TO SAVEPOINT schemata_constraint_test;\n${sql}`);
      return { ok: true };
    } catch (error) {
      const e = readDatabaseError(error);
      const constraint = (error as { constraint?: unknown }).constraint;
      return {
        ok: false,
        code: e.code ?? '',
        constraint: typeof constraint === 'string' ? constraint : undefined,
        message: e.message,
      };
    }
  }

  count(kind: Kind, rejected: boolean): void {
    const tally = this.tally.get(kind) ?? { tested: 0, rejected: 0 };
    tally.tested++;
    if (rejected) tally.rejected++;
    this.tally.set(kind, tally);
  }
}

export interface ConstraintTestInput {
  state: FillState;
  plans: readonly TablePlan[];
}

export async function runConstraintTests(
  ctx: ValidationContext,
  input: ConstraintTestInput,
): Promise<ValidationSection> {
  const harness = new Harness(ctx.db);
  const findings: ValidationFinding[] = [];
  const skipped: string[] = [];
  await ctx.db.exec('BEGIN');
  try {
    await ctx.db.exec('SET CONSTRAINTS ALL IMMEDIATE; SAVEPOINT schemata_constraint_test');
    for (const plan of input.plans) {
      const filled = input.state.filled.get(plan.key);
      if (filled?.maker === undefined || filled.rows.length === 0) {
        skipped.push(plan.key);
        continue;
      }
      findings.push(...(await testTable(ctx, plan, filled, input.state, harness)));
    }
  } finally {
    await ctx.db.exec('ROLLBACK');
  }
  const kinds = [...harness.tally].map(([kind, t]) => ({ kind, ...t }));
  const total = kinds.filter((k) => k.kind !== 'valid row').reduce((sum, k) => sum + k.tested, 0);
  const failed = findings.filter((f) => f.severity === 'error').length;
  const lines = kinds.map(
    (k) =>
      `${k.kind}: ${k.tested} tested${k.kind === 'valid row' ? `, ${k.tested - k.rejected} accepted` : `, ${k.rejected} rejected the bad row`}`,
  );
  if (skipped.length > 0) lines.push(`not tested (no sample rows): ${skipped.join(', ')}`);
  return {
    name: 'constraints',
    summary: `${total} constraint tests in ${input.plans.length - skipped.length} tables${failed > 0 ? `, ${failed} failed` : ''}`,
    findings,
    details: {
      tests: Object.fromEntries(kinds.map((k) => [k.kind, { tested: k.tested, rejected: k.rejected }])),
      skipped,
    },
    lines,
  };
}

async function testTable(
  ctx: ValidationContext,
  plan: TablePlan,
  filled: FilledTable,
  state: FillState,
  harness: Harness,
): Promise<ValidationFinding[]> {
  const maker = filled.maker;
  if (maker === undefined) return [];
  const findings: ValidationFinding[] = [];
  const where = locate(ctx, ['schemas', plan.schema, 'tables', plan.name]);
  // A finding about one constraint or column points at it in the model file.
  const placeOf = (part: ModelPath) => locate(ctx, ['schemas', plan.schema, 'tables', plan.name, ...part]);
  // Positions in lists are those of the model as written.
  const table = ctx.written?.schemas?.[plan.schema]?.tables?.[plan.name] ?? plan.table;
  const columnPlace = (name: string) => placeOf(['columns', indexByName(table.columns, name)]);
  const fresh = maker.make();
  if (typeof fresh === 'string') return [];
  // The valid row, with what has a default (identity, defaults) left to the database where it can be.
  const valid = await harness.try(plan, [fresh]);
  harness.count('valid row', !valid.ok);
  if (!valid.ok) {
    findings.push({
      code: 'valid-row-rejected',
      severity: 'warning',
      message: `a row that satisfies every constraint schemata knows of was rejected: ${valid.message}`,
      object: plan.key,
      ...where,
      hint: 'a trigger, a policy or a check schemata cannot read rejects it; the other tests of this table are skipped',
    });
    return findings;
  }
  const defaults = await testDefaults(plan, fresh, harness);
  if (defaults) findings.push({ ...defaults, ...where });
  const base = (): Row => [...fresh];
  const at = (column: string) => maker.indexOf(column);

  // NOT NULL
  for (const [i, column] of plan.columns.entries()) {
    if (!column.notNull) continue;
    const row = base();
    row[i] = null;
    const outcome = await harness.try(plan, [row]);
    const rejected = !outcome.ok && (outcome.code === '23502' || outcome.code === '23514');
    harness.count('not null', rejected);
    if (!rejected)
      findings.push(
        notEnforced(plan, `${plan.key}.${column.name}`, 'NOT NULL', outcome, columnPlace(column.name)),
      );
  }

  // Enums
  for (const [i, column] of plan.columns.entries()) {
    if (baseType(column.type).kind !== 'enum') continue;
    const row = base();
    row[i] = 'schemata: not a label';
    const outcome = await harness.try(plan, [row]);
    const rejected = !outcome.ok && outcome.code === '22P02';
    harness.count('enum', rejected);
    if (!rejected)
      findings.push(
        notEnforced(plan, `${plan.key}.${column.name}`, 'the enum', outcome, columnPlace(column.name)),
      );
  }

  // CHECKs (the table's and its domains')
  for (const check of plan.checks) {
    const place =
      check.domainColumn !== undefined
        ? columnPlace(check.domainColumn)
        : placeOf(['checks', indexByName(table.checks, check.name)]);
    findings.push(...(await testCheck(plan, check, fresh, at, state, harness, place)));
  }

  // UNIQUE and primary keys: the key of a row that is there already
  for (const unique of plan.uniques) {
    const uniquePlace =
      table.primaryKey?.name === unique.name
        ? placeOf(['primaryKey'])
        : (table.uniques ?? []).some((u) => u.name === unique.name)
          ? placeOf(['uniques', indexByName(table.uniques, unique.name)])
          : placeOf(['indexes', indexByName(table.indexes, unique.name)]);
    const existing = filled.rows.find((r) => unique.columns.every((c) => r[at(c)] !== null));
    if (existing === undefined) continue;
    const row = base();
    for (const c of unique.columns) row[at(c)] = existing[at(c)] ?? null;
    let outcome = await harness.try(plan, [row]);
    // A partitioned table's key is enforced by each partition's index, which the error names.
    const isUnique = (o: Outcome) =>
      !o.ok && o.code === '23505' && (o.constraint === unique.name || plan.table.partitionBy !== undefined);
    let rejected = isUnique(outcome);
    if (!rejected) {
      // A partial unique index covers only rows of its predicate: two new rows that satisfy it.
      const index = (plan.table.indexes ?? []).find((i) => i.name === unique.name && i.where !== undefined);
      if (index?.where !== undefined) {
        const second = maker.make();
        if (typeof second !== 'string') {
          const predicate = readCheck(index.where);
          for (let attempt = 0; attempt < 6 && !rejected; attempt++) {
            const pair = [base(), [...second]].map((r) => {
              applyTree(plan, predicate, r, at, state);
              return r;
            });
            for (const c of unique.columns) (pair[1] as Row)[at(c)] = (pair[0] as Row)[at(c)] ?? null;
            outcome = await harness.try(plan, pair);
            rejected = isUnique(outcome);
          }
        }
        if (!rejected) {
          harness.count('unique', false);
          findings.push({
            code: 'unique-predicate-never-true',
            severity: 'error',
            message: `the partial unique index ${unique.name} (WHERE ${index.where}) let two rows with the same key in: its predicate covers no row schemata could make`,
            object: `${plan.key}.${unique.name}`,
            ...uniquePlace,
            ...(index.rationale !== undefined && { businessRule: index.rationale }),
            hint: 'check the WHERE clause: as written, the index enforces nothing',
          });
          continue;
        }
      }
    }
    harness.count('unique', rejected);
    if (!rejected)
      findings.push(notEnforced(plan, `${plan.key}.${unique.name}`, 'the unique key', outcome, uniquePlace));
  }

  // FOREIGN KEYs: a key no parent row has
  for (const fk of plan.foreignKeys) {
    const parent = state.filled.get(fk.parent);
    if (parent === undefined) continue;
    const known = new Set(
      parent.rows.map((r) =>
        JSON.stringify(fk.parentColumns.map((c) => r[parent.columns.indexOf(c)] ?? null)),
      ),
    );
    let rejected = false;
    let outcome: Outcome = { ok: true };
    for (const candidate of orphanCandidates(plan, fk.columns, state)) {
      if (known.has(JSON.stringify(candidate))) continue;
      const row = base();
      fk.columns.forEach((c, i) => (row[at(c)] = candidate[i] ?? null));
      outcome = await harness.try(plan, [row]);
      rejected = !outcome.ok && outcome.code === '23503' && outcome.constraint === fk.name;
      if (rejected) break;
    }
    harness.count('foreign key', rejected);
    if (!rejected && outcome.ok)
      findings.push(
        notEnforced(
          plan,
          `${plan.key}.${fk.name}`,
          'the foreign key',
          outcome,
          placeOf(['foreignKeys', indexByName(table.foreignKeys, fk.name)]),
        ),
      );
  }

  // Exclusion constraints: the values of a row that is there already
  // The plan's table has every constraint named (plan-tables.ts).
  for (const exclusion of plan.table.exclusions ?? []) {
    const columns = exclusion.elements.flatMap((e) =>
      e.column !== undefined ? [e.column] : e.expression ? columnsMentioned(plan.table, e.expression) : [],
    );
    const existing = filled.rows.find((r) => columns.every((c) => r[at(c)] !== null && at(c) >= 0));
    if (existing === undefined) continue;
    const row = base();
    for (const c of columns) row[at(c)] = existing[at(c)] ?? null;
    const outcome = await harness.try(plan, [row]);
    const rejected = !outcome.ok && outcome.code === '23P01' && outcome.constraint === exclusion.name;
    harness.count('exclusion', rejected);
    if (!rejected && outcome.ok)
      findings.push(
        notEnforced(
          plan,
          `${plan.key}.${exclusion.name ?? ''}`,
          'the exclusion constraint',
          outcome,
          placeOf(['exclusions', indexByName(table.exclusions, exclusion.name)]),
        ),
      );
  }
  return findings;
}

/** Inserts the valid row with the columns that have defaults left out; a finding when that fails. */
async function testDefaults(
  plan: TablePlan,
  fresh: Row,
  harness: Harness,
): Promise<ValidationFinding | undefined> {
  const fkColumns = new Set(plan.foreignKeys.flatMap((fk) => fk.columns));
  const defaulted = new Set(
    plan.table.columns
      .filter((c) => (c.identity !== undefined || c.default !== undefined) && !fkColumns.has(c.name))
      .map((c) => c.name),
  );
  // A default that a check compares with a column given a sample value (`shipped_at > placed_at`,
  // placed_at defaulting to now()) keeps its sample value too: the pair says nothing of the default.
  const mentioned = plan.checks.map((c) =>
    c.domainColumn !== undefined ? [c.domainColumn] : columnsMentioned(plan.table, c.expression),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const columns of mentioned)
      if (columns.some((c) => defaulted.has(c)) && columns.some((c) => !defaulted.has(c)))
        for (const c of columns) changed = defaulted.delete(c) || changed;
  }
  if (defaulted.size === 0) return undefined;
  const kept = plan.columns
    .map((c, i) => ({ name: c.name, value: fresh[i] ?? null }))
    .filter((c) => !defaulted.has(c.name));
  const table = quoteQualified(plan.schema, plan.name);
  const sql =
    kept.length === 0
      ? `INSERT INTO ${table} DEFAULT VALUES`
      : `INSERT INTO ${table} (${kept.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${kept.map((c) => (c.value === null ? 'NULL' : quoteLiteral(c.value))).join(', ')})`;
  const outcome = await harness.run(sql);
  if (outcome.ok || outcome.code === '23505') return undefined;
  return {
    code: 'defaults-rejected',
    severity: 'warning',
    message: `a row that leaves ${[...defaulted].join(', ')} to their defaults was rejected: ${outcome.message}`,
    object: plan.key,
    hint: "a default that does not satisfy the column's own constraints fails every insert that relies on it",
  };
}

function notEnforced(
  plan: TablePlan,
  object: string,
  what: string,
  outcome: Outcome,
  where: Pick<ValidationFinding, 'location'>,
): ValidationFinding {
  // A BEFORE INSERT trigger may have changed the row (filled the column, fixed the value).
  const trigger = (plan.table.triggers ?? []).find(
    (t) => t.timing === 'before' && t.events.includes('insert') && t.forEach === 'row',
  );
  return {
    code: 'constraint-not-enforced',
    severity: outcome.ok && trigger === undefined ? 'error' : 'warning',
    message: outcome.ok
      ? `${what} accepted a row it must reject${trigger ? ` (the BEFORE INSERT trigger ${trigger.name} may have changed the row)` : ''}`
      : `the row ${what} must reject was rejected for another reason: ${outcome.message}`,
    object,
    ...where,
  };
}

/** Tries rows that break the check until the database rejects one with the check's name. */
async function testCheck(
  plan: TablePlan,
  check: CheckPlan,
  fresh: Row,
  at: (column: string) => number,
  state: FillState,
  harness: Harness,
  where: Pick<ValidationFinding, 'location'>,
): Promise<ValidationFinding[]> {
  const columns = [...new Set(checkColumns(check, plan))].filter((c) => at(c) >= 0);
  const candidates: Row[] = [];
  const negated = negate(check.tree);
  for (let i = 0; i < 4; i++) {
    const row = [...fresh];
    if (applyTree(plan, negated, row, at, state)) candidates.push(row);
  }
  for (const row of probeRows(plan, check, columns, fresh, at, state)) candidates.push(row);
  let rejectedByOther: string | undefined;
  let accepted = 0;
  for (const row of candidates.slice(0, 80)) {
    const outcome = await harness.try(plan, [row]);
    if (!outcome.ok && outcome.code === '23514' && outcome.constraint === check.name) {
      harness.count('check', true);
      return [];
    }
    if (!outcome.ok) rejectedByOther ??= outcome.message;
    else accepted++;
  }
  harness.count('check', false);
  // Always true: the check is understood and rows it should reject went in. When every try was
  // rejected by another constraint first, nothing is known about this one.
  const understood = !hasOpaque(check.tree) && accepted > 0;
  if (accepted === 0 && rejectedByOther !== undefined)
    return [
      {
        code: 'check-not-tested',
        severity: 'info',
        message: `every row tried that breaks the check ${check.name} (${check.expression}) was rejected by another constraint first: ${rejectedByOther}`,
        object: `${plan.key}.${check.name}`,
        ...where,
        ...(check.businessRule !== undefined && { businessRule: check.businessRule }),
        hint: 'another constraint may already enforce what this check says',
      },
    ];
  const object = `${plan.key}.${check.name}`;
  const business = check.businessRule !== undefined ? { businessRule: check.businessRule } : {};
  if (understood)
    return [
      {
        code: 'check-always-true',
        severity: 'error',
        message: `the check ${check.name} (${check.expression}) accepts every row: no value of ${columns.join(', ') || 'any column'} breaks it`,
        object,
        ...where,
        ...business,
        hint: 'as written the check enforces nothing; write the condition the rule needs',
      },
    ];
  return [
    {
      code: 'check-not-tested',
      severity: 'warning',
      message: `no row that breaks the check ${check.name} (${check.expression}) was found${rejectedByOther ? ` (other constraints rejected the tries: ${rejectedByOther})` : ''}`,
      object,
      ...where,
      ...business,
      hint: 'the check may accept every row; test it by hand',
    },
  ];
}

function checkColumns(check: CheckPlan, plan: TablePlan): string[] {
  if (check.domainColumn !== undefined) return [check.domainColumn];
  return columnsMentioned(plan.table, check.expression);
}

function hasOpaque(tree: CheckTree): boolean {
  switch (tree.kind) {
    case 'and':
    case 'or':
      return tree.items.some(hasOpaque);
    case 'opaque':
      return true;
    default:
      return false;
  }
}

/** Sets the row's values so that one way of satisfying `tree` holds; false when none could be made. */
function applyTree(
  plan: TablePlan,
  tree: CheckTree,
  row: Row,
  at: (c: string) => number,
  state: FillState,
): boolean {
  const choice = chooseConjunction(
    tree,
    (n) => state.faker.number.int({ min: 0, max: n - 1 }),
    new Set(plan.columns.filter((c) => c.notNull).map((c) => c.name)),
  );
  if (choice.opaque) return false;
  const rules = new Map<string, ReturnType<typeof emptyRule>>();
  for (const { column, rule } of choice.rules) {
    let merged = rules.get(column);
    if (merged === undefined) rules.set(column, (merged = emptyRule()));
    addRule(merged, rule);
  }
  for (const [column, rule] of rules) {
    const i = at(column);
    const plannedColumn = plan.columns[i];
    if (plannedColumn === undefined) return false;
    const value = generateValue(plannedColumn.type, {
      faker: state.faker,
      column: column.toLowerCase(),
      table: plan.name.toLowerCase(),
      rule,
      base: state.base,
    });
    if (value === IMPOSSIBLE) return false;
    row[i] = value;
  }
  for (const relation of choice.relations) {
    const l = at(relation.left);
    const r = at(relation.right);
    if (l < 0 || r < 0) return false;
    const [a, b] = [row[l], row[r]];
    if (a === null || b === null || a === undefined || b === undefined) return false;
    if (relation.operator === '=') row[r] = a;
    else if (relation.operator === '<>')
      row[r] = a === b ? ((plan.columns[r] && generateOther(plan.columns[r].type, b, state)) ?? b) : b;
    else {
      const numeric = !Number.isNaN(Number(a)) && !Number.isNaN(Number(b));
      const less = numeric ? Number(a) < Number(b) : a < b;
      const wantLess = relation.operator === '<' || relation.operator === '<=';
      if (a === b && (relation.operator === '<' || relation.operator === '>')) return false;
      if (less !== wantLess && a !== b) {
        row[l] = b;
        row[r] = a;
      }
    }
  }
  return true;
}

function generateOther(type: ValueType, not: string, state: FillState): string | undefined {
  for (let i = 0; i < 5; i++) {
    const v = generateValue(type, {
      faker: state.faker,
      column: '',
      table: '',
      rule: emptyRule(),
      base: state.base,
    });
    if (typeof v === 'string' && v !== not) return v;
  }
  return undefined;
}

/** Rows with the check's columns set to values at and around its constants and the edges of their types. */
function probeRows(
  plan: TablePlan,
  check: CheckPlan,
  columns: readonly string[],
  fresh: Row,
  at: (c: string) => number,
  state: FillState,
): Row[] {
  const constants = treeConstants(check.tree);
  const probes = columns.map((c) => {
    const column = plan.columns[at(c)];
    return column ? probeValues(column.type, constants, column.notNull, state) : [];
  });
  const rows: Row[] = [];
  columns.forEach((c, k) => {
    for (const value of probes[k] ?? []) {
      const row = [...fresh];
      row[at(c)] = value;
      rows.push(row);
    }
  });
  if (columns.length >= 2) {
    const [a, b] = [columns[0] as string, columns[1] as string];
    for (const va of (probes[0] ?? []).slice(0, 6))
      for (const vb of (probes[1] ?? []).slice(0, 6)) {
        const row = [...fresh];
        row[at(a)] = va;
        row[at(b)] = vb;
        rows.push(row);
      }
  }
  return rows;
}

function treeConstants(tree: CheckTree, into: Constant[] = []): Constant[] {
  switch (tree.kind) {
    case 'and':
    case 'or':
      tree.items.forEach((item) => treeConstants(item, into));
      break;
    case 'rule': {
      const r = tree.rule;
      into.push(...(r.oneOf ?? []), ...(r.notIn ?? []));
      if (r.min) into.push(r.min.value);
      if (r.max) into.push(r.max.value);
      break;
    }
    default:
      break;
  }
  return into;
}

function probeValues(
  type: ValueType,
  constants: readonly Constant[],
  notNull: boolean,
  state: FillState,
): (string | null)[] {
  const values: (string | null)[] = [];
  const base = baseType(type);
  const numbers = constants.flatMap((c) =>
    'number' in c
      ? [c.number]
      : 'text' in c && Number.isFinite(Number(c.text)) && c.text.trim() !== ''
        ? [Number(c.text)]
        : [],
  );
  const texts = constants.flatMap((c) => ('text' in c ? [c.text] : []));
  switch (base.kind) {
    case 'integer':
      for (const n of [
        0,
        -1,
        1,
        ...numbers.flatMap((n) => [Math.floor(n) - 1, Math.floor(n), Math.ceil(n) + 1]),
        base.min,
        base.max,
        1_000_000,
        -1_000_000,
      ])
        if (n >= base.min && n <= base.max) values.push(String(n));
      break;
    case 'decimal':
    case 'float':
    case 'money': {
      const limit =
        base.kind === 'decimal' && base.precision !== undefined
          ? 10 ** (base.precision - (base.scale ?? 0)) - 10 ** -(base.scale ?? 0)
          : 1e9;
      for (const n of [
        0,
        -1,
        1,
        0.5,
        -0.01,
        ...numbers.flatMap((n) => [n - 1, n - 0.01, n, n + 0.01, n + 1]),
        limit,
        -limit,
      ])
        if (Math.abs(n) <= limit) values.push(String(Number(n.toFixed(6))));
      break;
    }
    case 'text': {
      const max = base.maxLength ?? 300;
      for (const t of [
        '',
        ' ',
        'x',
        'X',
        'a1',
        'UPPER',
        'lower case',
        '0',
        'not-an-email',
        'x'.repeat(Math.min(max, 300)),
        ...texts,
        ...texts.map((t) => t.toUpperCase()),
        ...texts.map((t) => `${t}x`),
      ])
        if (t.length <= max) values.push(t);
      break;
    }
    case 'date':
      values.push('1900-01-01', '1970-01-01', '2000-01-01', '2100-12-31', ...texts);
      break;
    case 'timestamp':
      values.push(
        '1900-01-01 00:00:00',
        '1970-01-01 00:00:00',
        '2000-01-01 00:00:00',
        '2100-12-31 00:00:00',
        ...texts,
      );
      break;
    case 'boolean':
      values.push('true', 'false');
      break;
    case 'enum':
      values.push(...base.labels);
      break;
    case 'json':
      values.push('{}', '[]', 'null', '1', '""', '{"a": 1}');
      break;
    default:
      for (let i = 0; i < 4; i++) {
        const v = generateValue(type, {
          faker: state.faker,
          column: '',
          table: '',
          rule: emptyRule(),
          base: state.base,
        });
        if (typeof v === 'string') values.push(v);
      }
  }
  if (!notNull) values.push(null);
  return [...new Set(values)].map((v) => v);
}

/** Keys for a foreign key's columns that no parent is likely to have. */
function orphanCandidates(
  plan: TablePlan,
  columns: readonly string[],
  state: FillState,
): (string | null)[][] {
  const types = columns.map((c) => plan.columns.find((p) => p.name === c)?.type);
  const out: (string | null)[][] = [];
  const pick = (type: ValueType | undefined, k: number): string => {
    const b = type ? baseType(type) : undefined;
    if (b?.kind === 'integer') return String([b.max, 987_654, b.max - 1, 1_000_003][k % 4]);
    if (b?.kind === 'uuid')
      return ['00000000-0000-0000-0000-00000000dead', 'ffffffff-0000-0000-0000-000000000000'][
        k % 2
      ] as string;
    const v = type
      ? generateValue(type, {
          faker: state.faker,
          column: '',
          table: '',
          rule: emptyRule(),
          base: state.base,
        })
      : null;
    return typeof v === 'string'
      ? b?.kind === 'text'
        ? `${v}~orphan`.slice(-(b.maxLength ?? 64))
        : v
      : 'orphan';
  };
  for (let k = 0; k < 4; k++) out.push(types.map((t) => pick(t, k)));
  return out;
}

/** Where the named entry is in a list of the model (the list itself when it is not found). */
function indexByName(
  list: readonly { name?: string | undefined }[] | undefined,
  name: string | undefined,
): number | string {
  const index = (list ?? []).findIndex((entry) => entry.name === name);
  return index < 0 ? '' : index;
}

function locate(ctx: ValidationContext, path: ModelPath): Pick<ValidationFinding, 'location'> {
  const location = ctx.locate?.(path);
  return location ? { location } : {};
}
