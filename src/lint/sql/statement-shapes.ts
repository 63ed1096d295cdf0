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

/** The subcommands of ALTER TABLE statements on tables (not ALTER INDEX, VIEW, ...). */
export function* tableCommands(statement: LintStatement): Iterable<TableCommand> {
  const alter = asNode(statement.node, 'AlterTableStmt');
  if (!alter || (alter.objtype !== 'OBJECT_TABLE' && alter.objtype !== 'OBJECT_FOREIGN_TABLE')) return;
  const table = rangeVarName(alter.relation);
  if (!table) return;
  for (const item of alter.cmds ?? []) {
    const command = asNode(item, 'AlterTableCmd');
    if (command) yield { statement, table, only: alter.relation?.inh === false, command };
  }
}

/** Every ALTER TABLE subcommand of the file, with the statement it is in. */
export function* allTableCommands(context: MigrationLintContext): Iterable<TableCommand> {
  for (const statement of context.statements) yield* tableCommands(statement);
}

/** ALTER TABLE ... ADD COLUMN definitions. */
export function* addedColumns(context: MigrationLintContext): Iterable<TableCommand & { column: ColumnDef }> {
  for (const entry of allTableCommands(context)) {
    if (entry.command.subtype !== 'AT_AddColumn') continue;
    const column = asNode(entry.command.def, 'ColumnDef');
    if (column) yield { ...entry, column };
  }
}

/** Constraints added by ALTER TABLE: ADD CONSTRAINT, and those declared on an added column. */
export function* addedConstraints(
  context: MigrationLintContext,
): Iterable<TableCommand & { constraint: Constraint; column?: ColumnDef }> {
  for (const entry of allTableCommands(context)) {
    if (entry.command.subtype === 'AT_AddConstraint') {
      const constraint = asNode(entry.command.def, 'Constraint');
      if (constraint) yield { ...entry, constraint };
    } else if (entry.command.subtype === 'AT_AddColumn') {
      const column = asNode(entry.command.def, 'ColumnDef');
      for (const constraint of columnConstraints(column)) yield { ...entry, constraint, column: column ?? {} };
    }
  }
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

export function* typedColumns(context: MigrationLintContext): Iterable<TypedColumn> {
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
export function tableKeyAt(context: MigrationLintContext, statement: LintStatement, table: QualifiedName): string {
  return schemaBefore(context, statement).tableKey(table);
}

/** Whether a table existed before the file (or is unknown, and so taken to exist with data). */
export function isExistingTable(context: MigrationLintContext, statement: LintStatement, tableKey: string): boolean {
  return !schemaBefore(context, statement).isNewTable(tableKey);
}

/** The earlier statements of the explicit transaction a statement runs in (empty outside one). */
export function earlierInTransaction(context: MigrationLintContext, statement: LintStatement): LintStatement[] {
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

/**
 * The existing table a statement locks so that reads or writes wait (SHARE lock or stronger), or
 * undefined. Objects created earlier in the same file are not in use yet and do not count.
 */
export function blockingLockTarget(context: MigrationLintContext, statement: LintStatement): string | undefined {
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
        return index && !schema.isNewTable(index.table) && index.createdIn === undefined ? index.table : undefined;
      }
      return existing(rangeVarName(alter?.relation));
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
      if (drop?.removeType === 'OBJECT_TABLE' || drop?.removeType === 'OBJECT_MATVIEW' || drop?.removeType === 'OBJECT_VIEW') {
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
        const constraints = [asNode(element, 'Constraint'), ...columnConstraints(asNode(element, 'ColumnDef'))];
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
      return existing(rangeVarName(reindex.relation)) ?? (reindex.name ? `schema ${reindex.name}` : undefined);
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
