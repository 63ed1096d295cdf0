// Views, materialized views, routines, aggregates, triggers, policies, rules and event triggers from
// their catalog rows, in the canonical form (docs/canonical-form.md).
import { parseSync } from '../sql-parser.ts';
import type {
  Aggregate,
  EventTrigger,
  Index,
  MaterializedView,
  Model,
  Policy,
  Routine,
  RoutineArgument,
  Rule,
  Table,
  Trigger,
  View,
} from '../../../model/model-schema.ts';
import {
  canonicalViewDefinition,
  defaultCost,
  returnsSet,
} from '../../../model/canonicalize-code-objects.ts';
import { compareKeys } from '../../../model/model-path.ts';
import { indexName, namingOf } from '../../../model/naming.ts';
import { aggregateIdentity, routineKey } from '../ddl/routine.ts';
import type { IndexRow, TableRow } from './catalog-queries.ts';
import type {
  AggregateRow,
  EventTriggerRow,
  PolicyRow,
  RoutineRow,
  RuleRow,
  TriggerRow,
  ViewRow,
} from './code-object-queries.ts';
import { toStorageParameters } from './catalog-values.ts';
import { compact, flag, nonEmpty, optional } from './compact.ts';
import { objectName, type UnsupportedList } from './inspect-result.ts';
import { assembleIndex } from './assemble-table.ts';

export interface CodeObjectRows {
  tables: readonly TableRow[];
  indexes: readonly IndexRow[];
  views: readonly ViewRow[];
  routines: readonly RoutineRow[];
  aggregates: readonly AggregateRow[];
  triggers: readonly TriggerRow[];
  policies: readonly PolicyRow[];
  rules: readonly RuleRow[];
  eventTriggers: readonly EventTriggerRow[];
}

export interface SchemaCode {
  views: Map<string, View>;
  materializedViews: Map<string, MaterializedView>;
  functions: Map<string, Routine>;
  procedures: Map<string, Routine>;
  aggregates: Map<string, Aggregate>;
}

/** What a table gains: row-level security, policies, triggers, rules. */
export type TableCode = Pick<Table, 'rowSecurity' | 'forceRowSecurity' | 'policies' | 'triggers' | 'rules'>;

export interface AssembledCode {
  schemas: Map<string, SchemaCode>;
  /** By table oid. */
  tables: Map<string, TableCode>;
  eventTriggers: Map<string, EventTrigger>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function byName<T extends { name: string }>(items: T[]): T[] | undefined {
  return nonEmpty(items.sort((a, b) => compareKeys(a.name, b.name)));
}

const VOLATILITY = { i: 'immutable', s: 'stable', v: undefined } as const;
const PARALLEL = { s: 'safe', r: 'restricted', u: undefined } as const;
const MODES = { i: undefined, o: 'out', b: 'inout', v: 'variadic' } as const;
const MODIFY = { r: 'read_only', s: 'shareable', w: 'read_write' } as const;
const ENABLED = { O: undefined, D: 'disabled', R: 'replica', A: 'always' } as const;
const POLICY_COMMANDS = { '*': undefined, r: 'select', a: 'insert', w: 'update', d: 'delete' } as const;

function lookup<T extends Record<string, unknown>>(table: T, key: string, what: string): T[keyof T] {
  if (!Object.hasOwn(table, key)) throw new Error(`unexpected ${what} ${JSON.stringify(key)}`);
  return table[key as keyof T];
}

interface ArgumentRows {
  argument_types: string[];
  argument_modes: string[];
  argument_names: string[];
  argument_defaults: (string | null)[];
}

/** The arguments, without TABLE(...) result columns (those are in `returns`). */
function routineArguments(row: ArgumentRows): { argument: RoutineArgument; mode: string }[] {
  return row.argument_types.flatMap((type, i) => {
    const mode = row.argument_modes[i] ?? 'i';
    if (mode === 't') return [];
    const argument = compact<RoutineArgument>({
      name: optional(row.argument_names[i] || undefined),
      type,
      mode: lookup(MODES, mode, 'argument mode'),
      default: optional(row.argument_defaults[i]),
    });
    return [{ argument, mode }];
  });
}

export function assembleRoutine(row: RoutineRow): { key: string; routine: Routine } {
  const all = routineArguments(row);
  const identity = all
    .filter(({ mode }) => mode !== 'o' || row.kind === 'p')
    .map(({ argument }) => argument.type);
  const returns = optional(row.returns);
  const set: Record<string, string> = {};
  for (const item of row.config ?? []) {
    const equals = item.indexOf('=');
    set[item.slice(0, equals)] = item.slice(equals + 1);
  }
  const c = row.language === 'c';
  const routine = compact<Routine>({
    description: optional(row.description),
    language: row.language,
    arguments: nonEmpty(all.map(({ argument }) => argument)),
    returns,
    volatility: lookup(VOLATILITY, row.volatility, 'volatility'),
    window: flag(row.kind === 'w'),
    strict: flag(row.strict),
    securityDefiner: flag(row.security_definer),
    leakproof: flag(row.leakproof),
    parallel: lookup(PARALLEL, row.parallel, 'parallel safety'),
    cost: row.cost === defaultCost(row.language) ? undefined : row.cost,
    rows: row.rows === (returnsSet(returns) ? 1000 : 0) ? undefined : row.rows,
    set: Object.keys(set).length > 0 ? set : undefined,
    body: row.sql_body === null ? row.source : undefined,
    sqlBody: optional(row.sql_body),
    library: c ? optional(row.library) : undefined,
  });
  return { key: routineKey(row.name, identity), routine };
}

export function assembleAggregate(row: AggregateRow): { key: string; aggregate: Aggregate } {
  const all = routineArguments(row).map(({ argument }) => argument);
  const orderedSet = row.aggregate_kind !== 'n';
  const defaultModify = orderedSet ? 'w' : 'r';
  const modify = (value: string) =>
    value === defaultModify ? undefined : lookup(MODIFY, value, 'final function modify');
  const aggregate = compact<Aggregate>({
    description: optional(row.description),
    arguments: nonEmpty(orderedSet ? all.slice(0, row.direct_arguments) : all),
    orderBy: orderedSet ? all.slice(row.direct_arguments) : undefined,
    hypothetical: flag(row.aggregate_kind === 'h'),
    sfunc: row.sfunc,
    stype: row.stype,
    sspace: row.sspace === 0 ? undefined : row.sspace,
    finalfunc: optional(row.finalfunc),
    finalfuncExtra: flag(row.finalfunc_extra),
    finalfuncModify: modify(row.finalfunc_modify),
    combinefunc: optional(row.combinefunc),
    serialfunc: optional(row.serialfunc),
    deserialfunc: optional(row.deserialfunc),
    initcond: optional(row.initcond),
    msfunc: optional(row.msfunc),
    minvfunc: optional(row.minvfunc),
    mstype: optional(row.mstype),
    msspace: row.msspace === 0 ? undefined : row.msspace,
    mfinalfunc: optional(row.mfinalfunc),
    mfinalfuncExtra: flag(row.mfinalfunc_extra),
    mfinalfuncModify: row.msfunc === null ? undefined : modify(row.mfinalfunc_modify),
    minitcond: optional(row.minitcond),
    sortop: optional(row.sortop),
    parallel: lookup(PARALLEL, row.parallel, 'parallel safety'),
  });
  return { key: `${row.name}(${aggregateIdentity(aggregate)})`, aggregate };
}

/** Splits view options into the model's named ones, check_option and the rest. */
function viewOptions(options: string[] | null) {
  const rest = toStorageParameters(
    options?.filter((o) => !/^(check_option|security_barrier|security_invoker)=/.test(o)) ?? null,
  );
  const value = (name: string) => options?.find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
  const checkOption = value('check_option');
  return {
    checkOption:
      checkOption === 'local' || checkOption === 'cascaded'
        ? (checkOption as View['checkOption'])
        : undefined,
    securityBarrier: flag(value('security_barrier') === 'true'),
    securityInvoker: flag(value('security_invoker') === 'true'),
    with: rest,
  };
}

interface TriggerStatement {
  CreateTrigStmt?: { args?: { String?: { sval?: string } }[] };
}

/** The trigger's arguments, read from its definition with the SQL parser. */
function triggerArguments(definition: string): string[] {
  const tree = parseSync(definition) as { stmts: { stmt: TriggerStatement }[] };
  return (tree.stmts[0]?.stmt.CreateTrigStmt?.args ?? []).map((arg) => arg.String?.sval ?? '');
}

/** The WHEN condition as pg_get_triggerdef prints it: between `WHEN (` and the last `) EXECUTE`. */
function triggerCondition(definition: string): string | undefined {
  const match = / FOR EACH (?:ROW|STATEMENT) WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) /s.exec(definition);
  return match?.[1];
}

function assembleTrigger(row: TriggerRow): Trigger {
  const events: Trigger['events'] = [];
  if (row.type & 4) events.push('insert');
  if (row.type & 16) events.push('update');
  if (row.type & 8) events.push('delete');
  if (row.type & 32) events.push('truncate');
  const referencing = compact<NonNullable<Trigger['referencing']>>({
    oldTable: optional(row.old_table),
    newTable: optional(row.new_table),
  });
  return compact<Trigger>({
    name: row.name,
    timing: row.type & 2 ? 'before' : row.type & 64 ? 'instead of' : 'after',
    events,
    updateOf: nonEmpty(row.update_columns),
    forEach: row.type & 1 ? 'row' : undefined,
    when: triggerCondition(row.definition),
    referencing: Object.keys(referencing).length > 0 ? referencing : undefined,
    function: row.function,
    arguments: nonEmpty(triggerArguments(row.definition)),
    constraint: flag(row.is_constraint),
    from: optional(row.referenced_table),
    deferrable: flag(row.deferrable),
    initiallyDeferred: flag(row.initially_deferred),
    enabled: lookup(ENABLED, row.enabled, 'trigger state'),
    description: optional(row.description),
  });
}

function assemblePolicy(row: PolicyRow): Policy {
  const publicOnly = row.roles.length === 1 && row.roles[0] === 'public';
  return compact<Policy>({
    name: row.name,
    restrictive: flag(!row.permissive),
    command: lookup(POLICY_COMMANDS, row.command, 'policy command'),
    roles: publicOnly ? undefined : nonEmpty(row.roles),
    using: optional(row.using_expression),
    withCheck: optional(row.with_check),
    description: optional(row.description),
  });
}

export function assembleCodeObjects(
  rows: CodeObjectRows,
  model: Pick<Model, 'project'>,
  unsupported: UnsupportedList,
): AssembledCode {
  const schemas = new Map<string, SchemaCode>();
  const schemaCode = (schema: string): SchemaCode => {
    let code = schemas.get(schema);
    if (!code) {
      code = {
        views: new Map(),
        materializedViews: new Map(),
        functions: new Map(),
        procedures: new Map(),
        aggregates: new Map(),
      };
      schemas.set(schema, code);
    }
    return code;
  };
  const relationNames = new Map<string, string>();
  for (const table of rows.tables) relationNames.set(table.oid, objectName(table.schema, table.name));
  for (const view of rows.views) relationNames.set(view.oid, objectName(view.schema, view.name));

  const triggers = groupBy(rows.triggers, (row) => row.relation_oid);
  const rules = groupBy(rows.rules, (row) => row.relation_oid);
  const policies = groupBy(rows.policies, (row) => row.relation_oid);
  const indexes = groupBy(rows.indexes, (row) => row.table_oid);
  const placed = new Set<string>();

  const relationTriggers = (oid: string) => byName((triggers.get(oid) ?? []).map(assembleTrigger));
  const relationRules = (oid: string) =>
    byName(
      (rules.get(oid) ?? []).map((row) =>
        compact<Rule>({
          name: row.name,
          definition: row.definition,
          enabled: lookup(ENABLED, row.enabled, 'rule state'),
          description: optional(row.description),
        }),
      ),
    );

  const naming = namingOf(model);
  for (const row of rows.views) {
    const name = objectName(row.schema, row.name);
    placed.add(row.oid);
    if (row.column_comments) unsupported.add('comment', name, 'comments on view columns');
    if (row.tablespace !== null) unsupported.add('tablespace', name, `in tablespace ${row.tablespace}`);
    const definition = canonicalViewDefinition(row.definition);
    if (row.kind === 'v') {
      schemaCode(row.schema).views.set(
        row.name,
        compact<View>({
          description: optional(row.description),
          definition,
          ...viewOptions(row.options),
          triggers: relationTriggers(row.oid),
          rules: relationRules(row.oid),
        }),
      );
      continue;
    }
    const columnName = (number: number) => row.columns[number - 1] ?? String(number);
    const viewIndexes: [string, Index][] = [];
    let clusterOn: string | undefined;
    for (const indexRow of indexes.get(row.oid) ?? []) {
      const index = assembleIndex(row.schema, indexRow, columnName, unsupported);
      if (!index) continue;
      if (indexRow.clustered) clusterOn = indexRow.name;
      const templateName = indexName(naming, row.schema, row.name, { columns: [] }, index);
      viewIndexes.push([
        indexRow.name,
        indexRow.name === templateName ? index : { name: indexRow.name, ...index },
      ]);
    }
    viewIndexes.sort((a, b) => compareKeys(a[0], b[0]));
    if ((triggers.get(row.oid) ?? []).length > 0) unsupported.add('trigger', name, 'on a materialized view');
    schemaCode(row.schema).materializedViews.set(
      row.name,
      compact<MaterializedView>({
        description: optional(row.description),
        definition,
        withNoData: flag(!row.populated),
        with: toStorageParameters(row.options),
        indexes: nonEmpty(viewIndexes.map(([, index]) => index)),
        clusterOn,
      }),
    );
  }

  for (const row of rows.routines) {
    const { key, routine } = assembleRoutine(row);
    const code = schemaCode(row.schema);
    (row.kind === 'p' ? code.procedures : code.functions).set(key, routine);
  }
  for (const row of rows.aggregates) {
    const { key, aggregate } = assembleAggregate(row);
    schemaCode(row.schema).aggregates.set(key, aggregate);
  }

  const tables = new Map<string, TableCode>();
  for (const row of rows.tables) {
    placed.add(row.oid);
    tables.set(
      row.oid,
      compact<TableCode>({
        rowSecurity: flag(row.row_security),
        forceRowSecurity: flag(row.force_row_security),
        policies: byName((policies.get(row.oid) ?? []).map(assemblePolicy)),
        triggers: relationTriggers(row.oid),
        rules: relationRules(row.oid),
      }),
    );
  }
  // Triggers, policies and rules of relations the model does not hold stay listed.
  for (const [kind, groups] of [
    ['trigger', triggers],
    ['policy', policies],
    ['rule', rules],
  ] as const) {
    for (const [oid, list] of groups) {
      if (placed.has(oid)) continue;
      for (const row of list) unsupported.add(kind, `${relationNames.get(oid) ?? oid}.${row.name}`);
    }
  }

  const eventTriggers = new Map<string, EventTrigger>();
  for (const row of [...rows.eventTriggers].sort((a, b) => compareKeys(a.name, b.name))) {
    eventTriggers.set(
      row.name,
      compact<EventTrigger>({
        event: row.event as EventTrigger['event'],
        tags: nonEmpty(row.tags ?? []),
        function: row.function,
        enabled: lookup(ENABLED, row.enabled, 'event trigger state'),
        owner: optional(row.owner),
        description: optional(row.description),
      }),
    );
  }
  return { schemas, tables, eventTriggers };
}
