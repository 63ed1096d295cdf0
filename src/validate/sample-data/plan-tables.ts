// Which tables get rows, in which order, and what each row must satisfy: the columns to fill (not
// generated ones), the checks (the table's and its domains'), the unique keys, and the foreign keys.
// Tables are ordered parents first; a cycle of foreign keys is broken at a key that can wait (a
// nullable one is filled by an UPDATE once both tables have rows); a cycle of NOT NULL keys that are
// all deferrable is filled in one transaction with them deferred; any other NOT NULL cycle cannot be.
import type { Model, Table } from '../../model/model-schema.ts';
import { withExplicitNames } from '../../model/documentation-merge.ts';
import { domainCheckNames } from '../../model/naming.ts';
import { readCheck, type CheckTree } from './check-rules.ts';
import { baseType, TypeResolver, type ValueType } from './value-types.ts';

export interface ColumnPlan {
  name: string;
  /** As PostgreSQL spells it, for casts. */
  sqlType: string;
  type: ValueType;
  notNull: boolean;
  /** A constant default (`'todo'::status`, `0`), as its text; rows take it now and then. */
  constantDefault?: string | undefined;
  identity?: 'always' | 'by default' | undefined;
  /** Takes its default from a sequence (identity, serial, nextval): moved on after the rows. */
  sequence: boolean;
  /** Numbered 1, 2, 3 ... (a single-column integer key that is no foreign key). */
  sequentialFrom?: number | undefined;
}

export interface CheckPlan {
  name: string;
  tree: CheckTree;
  expression: string;
  businessRule?: string | undefined;
  /** A domain's check: the column it is on. */
  domainColumn?: string | undefined;
}

export interface UniquePlan {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
}

export interface ForeignKeyPlan {
  name: string;
  columns: string[];
  parent: string;
  parentColumns: string[];
  /** Filled after the parent has rows, by an UPDATE (a cycle broken here). */
  later: boolean;
  deferrable: boolean;
  /** One of its columns is NOT NULL: a row cannot leave it empty. */
  notNull: boolean;
  /** Its columns are a unique key of the child too: each parent row is taken once. */
  oneToOne: boolean;
}

export interface TablePlan {
  schema: string;
  name: string;
  /** `schema.table`, the key of rowCounts. */
  key: string;
  table: Table;
  columns: ColumnPlan[];
  checks: CheckPlan[];
  uniques: UniquePlan[];
  foreignKeys: ForeignKeyPlan[];
  /** Columns that identify a row, for the UPDATE of keys filled later; none: such keys stay empty. */
  rowKey: string[] | undefined;
  /** Why no rows can be made, when none can (a NOT NULL cycle that is not deferrable). */
  blocked?: string | undefined;
  /**
   * The table is in a cycle of NOT NULL keys that are all deferrable (this names the cycle): its
   * tables get their rows in one transaction with the keys deferred, each key that points forward in
   * the cycle holding a stand-in value until the UPDATE that fills it, before the COMMIT.
   */
  deferredCycle?: string | undefined;
}

export interface TableOrder {
  tables: TablePlan[];
  /** NOT NULL foreign key cycles: the tables of each and its keys, for the report. */
  cycles: { tables: string[]; foreignKeys: string[]; deferrable: boolean }[];
}

export function tableKey(schema: string, table: string): string {
  return `${schema}.${table}`;
}

export function planTables(model: Model): TableOrder {
  const named = withExplicitNames(model);
  const resolver = new TypeResolver(named);
  const plans = new Map<string, TablePlan>();
  for (const [schemaName, schema] of Object.entries(named.schemas ?? {})) {
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      // Partitions get their rows through the partitioned table.
      if (table.partitionOf) continue;
      plans.set(tableKey(schemaName, tableName), planTable(schemaName, tableName, table, resolver));
    }
  }
  return orderTables(plans);
}

function planTable(schema: string, name: string, table: Table, resolver: TypeResolver): TablePlan {
  const key = tableKey(schema, name);
  const uniques: UniquePlan[] = [];
  if (table.primaryKey)
    uniques.push({
      name: table.primaryKey.name ?? '',
      columns: table.primaryKey.columns,
      nullsNotDistinct: false,
    });
  for (const unique of table.uniques ?? [])
    uniques.push({
      name: unique.name ?? '',
      columns: unique.columns,
      nullsNotDistinct: unique.nullsNotDistinct === true,
    });
  for (const index of table.indexes ?? []) {
    if (!index.unique) continue;
    const columns = index.columns.map((c) => (typeof c === 'string' ? c : c.column));
    // A unique index on expressions is left to the database; on plain columns it is tracked like a key
    // (a partial one as if it covered every row, which is stricter than it needs).
    if (columns.every((c): c is string => c !== undefined))
      uniques.push({ name: index.name ?? '', columns, nullsNotDistinct: index.nullsNotDistinct === true });
  }
  const foreignKeys: ForeignKeyPlan[] = (table.foreignKeys ?? []).map((fk) => ({
    name: fk.name ?? '',
    columns: fk.columns,
    parent: tableKey(fk.references.schema ?? schema, fk.references.table),
    parentColumns: fk.references.columns,
    later: false,
    deferrable: fk.deferrable === true,
    notNull: false,
    oneToOne: uniques.some((u) => sameSet(u.columns, fk.columns)),
  }));
  const fkColumns = new Set(foreignKeys.flatMap((fk) => fk.columns));
  const checks: CheckPlan[] = (table.checks ?? []).map((check) => ({
    name: check.name ?? '',
    tree: readCheck(check.expression),
    expression: check.expression,
    businessRule: check.businessRule ?? check.rationale,
  }));
  const columns: ColumnPlan[] = [];
  for (const column of table.columns) {
    if (column.generated !== undefined) continue;
    const type = resolver.resolve(column.type, schema);
    let domainNotNull = false;
    for (let domain = type; domain.kind === 'domain'; domain = domain.base) {
      domainNotNull ||= domain.notNull;
      const names = domainCheckNames(domain.name, domain.checks);
      domain.checks.forEach((check, index) =>
        checks.push({
          name: names[index] ?? '',
          tree: readCheck(check.expression, column.name),
          expression: check.expression,
          businessRule: check.businessRule,
          domainColumn: column.name,
        }),
      );
    }
    const single = uniques.some((u) => u.columns.length === 1 && u.columns[0] === column.name);
    const integer = baseType(type).kind === 'integer';
    columns.push({
      name: column.name,
      sqlType: column.type,
      type,
      notNull:
        column.notNull === true || domainNotNull || table.primaryKey?.columns.includes(column.name) === true,
      constantDefault: constantDefault(column.default),
      identity: column.identity?.generation,
      sequence:
        column.identity !== undefined ||
        /serial[248]?$/.test(column.type) ||
        /^nextval\(/i.test(column.default ?? ''),
      sequentialFrom:
        single && integer && !fkColumns.has(column.name) ? Number(column.identity?.start ?? 1) : undefined,
    });
  }
  const columnNames = new Set(columns.map((c) => c.name));
  const notNull = new Set(columns.filter((c) => c.notNull).map((c) => c.name));
  for (const fk of foreignKeys) fk.notNull = fk.columns.some((c) => notNull.has(c));
  const rowKey = uniques.find(
    (u) =>
      u.columns.every((c) => columnNames.has(c) && notNull.has(c)) &&
      u.columns.every((c) => !fkColumns.has(c)),
  )?.columns;
  return { schema, name, key, table, columns, checks, uniques, foreignKeys, rowKey };
}

/** The text of a default that is a constant: `'todo'::status` -> todo, `0` -> 0, `false` -> false. */
function constantDefault(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const literal = /^'((?:[^']|'')*)'(?:::[\w ."[\]()]+)?$/.exec(text.trim());
  if (literal) return (literal[1] as string).replaceAll("''", "'");
  const plain = /^\(?(-?\d+(?:\.\d+)?|true|false)\)?(?:::[\w ."[\]()]+)?$/i.exec(text.trim());
  return plain ? (plain[1] as string).toLowerCase() : undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

/**
 * Parents first (Tarjan's strongly connected components, which come out in reverse topological
 * order). Inside a cycle, the tables are ordered by their NOT NULL keys alone, and every other key
 * pointing forward is filled later; NOT NULL keys that still form a cycle block their tables.
 */
function orderTables(plans: Map<string, TablePlan>): TableOrder {
  const keys = [...plans.keys()].sort();
  const edges = (key: string, onlyHard: boolean, within?: Set<string>) =>
    (plans.get(key)?.foreignKeys ?? [])
      .filter((fk) => fk.parent !== key && plans.has(fk.parent))
      .filter((fk) => !onlyHard || fk.notNull)
      .filter((fk) => within === undefined || within.has(fk.parent))
      .map((fk) => fk.parent);
  const components = stronglyConnected(keys, (key) => edges(key, false));
  const ordered: TablePlan[] = [];
  const cycles: TableOrder['cycles'] = [];
  for (const component of components) {
    if (component.length === 1) {
      ordered.push(plans.get(component[0] as string) as TablePlan);
      continue;
    }
    const members = new Set(component);
    const inner = stronglyConnected([...component].sort(), (key) => edges(key, true, members));
    const position = new Map<string, number>();
    for (let part of inner) {
      if (part.length > 1) {
        const fks = part.flatMap((key) =>
          (plans.get(key) as TablePlan).foreignKeys
            .filter((fk) => part.includes(fk.parent) && fk.notNull)
            .map((fk) => `${key}.${fk.name}`),
        );
        // The keys that cannot wait must not form a cycle of their own: the tables are ordered by
        // them, so every key that points forward is one that can be deferred.
        const inPart = new Set(part);
        const strict = stronglyConnected([...part].sort(), (key) =>
          (plans.get(key) as TablePlan).foreignKeys
            .filter((fk) => fk.notNull && !fk.deferrable && fk.parent !== key && inPart.has(fk.parent))
            .map((fk) => fk.parent),
        );
        const deferrable = strict.every((p) => p.length === 1);
        if (deferrable) part = strict.map((p) => p[0] as string);
        const tables = [...part].sort();
        cycles.push({ tables, foreignKeys: fks.sort(), deferrable });
        for (const key of part) {
          const plan = plans.get(key) as TablePlan;
          if (deferrable) plan.deferredCycle = tables.join(', ');
          else
            plan.blocked = `its NOT NULL foreign keys form a cycle (${tables.join(' -> ')}): no first row can be inserted`;
        }
      }
      for (const key of part) {
        position.set(key, position.size);
        ordered.push(plans.get(key) as TablePlan);
      }
    }
    for (const key of component) {
      const plan = plans.get(key) as TablePlan;
      for (const fk of plan.foreignKeys)
        if (
          members.has(fk.parent) &&
          fk.parent !== key &&
          (position.get(fk.parent) ?? 0) > (position.get(key) ?? 0)
        )
          fk.later = true;
    }
  }
  return { tables: ordered, cycles };
}

/** Tarjan's algorithm: each component comes out after every component it points to (its parents). */
function stronglyConnected(nodes: readonly string[], next: (node: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  const visit = (start: string) => {
    // Iterative, so long chains of tables do not exhaust the call stack.
    const work: { node: string; edges: string[]; at: number }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: [...new Set(next(node))].sort(), at: 0 });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edges: string[]; at: number };
      if (frame.at < frame.edges.length) {
        const target = frame.edges[frame.at++] as string;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target))
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        result.push(component.sort());
      }
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return result;
}
