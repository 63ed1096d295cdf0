// Semantic checks of a model whose shape is already valid: references resolve, names are unique and
// fit PostgreSQL's limits, types and expressions parse, defaults make sense. Every problem is reported;
// nothing stops at the first one. Codes are stable and listed in docs/model-files.md.
import {
  BUILTIN_DISPLAY_NAMES,
  BUILTIN_TYPE_NAMES,
  SERIAL_TYPES,
} from '../dialects/postgres/builtin-types.ts';
import { closestName } from './closest-name.ts';
import { EXTENSION_TYPES } from '../dialects/postgres/extension-types.ts';
import { assertSqlParserLoaded, parseExpression } from '../dialects/postgres/parse-expression.ts';
import { identifierBytes, MAX_IDENTIFIER_BYTES } from '../dialects/postgres/quote.ts';
import { parseTypeName, TypeSyntaxError, type TypeReference } from '../dialects/postgres/types.ts';
import type { Diagnostic } from './diagnostics.ts';
import { expandPatterns } from './patterns/expand-patterns.ts';
import { validatePatterns } from './patterns/validate-patterns.ts';
import type { ForeignKey, Model, Naming, SchemaDef, Table } from './model-schema.ts';
import { ownEntry, pathFrom, sortedEntries, type Locate, type ModelPath, type PathTo } from './model-path.ts';
import {
  domainCheckNames,
  namingOf,
  resolveTableNames,
  type ResolvedNaming,
  type TableNames,
} from './naming.ts';
import { validatePartitions, withInheritedColumns } from './validate-partitions.ts';
import { validateCodeObjects } from './validate-code-objects.ts';
import { validateAccess } from './validate-access.ts';
import { validateRecordedDrops } from './validate-drops.ts';
import { validateTargetVersion } from './validate-target-version.ts';

/**
 * Parts of a model that could not be read (a file with broken syntax, an object with the wrong shape).
 * References to them are not reported, since the reader has already reported the cause.
 */
export interface SkippedObjects {
  /** Something unreadable could have defined anything. */
  all: boolean;
  /** Schemas whose content was dropped. */
  schemas: ReadonlySet<string>;
  /** Dropped objects (tables, enums, domains, sequences), as made by `skippedKey`. */
  objects: ReadonlySet<string>;
  /** An extension entry was dropped, so any type may come from an extension. */
  extensions: boolean;
}

export function skippedKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

export interface ValidateOptions {
  skipped?: SkippedObjects;
}

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const TEMPLATE_PLACEHOLDERS = new Set(['schema', 'table', 'columns', 'description', 'ref_table']);
/** The SQL spellings of built-in types people write, offered first when a type name is misspelt. */
const COMMON_TYPE_NAMES = [
  'integer',
  'int',
  'bigint',
  'smallint',
  'text',
  'varchar',
  'boolean',
  'numeric',
  'decimal',
  'timestamptz',
  'date',
  'uuid',
  'jsonb',
  ...Object.values(BUILTIN_DISPLAY_NAMES),
  ...Object.keys(SERIAL_TYPES),
];
const TYPE_EXAMPLES = 'e.g. text, integer, numeric(10,2), timestamp with time zone, app.status';
/** Where a type that is resolved without reporting would be reported. */
const NOWHERE: ModelPath = [];

type Severity = Diagnostic['severity'];
type ResolvedType =
  | { kind: 'builtin' | 'serial'; ref: TypeReference }
  | {
      kind: 'enum' | 'domain' | 'composite' | 'range' | 'table' | 'extension' | 'unchecked';
      ref: TypeReference;
      schema: string;
    }
  | { kind: 'invalid' };

/**
 * Runs every semantic check; `locate` turns model paths into file positions. Types and expressions are
 * checked with the SQL parser, so `await loadSqlParser()` must have completed.
 */
export function validateModel(
  modelWithPatterns: Model,
  locate?: Locate,
  options: ValidateOptions = {},
): Diagnostic[] {
  assertSqlParserLoaded();
  // The concrete objects are checked; pattern options only add well-formed ones.
  const model = expandPatterns(modelWithPatterns);
  const validation = new ModelValidation(withInheritedColumns(model), locate, options.skipped);
  validation.run();
  return [
    ...validation.diagnostics,
    ...validateCodeObjects(model, locate),
    ...validatePartitions(model, locate),
    ...validateAccess(model, locate),
    ...validateRecordedDrops(model, locate),
    ...validatePatterns(modelWithPatterns, locate),
    ...validateTargetVersion(model, locate),
  ];
}

class ModelValidation {
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private readonly extensionTypes = new Map<string, string>();
  private readonly anyExtensionType: boolean;
  /** `schema\0name` of the multirange types the model's range types make. */
  private readonly multirangeTypes = new Set<string>();
  /** Constraint and index names per table, made once for the several checks that need them. */
  private readonly tableNames = new Map<Table, TableNames>();
  private readonly naming: ResolvedNaming;

  constructor(
    private readonly model: Model,
    private readonly locate: Locate | undefined,
    private readonly skipped: SkippedObjects | undefined,
  ) {
    let unknownExtension = skipped?.extensions === true;
    for (const [name, extension] of sortedEntries(model.extensions)) {
      const types = ownEntry(EXTENSION_TYPES, name);
      if (types === undefined) unknownExtension = true;
      for (const type of types ?? [])
        this.extensionTypes.set(skippedKey(extension.schema ?? 'public', type), name);
    }
    this.anyExtensionType = unknownExtension;
    this.naming = namingOf(model);
    for (const [schemaName, schema] of sortedEntries(model.schemas)) {
      for (const [name, range] of sortedEntries(schema.rangeTypes)) {
        const multirange = range.multirangeTypeName;
        if (multirange === undefined) {
          const at = name.indexOf('range');
          const made = at >= 0 ? `${name.slice(0, at)}multirange${name.slice(at + 5)}` : `${name}_multirange`;
          this.multirangeTypes.add(skippedKey(schemaName, made));
        } else {
          try {
            const ref = parseTypeName(multirange);
            this.multirangeTypes.add(skippedKey(ref.schema ?? 'public', ref.name));
          } catch {
            // An unreadable name is reported where the range type is checked.
          }
        }
      }
    }
  }

  run(): void {
    this.checkNamingTemplates();
    for (const [name] of sortedEntries(this.model.extensions))
      this.checkIdentifier(['extensions', name], 'extension', name);
    for (const [schemaName, schema] of sortedEntries(this.model.schemas))
      this.checkSchema(schemaName, schema);
  }

  private report(
    code: string,
    pathTo: PathTo,
    object: string,
    message: string,
    hint: string,
    severity: Severity = 'error',
  ): void {
    const path = pathFrom(pathTo);
    // A name clash can show in two namespaces (a primary key and a unique constraint of the same name
    // clash as constraints and as indexes); say it once.
    if (code === 'duplicate-name') {
      const key = JSON.stringify(path);
      if (this.reported.has(key)) return;
      this.reported.add(key);
    }
    const location = this.locate?.(path);
    this.diagnostics.push({ code, severity, message, ...(location ? { location } : {}), object, hint });
  }

  private isSkipped(schema: string, name: string): boolean {
    const skipped = this.skipped;
    return (
      skipped !== undefined &&
      (skipped.all || skipped.schemas.has(schema) || skipped.objects.has(skippedKey(schema, name)))
    );
  }

  private checkNamingTemplates(): void {
    const naming = this.model.project?.naming ?? {};
    for (const kind of Object.keys(naming) as (keyof Naming)[]) {
      const template = naming[kind];
      if (template === undefined) continue;
      const path = ['project', 'naming', kind];
      if (template.trim() === '') {
        this.report(
          'invalid-naming-template',
          path,
          `naming.${kind}`,
          `the ${kind} naming template is empty`,
          'write a template such as "idx_{table}_{columns}", or remove it to use the default',
        );
        continue;
      }
      for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
        const placeholder = match[1] ?? '';
        const known = TEMPLATE_PLACEHOLDERS.has(placeholder);
        if (known && (placeholder !== 'ref_table' || kind === 'foreignKey')) continue;
        this.report(
          'invalid-naming-template',
          path,
          `naming.${kind}`,
          known
            ? `{ref_table} in the ${kind} naming template: only foreign keys reference a table`
            : `unknown placeholder {${placeholder}} in the ${kind} naming template`,
          'placeholders are {schema}, {table}, {columns}, {description} (checks) and {ref_table} (foreign keys)',
        );
      }
    }
  }

  private checkIdentifier(path: PathTo, what: string, name: string, derivedFrom?: string): void {
    const bytes = identifierBytes(name);
    if (bytes <= MAX_IDENTIFIER_BYTES) return;
    this.report(
      'identifier-too-long',
      path,
      name,
      `${what} name "${name}" is ${bytes} bytes${derivedFrom ? ` (from the naming template "${derivedFrom}")` : ''}; PostgreSQL keeps only the first ${MAX_IDENTIFIER_BYTES}`,
      derivedFrom
        ? `give the ${what} an explicit, shorter name, or shorten the naming template`
        : `shorten the name to ${MAX_IDENTIFIER_BYTES} bytes or fewer`,
    );
  }

  private checkSchema(schemaName: string, schema: SchemaDef): void {
    const schemaPath = ['schemas', schemaName];
    this.checkIdentifier(schemaPath, 'schema', schemaName);
    for (const [name, enumDef] of sortedEntries(schema.enums)) {
      const path = [...schemaPath, 'enums', name];
      this.checkIdentifier(path, 'enum', name);
      this.checkEnumValues(path, `${schemaName}.${name}`, enumDef.values);
    }
    for (const [name, domain] of sortedEntries(schema.domains)) {
      const path = [...schemaPath, 'domains', name];
      const object = `${schemaName}.${name}`;
      this.checkIdentifier(path, 'domain', name);
      const resolved = this.resolveType(domain.type, [...path, 'type'], object);
      if (resolved.kind === 'serial') {
        this.report(
          'invalid-type',
          [...path, 'type'],
          object,
          `domain ${object} is based on ${domain.type}, which is a column shorthand, not a type`,
          'base the domain on smallint, integer or bigint',
        );
      }
      if (domain.default !== undefined)
        this.checkExpression([...path, 'default'], object, 'default', domain.default);
      const checks = domain.checks ?? [];
      const names = domainCheckNames(name, checks);
      const seen = new Set<string>();
      checks.forEach((check, i) => {
        const checkPath = [...path, 'checks', i];
        this.checkExpression([...checkPath, 'expression'], object, 'check', check.expression);
        const checkName = names[i] ?? '';
        const namePath = check.name !== undefined ? [...checkPath, 'name'] : checkPath;
        if (check.name !== undefined) this.checkIdentifier(namePath, 'check constraint', checkName);
        if (seen.has(checkName)) {
          this.report(
            'duplicate-name',
            namePath,
            object,
            `domain ${object} has two checks named "${checkName}"`,
            'rename one of the checks',
          );
        }
        seen.add(checkName);
      });
    }
    this.checkTypeObjects(schemaName, schema);
    for (const [name, sequence] of sortedEntries(schema.sequences)) {
      const path = [...schemaPath, 'sequences', name];
      this.checkIdentifier(path, 'sequence', name);
      const owner = sequence.ownedBy;
      if (owner) {
        const table = ownEntry(schema.tables, owner.table);
        if (!table) {
          if (!this.isSkipped(schemaName, owner.table)) {
            this.report(
              'unknown-table',
              [...path, 'ownedBy', 'table'],
              `${schemaName}.${name}`,
              `sequence ${schemaName}.${name} is owned by table ${owner.table}, which schema ${schemaName} does not define`,
              this.tableHint(
                schemaName,
                owner.table,
                'a sequence can only be owned by a column of a table in its own schema',
              ),
            );
          }
        } else if (!table.columns.some((c) => c.name === owner.column)) {
          this.report(
            'unknown-column',
            [...path, 'ownedBy', 'column'],
            `${schemaName}.${name}`,
            `sequence ${schemaName}.${name} is owned by ${schemaName}.${owner.table}.${owner.column}, but table ${owner.table} has no column ${owner.column}`,
            columnHint(table, owner.column),
          );
        }
      }
    }
    const tables = sortedEntries(schema.tables);
    for (const [name, table] of tables) this.checkTable(schemaName, name, table);
    this.checkSchemaNamespaces(schemaName, schema, tables);
  }

  private checkEnumValues(path: ModelPath, object: string, values: readonly string[]): void {
    if (values.length === 0) {
      this.report(
        'invalid-enum',
        [...path, 'values'],
        object,
        `enum ${object} has no values`,
        'list at least one value',
      );
    }
    const seen = new Set<string>();
    values.forEach((value, i) => {
      const bytes = identifierBytes(value);
      if (bytes === 0 || bytes > MAX_IDENTIFIER_BYTES) {
        this.report(
          'invalid-enum',
          [...path, 'values', i],
          object,
          `enum ${object} value "${value}" is ${bytes} bytes; values must be 1 to ${MAX_IDENTIFIER_BYTES} bytes`,
          'shorten the value',
        );
      }
      if (seen.has(value)) {
        this.report(
          'duplicate-name',
          [...path, 'values', i],
          object,
          `enum ${object} lists the value "${value}" twice`,
          'remove the second one',
        );
      }
      seen.add(value);
    });
  }

  /** Resolves a type name and reports it when it does not parse or names nothing the model knows. */
  private resolveType(text: string, path: PathTo, object: string, report = true): ResolvedType {
    let ref: TypeReference;
    try {
      ref = parseTypeName(text);
    } catch (error) {
      if (!(error instanceof TypeSyntaxError)) throw error;
      if (report)
        this.report(
          'invalid-type',
          path,
          object,
          `"${text}" is not a type name: ${error.message}`,
          `write a PostgreSQL type, ${TYPE_EXAMPLES}`,
        );
      return { kind: 'invalid' };
    }
    if (ref.builtin) {
      if (!Object.hasOwn(SERIAL_TYPES, ref.name)) return { kind: 'builtin', ref };
      if (ref.arrayDimensions > 0 && report) {
        this.report(
          'invalid-type',
          path,
          object,
          `${text}: an array of ${ref.name} is not possible`,
          'use an array of the integer type instead',
        );
      }
      return { kind: 'serial', ref };
    }
    const schemaName = ref.schema ?? 'public';
    const schema = ownEntry(this.model.schemas, schemaName);
    if (ownEntry(schema?.enums, ref.name)) return { kind: 'enum', ref, schema: schemaName };
    if (ownEntry(schema?.domains, ref.name)) return { kind: 'domain', ref, schema: schemaName };
    if (ownEntry(schema?.compositeTypes, ref.name)) return { kind: 'composite', ref, schema: schemaName };
    if (ownEntry(schema?.rangeTypes, ref.name) || this.multirangeTypes.has(skippedKey(schemaName, ref.name)))
      return { kind: 'range', ref, schema: schemaName };
    if (ownEntry(schema?.tables, ref.name)) return { kind: 'table', ref, schema: schemaName };
    if (this.extensionTypes.has(skippedKey(schemaName, ref.name)))
      return { kind: 'extension', ref, schema: schemaName };
    if (this.anyExtensionType || this.isSkipped(schemaName, ref.name))
      return { kind: 'unchecked', ref, schema: schemaName };
    if (report)
      this.report(
        'unknown-type',
        path,
        object,
        `type ${ref.canonical} is neither built in nor defined in the model`,
        this.unknownTypeHint(ref),
      );
    return { kind: 'invalid' };
  }

  /** Composite and range types, collations, statistics and text search objects (docs/model-files.md). */
  private checkTypeObjects(schemaName: string, schema: SchemaDef): void {
    const schemaPath = ['schemas', schemaName];
    for (const [name, type] of sortedEntries(schema.compositeTypes)) {
      const path = [...schemaPath, 'compositeTypes', name];
      const object = `${schemaName}.${name}`;
      this.checkIdentifier(path, 'type', name);
      const seen = new Set<string>();
      type.attributes.forEach((attribute, i) => {
        const attributePath = [...path, 'attributes', i];
        this.checkIdentifier([...attributePath, 'name'], 'attribute', attribute.name);
        if (seen.has(attribute.name)) {
          this.report(
            'duplicate-name',
            [...attributePath, 'name'],
            object,
            `composite type ${object} has two attributes named ${attribute.name}`,
            'rename or remove one of them',
          );
        }
        seen.add(attribute.name);
        const resolved = this.resolveType(attribute.type, [...attributePath, 'type'], object);
        if (resolved.kind === 'serial') {
          this.report(
            'invalid-type',
            [...attributePath, 'type'],
            object,
            `attribute ${attribute.name} of ${object} is ${attribute.type}, which is a column shorthand, not a type`,
            'use smallint, integer or bigint',
          );
        }
      });
    }
    for (const [name, range] of sortedEntries(schema.rangeTypes)) {
      const path = [...schemaPath, 'rangeTypes', name];
      this.checkIdentifier(path, 'type', name);
      this.resolveType(range.subtype, [...path, 'subtype'], `${schemaName}.${name}`);
    }
    for (const [name] of sortedEntries(schema.collations))
      this.checkIdentifier([...schemaPath, 'collations', name], 'collation', name);
    for (const [name, statistics] of sortedEntries(schema.statistics)) {
      const path = [...schemaPath, 'statistics', name];
      const object = `${schemaName}.${name}`;
      this.checkIdentifier(path, 'statistics', name);
      const tableSchema = statistics.tableSchema ?? schemaName;
      const table = ownEntry(ownEntry(this.model.schemas, tableSchema)?.tables, statistics.table);
      if (table === undefined) {
        if (!this.isSkipped(tableSchema, statistics.table))
          this.report(
            'unknown-table',
            [...path, 'table'],
            object,
            `statistics ${object} is on table ${tableSchema}.${statistics.table}, which the model does not define`,
            this.tableHint(
              tableSchema,
              statistics.table,
              'name a table of the model (tableSchema when it is in another schema)',
            ),
          );
        continue;
      }
      (statistics.columns ?? []).forEach((column, i) => {
        if (!table.columns.some((c) => c.name === column))
          this.report(
            'unknown-column',
            [...path, 'columns', i],
            object,
            `statistics ${object}: table ${tableSchema}.${statistics.table} has no column ${column}`,
            columnHint(table, column),
          );
      });
      (statistics.expressions ?? []).forEach((expression, i) =>
        this.checkExpression([...path, 'expressions', i], object, 'statistics expression', expression),
      );
      const targets = (statistics.columns ?? []).length + (statistics.expressions ?? []).length;
      if (targets === 0 || (targets === 1 && (statistics.columns ?? []).length === 1)) {
        this.report(
          'invalid-statistics',
          path,
          object,
          `statistics ${object} needs at least two columns or expressions, or one expression`,
          'add columns or expressions; statistics on one column are kept by ANALYZE anyway',
        );
      }
    }
  }

  private unknownTypeHint(ref: TypeReference): string {
    for (const [schemaName, schema] of sortedEntries(this.model.schemas)) {
      if (
        ownEntry(schema.enums, ref.name) ||
        ownEntry(schema.domains, ref.name) ||
        ownEntry(schema.compositeTypes, ref.name) ||
        ownEntry(schema.rangeTypes, ref.name)
      ) {
        return `schema ${schemaName} defines ${ref.name}; unqualified type names mean public, so write ${schemaName}.${ref.name}`;
      }
    }
    for (const [extension, types] of Object.entries(EXTENSION_TYPES)) {
      if (!types.includes(ref.name)) continue;
      const declared = ownEntry(this.model.extensions, extension);
      return declared
        ? `extension ${extension} is installed in schema ${declared.schema ?? 'public'}; qualify the type with that schema`
        : `${ref.name} comes from the ${extension} extension; declare it under extensions: (${extension}: {})`;
    }
    const close = this.closestTypeName(ref);
    if (close !== undefined) return `did you mean ${close}?`;
    return `define it as an enum or domain in the model, or declare the extension that provides it (${TYPE_EXAMPLES})`;
  }

  /** "did you mean" a table of the schema whose name is close, else `otherwise`. */
  private tableHint(schemaName: string, name: string, otherwise: string): string {
    const tables = Object.keys(ownEntry(this.model.schemas, schemaName)?.tables ?? {});
    const close = closestName(name, tables);
    return close === undefined ? otherwise : `did you mean ${schemaName}.${close}?`;
  }

  /** A built-in type, or one the model defines in the same schema, whose name is close to `ref`'s. */
  private closestTypeName(ref: TypeReference): string | undefined {
    const schema = ownEntry(this.model.schemas, ref.schema ?? 'public');
    const defined = [
      ...Object.keys(schema?.enums ?? {}),
      ...Object.keys(schema?.domains ?? {}),
      ...Object.keys(schema?.compositeTypes ?? {}),
      ...Object.keys(schema?.rangeTypes ?? {}),
    ];
    if (ref.schema !== undefined) {
      const close = closestName(ref.name, defined);
      return close === undefined ? undefined : `${ref.schema}.${close}`;
    }
    return closestName(ref.name, [...COMMON_TYPE_NAMES, ...BUILTIN_TYPE_NAMES, ...defined]);
  }

  /** The type a value of this type is stored as: serial as its integer type, domains as their base. */
  private storageType(text: string, depth = 0): string | undefined {
    const resolved = this.resolveType(text, NOWHERE, '', false);
    if (resolved.kind === 'invalid') return undefined;
    if (resolved.kind === 'serial') return SERIAL_TYPES[resolved.ref.name];
    if (resolved.kind === 'domain' && resolved.ref.arrayDimensions === 0 && depth < 16) {
      const domain = ownEntry(ownEntry(this.model.schemas, resolved.schema)?.domains, resolved.ref.name);
      return domain ? this.storageType(domain.type, depth + 1) : undefined;
    }
    return resolved.ref.canonical;
  }

  private checkExpression(path: PathTo, object: string, what: string, text: string) {
    const parsed = parseExpression(text);
    if (parsed.ok) return parsed;
    let hint = 'write a single SQL expression, as it would appear in DDL';
    if (/^\s*check\s*\(/i.test(text)) hint = 'write only the condition, without CHECK ( )';
    else if (/^\s*default\s/i.test(text)) hint = 'write only the value, without DEFAULT';
    else if (/^\s*where\s/i.test(text)) hint = 'write only the condition, without WHERE';
    this.report(
      'invalid-expression',
      path,
      object,
      `${what} of ${object} is not a valid expression: ${parsed.message}`,
      hint,
    );
    return undefined;
  }

  private checkTable(schemaName: string, tableName: string, table: Table): void {
    const path = ['schemas', schemaName, 'tables', tableName];
    const object = `${schemaName}.${tableName}`;
    this.checkIdentifier(path, 'table', tableName);
    const columnNames = new Set<string>();
    table.columns.forEach((column, i) => {
      const columnPath = () => [...path, 'columns', i];
      const namePath = () => [...path, 'columns', i, 'name'];
      const columnObject = `${object}.${column.name}`;
      this.checkIdentifier(namePath, 'column', column.name);
      if (columnNames.has(column.name)) {
        this.report(
          'duplicate-name',
          namePath,
          columnObject,
          `table ${object} has two columns named "${column.name}"`,
          'rename or remove one of them',
        );
      }
      columnNames.add(column.name);
      this.checkColumn(
        columnPath,
        columnObject,
        column,
        this.resolveType(column.type, () => [...path, 'columns', i, 'type'], columnObject),
      );
    });

    const checkColumns = (
      listPath: () => ModelPath,
      columns: readonly string[] | undefined,
      what: string,
    ) => {
      (columns ?? []).forEach((name, i) => {
        if (!columnNames.has(name)) {
          this.report(
            'unknown-column',
            [...listPath(), i],
            object,
            `${what} of ${object} names column ${name}, which the table does not have`,
            columnHint(table, name),
          );
        }
      });
    };
    if (table.primaryKey) {
      checkColumns(() => [...path, 'primaryKey', 'columns'], table.primaryKey.columns, 'the primary key');
      checkColumns(() => [...path, 'primaryKey', 'include'], table.primaryKey.include, 'the primary key');
    }
    (table.uniques ?? []).forEach((unique, i) => {
      checkColumns(() => [...path, 'uniques', i, 'columns'], unique.columns, 'a unique constraint');
      checkColumns(() => [...path, 'uniques', i, 'include'], unique.include, 'a unique constraint');
    });
    (table.foreignKeys ?? []).forEach((foreignKey, i) => {
      checkColumns(() => [...path, 'foreignKeys', i, 'columns'], foreignKey.columns, 'a foreign key');
      this.checkForeignKey(schemaName, tableName, table, i);
    });
    (table.checks ?? []).forEach((check, i) =>
      this.checkExpression(() => [...path, 'checks', i, 'expression'], object, 'a check', check.expression),
    );
    (table.exclusions ?? []).forEach((exclusion, i) => {
      const exclusionPath = () => [...path, 'exclusions', i];
      exclusion.elements.forEach((element, j) => {
        const elementPath = () => [...exclusionPath(), 'elements', j];
        this.checkKey(elementPath, object, 'an exclusion element', element, columnNames, table);
      });
      checkColumns(() => [...exclusionPath(), 'include'], exclusion.include, 'an exclusion constraint');
      if (exclusion.where !== undefined)
        this.checkExpression(
          () => [...exclusionPath(), 'where'],
          object,
          'the predicate of an exclusion constraint',
          exclusion.where,
        );
    });
    (table.indexes ?? []).forEach((index, i) => {
      const indexPath = () => [...path, 'indexes', i];
      index.columns.forEach((key, j) => {
        const keyPath = () => [...indexPath(), 'columns', j];
        if (typeof key === 'string') {
          if (!columnNames.has(key)) {
            this.report(
              'unknown-column',
              keyPath,
              object,
              `an index of ${object} names column ${key}, which the table does not have`,
              columnHint(table, key),
            );
          }
        } else {
          this.checkKey(keyPath, object, 'an index key', key, columnNames, table);
        }
      });
      checkColumns(() => [...indexPath(), 'include'], index.include, 'an index');
      if (index.where !== undefined)
        this.checkExpression(
          () => [...indexPath(), 'where'],
          object,
          'the predicate of an index',
          index.where,
        );
    });
    this.checkConstraintNames(schemaName, tableName, table);
  }

  /** An index key or exclusion element: a column or an expression, exactly one of them. */
  private checkKey(
    path: () => ModelPath,
    object: string,
    what: string,
    key: { column?: string | undefined; expression?: string | undefined },
    columnNames: ReadonlySet<string>,
    table: Table,
  ): void {
    if ((key.column === undefined) === (key.expression === undefined)) {
      this.report(
        'invalid-shape',
        path,
        object,
        `${what} of ${object} must have either column or expression, ${key.column === undefined ? 'and has neither' : 'not both'}`,
        'write column: <name> for a column, expression: <sql> for anything else',
      );
      return;
    }
    if (key.column !== undefined && !columnNames.has(key.column)) {
      this.report(
        'unknown-column',
        [...path(), 'column'],
        object,
        `${what} of ${object} names column ${key.column}, which the table does not have`,
        columnHint(table, key.column),
      );
    }
    if (key.expression !== undefined)
      this.checkExpression(() => [...path(), 'expression'], object, what, key.expression);
  }

  private checkColumn(
    path: () => ModelPath,
    object: string,
    column: Table['columns'][number],
    type: ResolvedType,
  ): void {
    const defaultExpression =
      column.default === undefined
        ? undefined
        : this.checkExpression(() => [...path(), 'default'], object, 'the default', column.default);
    if (column.generated !== undefined)
      this.checkExpression(
        () => [...path(), 'generated'],
        object,
        'the generation expression',
        column.generated,
      );
    if (type.kind === 'serial') {
      for (const field of ['default', 'identity', 'generated'] as const) {
        if (column[field] === undefined) continue;
        this.report(
          'invalid-default',
          [...path(), field],
          object,
          `column ${object} is ${column.type}, which already implies a default, so it cannot also have ${field === 'default' ? 'a default' : field === 'identity' ? 'an identity' : 'a generation expression'}`,
          `use ${SERIAL_TYPES[type.ref.name]} as the type, or drop ${field}`,
        );
      }
      return;
    }
    if (column.identity) {
      if (column.default !== undefined) {
        this.report(
          'invalid-default',
          [...path(), 'default'],
          object,
          `identity column ${object} cannot also have a default`,
          'remove the default or the identity',
        );
      }
      if (column.generated !== undefined) {
        this.report(
          'invalid-default',
          [...path(), 'generated'],
          object,
          `identity column ${object} cannot also be generated`,
          'remove the generation expression or the identity',
        );
      }
      if (type.kind !== 'invalid' && !(type.kind === 'builtin' && INTEGER_TYPES.has(type.ref.canonical))) {
        this.report(
          'invalid-default',
          [...path(), 'identity'],
          object,
          `identity column ${object} has type ${column.type}; identity needs smallint, integer or bigint`,
          'change the type to an integer type or remove the identity',
        );
      }
    } else if (column.generated !== undefined && column.default !== undefined) {
      this.report(
        'invalid-default',
        [...path(), 'default'],
        object,
        `generated column ${object} cannot also have a default`,
        'remove the default or the generation expression',
      );
    }
    const literal = defaultExpression?.stringLiteral;
    if (literal !== undefined && type.kind === 'enum' && type.ref.arrayDimensions === 0) {
      const values = ownEntry(ownEntry(this.model.schemas, type.schema)?.enums, type.ref.name)?.values ?? [];
      if (!values.includes(literal)) {
        this.report(
          'invalid-default',
          [...path(), 'default'],
          object,
          `default '${literal}' of ${object} is not a value of enum ${type.ref.canonical}`,
          `use one of: ${values.join(', ')}`,
        );
      }
    }
  }

  private checkForeignKey(schemaName: string, tableName: string, table: Table, index: number): void {
    const fk = table.foreignKeys?.[index];
    if (!fk) return;
    const path = () => ['schemas', schemaName, 'tables', tableName, 'foreignKeys', index];
    const object = `${schemaName}.${tableName}`;
    this.checkDeleteColumns(fk, path, object);
    const targetSchemaName = fk.references.schema ?? schemaName;
    const target = ownEntry(ownEntry(this.model.schemas, targetSchemaName)?.tables, fk.references.table);
    const targetObject = `${targetSchemaName}.${fk.references.table}`;
    if (!target) {
      if (!this.isSkipped(targetSchemaName, fk.references.table)) {
        this.report(
          'unknown-table',
          [...path(), 'references', 'table'],
          object,
          `a foreign key of ${object} references table ${targetObject}, which the model does not define`,
          this.tableHint(
            targetSchemaName,
            fk.references.table,
            fk.references.schema === undefined
              ? `tables in other schemas need references.schema`
              : 'check the table and schema names',
          ),
        );
      }
      return;
    }
    const refColumns = fk.references.columns;
    let allExist = true;
    refColumns.forEach((name, i) => {
      if (target.columns.some((c) => c.name === name)) return;
      allExist = false;
      this.report(
        'unknown-column',
        [...path(), 'references', 'columns', i],
        object,
        `a foreign key of ${object} references column ${name} of ${targetObject}, which that table does not have`,
        columnHint(target, name),
      );
    });
    if (refColumns.length !== fk.columns.length) {
      this.report(
        'fk-column-count',
        [...path(), 'references', 'columns'],
        object,
        `a foreign key of ${object} has ${fk.columns.length} column(s) but references ${refColumns.length}`,
        'list one referenced column for each foreign key column, in the same order',
      );
      return;
    }
    fk.columns.forEach((name, i) => {
      const local = table.columns.find((c) => c.name === name);
      const referenced = target.columns.find((c) => c.name === refColumns[i]);
      if (!local || !referenced) return;
      const localType = this.storageType(local.type);
      const referencedType = this.storageType(referenced.type);
      if (localType === undefined || referencedType === undefined || localType === referencedType) return;
      const compatible = typeFamily(localType) === typeFamily(referencedType);
      this.report(
        'fk-type-mismatch',
        [...path(), 'columns', i],
        object,
        `foreign key column ${object}.${name} is ${localType} but references ${targetObject}.${referenced.name}, which is ${referencedType}`,
        compatible
          ? 'PostgreSQL accepts this, but joins and indexes work best with the same type on both sides'
          : 'PostgreSQL rejects a foreign key between these types; use the same type on both sides',
        compatible ? 'warning' : 'error',
      );
    });
    if (allExist && !isUniqueKey(target, refColumns)) {
      this.report(
        'fk-target-not-unique',
        [...path(), 'references', 'columns'],
        object,
        `a foreign key of ${object} references (${refColumns.join(', ')}) of ${targetObject}, which is not its primary key or a unique constraint or index`,
        `add a unique constraint on (${refColumns.join(', ')}) to ${targetObject}, or reference its primary key`,
      );
    }
  }

  /** ON DELETE SET NULL (columns) names some of the key's own columns, and only with SET NULL/DEFAULT. */
  private checkDeleteColumns(fk: ForeignKey, path: () => ModelPath, object: string): void {
    if (fk.onDeleteColumns === undefined) return;
    if (fk.onDelete !== 'set null' && fk.onDelete !== 'set default') {
      this.report(
        'fk-delete-columns',
        [...path(), 'onDeleteColumns'],
        object,
        `a foreign key of ${object} lists onDeleteColumns but its onDelete is ${fk.onDelete ?? 'no action'}`,
        'onDeleteColumns goes with onDelete "set null" or "set default"; remove it or change onDelete',
      );
      return;
    }
    fk.onDeleteColumns.forEach((name, i) => {
      if (fk.columns.includes(name)) return;
      this.report(
        'fk-delete-columns',
        [...path(), 'onDeleteColumns', i],
        object,
        `onDeleteColumns of a foreign key of ${object} names ${name}, which is not one of its columns (${fk.columns.join(', ')})`,
        'list only columns of the foreign key itself',
      );
    });
  }

  /**
   * The table's constraints and indexes with their names. The names are made once; the entries are
   * made again for each check, since keeping thousands of them alive costs the garbage collector more.
   */
  private constraintsOf(schemaName: string, tableName: string, table: Table): ConstraintEntry[] {
    let names = this.tableNames.get(table);
    if (names === undefined) {
      names = resolveTableNames(this.model, schemaName, tableName, table, this.naming);
      this.tableNames.set(table, names);
    }
    return constraintEntries(names, table, ['schemas', schemaName, 'tables', tableName], this.naming);
  }

  private checkConstraintNames(schemaName: string, tableName: string, table: Table): void {
    const seen = new Set<string>();
    for (const entry of this.constraintsOf(schemaName, tableName, table)) {
      this.checkIdentifier(entry.path, entry.what, entry.name, entry.template);
      if (entry.what === 'index') continue;
      if (seen.has(entry.name)) {
        const object = `${schemaName}.${tableName}`;
        this.report(
          'duplicate-name',
          entry.path,
          object,
          `table ${object} has two constraints named "${entry.name}"`,
          nameHint(entry.template),
        );
      }
      seen.add(entry.name);
    }
  }

  /**
   * Relations (tables, sequences, indexes, and the indexes behind primary key, unique and exclusion
   * constraints) share one namespace per schema; so do types (enums, domains, and tables' row types).
   */
  private checkSchemaNamespaces(
    schemaName: string,
    schema: SchemaDef,
    tables: readonly (readonly [string, Table])[],
  ): void {
    const relations = new Map<string, string>();
    const types = new Map<string, string>();
    const claim = (
      names: Map<string, string>,
      name: string,
      what: string,
      path: PathTo,
      template?: string,
    ) => {
      const earlier = names.get(name);
      if (earlier === undefined) {
        names.set(name, what);
        return;
      }
      this.report(
        'duplicate-name',
        path,
        `${schemaName}.${name}`,
        `${what} "${name}" has the same name as ${earlier} in schema ${schemaName}`,
        nameHint(template),
      );
    };
    for (const [tableName] of tables) {
      const path = () => ['schemas', schemaName, 'tables', tableName];
      const what = `table ${tableName}`;
      claim(relations, tableName, what, path);
      claim(types, tableName, what, path);
    }
    for (const [name] of sortedEntries(schema.enums))
      claim(types, name, `enum ${name}`, ['schemas', schemaName, 'enums', name]);
    for (const [name] of sortedEntries(schema.domains))
      claim(types, name, `domain ${name}`, ['schemas', schemaName, 'domains', name]);
    for (const [name] of sortedEntries(schema.compositeTypes))
      claim(types, name, `composite type ${name}`, ['schemas', schemaName, 'compositeTypes', name]);
    for (const [name] of sortedEntries(schema.rangeTypes))
      claim(types, name, `range type ${name}`, ['schemas', schemaName, 'rangeTypes', name]);
    for (const [name] of sortedEntries(schema.sequences))
      claim(relations, name, `sequence ${name}`, ['schemas', schemaName, 'sequences', name]);
    for (const [tableName, table] of tables) {
      for (const entry of this.constraintsOf(schemaName, tableName, table)) {
        if (!entry.createsIndex) continue;
        claim(
          relations,
          entry.name,
          `${entry.what} ${entry.name} of table ${tableName}`,
          entry.path,
          entry.template,
        );
      }
      table.columns.forEach((column, i) => {
        const sequenceName = column.identity?.sequenceName;
        if (sequenceName === undefined) return;
        const sequencePath = [
          'schemas',
          schemaName,
          'tables',
          tableName,
          'columns',
          i,
          'identity',
          'sequenceName',
        ];
        this.checkIdentifier(sequencePath, 'sequence', sequenceName);
        claim(relations, sequenceName, `identity sequence ${sequenceName}`, sequencePath);
      });
    }
  }
}

interface ConstraintEntry {
  what: string;
  name: string;
  path: PathTo;
  /** The naming template the name came from, when it was not given. */
  template: string | undefined;
  createsIndex: boolean;
}

function constraintEntries(
  names: TableNames,
  table: Table,
  tablePath: ModelPath,
  naming: ResolvedNaming,
): ConstraintEntry[] {
  const entries: ConstraintEntry[] = [];
  const add = (
    what: string,
    field: string,
    list: readonly { name?: string | undefined }[] | undefined,
    resolved: readonly string[],
    template: string,
    createsIndex: boolean,
  ) => {
    (list ?? []).forEach((item, i) => {
      const explicit = item.name !== undefined;
      entries.push({
        what,
        name: resolved[i] ?? '',
        path: explicit ? () => [...tablePath, field, i, 'name'] : () => [...tablePath, field, i],
        template: explicit ? undefined : template,
        createsIndex,
      });
    });
  };
  if (table.primaryKey && names.primaryKey !== undefined) {
    const explicit = table.primaryKey.name !== undefined;
    entries.push({
      what: 'primary key',
      name: names.primaryKey,
      path: explicit ? () => [...tablePath, 'primaryKey', 'name'] : () => [...tablePath, 'primaryKey'],
      template: explicit ? undefined : naming.primaryKey,
      createsIndex: true,
    });
  }
  add('unique constraint', 'uniques', table.uniques, names.uniques, naming.unique, true);
  add('foreign key', 'foreignKeys', table.foreignKeys, names.foreignKeys, naming.foreignKey, false);
  add('check constraint', 'checks', table.checks, names.checks, naming.check, false);
  add('exclusion constraint', 'exclusions', table.exclusions, names.exclusions, naming.exclusion, true);
  add('index', 'indexes', table.indexes, names.indexes, naming.index, true);
  return entries;
}

function nameHint(template: string | undefined): string {
  return template === undefined
    ? 'rename one of them'
    : `the name comes from the naming template "${template}"; give one of them an explicit name`;
}

function columnHint(table: Table, name: string): string {
  const columns = table.columns.map((c) => c.name);
  const close = columns.find((c) => c.toLowerCase() === name.toLowerCase());
  if (close !== undefined) return `names are case sensitive; did you mean ${close}?`;
  const near = closestName(name, columns);
  if (near !== undefined) return `did you mean ${near}? (the table's columns are: ${columns.join(', ')})`;
  return columns.length > 0 ? `the table's columns are: ${columns.join(', ')}` : 'the table has no columns';
}

/** Whether the columns, as a set, are the primary key, a unique constraint or a plain unique index. */
function isUniqueKey(table: Table, columns: readonly string[]): boolean {
  const wanted = new Set(columns);
  const same = (candidate: readonly string[]) =>
    candidate.length === wanted.size && candidate.every((c) => wanted.has(c));
  if (table.primaryKey && same(table.primaryKey.columns)) return true;
  if ((table.uniques ?? []).some((u) => same(u.columns))) return true;
  return (table.indexes ?? []).some((index) => {
    if (!index.unique || index.where !== undefined) return false;
    const keys = index.columns.map((key) =>
      typeof key === 'string' ? key : key.expression === undefined ? key.column : undefined,
    );
    return keys.every((k) => k !== undefined) && same(keys as string[]);
  });
}

/** Types PostgreSQL compares without trouble across a foreign key, e.g. integer and bigint. */
function typeFamily(canonical: string): string {
  const base = canonical.replace(/\([^)]*\)/g, '');
  if (INTEGER_TYPES.has(base)) return 'integer';
  if (base === 'text' || base === 'character varying' || base === 'character') return 'text';
  return base;
}
