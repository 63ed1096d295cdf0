// Follows what each statement does to the schema (tables, columns, constraints, indexes, types,
// schemas, functions) and records it in the history. Only what the migration rules ask about is
// followed; a statement the tracker does not understand changes nothing.
import type { ColumnDef, Constraint, CreateStmt, Node } from 'libpg-query';
import {
  keyOf,
  resolveKey,
  type ColumnState,
  type ConstraintState,
  type IndexState,
  type SchemaHistory,
  type TableState,
  type Volatility,
} from './schema-history.ts';
import {
  asNode,
  columnTypeOf,
  isNullConstant,
  kindOf,
  listName,
  objectName,
  rangeVarName,
  referencedColumns,
  stringsOf,
  type QualifiedName,
} from './syntax.ts';

interface TableDraft {
  schema: string;
  name: string;
  kind: TableState['kind'];
  partitioned: boolean;
  partitionKey?: readonly (string | undefined)[];
  partitionOf?: string;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  unlogged: boolean;
  createdIn?: string;
}

const SERIAL_BASE: Readonly<Record<string, string>> = {
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

/** Whether a column definition's type is one of the serial pseudo-types. */
export function isSerialColumn(column: ColumnDef): boolean {
  const names = stringsOf(column.typeName?.names);
  return names.length === 1 && (names[0] ?? '') in SERIAL_BASE;
}

/** The name PostgreSQL gives a constraint or index that has none: table_columns_suffix. */
export function defaultName(table: string, columns: readonly (string | undefined)[], suffix: string): string {
  const parts = columns.length > 0 ? columns.map((c) => c ?? 'expr') : [];
  return [table, ...parts, suffix].join('_');
}

export class SchemaTracker {
  constructor(private readonly history: SchemaHistory) {}

  get seq(): number {
    return this.history.seq;
  }

  tableKey(name: QualifiedName, searchPath: readonly string[]): string {
    return resolveKey(name, searchPath, (key) => this.history.tables.get(key, Infinity) !== undefined);
  }

  indexKey(name: QualifiedName, searchPath: readonly string[]): string {
    return resolveKey(name, searchPath, (key) => this.history.indexes.get(key, Infinity) !== undefined);
  }

  typeKey(name: QualifiedName, searchPath: readonly string[]): string {
    return resolveKey(name, searchPath, (key) => this.history.types.get(key, Infinity) !== undefined);
  }

  private table(key: string): TableState | undefined {
    return this.history.tables.get(key, Infinity);
  }

  private draft(table: TableState): TableDraft {
    return { ...table, columns: new Map(table.columns), constraints: new Map(table.constraints) };
  }

  private putTable(key: string, table: TableDraft | TableState | undefined): void {
    this.history.tables.set(key, table, this.history.seq);
  }

  private putIndex(key: string, index: IndexState | undefined): void {
    this.history.indexes.set(key, index, this.history.seq);
  }

  /** Changes a table (one that is not known is taken as an existing table with unknown columns). */
  private change(key: string, edit: (table: TableDraft) => void): void {
    const [schema = 'public', ...rest] = key.split('.');
    const current: TableState = this.table(key) ?? {
      schema,
      name: rest.join('.'),
      kind: 'table',
      partitioned: false,
      columns: new Map(),
      constraints: new Map(),
      unlogged: false,
    };
    const draft = this.draft(current);
    edit(draft);
    this.putTable(key, draft);
  }

  /** Applies one statement. `file` is the linted file it belongs to, undefined for files read before. */
  apply(node: Node, file: string | undefined, searchPath: readonly string[]): void {
    const kind = kindOf(node);
    switch (kind) {
      case 'CreateStmt':
        this.createTable(asNode(node, 'CreateStmt') ?? {}, file, searchPath, 'table');
        return;
      case 'CreateForeignTableStmt':
        this.createTable(
          asNode(node, 'CreateForeignTableStmt')?.base ?? {},
          file,
          searchPath,
          'foreign table',
        );
        return;
      case 'CreateTableAsStmt': {
        const statement = asNode(node, 'CreateTableAsStmt');
        const name = rangeVarName(statement?.into?.rel);
        if (!name) return;
        const key = this.tableKey(name, searchPath);
        if (statement?.if_not_exists && this.table(key)) return;
        const columns = new Map<string, ColumnState>();
        for (const column of stringsOf(statement?.into?.colNames))
          columns.set(column, newColumn(column, file));
        this.putTable(key, {
          ...splitKey(key),
          kind: statement?.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table',
          partitioned: false,
          columns,
          constraints: new Map(),
          unlogged: statement?.into?.rel?.relpersistence === 'u',
          ...(file === undefined ? {} : { createdIn: file }),
        });
        return;
      }
      case 'ViewStmt': {
        const statement = asNode(node, 'ViewStmt');
        const name = rangeVarName(statement?.view);
        if (!name) return;
        const key = this.tableKey(name, searchPath);
        const existing = this.table(key);
        if (existing && statement?.replace) return;
        this.putTable(key, {
          ...splitKey(key),
          kind: 'view',
          partitioned: false,
          columns: new Map(),
          constraints: new Map(),
          unlogged: false,
          ...(file === undefined ? {} : { createdIn: file }),
        });
        return;
      }
      case 'AlterTableStmt':
        this.alterTable(node, file, searchPath);
        return;
      case 'RenameStmt':
        this.rename(node, searchPath);
        return;
      case 'IndexStmt':
        this.createIndex(node, file, searchPath);
        return;
      case 'DropStmt':
        this.drop(node, searchPath);
        return;
      case 'CreateSchemaStmt': {
        const statement = asNode(node, 'CreateSchemaStmt');
        const name = statement?.schemaname;
        if (!name) return;
        if (!(statement.if_not_exists && this.history.schemas.get(name, Infinity)))
          this.history.schemas.set(
            name,
            { name, ...(file === undefined ? {} : { createdIn: file }) },
            this.seq,
          );
        for (const element of statement.schemaElts ?? []) this.apply(element, file, [name]);
        return;
      }
      case 'CreateEnumStmt': {
        const statement = asNode(node, 'CreateEnumStmt');
        const name = listName(stringsOf(statement?.typeName));
        if (!name) return;
        const key = this.typeKey(name, searchPath);
        this.history.types.set(
          key,
          {
            ...splitKey(key),
            kind: 'enum',
            values: stringsOf(statement?.vals),
            ...(file === undefined ? {} : { createdIn: file }),
          },
          this.seq,
        );
        return;
      }
      case 'AlterEnumStmt': {
        const statement = asNode(node, 'AlterEnumStmt');
        const name = listName(stringsOf(statement?.typeName));
        if (!name || statement?.newVal === undefined) return;
        const key = this.typeKey(name, searchPath);
        const type = this.history.types.get(key, Infinity);
        const values = [...(type?.values ?? [])];
        if (statement.oldVal !== undefined) {
          const at = values.indexOf(statement.oldVal);
          if (at >= 0) values[at] = statement.newVal;
        } else if (!values.includes(statement.newVal)) {
          const neighbour =
            statement.newValNeighbor === undefined ? -1 : values.indexOf(statement.newValNeighbor);
          if (neighbour < 0) values.push(statement.newVal);
          else values.splice(statement.newValIsAfter ? neighbour + 1 : neighbour, 0, statement.newVal);
        }
        this.history.types.set(key, { ...(type ?? { ...splitKey(key), kind: 'enum' }), values }, this.seq);
        return;
      }
      case 'CreateDomainStmt': {
        const name = listName(stringsOf(asNode(node, 'CreateDomainStmt')?.domainname));
        if (!name) return;
        const key = this.typeKey(name, searchPath);
        this.history.types.set(
          key,
          { ...splitKey(key), kind: 'domain', ...(file === undefined ? {} : { createdIn: file }) },
          this.seq,
        );
        return;
      }
      case 'CompositeTypeStmt':
      case 'CreateRangeStmt': {
        const name =
          rangeVarName(asNode(node, 'CompositeTypeStmt')?.typevar) ??
          listName(stringsOf(asNode(node, 'CreateRangeStmt')?.typeName));
        if (!name) return;
        const key = this.typeKey(name, searchPath);
        this.history.types.set(
          key,
          { ...splitKey(key), kind: 'other', ...(file === undefined ? {} : { createdIn: file }) },
          this.seq,
        );
        return;
      }
      case 'CreateFunctionStmt': {
        const statement = asNode(node, 'CreateFunctionStmt');
        const name = listName(stringsOf(statement?.funcname));
        if (!name) return;
        let volatility: Volatility = 'volatile';
        for (const option of statement?.options ?? []) {
          const element = asNode(option, 'DefElem');
          if (element?.defname !== 'volatility') continue;
          const value = asNode(element.arg, 'String')?.sval;
          if (value === 'immutable' || value === 'stable' || value === 'volatile') volatility = value;
        }
        this.history.functions.set(
          keyOf(name.schema ?? searchPath[0] ?? 'public', name.name),
          volatility,
          this.seq,
        );
        return;
      }
      case 'AlterObjectSchemaStmt': {
        const statement = asNode(node, 'AlterObjectSchemaStmt');
        const name = rangeVarName(statement?.relation);
        if (!name || !statement?.newschema || statement.objectType !== 'OBJECT_TABLE') return;
        const key = this.tableKey(name, searchPath);
        const table = this.table(key);
        if (!table) return;
        this.moveTable(key, keyOf(statement.newschema, table.name), {
          ...table,
          schema: statement.newschema,
        });
        return;
      }
      default:
        return;
    }
  }

  private createTable(
    statement: CreateStmt,
    file: string | undefined,
    searchPath: readonly string[],
    kind: TableState['kind'],
  ): void {
    const name = rangeVarName(statement.relation);
    if (!name) return;
    const path = statement.relation?.relpersistence === 't' ? ['pg_temp', ...searchPath] : searchPath;
    const key = this.tableKey(name, path);
    if (statement.if_not_exists && this.table(key)) return;
    const table: TableDraft = {
      ...splitKey(key),
      kind,
      partitioned: statement.partspec !== undefined,
      columns: new Map(),
      constraints: new Map(),
      unlogged: statement.relation?.relpersistence === 'u',
      ...(file === undefined ? {} : { createdIn: file }),
    };
    if (statement.partspec) {
      table.partitionKey = (statement.partspec.partParams ?? []).map(
        (param) => asNode(param, 'PartitionElem')?.name,
      );
    }
    for (const parent of statement.inhRelations ?? []) {
      const parentName = rangeVarName(asNode(parent, 'RangeVar'));
      if (!parentName) continue;
      const parentKey = this.tableKey(parentName, searchPath);
      const source = this.table(parentKey);
      for (const column of source?.columns.values() ?? [])
        table.columns.set(column.name, { ...column, ...added(file) });
      if (statement.partbound) table.partitionOf = parentKey;
    }
    const indexes: IndexState[] = [];
    for (const element of statement.tableElts ?? []) {
      const column = asNode(element, 'ColumnDef');
      if (column) {
        this.addColumn(table, column, file, indexes);
        continue;
      }
      const constraint = asNode(element, 'Constraint');
      if (constraint) {
        this.addConstraint(table, constraint, undefined, file, indexes, true);
        continue;
      }
      const like = asNode(element, 'TableLikeClause');
      const likeName = rangeVarName(like?.relation);
      if (likeName) {
        const source = this.table(this.tableKey(likeName, searchPath));
        for (const column of source?.columns.values() ?? [])
          table.columns.set(column.name, { ...column, identity: false, generated: false, ...added(file) });
      }
    }
    for (const constraint of statement.nnconstraints ?? []) {
      for (const column of stringsOf(asNode(constraint, 'Constraint')?.keys)) setNotNull(table, column, true);
    }
    for (const element of statement.constraints ?? []) {
      const constraint = asNode(element, 'Constraint');
      if (constraint) this.addConstraint(table, constraint, undefined, file, indexes, true);
    }
    this.putTable(key, table);
    for (const index of indexes) this.putIndex(keyOf(index.schema, index.name), index);
  }

  private addColumn(
    table: TableDraft,
    column: ColumnDef,
    file: string | undefined,
    indexes: IndexState[],
  ): void {
    const name = column.colname;
    if (name === undefined) return;
    const names = stringsOf(column.typeName?.names);
    const serial = SERIAL_BASE[names.length === 1 ? (names[0] ?? '') : ''];
    const type =
      serial === undefined ? columnTypeOf(column.typeName) : { name: serial, modifiers: [], array: false };
    let state: ColumnState = {
      name,
      type,
      notNull: serial !== undefined || column.is_not_null === true,
      hasDefault:
        serial !== undefined || (column.raw_default !== undefined && !isNullConstant(column.raw_default)),
      identity: false,
      generated: false,
      ...added(file),
    };
    table.columns.set(name, state);
    for (const element of column.constraints ?? []) {
      const constraint = asNode(element, 'Constraint');
      if (!constraint) continue;
      switch (constraint.contype) {
        case 'CONSTR_NOTNULL':
          state = { ...state, notNull: true };
          break;
        case 'CONSTR_NULL':
          state = { ...state, notNull: false };
          break;
        case 'CONSTR_DEFAULT':
          state = { ...state, hasDefault: !isNullConstant(constraint.raw_expr) };
          break;
        case 'CONSTR_IDENTITY':
          state = { ...state, identity: true, notNull: true, hasDefault: true };
          break;
        case 'CONSTR_GENERATED':
          state = { ...state, generated: true, hasDefault: true };
          break;
        default:
          table.columns.set(name, state);
          this.addConstraint(table, constraint, name, file, indexes, false);
          state = table.columns.get(name) ?? state;
      }
    }
    table.columns.set(name, state);
  }

  /** Adds a table constraint (or a column's, `column` given) with the index it makes. */
  private addConstraint(
    table: TableDraft,
    constraint: Constraint,
    column: string | undefined,
    file: string | undefined,
    indexes: IndexState[],
    newTable: boolean,
  ): void {
    const keys = column !== undefined ? [column] : stringsOf(constraint.keys);
    const validated = newTable || constraint.skip_validation !== true;
    const base = { validated, ...added(file) };
    switch (constraint.contype) {
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE': {
        const primary = constraint.contype === 'CONSTR_PRIMARY';
        let columns = keys;
        if (constraint.indexname !== undefined) {
          const indexKey = keyOf(table.schema, constraint.indexname);
          const index = this.history.indexes.get(indexKey, Infinity);
          columns = (index?.columns ?? []).filter((c): c is string => c !== undefined);
          this.putIndex(indexKey, undefined);
        }
        const name =
          constraint.conname ?? (primary ? `${table.name}_pkey` : defaultName(table.name, columns, 'key'));
        table.constraints.set(name, {
          name,
          kind: primary ? 'primary' : 'unique',
          columns,
          ...base,
          validated: true,
        });
        if (primary) for (const c of columns) setNotNull(table, c, true);
        const index: IndexState = {
          schema: table.schema,
          name,
          table: keyOf(table.schema, table.name),
          unique: true,
          columns,
          partial: false,
          ...added(file),
        };
        if (newTable) indexes.push(index);
        else this.putIndex(keyOf(table.schema, name), index);
        return;
      }
      case 'CONSTR_CHECK': {
        const columns = column !== undefined ? [column] : [...referencedColumns(constraint.raw_expr)];
        const name = constraint.conname ?? defaultName(table.name, columns.slice(0, 1), 'check');
        table.constraints.set(name, {
          name,
          kind: 'check',
          columns,
          ...base,
          ...(constraint.raw_expr === undefined ? {} : { expression: constraint.raw_expr }),
        });
        return;
      }
      case 'CONSTR_FOREIGN': {
        const columns = column !== undefined ? [column] : stringsOf(constraint.fk_attrs);
        const name = constraint.conname ?? defaultName(table.name, columns, 'fkey');
        const target = rangeVarName(constraint.pktable);
        table.constraints.set(name, {
          name,
          kind: 'foreign',
          columns,
          ...base,
          ...(target === undefined ? {} : { references: keyOf(target.schema ?? table.schema, target.name) }),
        });
        return;
      }
      case 'CONSTR_EXCLUSION': {
        const columns: string[] = [];
        for (const pair of constraint.exclusions ?? []) {
          const element = asNode(asNode(pair, 'List')?.items?.[0], 'IndexElem');
          if (element?.name !== undefined) columns.push(element.name);
        }
        const name = constraint.conname ?? defaultName(table.name, columns, 'excl');
        table.constraints.set(name, { name, kind: 'exclusion', columns, ...base, validated: true });
        return;
      }
      case 'CONSTR_NOTNULL':
        if (validated) for (const c of keys) setNotNull(table, c, true);
        return;
      default:
        return;
    }
  }

  private alterTable(node: Node, file: string | undefined, searchPath: readonly string[]): void {
    const statement = asNode(node, 'AlterTableStmt');
    const name = rangeVarName(statement?.relation);
    if (!statement || !name) return;
    if (statement.objtype === 'OBJECT_INDEX') return;
    const key = this.tableKey(name, searchPath);
    if (statement.missing_ok && !this.table(key)) return;
    const indexes: IndexState[] = [];
    this.change(key, (table) => {
      for (const item of statement.cmds ?? []) {
        const command = asNode(item, 'AlterTableCmd');
        if (!command) continue;
        const columnName = command.name;
        const column = columnName === undefined ? undefined : table.columns.get(columnName);
        switch (command.subtype) {
          case 'AT_AddColumn': {
            const definition = asNode(command.def, 'ColumnDef');
            if (!definition?.colname || (command.missing_ok && table.columns.has(definition.colname))) break;
            this.addColumn(table, definition, file, indexes);
            break;
          }
          case 'AT_DropColumn':
            if (columnName === undefined) break;
            table.columns.delete(columnName);
            for (const [constraintName, constraint] of table.constraints)
              if (constraint.columns.includes(columnName)) table.constraints.delete(constraintName);
            for (const index of this.indexesOf(key))
              if (index.columns.includes(columnName))
                this.putIndex(keyOf(index.schema, index.name), undefined);
            break;
          case 'AT_AlterColumnType': {
            const type = columnTypeOf(asNode(command.def, 'ColumnDef')?.typeName);
            if (column && columnName !== undefined) table.columns.set(columnName, { ...column, type });
            break;
          }
          case 'AT_SetNotNull':
            if (columnName !== undefined) setNotNull(table, columnName, true);
            break;
          case 'AT_DropNotNull':
            if (columnName !== undefined) setNotNull(table, columnName, false);
            break;
          case 'AT_ColumnDefault':
            if (column && columnName !== undefined)
              table.columns.set(columnName, {
                ...column,
                hasDefault: command.def !== undefined && !isNullConstant(command.def),
              });
            break;
          case 'AT_AddIdentity':
            if (column && columnName !== undefined)
              table.columns.set(columnName, { ...column, identity: true, notNull: true, hasDefault: true });
            break;
          case 'AT_DropIdentity':
            if (column && columnName !== undefined)
              table.columns.set(columnName, { ...column, identity: false, hasDefault: false });
            break;
          case 'AT_DropExpression':
            if (column && columnName !== undefined)
              table.columns.set(columnName, { ...column, generated: false, hasDefault: false });
            break;
          case 'AT_AddConstraint': {
            const constraint = asNode(command.def, 'Constraint');
            if (constraint) this.addConstraint(table, constraint, undefined, file, indexes, false);
            break;
          }
          case 'AT_ValidateConstraint': {
            const constraint = columnName === undefined ? undefined : table.constraints.get(columnName);
            if (constraint) table.constraints.set(constraint.name, { ...constraint, validated: true });
            break;
          }
          case 'AT_DropConstraint': {
            const constraint = columnName === undefined ? undefined : table.constraints.get(columnName);
            if (!constraint) break;
            table.constraints.delete(constraint.name);
            if (constraint.kind === 'primary' || constraint.kind === 'unique')
              this.putIndex(keyOf(table.schema, constraint.name), undefined);
            break;
          }
          case 'AT_SetLogged':
            table.unlogged = false;
            break;
          case 'AT_SetUnLogged':
            table.unlogged = true;
            break;
          case 'AT_AttachPartition':
          case 'AT_DetachPartition': {
            const partition = rangeVarName(asNode(command.def, 'PartitionCmd')?.name);
            if (!partition) break;
            const partitionKey = this.tableKey(partition, searchPath);
            const attach = command.subtype === 'AT_AttachPartition';
            this.change(partitionKey, (child) => {
              if (attach) child.partitionOf = key;
              else delete child.partitionOf;
            });
            break;
          }
          default:
            break;
        }
      }
    });
    for (const index of indexes) this.putIndex(keyOf(index.schema, index.name), index);
  }

  private indexesOf(tableKey: string): IndexState[] {
    return this.history.at(Infinity).indexesOf(tableKey);
  }

  private moveTable(from: string, to: string, table: TableState): void {
    this.putTable(from, undefined);
    this.putTable(to, table);
    for (const index of this.indexesOf(from))
      this.putIndex(keyOf(index.schema, index.name), { ...index, table: to });
  }

  private rename(node: Node, searchPath: readonly string[]): void {
    const statement = asNode(node, 'RenameStmt');
    if (!statement?.newname) return;
    const newName = statement.newname;
    const relation = rangeVarName(statement.relation);
    switch (statement.renameType) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE': {
        if (!relation) return;
        const key = this.tableKey(relation, searchPath);
        const table = this.table(key);
        if (!table) return;
        this.moveTable(key, keyOf(table.schema, newName), { ...table, name: newName });
        return;
      }
      case 'OBJECT_COLUMN': {
        if (!relation || statement.subname === undefined) return;
        const oldName = statement.subname;
        const key = this.tableKey(relation, searchPath);
        const swap = (columns: readonly string[]) => columns.map((c) => (c === oldName ? newName : c));
        this.change(key, (table) => {
          const column = table.columns.get(oldName);
          if (!column) return;
          table.columns.delete(oldName);
          table.columns.set(newName, { ...column, name: newName });
          for (const [name, constraint] of table.constraints)
            if (constraint.columns.includes(oldName))
              table.constraints.set(name, { ...constraint, columns: swap(constraint.columns) });
        });
        for (const index of this.indexesOf(key))
          if (index.columns.includes(oldName))
            this.putIndex(keyOf(index.schema, index.name), {
              ...index,
              columns: index.columns.map((c) => (c === oldName ? newName : c)),
            });
        return;
      }
      case 'OBJECT_TABCONSTRAINT': {
        if (!relation || statement.subname === undefined) return;
        const oldName = statement.subname;
        const key = this.tableKey(relation, searchPath);
        this.change(key, (table) => {
          const constraint = table.constraints.get(oldName);
          if (!constraint) return;
          table.constraints.delete(oldName);
          table.constraints.set(newName, { ...constraint, name: newName });
        });
        return;
      }
      case 'OBJECT_INDEX': {
        if (!relation) return;
        const key = this.indexKey(relation, searchPath);
        const index = this.history.indexes.get(key, Infinity);
        if (!index) return;
        this.putIndex(key, undefined);
        this.putIndex(keyOf(index.schema, newName), { ...index, name: newName });
        return;
      }
      case 'OBJECT_SCHEMA': {
        const oldName = statement.subname;
        if (oldName === undefined) return;
        const entry = this.history.schemas.get(oldName, Infinity);
        this.history.schemas.set(oldName, undefined, this.seq);
        this.history.schemas.set(newName, { ...(entry ?? {}), name: newName }, this.seq);
        for (const key of [...this.history.tables.keys(Infinity)]) {
          const table = this.table(key);
          if (table?.schema === oldName)
            this.moveTable(key, keyOf(newName, table.name), { ...table, schema: newName });
        }
        return;
      }
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN': {
        const name = statement.object ? objectName(statement.object) : undefined;
        if (!name) return;
        const key = this.typeKey(name, searchPath);
        const type = this.history.types.get(key, Infinity);
        if (!type) return;
        this.history.types.set(key, undefined, this.seq);
        this.history.types.set(keyOf(type.schema, newName), { ...type, name: newName }, this.seq);
        return;
      }
      default:
        return;
    }
  }

  private createIndex(node: Node, file: string | undefined, searchPath: readonly string[]): void {
    const statement = asNode(node, 'IndexStmt');
    const tableName = rangeVarName(statement?.relation);
    if (!statement || !tableName) return;
    const tableKey = this.tableKey(tableName, searchPath);
    const schema = tableKey.split('.')[0] ?? 'public';
    const columns = (statement.indexParams ?? []).map((param) => asNode(param, 'IndexElem')?.name);
    let name = statement.idxname;
    if (name === undefined) {
      const base = defaultName(tableName.name, columns, 'idx');
      name = base;
      for (let n = 1; this.history.indexes.get(keyOf(schema, name), Infinity); n++) name = `${base}${n}`;
    }
    const key = keyOf(schema, name);
    if (statement.if_not_exists && this.history.indexes.get(key, Infinity)) return;
    this.putIndex(key, {
      schema,
      name,
      table: tableKey,
      unique: statement.unique === true,
      columns,
      partial: statement.whereClause !== undefined,
      ...(file === undefined ? {} : { createdIn: file }),
    });
  }

  private drop(node: Node, searchPath: readonly string[]): void {
    const statement = asNode(node, 'DropStmt');
    if (!statement) return;
    for (const object of statement.objects ?? []) {
      const name = objectName(object);
      if (!name) continue;
      switch (statement.removeType) {
        case 'OBJECT_TABLE':
        case 'OBJECT_VIEW':
        case 'OBJECT_MATVIEW':
        case 'OBJECT_FOREIGN_TABLE': {
          const key = this.tableKey(name, searchPath);
          this.putTable(key, undefined);
          for (const index of this.indexesOf(key)) this.putIndex(keyOf(index.schema, index.name), undefined);
          break;
        }
        case 'OBJECT_INDEX':
          this.putIndex(this.indexKey(name, searchPath), undefined);
          break;
        case 'OBJECT_TYPE':
        case 'OBJECT_DOMAIN':
          this.history.types.set(this.typeKey(name, searchPath), undefined, this.seq);
          break;
        case 'OBJECT_SCHEMA':
          this.history.schemas.set(name.name, undefined, this.seq);
          for (const key of [...this.history.tables.keys(Infinity)]) {
            if (this.table(key)?.schema !== name.name) continue;
            this.putTable(key, undefined);
            for (const index of this.indexesOf(key))
              this.putIndex(keyOf(index.schema, index.name), undefined);
          }
          break;
        default:
          break;
      }
    }
  }
}

function splitKey(key: string): { schema: string; name: string } {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

function added(file: string | undefined): { addedIn?: string } {
  return file === undefined ? {} : { addedIn: file };
}

function newColumn(name: string, file: string | undefined): ColumnState {
  return {
    name,
    type: undefined,
    notNull: false,
    hasDefault: false,
    identity: false,
    generated: false,
    ...added(file),
  };
}

function setNotNull(table: TableDraft, column: string, notNull: boolean): void {
  const state = table.columns.get(column);
  if (state) table.columns.set(column, { ...state, notNull });
}
