// Typed changes between two models: one per object that is created, dropped, altered or renamed.
// Objects are identified by qualified keys in the target model's names (renames come first).
import type {
  Aggregate,
  Collation,
  CompositeType,
  EventTrigger,
  Grant,
  MaterializedView,
  Policy,
  RangeType,
  Revoke,
  Routine,
  Rule,
  Statistics,
  TextSearchConfiguration,
  TextSearchDictionary,
  Trigger,
  View,
  Check,
  Column,
  Domain,
  EnumDef,
  Exclusion,
  Extension,
  ForeignKey,
  Index,
  PrimaryKey,
  Sequence,
  Table,
  Unique,
} from '../model/model-schema.ts';

/** Schema, table (for objects inside a table) and name. */
export interface ObjectKey {
  schema: string;
  table?: string;
  name: string;
}

export type ChangeAction = 'create' | 'drop' | 'alter' | 'rename';

interface ChangeOf<K extends string, T> {
  kind: K;
  action: ChangeAction;
  /** The object's key: in the target model, except for drops (the source model's key). */
  key: ObjectKey;
  /** Renames only: the key the object had before. */
  fromKey?: ObjectKey;
  before?: T;
  after?: T;
  /** Alters only: the properties that differ. */
  changed: string[];
}

/** Schemas carry only their comment here; their objects are changes of their own. */
export interface SchemaProperties {
  description?: string | undefined;
}

/** A column whose type is an enum, with the name it has when enum changes run (after renames). */
export interface EnumColumnUse {
  schema: string;
  table: string;
  column: string;
  /** The column is an array of the enum. */
  array: boolean;
  default?: string;
}

export type SchemaChange = ChangeOf<'schema', SchemaProperties>;
export type ExtensionChange = ChangeOf<'extension', Extension>;
export type EnumChange = ChangeOf<'enum', EnumDef> & {
  /** Columns of the enum in the source model and in the target model, by their target names. */
  usedBy: { before: EnumColumnUse[]; after: EnumColumnUse[] };
};
export type EnumValueChange = ChangeOf<'enumValue', string>;
/** `rebuild`: its checks that call a routine the plan drops and creates again are rebuilt. */
export type DomainChange = ChangeOf<'domain', Domain> &
  Rebuilt & {
    /** A domain whose type or collation changes is replaced: the columns of it, as for an enum. */
    usedBy?: { before: EnumColumnUse[]; after: EnumColumnUse[] };
  };
export type SequenceChange = ChangeOf<'sequence', Sequence>;
/** A created table's `after` holds its columns and in-table constraints; indexes and foreign keys are changes. */
export type TableChange = ChangeOf<'table', Table>;
export type ColumnChange = ChangeOf<'column', Column> & {
  /**
   * A column turned into or out of `serial` whose sequence is a sequence of the model on the other
   * side, under the same name: the sequence is kept (a sequence change alters it), not made or dropped.
   */
  keepsSequence?: boolean;
};
export type PrimaryKeyChange = ChangeOf<'primaryKey', PrimaryKey>;
export type UniqueChange = ChangeOf<'unique', Unique>;
/**
 * Dropped and added again, unchanged or not, because a routine it calls is, or an enum its expressions
 * use is replaced (the reason).
 */
interface Rebuilt {
  rebuild?: string;
  /** The same, for the reverse of the change. */
  rebuildReverse?: string;
}
export type CheckChange = ChangeOf<'check', Check> & Rebuilt;
export type ExclusionChange = ChangeOf<'exclusion', Exclusion> & Rebuilt;
export type ForeignKeyChange = ChangeOf<'foreignKey', ForeignKey> & {
  /** Re-created, unchanged, because something it depends on is (a referenced key, a column type). */
  rebuild?: string;
};
export type IndexChange = ChangeOf<'index', Index> & Rebuilt;

/** The objects beside tables, each keyed by schema and name (routines by signature `name(types)`). */
export interface CodeObjects {
  view: View;
  materializedView: MaterializedView;
  function: Routine;
  procedure: Routine;
  aggregate: Aggregate;
  /** Keyed by schema, table (or view) and name, as are policies and rules. */
  trigger: Trigger;
  policy: Policy;
  rule: Rule;
  /** Database-wide: keyed by name, with schema ''. */
  eventTrigger: EventTrigger;
  compositeType: CompositeType;
  rangeType: RangeType;
  collation: Collation;
  statistics: Statistics;
  textSearchDictionary: TextSearchDictionary;
  textSearchConfiguration: TextSearchConfiguration;
}

export type CodeObjectKind = keyof CodeObjects;

export type CodeObjectChange = {
  [K in CodeObjectKind]: ChangeOf<K, CodeObjects[K]> & {
    /** Dropped and created again, unchanged or not, because something it depends on is (the reason). */
    rebuild?: string;
    /** The same, for the reverse of the change. */
    rebuildReverse?: string;
  };
}[CodeObjectKind];

/** Owner and privileges of one object. */
export interface AccessProperties {
  owner?: string | undefined;
  grants?: Grant[] | undefined;
  revokes?: Revoke[] | undefined;
}

/**
 * The owner and privileges of an object on each side; a side without the object has none (the
 * object is created or dropped there). Keyed by schema and the object as ALTER names it.
 */
export type AccessChange = ChangeOf<'access', AccessProperties> & {
  /**
   * The object as ALTER ... OWNER TO and as GRANT ... ON name it; for default privileges, what starts
   * each statement (`ALTER DEFAULT PRIVILEGES ... `), and a side without the entry grants nothing.
   */
  target: { alter: string; grant: string; prefix?: string };
  /** The plan drops and creates the object again, so its privileges start from the defaults. */
  recreated: boolean;
  /** The same, for the reverse of the change. */
  recreatedReverse: boolean;
  /**
   * The privileges the object has when the plan creates it (in either direction), from the default
   * privileges in force then; absent: PostgreSQL's built-in ones.
   */
  initial?: AccessProperties;
};

export type Change =
  | SchemaChange
  | ExtensionChange
  | EnumChange
  | EnumValueChange
  | DomainChange
  | SequenceChange
  | TableChange
  | ColumnChange
  | PrimaryKeyChange
  | UniqueChange
  | CheckChange
  | ExclusionChange
  | ForeignKeyChange
  | IndexChange
  | CodeObjectChange
  | AccessChange;

export type ChangeKind = Change['kind'];

/** `schema.table.name` for messages. */
export function formatKey(key: ObjectKey): string {
  return [key.schema, key.table, key.name].filter((part) => part !== undefined && part !== '').join('.');
}

/** The change that undoes this one. */
export function reverseChange(change: Change): Change {
  const action: ChangeAction =
    change.action === 'create' ? 'drop' : change.action === 'drop' ? 'create' : change.action;
  const reversed = { ...change, action } as Change & { fromKey?: ObjectKey };
  delete reversed.before;
  delete reversed.after;
  if (change.after !== undefined) reversed.before = change.after as never;
  if (change.before !== undefined) reversed.after = change.before as never;
  if (change.action === 'rename' && change.fromKey !== undefined) {
    reversed.key = change.fromKey;
    reversed.fromKey = change.key;
  }
  if (change.kind !== 'foreignKey' && ('rebuildReverse' in change || 'rebuild' in change)) {
    const code = reversed as CodeObjectChange;
    const { rebuild, rebuildReverse } = change as CodeObjectChange;
    delete code.rebuild;
    delete code.rebuildReverse;
    if (rebuildReverse !== undefined) code.rebuild = rebuildReverse;
    if (rebuild !== undefined) code.rebuildReverse = rebuild;
  }
  if (change.kind === 'access') {
    (reversed as AccessChange).recreated = change.recreatedReverse;
    (reversed as AccessChange).recreatedReverse = change.recreated;
  }
  if ((change.kind === 'enum' || change.kind === 'domain') && change.usedBy !== undefined) {
    (reversed as EnumChange).usedBy = { before: change.usedBy.after, after: change.usedBy.before };
  }
  return reversed;
}

/** Changes that undo a list of changes (the planner orders them). */
export function reverseChanges(changes: readonly Change[]): Change[] {
  return changes.map(reverseChange);
}
