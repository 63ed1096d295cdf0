// Orders typed changes into SQL statements with their hazards, and plans the reverse. Statements run
// in phases that follow the dependency graph: renames; foreign keys, constraints and indexes that go
// away; schemas, extensions and types; tables and columns; dropped tables, then the types and schemas
// they used; new constraints and indexes; foreign keys last (so cycles work); sequence owners.
// The SQL parser must be loaded (`await loadSqlParser()`), as for renderDdl.
import type { Diagnostic } from '../../../model/diagnostics.ts';
import type {
  Check,
  Column,
  Domain,
  EnumDef,
  Identity,
  Sequence,
  Table,
} from '../../../model/model-schema.ts';
import { domainCheckNames, resolveTableNames } from '../../../model/naming.ts';
import {
  formatKey,
  reverseChanges,
  type Change,
  type DomainChange,
  type EnumChange,
  type EnumColumnUse,
  type ObjectKey,
} from '../../../diff/changes.ts';
import { replacesEnum } from '../../../diff/objects/in-place.ts';
import { callsAny, dropsObject, replacedRoutines } from '../../../diff/objects/diff-code-objects.ts';
import { SERIAL_TYPES } from '../builtin-types.ts';
import { renderComment, renderDomainComments, renderTableComments } from '../ddl/comments.ts';
import {
  renderCheck,
  renderColumnList,
  renderDeferrable,
  renderExclusion,
  renderForeignKey,
  renderInclude,
  renderPrimaryKey,
  renderUnique,
} from '../ddl/constraints.ts';
import { renderCreateIndex } from '../ddl/create-index.ts';
import { renderDefaultExpression } from '../ddl/default-expression.ts';
import { renderDomain } from '../ddl/domain.ts';
import { renderCollation } from '../ddl/index-elements.ts';
import { readType } from '../ddl/read-type.ts';
import type { OrderedItem } from '../ddl/object-order.ts';
import { renderCreateSequence, renderSequenceOwner } from '../ddl/sequence.ts';
import { renderBigInteger, renderSequenceOptions } from '../ddl/sequence-options.ts';
import { findDependencies, relationReference } from '../ddl/sql-references.ts';
import {
  renderClusterOn,
  renderColumn,
  renderColumnSettings,
  renderReplicaIdentity,
  renderTable,
  type TableEntry,
} from '../ddl/table.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';
import { makeObjectName } from '../inspect/object-names.ts';
import { analyzeTypeChange } from './column-types.ts';
import { identityTypes, routineName, routineSignature } from '../ddl/routine.ts';
import { Phase } from './phases.ts';
import { describe } from './describe-change.ts';
import { orderByChange, rowTypeTable } from './row-type-order.ts';
import { planAccess } from './objects/plan-access.ts';
import { CodeObjectPlanner, routineRef } from './objects/plan-code-objects.ts';
import {
  statement,
  type HazardFlags,
  type Lock,
  type LockMode,
  type PlannedStatement,
} from './planned-statement.ts';

/** Kinds that are relations or types others hang on or use. */
const RELATION_KINDS: ReadonlySet<string> = new Set([
  'table',
  'view',
  'materializedView',
  'domain',
  'enum',
  'compositeType',
  'rangeType',
]);

export interface PlanOptions {
  /** Plan for a busy database: concurrent index builds, NOT VALID then VALIDATE, lock_timeout. */
  safe?: boolean;
  /** Accept statements that lose data; without it they are refused with a diagnostic. */
  allowDataLoss?: boolean;
  /** lock_timeout in safe mode; '5s' unless given. */
  lockTimeout?: string;
  /** Changes (as `describe` names them) whose data loss is accepted one by one: recorded drops. */
  consentedChanges?: ReadonlySet<string>;
}

export interface Plan {
  /** The statements that take the source schema to the target, in order. */
  up: PlannedStatement[];
  /** The statements that take the target back to the source. */
  down: PlannedStatement[];
  /** Refusals (data loss without consent, changes PostgreSQL cannot make in place) and warnings. */
  diagnostics: Diagnostic[];
}

const RENAME_ORDER: readonly Change['kind'][] = [
  'schema',
  'enum',
  'enumValue',
  'table',
  'column',
  'primaryKey',
  'unique',
  'check',
  'exclusion',
  'foreignKey',
  'index',
  'extension',
  'domain',
  'sequence',
  'view',
  'materializedView',
  'function',
  'procedure',
];

/** Plans the changes (up) and their reverse (down). Data loss in `up` is refused unless allowed. */
export function planChanges(changes: readonly Change[], options: PlanOptions = {}): Plan {
  const up = new Planner(changes, options, false).plan();
  const down = new Planner(reverseChanges(changes), options, true).plan();
  const diagnostics = [...up.diagnostics];
  if (options.allowDataLoss !== true) {
    const consented = options.consentedChanges;
    for (const s of up.statements.filter((s) => s.hazards.dataLoss && consented?.has(s.change) !== true)) {
      diagnostics.push({
        code: 'data-loss',
        severity: 'error',
        message: `${s.change} loses data: ${firstLine(s.sql)}`,
        object: s.change,
        hint: 'record the drop in project.drops or pass --allow-data-loss to accept it, or declare a rename with renamedFrom',
      });
    }
  }
  return { up: up.statements, down: down.statements, diagnostics };
}

/** An altered object the plan drops and creates again. */
function dropsAgain(change: Change): boolean {
  return change.action === 'alter' && dropsObject(change);
}

function firstLine(sql: string): string {
  return sql.split('\n')[0] ?? sql;
}

/** A change as `describe` names it, without what changed or why: `alter column public.t.c`. */
const withoutDetail = (change: string) => change.replace(/ \(.*\)$/s, '');

const key3 = (key: ObjectKey) => `${key.schema}\0${key.table ?? key.name}`;

class Planner {
  private readonly phases: PlannedStatement[][] = Object.keys(Phase)
    .filter((k) => Number.isNaN(Number(k)))
    .map(() => []);
  private readonly diagnostics: Diagnostic[] = [];
  private readonly createdTables: Set<string>;
  private readonly droppedTables: Set<string>;
  /**
   * How the changes to objects this plan creates read (their keys, indexes, triggers, privileges):
   * running code cannot use such an object yet, so nothing done to it breaks that code.
   */
  private readonly onCreatedObjects: ReadonlySet<string>;
  /** `f:schema\0name` of routines this plan creates. */
  private readonly createdRoutines: ReadonlySet<string>;
  /** `f:schema\0name` of routines this plan drops and creates again. */
  private readonly replacedRoutines: ReadonlySet<string>;
  private readonly safe: boolean;
  private readonly code: CodeObjectPlanner;
  /** `schema\0name` of domains over the row type of a table this plan creates or drops. */
  private readonly rowTypeDomains: ReadonlySet<string>;
  /** What each table and such domain provides and uses, by change, while there are such domains. */
  private readonly tableOrder = new Map<string, OrderedItem>();

  constructor(
    private readonly changes: readonly Change[],
    private readonly options: PlanOptions,
    private readonly renamesLast: boolean,
  ) {
    this.safe = options.safe === true;
    const tables = (action: string) =>
      new Set(changes.filter((c) => c.kind === 'table' && c.action === action).map((c) => key3(c.key)));
    this.createdTables = tables('create');
    this.droppedTables = tables('drop');
    const createdRelations = new Set(
      changes.filter((c) => RELATION_KINDS.has(c.kind) && c.action === 'create').map((c) => key3(c.key)),
    );
    this.onCreatedObjects = new Set(
      changes
        .filter((c) =>
          c.kind === 'access'
            ? c.before === undefined && c.target.prefix === undefined
            : c.key.table !== undefined && createdRelations.has(key3(c.key)),
        )
        .map((c) => withoutDetail(describe(c))),
    );
    this.rowTypeDomains = new Set(
      changes.flatMap((c) => {
        if (c.kind !== 'domain' || (c.action !== 'create' && c.action !== 'drop')) return [];
        const domain = c.after ?? c.before;
        const tables = c.action === 'create' ? this.createdTables : this.droppedTables;
        return domain && rowTypeTable(domain, tables, () => formatKey(c.key)) ? [key3(c.key)] : [];
      }),
    );
    // Relations and types that go: what hangs on them goes with them, what uses them goes first.
    const droppedRelations = new Set(
      changes.filter((c) => RELATION_KINDS.has(c.kind) && c.action === 'drop').map((c) => key3(c.key)),
    );
    this.replacedRoutines = replacedRoutines(changes);
    this.createdRoutines = new Set(
      changes.flatMap((c) =>
        (c.kind === 'function' || c.kind === 'procedure') && c.action === 'create'
          ? [
              routineRef(
                c.key.schema,
                routineName(c.key.name, identityTypes(c.kind, c.after?.arguments)) ?? c.key.name,
              ),
            ]
          : [],
      ),
    );
    this.code = new CodeObjectPlanner(
      (phase, sql, change, flags) => this.emit(phase, sql, change, flags),
      (key, mode) => this.lock(key, mode),
      droppedRelations,
      // Created, or dropped and created again: a routine whose signature uses one waits for it.
      new Set(
        changes
          .filter((c) => RELATION_KINDS.has(c.kind) && (c.action === 'create' || dropsAgain(c)))
          .map((c) => `r:${c.key.schema}\0${c.key.name}`),
      ),
      this.createdRoutines,
    );
  }

  plan(): { statements: PlannedStatement[]; diagnostics: Diagnostic[] } {
    const renames = this.changes.filter((c) => c.action === 'rename');
    renames.sort((a, b) => RENAME_ORDER.indexOf(a.kind) - RENAME_ORDER.indexOf(b.kind));
    for (const change of renames) this.rename(change);
    for (const change of this.changes) if (change.action !== 'rename') this.planChange(change);
    this.code.finish();
    this.orderTables();
    // Function bodies may use objects created after them, as in generated DDL.
    if (this.code.routinesCreated)
      this.emit(
        Phase.Prelude,
        'SET check_function_bodies = false;',
        'routine bodies are checked when they run',
      );
    const statements = this.phases.flat();
    if (this.safe && statements.some((s) => s.hazards.locks.length > 0)) {
      const timeout = this.options.lockTimeout ?? '5s';
      statements.unshift(
        statement(`SET lock_timeout TO ${quoteLiteral(timeout)};`, 'lock timeout for blocking statements'),
      );
      statements.push(statement('RESET lock_timeout;', 'lock timeout for blocking statements'));
    }
    markEnumCommits(statements);
    return { statements, diagnostics: this.diagnostics };
  }

  /** Tables and the domains over their row types, each after what it uses (see row-type-order.ts). */
  private orderTables(): void {
    if (this.rowTypeDomains.size === 0) return;
    for (const [phase, usersFirst] of [
      [Phase.Tables, false],
      [Phase.DropTables, true],
    ] as const)
      this.phases[phase] = orderByChange(this.phases[phase] ?? [], this.tableOrder, usersFirst);
  }

  /** Notes what a created or dropped table or domain names, when the tables' phases are ordered. */
  private noteTableOrder(what: string, key: ObjectKey, statements: readonly string[]): void {
    if (this.rowTypeDomains.size === 0) return;
    this.tableOrder.set(what, {
      provides: [relationReference(key.schema, key.name)],
      dependsOn: findDependencies(statements.join('\n')),
    });
  }

  private emit(phase: Phase, sql: string, change: string, flags: HazardFlags = {}): void {
    const onCreated = this.onCreatedObjects.has(withoutDetail(change));
    this.phases[phase]?.push(
      statement(sql, change, onCreated ? { ...flags, backwardIncompatible: false } : flags),
    );
  }

  private existing(key: ObjectKey): boolean {
    return !this.createdTables.has(key3(key));
  }

  /** A lock on an existing table; none on a table this plan creates. */
  private lock(key: ObjectKey, mode: LockMode): Lock[] {
    return this.existing(key)
      ? [{ mode, on: formatKey({ schema: key.schema, name: key.table ?? key.name }) }]
      : [];
  }

  private unsupported(change: Change, message: string): void {
    this.diagnostics.push({
      code: 'unsupported-change',
      severity: 'error',
      message: `${describe(change)}: ${message}`,
      object: formatKey(change.key),
      hint: 'make the change in two steps, or write this part of the migration by hand',
    });
  }

  private comment(target: string, description: string | undefined, change: string, locks: Lock[] = []): void {
    const sql = renderComment(target, description)[0] ?? `COMMENT ON ${target} IS NULL;`;
    this.emit(Phase.Comments, sql, change, { locks });
  }

  private rename(change: Change): void {
    const from = change.fromKey;
    if (from === undefined) return;
    const what = describe(change);
    const to = change.key;
    const table = quoteQualified(to.schema, to.table ?? to.name);
    const flags = { backwardIncompatible: true };
    const phase = this.renamesLast ? Phase.LateRenames : Phase.Renames;
    switch (change.kind) {
      case 'schema':
        return this.emit(
          phase,
          `ALTER SCHEMA ${quoteIdent(from.name)} RENAME TO ${quoteIdent(to.name)};`,
          what,
          flags,
        );
      case 'enum':
        return this.emit(
          phase,
          `ALTER TYPE ${quoteQualified(to.schema, from.name)} RENAME TO ${quoteIdent(to.name)};`,
          what,
          flags,
        );
      case 'enumValue':
        return this.emit(
          phase,
          `ALTER TYPE ${table} RENAME VALUE ${quoteLiteral(from.name)} TO ${quoteLiteral(to.name)};`,
          what,
          flags,
        );
      case 'table':
        return this.emit(
          phase,
          `ALTER TABLE ${quoteQualified(to.schema, from.name)} RENAME TO ${quoteIdent(to.name)};`,
          what,
          {
            ...flags,
            locks: [{ mode: 'ACCESS EXCLUSIVE', on: formatKey({ schema: to.schema, name: from.name }) }],
          },
        );
      case 'column':
        return this.emit(
          phase,
          `ALTER TABLE ${table} RENAME COLUMN ${quoteIdent(from.name)} TO ${quoteIdent(to.name)};`,
          what,
          {
            ...flags,
            locks: this.lock(to, 'ACCESS EXCLUSIVE'),
          },
        );
      case 'index':
        return this.emit(
          phase,
          `ALTER INDEX ${quoteQualified(to.schema, from.name)} RENAME TO ${quoteIdent(to.name)};`,
          what,
          { locks: this.lock(to, 'SHARE UPDATE EXCLUSIVE') },
        );
      case 'primaryKey':
      case 'unique':
      case 'check':
      case 'exclusion':
      case 'foreignKey':
        return this.emit(
          phase,
          `ALTER TABLE ${table} RENAME CONSTRAINT ${quoteIdent(from.name)} TO ${quoteIdent(to.name)};`,
          what,
          { locks: this.lock(to, 'ACCESS EXCLUSIVE') },
        );
      case 'view':
      case 'materializedView':
        return this.emit(
          phase,
          `ALTER ${change.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW'} ${quoteQualified(to.schema, from.name)} RENAME TO ${quoteIdent(to.name)};`,
          what,
          {
            ...flags,
            locks: [{ mode: 'ACCESS EXCLUSIVE', on: formatKey({ schema: to.schema, name: from.name }) }],
          },
        );
      case 'function':
      case 'procedure': {
        const types = identityTypes(change.kind, (change.after ?? change.before)?.arguments);
        const oldName = routineName(from.name, types) ?? from.name;
        const newName = routineName(to.name, types) ?? to.name;
        return this.emit(
          phase,
          `ALTER ${change.kind === 'function' ? 'FUNCTION' : 'PROCEDURE'} ${routineSignature(to.schema, oldName, types)} RENAME TO ${quoteIdent(newName)};`,
          what,
          flags,
        );
      }
      default:
        return this.unsupported(change, 'renames of this kind are not planned yet');
    }
  }

  private planChange(change: Change): void {
    switch (change.kind) {
      case 'schema':
        return this.planSchema(change);
      case 'extension':
        return this.planExtension(change);
      case 'enum':
        return this.planEnum(change);
      case 'enumValue':
        return;
      case 'domain':
        return this.planDomain(change);
      case 'sequence':
        return this.planSequence(change);
      case 'table':
        return this.planTable(change);
      case 'column':
        return this.planColumn(change);
      case 'primaryKey':
      case 'unique':
      case 'check':
      case 'exclusion':
        return this.planConstraint(change);
      case 'index':
        return this.planIndex(change);
      case 'foreignKey':
        return this.planForeignKey(change);
      case 'access':
        return planAccess(change, (phase, sql, what, flags) => this.emit(phase, sql, what, flags));
      default:
        return this.code.plan(change);
    }
  }

  private planSchema(change: Extract<Change, { kind: 'schema' }>): void {
    const what = describe(change);
    const name = quoteIdent(change.key.name);
    if (change.action === 'create') {
      if (change.key.name !== 'public') this.emit(Phase.Schemas, `CREATE SCHEMA ${name};`, what);
      if (change.after?.description !== undefined)
        this.comment(`SCHEMA ${name}`, change.after.description, what);
    } else if (change.action === 'drop') {
      // The public schema is PostgreSQL's own; a model that does not mention it leaves it alone.
      if (change.key.name === 'public') return;
      this.emit(Phase.DropSchemas, `DROP SCHEMA ${name};`, what, {
        dataLoss: true,
        backwardIncompatible: true,
      });
    } else {
      this.comment(`SCHEMA ${name}`, change.after?.description, what);
    }
  }

  private planExtension(change: Extract<Change, { kind: 'extension' }>): void {
    const what = describe(change);
    const name = quoteIdent(change.key.name);
    if (change.action === 'create') {
      const extension = change.after ?? {};
      let sql = `CREATE EXTENSION IF NOT EXISTS ${name}`;
      if (extension.schema !== undefined) sql += ` WITH SCHEMA ${quoteIdent(extension.schema)}`;
      if (extension.version !== undefined) sql += ` VERSION ${quoteLiteral(extension.version)}`;
      this.emit(Phase.Extensions, `${sql};`, what);
      if (extension.description !== undefined) this.comment(`EXTENSION ${name}`, extension.description, what);
    } else if (change.action === 'drop') {
      this.emit(Phase.DropExtensions, `DROP EXTENSION ${name};`, what, { backwardIncompatible: true });
    } else {
      const after = change.after ?? {};
      if (change.changed.includes('version') && after.version !== undefined) {
        this.emit(
          Phase.Extensions,
          `ALTER EXTENSION ${name} UPDATE TO ${quoteLiteral(after.version)};`,
          what,
        );
      }
      if (change.changed.includes('schema') && after.schema !== undefined) {
        // An extension that is not relocatable moves by being dropped and created in the new schema,
        // which fails, rather than cascading, when other objects use it.
        const create = `CREATE EXTENSION ${name} WITH SCHEMA ${quoteIdent(after.schema)}${
          after.version === undefined ? '' : ` VERSION ${quoteLiteral(after.version)}`
        }`;
        const body = [
          'BEGIN',
          `  IF (SELECT extrelocatable FROM pg_extension WHERE extname = ${quoteLiteral(change.key.name)}) THEN`,
          `    ALTER EXTENSION ${name} SET SCHEMA ${quoteIdent(after.schema)};`,
          '  ELSE',
          `    DROP EXTENSION ${name};`,
          `    ${create};`,
          '  END IF;',
          'END',
        ].join('\n');
        this.emit(Phase.Extensions, `DO ${dollarQuote(body)};`, what, { backwardIncompatible: true });
      }
      if (change.changed.includes('description')) this.comment(`EXTENSION ${name}`, after.description, what);
    }
  }

  private planEnum(change: EnumChange): void {
    const what = describe(change);
    const type = quoteQualified(change.key.schema, change.key.name);
    if (change.action === 'create') {
      this.emit(Phase.Types, renderCreateEnum(type, change.after?.values ?? []), what);
      if (change.after?.description !== undefined)
        this.comment(`TYPE ${type}`, change.after.description, what);
      return;
    }
    if (change.action === 'drop') {
      this.emit(Phase.DropTypes, `DROP TYPE ${type};`, what, { backwardIncompatible: true });
      return;
    }
    const before = change.before ?? { values: [] };
    const after = change.after ?? { values: [] };
    if (change.changed.includes('values')) this.planEnumValues(change, type, before, after);
    if (change.changed.includes('description')) this.comment(`TYPE ${type}`, after.description, what);
  }

  private planEnumValues(change: EnumChange, type: string, before: EnumDef, after: EnumDef): void {
    const what = describe(change);
    const removed = before.values.filter((v) => !after.values.includes(v));
    if (!replacesEnum(before.values, after.values)) {
      // New values go next to the value before them in the target order (or before the first one).
      const present = new Set(before.values);
      after.values.forEach((value, i) => {
        if (present.has(value)) return;
        const previous = after.values
          .slice(0, i)
          .reverse()
          .find((v) => present.has(v));
        const next = after.values.slice(i + 1).find((v) => present.has(v));
        const position =
          previous !== undefined
            ? ` AFTER ${quoteLiteral(previous)}`
            : next !== undefined
              ? ` BEFORE ${quoteLiteral(next)}`
              : '';
        this.emit(Phase.Types, `ALTER TYPE ${type} ADD VALUE ${quoteLiteral(value)}${position};`, what);
        present.add(value);
      });
      return;
    }
    this.replaceEnum(change, type, after, removed);
  }

  /**
   * Values cannot be removed or reordered in place: the type is renamed, the new one created, every
   * column converted through text (after checking that no row holds a removed value), and the old
   * type dropped.
   */
  /** Columns of a type this plan replaces, less those it drops (or whose table it drops). */
  private keptUses(uses: readonly EnumColumnUse[]): EnumColumnUse[] {
    return uses.filter(
      (use) =>
        !this.droppedTables.has(key3({ schema: use.schema, name: use.table })) &&
        !this.changes.some(
          (c) =>
            c.kind === 'column' &&
            c.action === 'drop' &&
            c.key.schema === use.schema &&
            c.key.table === use.table &&
            c.key.name === use.column,
        ),
    );
  }

  /**
   * Columns of a replaced type moved to its new version (`through` a type when no cast goes straight
   * there), their defaults dropped first and set again when `keepDefault` says the default still holds.
   */
  private convertColumns(
    uses: readonly EnumColumnUse[],
    type: string,
    phase: Phase,
    what: string,
    options: { through?: string; keepDefault?: (expression: string) => boolean; scan?: boolean },
  ): void {
    for (const use of uses) {
      const table = quoteQualified(use.schema, use.table);
      const column = quoteIdent(use.column);
      const locks: Lock[] = [{ mode: 'ACCESS EXCLUSIVE', on: `${use.schema}.${use.table}` }];
      const target = use.array ? `${type}[]` : type;
      const via = options.through === undefined ? '' : `::${options.through}${use.array ? '[]' : ''}`;
      if (use.default !== undefined) {
        this.emit(phase, `ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT;`, what, { locks });
      }
      this.emit(
        phase,
        `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${target} USING ${column}${via}::${target};`,
        what,
        { locks, rewrite: true, scan: options.scan === true },
      );
      if (use.default !== undefined && (options.keepDefault?.(use.default) ?? true)) {
        this.emit(
          phase,
          `ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${renderDefaultExpression(use.default)};`,
          what,
          { locks },
        );
      }
    }
  }

  /**
   * A domain's type or collation cannot change in place: the domain is renamed, the new one created,
   * every column converted to it (each value checked again by the new domain), and the old one
   * dropped once nothing uses it.
   */
  private replaceDomain(change: DomainChange, before: Domain, after: Domain): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    const oldName = `${name}__schemata_old`;
    const entry = { schema, name, domain: after, checkNames: domainCheckNames(name, after.checks ?? []) };
    const cost = analyzeTypeChange(
      readType(before.type, () => formatKey(change.key)).canonical,
      readType(after.type, () => formatKey(change.key)).canonical,
    );
    this.emit(Phase.Domains, `ALTER DOMAIN ${qualified} RENAME TO ${quoteIdent(oldName)};`, what, {
      backwardIncompatible: true,
    });
    for (const sql of renderDomain(entry)) this.emit(Phase.Domains, sql, what);
    for (const sql of renderDomainComments(entry)) this.emit(Phase.Comments, sql, what);
    this.convertColumns(this.keptUses(change.usedBy?.before ?? []), qualified, Phase.Domains, what, {
      scan: cost.narrowing,
    });
    this.emit(Phase.DropDomains, `DROP DOMAIN ${quoteQualified(schema, oldName)};`, what, {
      dataLoss: cost.narrowing,
    });
  }

  private replaceEnum(change: EnumChange, type: string, after: EnumDef, removed: string[]): void {
    const what = describe(change);
    const oldName = `${change.key.name}__schemata_old`;
    const oldType = quoteQualified(change.key.schema, oldName);
    const uses = this.keptUses(change.usedBy.before);
    for (const use of uses) {
      if (removed.length === 0) break;
      const table = quoteQualified(use.schema, use.table);
      const column = quoteIdent(use.column);
      const list = removed.map(quoteLiteral).join(', ');
      const test = use.array ? `${column}::text[] && ARRAY[${list}]` : `${column}::text IN (${list})`;
      const message = `rows of ${use.schema}.${use.table} hold values of ${change.key.schema}.${change.key.name} that the target removes (${removed.join(', ')})`;
      const body = `BEGIN\n  IF EXISTS (SELECT FROM ${table} WHERE ${test}) THEN\n    RAISE EXCEPTION ${quoteLiteral(message.replaceAll('%', '%%'))};\n  END IF;\nEND`;
      this.emit(
        Phase.Types,
        `DO ${dollarQuote(body)};`,
        `${what}: check ${use.schema}.${use.table}.${use.column}`,
        {
          locks: [{ mode: 'SHARE', on: `${use.schema}.${use.table}` }],
          scan: true,
        },
      );
    }
    this.emit(Phase.Types, `ALTER TYPE ${type} RENAME TO ${quoteIdent(oldName)};`, what, {
      backwardIncompatible: true,
    });
    this.emit(Phase.Types, renderCreateEnum(type, after.values), what, {
      dataLoss: removed.length > 0,
      backwardIncompatible: removed.length > 0,
    });
    this.convertColumns(uses, type, Phase.Types, what, {
      through: 'text',
      keepDefault: (d) => !removed.some((v) => d.includes(quoteLiteral(v))),
    });
    // After the columns this plan drops, which still use it.
    this.emit(Phase.DropTypes, `DROP TYPE ${oldType};`, what);
  }

  private planDomain(change: Extract<Change, { kind: 'domain' }>): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    const entry = (domain: Domain) => ({
      schema,
      name,
      domain,
      checkNames: domainCheckNames(name, domain.checks ?? []),
    });
    // Over the row type of a table this plan creates or drops: with the tables, in dependency order.
    const withTables = this.rowTypeDomains.has(key3(change.key));
    if (change.action === 'create' && change.after) {
      const statements = renderDomain(entry(change.after));
      for (const sql of statements) this.emit(withTables ? Phase.Tables : Phase.Domains, sql, what);
      for (const sql of renderDomainComments(entry(change.after))) this.emit(Phase.Comments, sql, what);
      if (withTables) this.noteTableOrder(what, change.key, statements);
      return;
    }
    if (change.action === 'drop') {
      const phase = withTables ? Phase.DropTables : Phase.DropDomains;
      this.emit(phase, `DROP DOMAIN ${qualified};`, what, { backwardIncompatible: true });
      if (withTables && change.before)
        this.noteTableOrder(what, change.key, renderDomain(entry(change.before)));
      return;
    }
    const before = change.before ?? { type: '' };
    const after = change.after ?? { type: '' };
    if (change.changed.includes('type') || change.changed.includes('collation')) {
      this.replaceDomain(change, before, after);
      return;
    }
    const alter = `ALTER DOMAIN ${qualified}`;
    if (change.changed.includes('default')) {
      this.emit(
        Phase.Domains,
        after.default === undefined
          ? `${alter} DROP DEFAULT;`
          : `${alter} SET DEFAULT ${renderDefaultExpression(after.default)};`,
        what,
      );
    }
    if (change.changed.includes('notNull')) {
      this.emit(Phase.Domains, `${alter} ${after.notNull === true ? 'SET' : 'DROP'} NOT NULL;`, what, {
        scan: after.notNull === true,
        backwardIncompatible: after.notNull === true,
      });
    }
    const named = (d: Domain) => {
      const names = domainCheckNames(name, d.checks ?? []);
      return new Map((d.checks ?? []).map((check, i) => [names[i] as string, check]));
    };
    // Checks calling a routine the plan drops and creates again: dropped before it, added after.
    const rebuilt = new Set<string>();
    if (change.rebuild !== undefined) {
      for (const [checkName, check] of named(before)) {
        if (!callsAny(check.expression, this.replacedRoutines)) continue;
        rebuilt.add(checkName);
        this.emit(Phase.DropCode, `${alter} DROP CONSTRAINT ${quoteIdent(checkName)};`, what);
      }
      for (const [checkName, check] of named(after)) {
        if (!rebuilt.has(checkName)) continue;
        const notValid = check.notValid === true ? ' NOT VALID' : '';
        this.emit(
          Phase.Validate,
          `${alter} ADD CONSTRAINT ${quoteIdent(checkName)} CHECK (${check.expression})${notValid};`,
          what,
          { scan: notValid === '' },
        );
      }
    }
    if (change.changed.includes('checks')) {
      const old = named(before);
      const now = named(after);
      for (const checkName of rebuilt) {
        old.delete(checkName);
        now.delete(checkName);
      }
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      for (const [checkName, check] of old) {
        if (
          !now.has(checkName) ||
          !same({ ...check, name: undefined }, { ...now.get(checkName), name: undefined })
        ) {
          this.emit(Phase.DropConstraints, `${alter} DROP CONSTRAINT ${quoteIdent(checkName)};`, what);
        }
      }
      for (const [checkName, check] of now) {
        const previous = old.get(checkName);
        if (previous !== undefined && same({ ...check, name: undefined }, { ...previous, name: undefined }))
          continue;
        const notValid = check.notValid === true ? ' NOT VALID' : '';
        this.emit(
          Phase.Constraints,
          `${alter} ADD CONSTRAINT ${quoteIdent(checkName)} CHECK (${check.expression})${notValid};`,
          what,
          { scan: notValid === '', backwardIncompatible: true },
        );
        if (check.description !== undefined) {
          this.comment(`CONSTRAINT ${quoteIdent(checkName)} ON DOMAIN ${qualified}`, check.description, what);
        }
      }
    }
    if (change.changed.includes('description')) this.comment(`DOMAIN ${qualified}`, after.description, what);
  }

  private planSequence(change: Extract<Change, { kind: 'sequence' }>): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    if (change.action === 'create' && change.after) {
      this.emit(Phase.Sequences, renderCreateSequence(schema, name, change.after), what);
      const owner = renderSequenceOwner(schema, name, change.after);
      if (owner !== undefined) this.emit(Phase.Owners, owner, what);
      if (change.after.description !== undefined)
        this.comment(`SEQUENCE ${qualified}`, change.after.description, what);
      return;
    }
    if (change.action === 'drop') {
      // A sequence owned by a dropped column is already gone with it.
      this.emit(Phase.DropSequences, `DROP SEQUENCE IF EXISTS ${qualified};`, what, {
        dataLoss: true,
        backwardIncompatible: true,
      });
      return;
    }
    const before = change.before ?? {};
    const after = change.after ?? {};
    const clauses = sequenceOptionChanges(before, after);
    if (change.changed.includes('type')) clauses.unshift(`AS ${after.type ?? 'bigint'}`);
    if (clauses.length > 0) {
      const sql = `ALTER SEQUENCE ${qualified} ${clauses.join(' ')}`;
      this.emit(Phase.Sequences, restartUnlessCalled(qualified, sql, ' RESTART', before, after), what);
    }
    if (change.changed.includes('unlogged')) {
      this.emit(
        Phase.Sequences,
        `ALTER SEQUENCE ${qualified} SET ${after.unlogged === true ? 'UNLOGGED' : 'LOGGED'};`,
        what,
      );
    }
    if (change.changed.includes('ownedBy')) {
      // Released before anything is dropped (dropping the old owning table or column would take the
      // sequence with it), owned again once the new owner exists.
      if (before.ownedBy !== undefined)
        this.emit(Phase.Sequences, `ALTER SEQUENCE ${qualified} OWNED BY NONE;`, what);
      const owner = renderSequenceOwner(schema, name, after);
      if (owner !== undefined) this.emit(Phase.Owners, owner, what);
    }
    if (change.changed.includes('description'))
      this.comment(`SEQUENCE ${qualified}`, after.description, what);
  }

  private planTable(change: Extract<Change, { kind: 'table' }>): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    if (change.action === 'create' && change.after) {
      const entry = tableEntry(schema, name, change.after);
      const statements = renderTable(entry);
      for (const sql of statements) this.emit(Phase.Tables, sql, what);
      this.noteTableOrder(what, change.key, statements);
      for (const column of change.after.columns) this.columnSettings(schema, name, column, undefined, what);
      for (const sql of renderTableComments(entry)) this.emit(Phase.Comments, sql, what);
      this.rowSecurity(change.key, {}, change.after, what);
      this.tableSettings(change.key, {}, change.after, what);
      return;
    }
    if (change.action === 'drop') {
      // A partition goes with its parent.
      const parent = change.before?.partitionOf;
      if (
        parent !== undefined &&
        this.droppedTables.has(key3({ schema: parent.schema ?? schema, name: parent.table }))
      )
        return;
      this.emit(Phase.DropTables, `DROP TABLE ${qualified};`, what, {
        locks: this.lock(change.key, 'ACCESS EXCLUSIVE'),
        dataLoss: true,
        backwardIncompatible: true,
      });
      if (change.before)
        this.noteTableOrder(what, change.key, renderTable(tableEntry(schema, name, change.before)));
      return;
    }
    const before = change.before ?? { columns: [] };
    const after = change.after ?? { columns: [] };
    const locks = this.lock(change.key, 'ACCESS EXCLUSIVE');
    if (change.changed.includes('unlogged')) {
      this.emit(
        Phase.Tables,
        `ALTER TABLE ${qualified} SET ${after.unlogged === true ? 'UNLOGGED' : 'LOGGED'};`,
        what,
        {
          locks,
          rewrite: true,
        },
      );
    }
    if (change.changed.includes('with')) {
      const removed = Object.keys(before.with ?? {}).filter((k) => !Object.hasOwn(after.with ?? {}, k));
      if (removed.length > 0) {
        this.emit(
          Phase.Tables,
          `ALTER TABLE ${qualified} RESET (${removed.map(quoteIdent).join(', ')});`,
          what,
          { locks },
        );
      }
      const set = Object.entries(after.with ?? {}).filter(([k, v]) => before.with?.[k] !== v);
      if (set.length > 0) {
        const list = set.map(
          ([k, v]) => `${quoteIdent(k)} = ${typeof v === 'string' ? quoteLiteral(v) : String(v)}`,
        );
        this.emit(Phase.Tables, `ALTER TABLE ${qualified} SET (${list.join(', ')});`, what, { locks });
      }
    }
    if (change.changed.includes('partitionOf')) this.partitionOf(change.key, before, after, what);
    this.rowSecurity(change.key, before, after, what);
    this.tableSettings(change.key, before, after, what);
    if (change.changed.includes('description')) {
      this.comment(
        `TABLE ${qualified}`,
        after.description,
        what,
        this.lock(change.key, 'SHARE UPDATE EXCLUSIVE'),
      );
    }
  }

  /**
   * DETACH PARTITION before the table's columns change (a partition's cannot), ATTACH PARTITION after
   * they match the parent's and before indexes, which PostgreSQL then makes on the new partition too.
   * A new bound or parent is a detach and an attach.
   */
  private partitionOf(key: ObjectKey, before: Partial<Table>, after: Partial<Table>, what: string): void {
    const table = quoteQualified(key.schema, key.name);
    const parentKey = (of: NonNullable<Table['partitionOf']>) => ({
      schema: of.schema ?? key.schema,
      name: of.table,
    });
    if (before.partitionOf !== undefined) {
      const parent = parentKey(before.partitionOf);
      this.emit(
        Phase.Tables,
        `ALTER TABLE ${quoteQualified(parent.schema, parent.name)} DETACH PARTITION ${table};`,
        what,
        {
          locks: [...this.lock(parent, 'ACCESS EXCLUSIVE'), ...this.lock(key, 'ACCESS EXCLUSIVE')],
          backwardIncompatible: true,
        },
      );
    }
    if (after.partitionOf !== undefined) {
      const parent = parentKey(after.partitionOf);
      this.emit(
        Phase.Constraints,
        `ALTER TABLE ${quoteQualified(parent.schema, parent.name)} ATTACH PARTITION ${table} ${after.partitionOf.bound};`,
        what,
        {
          locks: [...this.lock(parent, 'SHARE UPDATE EXCLUSIVE'), ...this.lock(key, 'ACCESS EXCLUSIVE')],
          // The rows are checked against the bound (and the default partition's against it).
          scan: true,
          backwardIncompatible: true,
        },
      );
    }
  }

  /** REPLICA IDENTITY and CLUSTER ON, once the indexes they name exist. */
  private tableSettings(key: ObjectKey, before: Partial<Table>, after: Partial<Table>, what: string): void {
    const table = quoteQualified(key.schema, key.name);
    if (JSON.stringify(before.replicaIdentity) !== JSON.stringify(after.replicaIdentity))
      this.emit(Phase.TableSettings, renderReplicaIdentity(table, after.replicaIdentity), what, {
        locks: this.lock(key, 'ACCESS EXCLUSIVE'),
        backwardIncompatible: true,
      });
    if (before.clusterOn !== after.clusterOn)
      this.emit(Phase.TableSettings, renderClusterOn(table, after.clusterOn), what, {
        locks: this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
      });
  }

  /**
   * A column's statistics target, storage and compression (all it has, or what differs from `before`);
   * only SET STATISTICS takes a lock weaker than ACCESS EXCLUSIVE. None rewrites the table: new
   * storage and compression apply to values written later.
   */
  private columnSettings(
    schema: string,
    table: string,
    column: Column,
    before: Column | undefined,
    what: string,
  ): void {
    const key = { schema, table, name: column.name };
    for (const sql of renderColumnSettings(quoteQualified(schema, table), column, before)) {
      const lock = sql.includes(' SET STATISTICS ') ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
      this.emit(Phase.Columns, sql, what, { locks: this.lock(key, lock) });
    }
  }

  /** ENABLE / DISABLE and FORCE / NO FORCE ROW LEVEL SECURITY, before the policies are created. */
  private rowSecurity(key: ObjectKey, before: Partial<Table>, after: Partial<Table>, what: string): void {
    const table = quoteQualified(key.schema, key.name);
    const locks = this.lock(key, 'ACCESS EXCLUSIVE');
    if ((before.rowSecurity ?? false) !== (after.rowSecurity ?? false)) {
      const action = after.rowSecurity === true ? 'ENABLE' : 'DISABLE';
      this.emit(Phase.Columns, `ALTER TABLE ${table} ${action} ROW LEVEL SECURITY;`, what, {
        locks,
        backwardIncompatible: after.rowSecurity === true,
      });
    }
    if ((before.forceRowSecurity ?? false) !== (after.forceRowSecurity ?? false)) {
      const action = after.forceRowSecurity === true ? 'FORCE' : 'NO FORCE';
      this.emit(Phase.Columns, `ALTER TABLE ${table} ${action} ROW LEVEL SECURITY;`, what, {
        locks,
        backwardIncompatible: after.forceRowSecurity === true,
      });
    }
  }

  private planColumn(change: Extract<Change, { kind: 'column' }>): void {
    const what = describe(change);
    const key = change.key;
    const table = quoteQualified(key.schema, key.table ?? '');
    const column = quoteIdent(key.name);
    const entry = tableEntry(key.schema, key.table ?? '', { columns: [] });
    const locks = this.lock(key, 'ACCESS EXCLUSIVE');
    const commentTarget = `COLUMN ${table}.${column}`;
    if (change.action === 'create' && change.after) {
      this.addColumn(change.after, entry, what);
      return;
    }
    if (change.action === 'drop') {
      this.emit(Phase.DropColumns, `ALTER TABLE ${table} DROP COLUMN ${column};`, what, {
        locks,
        dataLoss: true,
        backwardIncompatible: true,
      });
      return;
    }
    const before = change.before as Column;
    const after = change.after as Column;
    const changed = new Set(change.changed);
    const alter = `ALTER TABLE ${table} ALTER COLUMN ${column}`;
    if (changed.has('generated') && after.generated !== undefined) {
      // A stored generation expression cannot be added or changed in place.
      this.emit(Phase.DropColumns, `ALTER TABLE ${table} DROP COLUMN ${column};`, what, {
        locks,
        dataLoss: before.generated === undefined,
        backwardIncompatible: true,
      });
      this.addColumn(after, entry, what);
      return;
    }
    if (before.identity !== undefined && after.identity === undefined) {
      this.emit(Phase.Columns, `${alter} DROP IDENTITY;`, what, { locks, backwardIncompatible: true });
    }
    if (changed.has('generated'))
      this.emit(Phase.Columns, `${alter} DROP EXPRESSION;`, what, { locks, rewrite: true });
    // Own keys only: a type may be called `constructor`.
    const serialOf = (type: string) => (Object.hasOwn(SERIAL_TYPES, type) ? SERIAL_TYPES[type] : undefined);
    const fromSerial = serialOf(before.type);
    const toSerial = serialOf(after.type);
    const sequence = quoteQualified(key.schema, makeObjectName(key.table ?? '', key.name, 'seq'));
    if (fromSerial !== undefined && toSerial === undefined) {
      // Its sequence goes first: an identity column added next takes the same name.
      this.emit(Phase.Columns, `${alter} DROP DEFAULT;`, what, { locks, backwardIncompatible: true });
      // The sequence and its position go, as with any dropped sequence: only with consent.
      if (change.keepsSequence !== true)
        this.emit(Phase.Columns, `DROP SEQUENCE ${sequence};`, what, { dataLoss: true });
    }
    const typeChanged = (fromSerial ?? before.type) !== (toSerial ?? after.type) || changed.has('collation');
    let identityDone = false;
    if (typeChanged) {
      if (before.default !== undefined) this.emit(Phase.Columns, `${alter} DROP DEFAULT;`, what, { locks });
      const type = readType(toSerial ?? after.type, () => formatKey(key)).canonical;
      const cost = changed.has('type')
        ? analyzeTypeChange(readType(fromSerial ?? before.type, () => formatKey(key)).canonical, type)
        : { needsUsing: false, rewrite: false, narrowing: false };
      let sql = `${alter} TYPE ${type}`;
      if (after.collation !== undefined) sql += ` COLLATE ${renderCollation(after.collation)}`;
      if (cost.needsUsing) sql += ` USING ${column}::${type}`;
      // A narrower identity column narrows its sequence: its bounds must fit first.
      if (cost.narrowing && before.identity !== undefined && after.identity !== undefined) {
        this.alterIdentity(key, before.identity, after.identity, what);
        identityDone = true;
      }
      this.emit(Phase.Columns, `${sql};`, what, {
        locks,
        rewrite: cost.rewrite,
        scan: cost.narrowing,
        dataLoss: cost.narrowing,
        backwardIncompatible: true,
      });
      if (fromSerial !== undefined && toSerial !== undefined)
        this.emit(Phase.Columns, `ALTER SEQUENCE ${sequence} AS ${toSerial};`, what);
    }
    if (changed.has('default') || (typeChanged && before.default !== undefined)) {
      if (after.default !== undefined) {
        this.emit(Phase.Columns, `${alter} SET DEFAULT ${renderDefaultExpression(after.default)};`, what, {
          locks,
        });
      } else if (!typeChanged) {
        this.emit(Phase.Columns, `${alter} DROP DEFAULT;`, what, { locks });
      }
    }
    if (toSerial !== undefined && fromSerial === undefined)
      this.addSerial(key, sequence, change.keepsSequence === true ? undefined : toSerial, what);
    // A serial column is NOT NULL without saying so.
    const wasNotNull = before.notNull === true || fromSerial !== undefined;
    const isNotNull = after.notNull === true || toSerial !== undefined;
    if (wasNotNull !== isNotNull) {
      if (isNotNull) this.setNotNull(key, what);
      else this.emit(Phase.Columns, `${alter} DROP NOT NULL;`, what, { locks });
    }
    if (after.identity !== undefined && !identityDone)
      this.alterIdentity(key, before.identity, after.identity, what);
    // A new type brings its own storage and the default compression.
    const settingsBefore = typeChanged ? { ...before, storage: undefined, compression: undefined } : before;
    this.columnSettings(key.schema, key.table ?? '', after, settingsBefore, what);
    if (changed.has('description'))
      this.comment(commentTarget, after.description, what, this.lock(key, 'SHARE UPDATE EXCLUSIVE'));
  }

  /**
   * What `serial` stands for, on an existing column: its sequence, owned by the column, as its default,
   * continuing after the largest value the column holds. A kept sequence (no `type` to create) keeps
   * its position; its own change makes it owned by the column.
   */
  private addSerial(key: ObjectKey, sequence: string, type: string | undefined, what: string): void {
    const table = quoteQualified(key.schema, key.table ?? '');
    const column = quoteIdent(key.name);
    if (type !== undefined) {
      this.emit(Phase.Columns, `CREATE SEQUENCE ${sequence} AS ${type};`, what);
      this.emit(Phase.Columns, `ALTER SEQUENCE ${sequence} OWNED BY ${table}.${column};`, what);
    }
    this.emit(
      Phase.Columns,
      `ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT nextval(${quoteLiteral(sequence)}::regclass);`,
      what,
      { locks: this.lock(key, 'ACCESS EXCLUSIVE') },
    );
    if (type === undefined) return;
    this.emit(
      Phase.Columns,
      `SELECT setval(${quoteLiteral(sequence)}, coalesce(max(${column}), 0) + 1, false) FROM ${table};`,
      what,
      { scan: true },
    );
  }

  private addColumn(column: Column, entry: TableEntry, what: string): void {
    const key = { schema: entry.schema, table: entry.name, name: column.name };
    const table = quoteQualified(entry.schema, entry.name);
    const volatile = /\b(nextval|random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday)\s*\(/i;
    const rewrite =
      column.identity !== undefined ||
      column.generated !== undefined ||
      (column.default !== undefined && volatile.test(column.default)) ||
      Object.hasOwn(SERIAL_TYPES, column.type);
    const required =
      column.notNull === true &&
      column.default === undefined &&
      column.identity === undefined &&
      column.generated === undefined;
    if (required) {
      this.diagnostics.push({
        code: 'not-null-without-default',
        severity: 'warning',
        message: `${what}: a NOT NULL column without a default cannot be added to a table that has rows`,
        object: formatKey(key),
        hint: 'give the column a default, or add it nullable, fill it, then set NOT NULL',
      });
    }
    this.emit(Phase.Columns, `ALTER TABLE ${table} ADD COLUMN ${renderColumn(entry, column)};`, what, {
      locks: this.lock(key, 'ACCESS EXCLUSIVE'),
      rewrite,
      backwardIncompatible: required,
    });
    this.columnSettings(entry.schema, entry.name, column, undefined, what);
    if (column.description !== undefined) {
      this.comment(`COLUMN ${table}.${quoteIdent(column.name)}`, column.description, what);
    }
  }

  /** In safe mode through a validated check, so the ACCESS EXCLUSIVE lock is not held during the scan. */
  private setNotNull(key: ObjectKey, what: string): void {
    const table = quoteQualified(key.schema, key.table ?? '');
    const column = quoteIdent(key.name);
    const exclusive = this.lock(key, 'ACCESS EXCLUSIVE');
    if (!this.safe || !this.existing(key)) {
      this.emit(Phase.Columns, `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`, what, {
        locks: exclusive,
        scan: true,
        backwardIncompatible: true,
      });
      return;
    }
    const check = quoteIdent(`${key.table ?? ''}_${key.name}_not_null`.slice(0, 63));
    this.emit(
      Phase.Columns,
      `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID;`,
      what,
      {
        locks: exclusive,
        backwardIncompatible: true,
      },
    );
    this.emit(Phase.Columns, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`, what, {
      locks: this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
      scan: true,
    });
    this.emit(Phase.Columns, `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`, what, {
      locks: exclusive,
    });
    this.emit(Phase.Columns, `ALTER TABLE ${table} DROP CONSTRAINT ${check};`, what, { locks: exclusive });
  }

  private alterIdentity(key: ObjectKey, before: Identity | undefined, after: Identity, what: string): void {
    const table = quoteQualified(key.schema, key.table ?? '');
    const alter = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(key.name)}`;
    const locks = this.lock(key, 'ACCESS EXCLUSIVE');
    const generation = after.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT';
    if (before === undefined) {
      const options = renderSequenceOptions(after);
      if (after.sequenceName !== undefined)
        options.unshift(`SEQUENCE NAME ${quoteQualified(key.schema, after.sequenceName)}`);
      const list = options.length > 0 ? ` (${options.join(' ')})` : '';
      this.emit(Phase.Columns, `${alter} ADD GENERATED ${generation} AS IDENTITY${list};`, what, { locks });
      return;
    }
    const clauses = sequenceOptionChanges(before, after).map((c) => `SET ${c}`);
    if (before.generation !== after.generation) clauses.unshift(`SET GENERATED ${generation}`);
    const implied = makeObjectName(key.table ?? '', key.name, 'seq');
    if (clauses.length > 0) {
      const sequence = quoteQualified(key.schema, before.sequenceName ?? implied);
      const sql = `${alter} ${clauses.join(' ')}`;
      this.emit(Phase.Columns, restartUnlessCalled(sequence, sql, ' RESTART', before, after), what, {
        locks,
      });
    }
    if (before.sequenceName !== after.sequenceName) {
      this.emit(
        Phase.Columns,
        `ALTER SEQUENCE ${quoteQualified(key.schema, before.sequenceName ?? implied)} RENAME TO ${quoteIdent(after.sequenceName ?? implied)};`,
        what,
      );
    }
  }

  private planConstraint(
    change: Extract<Change, { kind: 'primaryKey' | 'unique' | 'check' | 'exclusion' }>,
  ): void {
    const what = describe(change);
    const key = change.key;
    const table = quoteQualified(key.schema, key.table ?? '');
    const name = quoteIdent(key.name);
    const exclusive = this.lock(key, 'ACCESS EXCLUSIVE');
    const drop = () =>
      this.emit(Phase.DropConstraints, `ALTER TABLE ${table} DROP CONSTRAINT ${name};`, what, {
        locks: exclusive,
      });
    if (change.action === 'drop') return drop();
    const after = change.after;
    if (after === undefined) return;
    if (change.kind === 'check' && change.rebuild !== undefined && change.action === 'alter') {
      // Out of the way before the routine it calls is dropped, back once the routine is created.
      const check = change.after as Check;
      this.emit(Phase.DropCode, `ALTER TABLE ${table} DROP CONSTRAINT ${name};`, what, { locks: exclusive });
      const notValid = check.notValid === true ? ' NOT VALID' : '';
      const add = `ALTER TABLE ${table} ADD ${renderCheck(key.name, check)}${notValid};`;
      this.emit(Phase.Validate, add, what, { locks: exclusive, scan: notValid === '' });
      if (check.description !== undefined)
        this.comment(`CONSTRAINT ${name} ON ${table}`, check.description, what);
      return;
    }
    if (change.action === 'alter') {
      const rebuilt = change.kind === 'exclusion' && change.rebuild !== undefined;
      if (!rebuilt && change.changed.every((p) => p === 'description')) {
        // A constraint rebuilt only by the reverse plan has nothing to do here.
        if (change.changed.length === 0) return;
        this.comment(
          `CONSTRAINT ${name} ON ${table}`,
          after.description,
          what,
          this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
        );
        return;
      }
      if (
        change.kind === 'check' &&
        change.changed.length === 1 &&
        change.changed[0] === 'notValid' &&
        change.before?.notValid === true
      ) {
        this.emit(Phase.Constraints, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`, what, {
          locks: this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
          scan: true,
        });
        return;
      }
      drop();
    }
    this.addConstraint(change, what);
    if (after.description !== undefined)
      this.comment(`CONSTRAINT ${name} ON ${table}`, after.description, what);
  }

  private addConstraint(
    change: Extract<Change, { kind: 'primaryKey' | 'unique' | 'check' | 'exclusion' }>,
    what: string,
  ): void {
    const key = change.key;
    const table = quoteQualified(key.schema, key.table ?? '');
    const exclusive = this.lock(key, 'ACCESS EXCLUSIVE');
    const safe = this.safe && this.existing(key);
    switch (change.kind) {
      case 'check': {
        const check = change.after as NonNullable<typeof change.after>;
        const clause = renderCheck(key.name, check);
        // A check calling a routine this plan creates is validated once every object exists: the
        // routine's body may use views or routines created after the constraints.
        const late = this.existing(key) && callsAny(check.expression, this.createdRoutines);
        if (check.notValid === true || safe || late) {
          this.emit(
            late ? Phase.Validate : Phase.Constraints,
            `ALTER TABLE ${table} ADD ${clause} NOT VALID;`,
            what,
            {
              locks: exclusive,
              backwardIncompatible: true,
            },
          );
          if (check.notValid !== true) {
            this.emit(
              late ? Phase.Validate : Phase.Constraints,
              `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(key.name)};`,
              what,
              {
                locks: this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
                scan: true,
              },
            );
          }
          return;
        }
        this.emit(Phase.Constraints, `ALTER TABLE ${table} ADD ${clause};`, what, {
          locks: exclusive,
          scan: this.existing(key),
          backwardIncompatible: true,
        });
        return;
      }
      case 'exclusion': {
        const clause = renderExclusion(key.name, change.after as NonNullable<typeof change.after>);
        this.emit(Phase.Constraints, `ALTER TABLE ${table} ADD ${clause};`, what, {
          locks: exclusive,
          scan: this.existing(key),
          backwardIncompatible: true,
        });
        return;
      }
      case 'primaryKey':
      case 'unique': {
        const constraint = change.after as NonNullable<typeof change.after>;
        if (!safe) {
          const clause =
            change.kind === 'primaryKey'
              ? renderPrimaryKey(key.name, constraint)
              : renderUnique(key.name, constraint);
          this.emit(Phase.Constraints, `ALTER TABLE ${table} ADD ${clause};`, what, {
            locks: exclusive,
            scan: this.existing(key),
            backwardIncompatible: true,
          });
          return;
        }
        const nulls =
          'nullsNotDistinct' in constraint && constraint.nullsNotDistinct === true
            ? ' NULLS NOT DISTINCT'
            : '';
        this.emit(
          Phase.Constraints,
          `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(key.name)} ON ${table} ${renderColumnList(constraint.columns)}${renderInclude(constraint.include)}${nulls};`,
          what,
          { locks: this.lock(key, 'SHARE UPDATE EXCLUSIVE'), scan: true, transactional: false },
        );
        const kind = change.kind === 'primaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
        this.emit(
          Phase.Constraints,
          `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(key.name)} ${kind} USING INDEX ${quoteIdent(key.name)}${renderDeferrable(constraint)};`,
          what,
          { locks: exclusive, backwardIncompatible: true },
        );
      }
    }
  }

  private planIndex(change: Extract<Change, { kind: 'index' }>): void {
    const what = describe(change);
    const key = change.key;
    const qualifiedName = quoteQualified(key.schema, key.name);
    const concurrently = this.safe && this.existing(key);
    const drop = () => {
      if (this.droppedTables.has(key3(key))) return;
      this.emit(
        Phase.DropIndexes,
        `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${qualifiedName};`,
        what,
        {
          locks: this.lock(key, concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE'),
          transactional: !concurrently,
        },
      );
    };
    if (change.action === 'drop') return drop();
    const after = change.after;
    if (after === undefined) return;
    if (change.action === 'alter') {
      if (change.rebuild === undefined && change.changed.every((p) => p === 'description')) {
        // An index rebuilt only by the reverse plan has nothing to do here.
        if (change.changed.length > 0) this.comment(`INDEX ${qualifiedName}`, after.description, what);
        return;
      }
      drop();
    }
    let sql = renderCreateIndex(key.name, key.schema, key.table ?? '', after);
    if (concurrently) sql = sql.replace(/^CREATE (UNIQUE )?INDEX /, (head) => `${head}CONCURRENTLY `);
    this.emit(Phase.Indexes, sql, what, {
      locks: this.lock(key, concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE'),
      scan: this.existing(key),
      transactional: !concurrently,
    });
    if (after.description !== undefined) this.comment(`INDEX ${qualifiedName}`, after.description, what);
  }

  private planForeignKey(change: Extract<Change, { kind: 'foreignKey' }>): void {
    const what = change.rebuild === undefined ? describe(change) : `${describe(change)} (${change.rebuild})`;
    const key = change.key;
    const table = quoteQualified(key.schema, key.table ?? '');
    const name = quoteIdent(key.name);
    const fk = change.after ?? change.before;
    if (fk === undefined) return;
    const referenced: ObjectKey = { schema: fk.references.schema ?? key.schema, name: fk.references.table };
    const bothLocks = (mode: LockMode) => [
      ...this.lock(key, mode),
      ...(this.createdTables.has(key3(referenced)) ? [] : [{ mode, on: formatKey(referenced) }]),
    ];
    const drop = () =>
      this.emit(Phase.DropForeignKeys, `ALTER TABLE ${table} DROP CONSTRAINT ${name};`, what, {
        locks: bothLocks('ACCESS EXCLUSIVE'),
      });
    if (change.action === 'drop') return drop();
    const after = change.after;
    if (after === undefined) return;
    if (change.action === 'alter') {
      if (change.changed.length > 0 && change.changed.every((p) => p === 'description')) {
        this.comment(`CONSTRAINT ${name} ON ${table}`, after.description, what);
        return;
      }
      if (
        change.changed.length === 1 &&
        change.changed[0] === 'notValid' &&
        change.before?.notValid === true
      ) {
        this.emit(Phase.ForeignKeys, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`, what, {
          locks: [
            ...this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
            { mode: 'ROW SHARE', on: formatKey(referenced) },
          ],
          scan: true,
        });
        return;
      }
      drop();
    }
    const newTable = !this.existing(key);
    const validateLater = this.safe && !newTable && after.notValid !== true;
    const clause = renderForeignKey(
      key.name,
      key.schema,
      validateLater ? { ...after, notValid: true } : after,
    );
    this.emit(Phase.ForeignKeys, `ALTER TABLE ${table} ADD ${clause};`, what, {
      locks: bothLocks('SHARE ROW EXCLUSIVE'),
      scan: !newTable && !validateLater && after.notValid !== true,
      backwardIncompatible: change.rebuild === undefined,
    });
    if (validateLater) {
      this.emit(Phase.ForeignKeys, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`, what, {
        locks: [
          ...this.lock(key, 'SHARE UPDATE EXCLUSIVE'),
          { mode: 'ROW SHARE', on: formatKey(referenced) },
        ],
        scan: true,
      });
    }
    if (after.description !== undefined && change.rebuild === undefined) {
      this.comment(`CONSTRAINT ${name} ON ${table}`, after.description, what);
    }
  }
}

function tableEntry(schema: string, name: string, table: Table): TableEntry {
  // Every constraint of a table in a change carries its resolved name, so no naming model is needed.
  return { schema, name, table, names: resolveTableNames({}, schema, name, table) };
}

function renderCreateEnum(type: string, values: readonly string[]): string {
  const head = `CREATE TYPE ${type} AS ENUM`;
  if (values.length === 0) return `${head} ();`;
  return `${head} (\n  ${values.map(quoteLiteral).join(',\n  ')}\n);`;
}

/** A dollar-quoted string whose tag does not occur in the text. */
function dollarQuote(text: string): string {
  let tag = 'schemata';
  for (let n = 1; text.includes(`$${tag}$`); n++) tag = `schemata${n}`;
  return `$${tag}$\n${text}\n$${tag}$`;
}

type SequenceOptions = Pick<Sequence, 'start' | 'increment' | 'minValue' | 'maxValue' | 'cache' | 'cycle'>;

/**
 * ALTER SEQUENCE clauses (also used after SET for identity columns) that take the options from
 * `before` to `after`; an option left out returns to PostgreSQL's default.
 */
function sequenceOptionChanges(before: SequenceOptions, after: SequenceOptions): string[] {
  const clauses: string[] = [];
  const differs = (option: keyof SequenceOptions) => String(before[option]) !== String(after[option]);
  if (differs('increment')) clauses.push(`INCREMENT BY ${renderBigInteger(after.increment ?? 1)}`);
  if (differs('minValue'))
    clauses.push(
      after.minValue === undefined ? 'NO MINVALUE' : `MINVALUE ${renderBigInteger(after.minValue)}`,
    );
  if (differs('maxValue'))
    clauses.push(
      after.maxValue === undefined ? 'NO MAXVALUE' : `MAXVALUE ${renderBigInteger(after.maxValue)}`,
    );
  // An omitted start is the minimum (ascending) or maximum: it moves with them.
  const start = (options: SequenceOptions) =>
    options.start ??
    (Number(options.increment ?? 1) > 0 ? (options.minValue ?? 1) : (options.maxValue ?? -1));
  if (String(start(before)) !== String(start(after)))
    clauses.push(`START WITH ${renderBigInteger(start(after))}`);
  if (differs('cache')) clauses.push(`CACHE ${renderBigInteger(after.cache ?? 1)}`);
  if (differs('cycle')) clauses.push(after.cycle === true ? 'CYCLE' : 'NO CYCLE');
  return clauses;
}

/**
 * New bounds must hold the sequence's current value. A sequence that has not handed out a value yet
 * restarts at its (new) start; one in use keeps its value (and the statement fails if it is out of
 * bounds, rather than reusing values).
 */
function restartUnlessCalled(
  sequence: string,
  sql: string,
  restart: string,
  before: SequenceOptions,
  after: SequenceOptions,
): string {
  const bounds = (o: SequenceOptions) => `${String(o.minValue)} ${String(o.maxValue)}`;
  if (bounds(before) === bounds(after)) return `${sql};`;
  const body = `BEGIN\n  IF (SELECT is_called FROM ${sequence}) THEN\n    ${sql};\n  ELSE\n    ${sql}${restart};\n  END IF;\nEND`;
  return `DO ${dollarQuote(body)};`;
}

/**
 * A new enum value cannot be used in the transaction that added it: when a later statement mentions
 * it, the plan commits right after the ADD VALUE.
 */
function markEnumCommits(statements: PlannedStatement[]): void {
  statements.forEach((s, i) => {
    const match = /^ALTER TYPE .* ADD VALUE ('(?:[^']|'')*')/.exec(s.sql);
    if (match === null) return;
    const literal = match[1] as string;
    if (
      statements
        .slice(i + 1)
        .some((later) => !later.sql.includes(' ADD VALUE ') && later.sql.includes(literal))
    ) {
      s.commitAfter = true;
    }
  });
}

export { describe } from './describe-change.ts';
