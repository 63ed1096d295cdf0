// Statements for views, materialized views, routines, aggregates, triggers, policies, rules, event
// triggers, composite and range types, collations, statistics and text search objects. Each is altered
// in place where PostgreSQL allows it (diff/objects/in-place.ts) and otherwise dropped and created
// again. Drops of views and what hangs on tables run first, in reverse dependency order; creations run
// after tables, columns, constraints and foreign keys, in dependency order (ddl/object-order.ts).
import type {
  Aggregate,
  Collation,
  CompositeType,
  EventTrigger,
  MaterializedView,
  Policy,
  RangeType,
  Routine,
  Rule,
  Statistics,
  TextSearchConfiguration,
  TextSearchDictionary,
  Trigger,
  View,
} from '../../../../model/model-schema.ts';
import { indexName, namingOf } from '../../../../model/naming.ts';
import type { CodeObjectChange, ObjectKey } from '../../../../diff/changes.ts';
import { replacesInPlace } from '../../../../diff/objects/in-place.ts';
import { aggregateName } from '../../ddl/code-objects.ts';
import { renderComment } from '../../ddl/comments.ts';
import { renderCreateIndex } from '../../ddl/create-index.ts';
import { orderByDependencies } from '../../ddl/object-order.ts';
import {
  aggregateIdentity,
  identityTypes,
  renderCreateAggregate,
  renderCreateRoutine,
  routineName,
  routineSignature,
} from '../../ddl/routine.ts';
import { findDependencies, relationReference, routineReference } from '../../ddl/sql-references.ts';
import { renderStorageParameters } from '../../ddl/storage-parameters.ts';
import {
  renderCreateEventTrigger,
  renderCreatePolicy,
  renderCreateTrigger,
  renderRelationMember,
  renderRule,
} from '../../ddl/trigger.ts';
import {
  renderCompositeTypeComments,
  renderCreateCollation,
  renderCreateCompositeType,
  renderCreateRangeType,
  renderCreateStatistics,
  renderCreateTextSearchConfiguration,
  renderCreateTextSearchDictionary,
} from '../../ddl/type-objects.ts';
import {
  renderCreateMaterializedView,
  renderCreateView,
  renderRefreshMaterializedView,
  viewOptions,
} from '../../ddl/view.ts';
import { renderCollation } from '../../ddl/index-elements.ts';
import { readType } from '../../ddl/read-type.ts';
import { quoteIdent, quoteQualified } from '../../quote.ts';
import { describe } from '../describe-change.ts';
import { Phase } from '../phases.ts';
import type { HazardFlags, Lock, LockMode } from '../planned-statement.ts';

export type Emit = (phase: Phase, sql: string, change: string, flags?: HazardFlags) => void;

/** Statements of one object that must run in dependency order with the others. */
interface OrderedObject {
  provides: string[];
  dependsOn: Set<string>;
  statements: { sql: string; what: string; flags: HazardFlags; late?: boolean }[];
}

/** Tiers: what an object of each kind may depend on comes in an earlier tier (ties keep this order). */
const CREATE_TIERS = ['routine', 'relation', 'member'] as const;
type Tier = (typeof CREATE_TIERS)[number];

const relationName = relationReference;
export const routineRef = routineReference;

const dependencies = findDependencies;

const ENABLE: Readonly<Record<NonNullable<Trigger['enabled']>, string>> = {
  origin: 'ENABLE',
  replica: 'ENABLE REPLICA',
  always: 'ENABLE ALWAYS',
  disabled: 'DISABLE',
};

/** The view's options as ALTER VIEW SET takes them, its check option among them. */
function viewOptionsWithCheck(view: View): Record<string, string | number | boolean> {
  return {
    ...viewOptions(view),
    ...(view.checkOption === undefined ? {} : { check_option: view.checkOption }),
  };
}

export class CodeObjectPlanner {
  private readonly creates: Record<Tier, OrderedObject[]> = { routine: [], relation: [], member: [] };
  private readonly drops: Record<Tier, OrderedObject[]> = { routine: [], relation: [], member: [] };
  /** Routines and aggregates that go for good: after the tables that may use them. */
  private readonly lateDrops: OrderedObject[] = [];
  private readonly overloadDrops: OrderedObject[] = [];
  /** True once a routine is created: bodies are then not checked (they may use later objects). */
  routinesCreated = false;

  constructor(
    private readonly emit: Emit,
    private readonly lock: (key: ObjectKey, mode: LockMode) => Lock[],
    /** `schema\0name` of tables and views this plan drops: what hangs on them goes with them. */
    private readonly droppedRelations: ReadonlySet<string>,
    /**
     * `r:schema\0name` of relations and types this plan creates or creates again: a routine whose
     * signature uses one waits.
     */
    private readonly createdRelations: ReadonlySet<string>,
    /** `f:schema\0name` of routines this plan creates. */
    private readonly createdRoutines: ReadonlySet<string>,
  ) {}

  plan(change: CodeObjectChange): void {
    const inPlace = change.action === 'alter' && replacesInPlace(change);
    if (change.action === 'alter' && change.rebuild === undefined && change.changed.length === 0) return;
    if (change.action === 'drop' || (change.action === 'alter' && !inPlace)) this.drop(change);
    if (change.action === 'create' || (change.action === 'alter' && !inPlace)) {
      this.create(change);
      this.describeObject(change, change.after?.description !== undefined);
      return;
    }
    if (change.action === 'alter') {
      this.alter(change);
      this.describeObject(change, change.changed.includes('description'));
    }
  }

  /** Emits the ordered creations and drops; call once every change is planned. */
  finish(): void {
    // Members (triggers, policies, rules) go first: they hang on the relations dropped after them.
    // Relations and routines then go in reverse dependency order: a view before the function it
    // calls, a function before the table its signature returns.
    const dropOrder = [
      ...orderByDependencies(this.drops.member).reverse(),
      ...orderByDependencies([...this.drops.relation, ...this.drops.routine]).reverse(),
    ];
    for (const item of dropOrder)
      for (const s of item.statements) this.emit(Phase.DropCode, s.sql, s.what, s.flags);
    for (const item of orderByDependencies(this.lateDrops).reverse())
      for (const s of item.statements) this.emit(Phase.DropRoutines, s.sql, s.what, s.flags);
    for (const item of orderByDependencies(this.overloadDrops).reverse())
      for (const s of item.statements) this.emit(Phase.DropOverloads, s.sql, s.what, s.flags);
    // Materialized views are filled once everything their queries may call exists.
    const creates = orderByDependencies(CREATE_TIERS.flatMap((tier) => this.creates[tier]));
    for (const item of creates)
      for (const s of item.statements) if (s.late !== true) this.emit(Phase.Code, s.sql, s.what, s.flags);
    // Those whose queries call no function, directly or through the views they read, first: a
    // function body may read another (unseen).
    const providers = new Map(creates.flatMap((item) => item.provides.map((name) => [name, item] as const)));
    const seen = new Map<OrderedObject, boolean>();
    const calls = (item: OrderedObject): boolean => {
      const known = seen.get(item);
      if (known !== undefined) return known;
      seen.set(item, false);
      const result = [...item.dependsOn].some((d) => {
        if (d.startsWith('f:')) return true;
        const provider = providers.get(d);
        return provider !== undefined && calls(provider);
      });
      seen.set(item, result);
      return result;
    };
    for (const item of [...creates.filter((i) => !calls(i)), ...creates.filter(calls)])
      for (const s of item.statements) if (s.late === true) this.emit(Phase.Code, s.sql, s.what, s.flags);
  }

  private ordered(
    list: OrderedObject[],
    provides: string[],
    sql: string[],
    what: string,
    flags: HazardFlags = {},
    dependsOnSql = sql.join('\n'),
  ): void {
    list.push({
      provides,
      dependsOn: dependencies(dependsOnSql),
      statements: sql.map((s) => ({ sql: s, what, flags })),
    });
  }

  private usesDropped(sql: string): boolean {
    return [...dependencies(sql)].some((d) => d.startsWith('r:') && this.droppedRelations.has(d.slice(2)));
  }

  private on(key: ObjectKey): string {
    return quoteQualified(key.schema, key.table ?? '');
  }

  private dropped(key: ObjectKey): boolean {
    return this.droppedRelations.has(`${key.schema}\0${key.table ?? ''}`);
  }

  private routineParts(change: CodeObjectChange & { kind: 'function' | 'procedure' }, routine: Routine) {
    const types = identityTypes(change.kind, routine.arguments);
    const name = routineName(change.key.name, types) ?? change.key.name;
    const keyword = change.kind === 'function' ? 'FUNCTION' : 'PROCEDURE';
    return { name, keyword, signature: routineSignature(change.key.schema, name, types) };
  }

  private aggregateParts(key: ObjectKey, aggregate: Aggregate) {
    const name = aggregateName(key.name, aggregate);
    return { name, signature: `${quoteQualified(key.schema, name)}(${aggregateIdentity(aggregate)})` };
  }

  private drop(change: CodeObjectChange): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    const gone = { backwardIncompatible: true };
    const before = change.before;
    if (before === undefined) return;
    const replaced = change.action === 'alter';
    switch (change.kind) {
      case 'view':
      case 'materializedView': {
        const keyword = change.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW';
        this.ordered(
          this.drops.relation,
          [relationName(schema, name)],
          [`DROP ${keyword} ${qualified};`],
          what,
          { ...gone, locks: [{ mode: 'ACCESS EXCLUSIVE', on: `${schema}.${name}` }] },
          (before as View).definition,
        );
        return;
      }
      case 'function':
      case 'procedure': {
        const { keyword, signature, name: routine } = this.routineParts(change, before as Routine);
        const definition = renderCreateRoutine(change.kind, schema, routine, before as Routine);
        // A routine that stays is dropped early (its dependents are rebuilt), as is one whose
        // signature uses a relation or type that goes; others late, once nothing uses them.
        // An overload of the same name is created: calls must not become ambiguous meanwhile.
        const overloaded = this.createdRoutines.has(routineRef(schema, routine));
        const list =
          replaced || this.usesDropped(definition)
            ? this.drops.routine
            : overloaded
              ? this.overloadDrops
              : this.lateDrops;
        this.ordered(
          list,
          [routineRef(schema, routine)],
          [`DROP ${keyword} ${signature};`],
          what,
          gone,
          definition,
        );
        return;
      }
      case 'aggregate': {
        const parts = this.aggregateParts(change.key, before as Aggregate);
        const definition = renderCreateAggregate(schema, parts.name, before as Aggregate);
        const list = replaced || this.usesDropped(definition) ? this.drops.routine : this.lateDrops;
        this.ordered(
          list,
          [routineRef(schema, parts.name)],
          [`DROP AGGREGATE ${parts.signature};`],
          what,
          gone,
          definition,
        );
        return;
      }
      case 'trigger':
      case 'policy':
      case 'rule': {
        // It goes with its relation, unless it uses another relation or routine that goes first.
        const definition = renderRelationMember(
          change.kind,
          schema,
          change.key.table ?? '',
          before as Trigger,
        );
        const own = relationName(schema, change.key.table ?? '');
        const usesOthers = [...dependencies(definition)].some((d) => d !== own);
        if (this.dropped(change.key) && !usesOthers) return;
        const keyword = change.kind.toUpperCase();
        this.ordered(
          this.drops.member,
          [],
          [`DROP ${keyword} ${quoteIdent(name)} ON ${this.on(change.key)};`],
          what,
          { ...gone, locks: this.lock(change.key, 'ACCESS EXCLUSIVE') },
          '',
        );
        return;
      }
      case 'eventTrigger':
        this.ordered(this.drops.member, [], [`DROP EVENT TRIGGER ${quoteIdent(name)};`], what, gone, '');
        return;
      case 'statistics':
        this.ordered(this.drops.member, [], [`DROP STATISTICS ${qualified};`], what, {}, '');
        return;
      case 'compositeType':
      case 'rangeType':
        return this.emit(
          replaced ? Phase.DropCode : Phase.DropCompositeTypes,
          `DROP TYPE ${qualified};`,
          what,
          gone,
        );
      case 'collation':
        return this.emit(
          replaced ? Phase.DropCode : Phase.DropTypes,
          `DROP COLLATION ${qualified};`,
          what,
          gone,
        );
      case 'textSearchDictionary':
        return this.emit(
          replaced ? Phase.DropCode : Phase.DropTypes,
          `DROP TEXT SEARCH DICTIONARY ${qualified};`,
          what,
          gone,
        );
      case 'textSearchConfiguration':
        // Before the dictionaries it maps to.
        return this.emit(Phase.DropCode, `DROP TEXT SEARCH CONFIGURATION ${qualified};`, what, gone);
    }
  }

  private create(change: CodeObjectChange): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const after = change.after;
    if (after === undefined) return;
    switch (change.kind) {
      case 'view': {
        this.ordered(
          this.creates.relation,
          [relationName(schema, name)],
          [renderCreateView(schema, name, after as View)],
          what,
        );
        return;
      }
      case 'materializedView': {
        const view = after as MaterializedView;
        const naming = namingOf({});
        const statements = [
          renderCreateMaterializedView(schema, name, view),
          ...(view.indexes ?? []).map((index) =>
            renderCreateIndex(indexName(naming, schema, name, { columns: [] }, index), schema, name, index),
          ),
        ];
        this.ordered(this.creates.relation, [relationName(schema, name)], statements, what);
        for (const sql of renderRefreshMaterializedView(schema, name, view)) {
          this.creates.relation.at(-1)?.statements.push({
            sql,
            what,
            flags: { scan: true, locks: [{ mode: 'ACCESS EXCLUSIVE', on: `${schema}.${name}` }] },
            late: true,
          });
        }
        for (const index of view.indexes ?? []) {
          const indexQualified = quoteQualified(
            schema,
            indexName(naming, schema, name, { columns: [] }, index),
          );
          for (const sql of renderComment(`INDEX ${indexQualified}`, index.description))
            this.emit(Phase.Comments, sql, what);
        }
        return;
      }
      case 'function':
      case 'procedure': {
        const routine = after as Routine;
        const { name: routineNameOnly } = this.routineParts(change, routine);
        const sql = renderCreateRoutine(change.kind, schema, routineNameOnly, routine);
        this.createRoutine(change, routine, sql, routineNameOnly);
        return;
      }
      case 'aggregate': {
        const parts = this.aggregateParts(change.key, after as Aggregate);
        this.ordered(
          this.creates.routine,
          [routineRef(schema, parts.name)],
          [renderCreateAggregate(schema, parts.name, after as Aggregate)],
          what,
        );
        return;
      }
      case 'trigger':
        this.ordered(
          this.creates.member,
          [],
          renderCreateTrigger(schema, change.key.table ?? '', after as Trigger),
          what,
          { locks: this.lock(change.key, 'SHARE ROW EXCLUSIVE') },
        );
        return;
      case 'policy':
        this.ordered(
          this.creates.member,
          [],
          [renderCreatePolicy(schema, change.key.table ?? '', after as Policy)],
          what,
          { locks: this.lock(change.key, 'ACCESS EXCLUSIVE') },
        );
        return;
      case 'rule':
        this.ordered(
          this.creates.member,
          [],
          renderRule(schema, change.key.table ?? '', after as Rule),
          what,
          {
            locks: this.lock(change.key, 'ACCESS EXCLUSIVE'),
          },
        );
        return;
      case 'eventTrigger':
        this.ordered(this.creates.member, [], renderCreateEventTrigger(name, after as EventTrigger), what);
        return;
      case 'statistics': {
        const statistics = after as Statistics;
        this.ordered(this.creates.member, [], renderCreateStatistics(schema, name, statistics), what, {
          locks: [
            { mode: 'SHARE UPDATE EXCLUSIVE', on: `${statistics.tableSchema ?? schema}.${statistics.table}` },
          ],
        });
        return;
      }
      case 'compositeType':
        return this.emit(
          Phase.Domains,
          renderCreateCompositeType(schema, name, after as CompositeType),
          what,
        );
      case 'rangeType':
        return this.emit(Phase.Domains, renderCreateRangeType(schema, name, after as RangeType), what);
      case 'collation':
        return this.emit(Phase.Types, renderCreateCollation(schema, name, after as Collation), what);
      case 'textSearchDictionary':
        return this.emit(
          Phase.Types,
          renderCreateTextSearchDictionary(schema, name, after as TextSearchDictionary),
          what,
        );
      case 'textSearchConfiguration':
        for (const sql of renderCreateTextSearchConfiguration(schema, name, after as TextSearchConfiguration))
          this.emit(Phase.Types, sql, what);
        return;
    }
  }

  /** Routines with string bodies before tables (they may be defaults); SQL-standard bodies in order. */
  private createRoutine(change: CodeObjectChange, routine: Routine, sql: string, name: string): void {
    const what = describe(change);
    const signatureUsesNewRelation = [...dependencies(sql)].some((d) => this.createdRelations.has(d));
    if (routine.sqlBody === undefined && !signatureUsesNewRelation) {
      this.routinesCreated = true;
      this.emit(Phase.Routines, sql, what);
    } else this.ordered(this.creates.routine, [routineRef(change.key.schema, name)], [sql], what);
  }

  private alter(change: CodeObjectChange): void {
    const what = describe(change);
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    const changed = new Set(change.changed);
    switch (change.kind) {
      case 'view': {
        const before = change.before as View;
        const after = change.after as View;
        if (changed.has('definition')) {
          const sql = renderCreateView(schema, name, after).replace(/^CREATE VIEW/, 'CREATE OR REPLACE VIEW');
          this.ordered(this.creates.relation, [relationName(schema, name)], [sql], what, {
            locks: [{ mode: 'ACCESS EXCLUSIVE', on: `${schema}.${name}` }],
          });
          return;
        }
        this.alterOptions(
          `VIEW ${qualified}`,
          viewOptionsWithCheck(before),
          viewOptionsWithCheck(after),
          what,
          `${schema}.${name}`,
        );
        return;
      }
      case 'materializedView': {
        const before = change.before as MaterializedView;
        const after = change.after as MaterializedView;
        this.alterOptions(
          `MATERIALIZED VIEW ${qualified}`,
          before.with ?? {},
          after.with ?? {},
          what,
          `${schema}.${name}`,
        );
        if (changed.has('indexes')) this.commentIndexes(change.key, before, after, what);
        return;
      }
      case 'function':
      case 'procedure': {
        if (changed.size === 1 && changed.has('description')) return;
        const routine = change.after as Routine;
        const { name: routineNameOnly } = this.routineParts(change, routine);
        const sql = renderCreateRoutine(change.kind, schema, routineNameOnly, routine).replace(
          /^CREATE (FUNCTION|PROCEDURE)/,
          'CREATE OR REPLACE $1',
        );
        this.createRoutine(change, routine, sql, routineNameOnly);
        return;
      }
      case 'trigger':
        return this.alterTrigger(
          change.key,
          change.before as Trigger,
          change.after as Trigger,
          changed,
          what,
        );
      case 'policy':
        return this.alterPolicy(change.key, change.before as Policy, change.after as Policy, changed, what);
      case 'rule': {
        const rule = change.after as Rule;
        const statements: string[] = [];
        if (changed.has('definition')) {
          const [create = ''] = renderRule(change.key.schema, change.key.table ?? '', rule);
          statements.push(create.replace(/^CREATE RULE/i, 'CREATE OR REPLACE RULE'));
        }
        // ALTER TABLE reaches a view's rules too.
        if (changed.has('definition') || changed.has('enabled'))
          statements.push(
            `ALTER TABLE ${this.on(change.key)} ${ENABLE[rule.enabled ?? 'origin']} RULE ${quoteIdent(change.key.name)};`,
          );
        if (statements.length === 0) return;
        this.ordered(this.creates.member, [], statements, what, {
          locks: this.lock(change.key, 'ACCESS EXCLUSIVE'),
        });
        return;
      }
      case 'eventTrigger': {
        const after = change.after as EventTrigger;
        if (changed.has('enabled'))
          this.emit(
            Phase.Code,
            `ALTER EVENT TRIGGER ${quoteIdent(name)} ${ENABLE[after.enabled ?? 'origin']};`,
            what,
          );
        return;
      }
      case 'statistics': {
        const after = change.after as Statistics;
        if (changed.has('statisticsTarget'))
          this.emit(
            Phase.Code,
            `ALTER STATISTICS ${qualified} SET STATISTICS ${after.statisticsTarget ?? -1};`,
            what,
          );
        return;
      }
      case 'compositeType':
        return this.alterCompositeType(
          change.key,
          change.before as CompositeType,
          change.after as CompositeType,
          what,
        );
      default:
        return;
    }
  }

  /** COMMENT ON INDEX for each index of a materialized view whose description alone changed. */
  private commentIndexes(key: ObjectKey, before: MaterializedView, after: MaterializedView, what: string) {
    const naming = namingOf({});
    (after.indexes ?? []).forEach((index, i) => {
      if (before.indexes?.[i]?.description === index.description) return;
      const name = indexName(naming, key.schema, key.name, { columns: [] }, index);
      const target = `INDEX ${quoteQualified(key.schema, name)}`;
      this.emit(
        Phase.Comments,
        renderComment(target, index.description)[0] ?? `COMMENT ON ${target} IS NULL;`,
        what,
      );
    });
  }

  private alterOptions(
    target: string,
    before: Record<string, string | number | boolean>,
    after: Record<string, string | number | boolean>,
    what: string,
    on: string,
  ): void {
    const locks: Lock[] = [{ mode: 'ACCESS EXCLUSIVE', on }];
    const removed = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
    if (removed.length > 0)
      this.emit(Phase.Code, `ALTER ${target} RESET (${removed.map(quoteIdent).join(', ')});`, what, {
        locks,
      });
    const set = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
    if (Object.keys(set).length > 0)
      this.emit(
        Phase.Code,
        `ALTER ${target} SET ${renderStorageParameters(set).replace(/^WITH /, '')};`,
        what,
        { locks },
      );
  }

  private alterTrigger(
    key: ObjectKey,
    before: Trigger,
    after: Trigger,
    changed: Set<string>,
    what: string,
  ): void {
    const on = this.on(key);
    const enable = `ALTER TABLE ${on} ${ENABLE[after.enabled ?? 'origin']} TRIGGER ${quoteIdent(key.name)};`;
    const locks = this.lock(key, 'SHARE ROW EXCLUSIVE');
    const definition = [...changed].some((p) => p !== 'description' && p !== 'enabled');
    if (definition) {
      // CREATE OR REPLACE TRIGGER (PostgreSQL 14) keeps the trigger; constraint triggers cannot use it.
      const statements = renderCreateTrigger(key.schema, key.table ?? '', after);
      const replace = (statements[0] ?? '').replace(/^CREATE TRIGGER/, 'CREATE OR REPLACE TRIGGER');
      const list = [replace, ...(changed.has('enabled') ? [enable] : [])];
      this.ordered(this.creates.member, [], list, what, { locks });
      return;
    }
    if (changed.has('enabled')) this.ordered(this.creates.member, [], [enable], what, { locks });
    void before;
  }

  private alterPolicy(
    key: ObjectKey,
    before: Policy,
    after: Policy,
    changed: Set<string>,
    what: string,
  ): void {
    const parts: string[] = [];
    if (changed.has('roles'))
      parts.push(
        `TO ${(after.roles ?? ['public']).map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ')}`,
      );
    if (changed.has('using') && after.using !== undefined) parts.push(`USING (${after.using})`);
    if (changed.has('withCheck') && after.withCheck !== undefined)
      parts.push(`WITH CHECK (${after.withCheck})`);
    if (parts.length === 0) return;
    const sql = `ALTER POLICY ${quoteIdent(key.name)} ON ${this.on(key)}\n  ${parts.join('\n  ')};`;
    this.ordered(this.creates.member, [], [sql], what, {
      locks: this.lock(key, 'ACCESS EXCLUSIVE'),
      backwardIncompatible: true,
    });
    void before;
  }

  private alterCompositeType(
    key: ObjectKey,
    before: CompositeType,
    after: CompositeType,
    what: string,
  ): void {
    const type = quoteQualified(key.schema, key.name);
    const old = new Map(before.attributes.map((a) => [a.name, a]));
    const now = new Map(after.attributes.map((a) => [a.name, a]));
    const clauses: string[] = [];
    for (const attribute of before.attributes)
      if (!now.has(attribute.name)) clauses.push(`DROP ATTRIBUTE ${quoteIdent(attribute.name)}`);
    for (const attribute of after.attributes) {
      const previous = old.get(attribute.name);
      const typeText = readType(
        attribute.type,
        () => `${key.schema}.${key.name}.${attribute.name}`,
      ).canonical;
      const collate =
        attribute.collation === undefined ? '' : ` COLLATE ${renderCollation(attribute.collation)}`;
      if (previous === undefined)
        clauses.push(`ADD ATTRIBUTE ${quoteIdent(attribute.name)} ${typeText}${collate}`);
      else if (previous.type !== attribute.type || previous.collation !== attribute.collation)
        clauses.push(`ALTER ATTRIBUTE ${quoteIdent(attribute.name)} TYPE ${typeText}${collate}`);
    }
    if (clauses.length > 0)
      this.emit(Phase.Types, `ALTER TYPE ${type}\n  ${clauses.join(',\n  ')};`, what, {
        backwardIncompatible: true,
      });
    for (const attribute of after.attributes) {
      if (old.get(attribute.name)?.description === attribute.description) continue;
      const target = `COLUMN ${type}.${quoteIdent(attribute.name)}`;
      const sql = renderComment(target, attribute.description)[0] ?? `COMMENT ON ${target} IS NULL;`;
      this.emit(Phase.Comments, sql, what);
    }
  }

  /** COMMENT ON the object: when created or created again (`always`), or when its description changed. */
  private describeObject(change: CodeObjectChange, needed: boolean): void {
    if (!needed) return;
    const target = this.commentTarget(change);
    if (target === undefined) return;
    const description = change.after?.description;
    const what = describe(change);
    if (change.kind === 'compositeType' && change.action !== 'alter') {
      const { schema, name } = change.key;
      for (const sql of renderCompositeTypeComments(schema, name, change.after as CompositeType))
        this.emit(Phase.Comments, sql, what);
      return;
    }
    this.emit(Phase.Comments, renderComment(target, description)[0] ?? `COMMENT ON ${target} IS NULL;`, what);
  }

  private commentTarget(change: CodeObjectChange): string | undefined {
    const { schema, name } = change.key;
    const qualified = quoteQualified(schema, name);
    const value = change.after ?? change.before;
    switch (change.kind) {
      case 'view':
        return `VIEW ${qualified}`;
      case 'materializedView':
        return `MATERIALIZED VIEW ${qualified}`;
      case 'function':
      case 'procedure': {
        const { keyword, signature } = this.routineParts(change, value as Routine);
        return `${keyword} ${signature}`;
      }
      case 'aggregate':
        return `AGGREGATE ${this.aggregateParts(change.key, value as Aggregate).signature}`;
      case 'trigger':
      case 'policy':
      case 'rule':
        return `${change.kind.toUpperCase()} ${quoteIdent(name)} ON ${this.on(change.key)}`;
      case 'eventTrigger':
        return `EVENT TRIGGER ${quoteIdent(name)}`;
      case 'compositeType':
      case 'rangeType':
        return `TYPE ${qualified}`;
      case 'collation':
        return `COLLATION ${qualified}`;
      case 'statistics':
        return `STATISTICS ${qualified}`;
      case 'textSearchDictionary':
        return `TEXT SEARCH DICTIONARY ${qualified}`;
      case 'textSearchConfiguration':
        return `TEXT SEARCH CONFIGURATION ${qualified}`;
    }
  }
}
