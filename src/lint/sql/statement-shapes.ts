// The shapes of statements the migration rules look for (ALTER TABLE subcommands, added columns and
// constraints, column definitions with their types), so each rule reads as its condition.
import type { AlterTableCmd, ColumnDef, Constraint, ConstrType, TypeName } from 'libpg-query';
import type { SourceLocation } from '../../model/diagnostics.ts';
import type { LintStatement, MigrationLintContext } from '../rule.ts';
import { positionIn } from './parse-sql-file.ts';
import { factsOf, schemaBefore, type SchemaAt } from './statement-facts.ts';
import { asNode, kindOf, rangeVarName, type QualifiedName } from './syntax.ts';

export interface TableCommand {
  statement: LintStatement;
  table: QualifiedName;
  /** ALTER TABLE ONLY. */
  only: boolean;
  command: AlterTableCmd;
}

// Every rule walks the same statements: the lists below are made once per file and shared.
const COMMANDS = new WeakMap<LintStatement, readonly TableCommand[]>();
const FILE_LISTS = new WeakMap<readonly LintStatement[], Map<string, readonly unknown[]>>();

function perFile<T>(context: MigrationLintContext, name: string, make: () => T[]): readonly T[] {
  let lists = FILE_LISTS.get(context.statements);
  if (!lists) {
    lists = new Map();
    FILE_LISTS.set(context.statements, lists);
  }
  let list = lists.get(name);
  if (!list) {
    list = make();
    lists.set(name, list);
  }
  return list as readonly T[];
}

const NO_COMMANDS: readonly TableCommand[] = [];

/** The subcommands of ALTER TABLE statements on tables (not ALTER INDEX, VIEW, ...). */
export function tableCommands(statement: LintStatement): readonly TableCommand[] {
  const known = COMMANDS.get(statement);
  if (known) return known;
  const alter = asNode(statement.node, 'AlterTableStmt');
  const table = rangeVarName(alter?.relation);
  let commands = NO_COMMANDS;
  if (alter && table && (alter.objtype === 'OBJECT_TABLE' || alter.objtype === 'OBJECT_FOREIGN_TABLE')) {
    const list: TableCommand[] = [];
    for (const item of alter.cmds ?? []) {
      const command = asNode(item, 'AlterTableCmd');
      if (command) list.push({ statement, table, only: alter.relation?.inh === false, command });
    }
    commands = list;
  }
  COMMANDS.set(statement, commands);
  return commands;
}

/** Every ALTER TABLE subcommand of the file, with the statement it is in. */
export function allTableCommands(context: MigrationLintContext): readonly TableCommand[] {
  return perFile(context, 'commands', () =>
    context.statements.flatMap((statement) => [...tableCommands(statement)]),
  );
}

/** ALTER TABLE ... ADD COLUMN definitions. */
export function addedColumns(
  context: MigrationLintContext,
): readonly (TableCommand & { column: ColumnDef })[] {
  return perFile(context, 'columns', () => {
    const out: (TableCommand & { column: ColumnDef })[] = [];
    for (const entry of allTableCommands(context)) {
      if (entry.command.subtype !== 'AT_AddColumn') continue;
      const column = asNode(entry.command.def, 'ColumnDef');
      if (column) out.push({ ...entry, column });
    }
    return out;
  });
}

/** Constraints added by ALTER TABLE: ADD CONSTRAINT, and those declared on an added column. */
export function addedConstraints(
  context: MigrationLintContext,
): readonly (TableCommand & { constraint: Constraint; column?: ColumnDef })[] {
  return perFile(context, 'constraints', () => {
    const out: (TableCommand & { constraint: Constraint; column?: ColumnDef })[] = [];
    for (const entry of allTableCommands(context)) {
      if (entry.command.subtype === 'AT_AddConstraint') {
        const constraint = asNode(entry.command.def, 'Constraint');
        if (constraint) out.push({ ...entry, constraint });
      } else if (entry.command.subtype === 'AT_AddColumn') {
        const column = asNode(entry.command.def, 'ColumnDef');
        for (const constraint of columnConstraints(column))
          out.push({ ...entry, constraint, column: column ?? {} });
      }
    }
    return out;
  });
}

export function columnConstraints(column: ColumnDef | undefined, type?: ConstrType): Constraint[] {
  const out: Constraint[] = [];
  for (const node of column?.constraints ?? []) {
    const constraint = asNode(node, 'Constraint');
    if (constraint && (type === undefined || constraint.contype === type)) out.push(constraint);
  }
  return out;
}

/** A column whose type a statement sets: in CREATE TABLE, ADD COLUMN or ALTER COLUMN TYPE. */
export interface TypedColumn {
  statement: LintStatement;
  table: QualifiedName;
  column: string;
  typeName: TypeName;
  /** Where the type is written. */
  location: number | undefined;
  /** The column's definition (not for ALTER COLUMN TYPE). */
  definition?: ColumnDef;
  how: 'create table' | 'add column' | 'alter type';
}

export function typedColumns(context: MigrationLintContext): readonly TypedColumn[] {
  return perFile(context, 'typed', () => [...findTypedColumns(context)]);
}

function* findTypedColumns(context: MigrationLintContext): Iterable<TypedColumn> {
  for (const statement of context.statements) {
    const create = asNode(statement.node, 'CreateStmt');
    const table = rangeVarName(create?.relation);
    if (create && table) {
      for (const element of create.tableElts ?? []) {
        const column = asNode(element, 'ColumnDef');
        if (column?.colname === undefined || !column.typeName) continue;
        yield {
          statement,
          table,
          column: column.colname,
          typeName: column.typeName,
          location: column.typeName.location,
          definition: column,
          how: 'create table',
        };
      }
      continue;
    }
    for (const entry of tableCommands(statement)) {
      const column = asNode(entry.command.def, 'ColumnDef');
      if (!column?.typeName) continue;
      if (entry.command.subtype === 'AT_AddColumn' && column.colname !== undefined)
        yield {
          statement,
          table: entry.table,
          column: column.colname,
          typeName: column.typeName,
          location: column.typeName.location,
          definition: column,
          how: 'add column',
        };
      else if (entry.command.subtype === 'AT_AlterColumnType' && entry.command.name !== undefined)
        yield {
          statement,
          table: entry.table,
          column: entry.command.name,
          typeName: column.typeName,
          location: column.typeName.location,
          how: 'alter type',
        };
    }
  }
}

/** The position of a parse-tree location in the statement's file. */
export function at(statement: LintStatement, location: number | undefined): SourceLocation {
  return positionIn(statement, location);
}

/** The schema just before a statement. */
export function schemaAt(context: MigrationLintContext, statement: LintStatement): SchemaAt {
  return schemaBefore(context, statement);
}

/** The table's key (`schema.name`) as the statement resolves it. */
export function tableKeyAt(
  context: MigrationLintContext,
  statement: LintStatement,
  table: QualifiedName,
): string {
  return schemaBefore(context, statement).tableKey(table);
}

/** Whether a table existed before the file (or is unknown, and so taken to exist with data). */
export function isExistingTable(
  context: MigrationLintContext,
  statement: LintStatement,
  tableKey: string,
): boolean {
  return !schemaBefore(context, statement).isNewTable(tableKey);
}

/** The earlier statements of the explicit transaction a statement runs in (empty outside one). */
export function earlierInTransaction(
  context: MigrationLintContext,
  statement: LintStatement,
): LintStatement[] {
  const facts = factsOf(context, statement);
  if (facts.transaction === undefined) return [];
  const out: LintStatement[] = [];
  for (let i = facts.index - 1; i >= 0; i--) {
    const earlier = context.statements[i];
    if (!earlier || factsOf(context, earlier).transaction !== facts.transaction) break;
    out.unshift(earlier);
  }
  return out;
}

/** Statements that change data rather than structure. */
export function isDataChange(statement: LintStatement): boolean {
  const kind = kindOf(statement.node);
  return kind === 'UpdateStmt' || kind === 'DeleteStmt' || kind === 'InsertStmt' || kind === 'MergeStmt';
}

/** Statements that do not touch the schema or the data: transaction control, SET, SELECT, comments. */
export function isHousekeeping(statement: LintStatement): boolean {
  const kind = kindOf(statement.node);
  return (
    kind === 'TransactionStmt' ||
    kind === 'VariableSetStmt' ||
    kind === 'VariableShowStmt' ||
    kind === 'SelectStmt' ||
    kind === 'CommentStmt'
  );
}

/** `schema.table` or `schema.table.column` for a finding's object. */
export function objectText(tableKey: string, column?: string): string {
  return column === undefined ? tableKey : `${tableKey}.${column}`;
}

/** The schema as it stood before the file's first statement. */
export function schemaAtFileStart(context: MigrationLintContext): SchemaAt | undefined {
  const first = context.statements[0];
  return first === undefined ? undefined : schemaBefore(context, first);
}

const WEAK_TABLE_COMMANDS = new Set([
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_ClusterOn',
  'AT_DropCluster',
]);

/**
 * The existing table a statement locks so that reads or writes wait (SHARE lock or stronger), or
 * undefined. Objects created earlier in the same file are not in use yet and do not count.
 */
export function blockingLockTarget(
  context: MigrationLintContext,
  statement: LintStatement,
): string | undefined {
  const schema = schemaBefore(context, statement);
  const existing = (name: QualifiedName | undefined) => {
    if (!name) return undefined;
    const key = schema.tableKey(name);
    return schema.isNewTable(key) ? undefined : key;
  };
  const node = statement.node;
  switch (kindOf(node)) {
    case 'AlterTableStmt': {
      const alter = asNode(node, 'AlterTableStmt');
      if (alter?.objtype === 'OBJECT_INDEX') {
        const index = schema.index(rangeVarName(alter.relation) ?? { name: '' });
        return index && !schema.isNewTable(index.table) && index.createdIn === undefined
          ? index.table
          : undefined;
      }
      // Subcommands that take a lock reads and writes pass (SHARE UPDATE EXCLUSIVE or weaker).
      const weak = (alter?.cmds ?? []).every((item) => {
        const command = asNode(item, 'AlterTableCmd');
        if (command?.subtype === 'AT_DetachPartition')
          return asNode(command.def, 'PartitionCmd')?.concurrent === true;
        return WEAK_TABLE_COMMANDS.has(command?.subtype ?? '');
      });
      return weak ? undefined : existing(rangeVarName(alter?.relation));
    }
    case 'IndexStmt': {
      const index = asNode(node, 'IndexStmt');
      return index?.concurrent ? undefined : existing(rangeVarName(index?.relation));
    }
    case 'DropStmt': {
      const drop = asNode(node, 'DropStmt');
      if (drop?.concurrent) return undefined;
      if (drop?.removeType === 'OBJECT_INDEX') {
        for (const object of drop.objects ?? []) {
          const name = asNode(object, 'List') ? rangeName(object) : undefined;
          const index = name ? schema.index(name) : undefined;
          if (!index) return name ? schema.indexKey(name) : undefined;
          if (index.createdIn === undefined && !schema.isNewTable(index.table)) return index.table;
        }
        return undefined;
      }
      if (
        drop?.removeType === 'OBJECT_TABLE' ||
        drop?.removeType === 'OBJECT_MATVIEW' ||
        drop?.removeType === 'OBJECT_VIEW'
      ) {
        for (const object of drop.objects ?? []) {
          const key = existing(rangeName(object));
          if (key) return key;
        }
      }
      return undefined;
    }
    case 'RenameStmt':
      return existing(rangeVarName(asNode(node, 'RenameStmt')?.relation));
    case 'TruncateStmt':
    case 'LockStmt': {
      const relations = asNode(node, 'TruncateStmt')?.relations ?? asNode(node, 'LockStmt')?.relations ?? [];
      for (const relation of relations) {
        const key = existing(rangeVarName(asNode(relation, 'RangeVar')));
        if (key) return key;
      }
      return undefined;
    }
    case 'CreateTrigStmt':
      return existing(rangeVarName(asNode(node, 'CreateTrigStmt')?.relation));
    case 'CreateStmt': {
      // A new table's foreign keys lock the referenced tables (SHARE ROW EXCLUSIVE).
      const create = asNode(node, 'CreateStmt');
      for (const element of create?.tableElts ?? []) {
        const constraints = [
          asNode(element, 'Constraint'),
          ...columnConstraints(asNode(element, 'ColumnDef')),
        ];
        for (const constraint of constraints) {
          if (constraint?.contype !== 'CONSTR_FOREIGN') continue;
          const key = existing(rangeVarName(constraint.pktable));
          if (key) return key;
        }
      }
      return undefined;
    }
    case 'ClusterStmt':
      return existing(rangeVarName(asNode(node, 'ClusterStmt')?.relation)) ?? 'the database';
    case 'VacuumStmt': {
      const vacuum = asNode(node, 'VacuumStmt');
      if (!vacuum || !hasOption(vacuum.options, 'full')) return undefined;
      const first = asNode(vacuum.rels?.[0], 'VacuumRelation');
      return existing(rangeVarName(first?.relation)) ?? 'the database';
    }
    case 'RefreshMatViewStmt': {
      const refresh = asNode(node, 'RefreshMatViewStmt');
      return refresh?.concurrent ? undefined : existing(rangeVarName(refresh?.relation));
    }
    case 'ReindexStmt': {
      const reindex = asNode(node, 'ReindexStmt');
      if (!reindex || hasOption(reindex.params, 'concurrently')) return undefined;
      return (
        existing(rangeVarName(reindex.relation)) ?? (reindex.name ? `schema ${reindex.name}` : undefined)
      );
    }
    default:
      return undefined;
  }
}

/** A DROP object (a List of names) as a qualified name. */
export function rangeName(object: unknown): QualifiedName | undefined {
  const parts: string[] = [];
  for (const item of asNode(object, 'List')?.items ?? []) {
    const value = asNode(item, 'String')?.sval;
    if (value !== undefined) parts.push(value);
  }
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return schema === undefined ? { name } : { schema, name };
}

/** Whether an option list (VACUUM (FULL), REINDEX (CONCURRENTLY)) holds an option that is not off. */
export function hasOption(options: readonly unknown[] | undefined, name: string): boolean {
  return (options ?? []).some((option) => {
    const element = asNode(option, 'DefElem');
    if (element?.defname !== name) return false;
    const value = asNode(element.arg, 'String')?.sval ?? asNode(element.arg, 'Boolean')?.boolval;
    return !(value === false || value === 'false' || value === 'off' || value === '0');
  });
}
