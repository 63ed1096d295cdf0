// What an ER diagram shows, independent of how it is drawn: the entities (tables, views, enums) and
// the relationships between them, with cardinality read from keys and nullability. Every writer
// (Mermaid, DOT, DBML, SVG) and the documentation site draws from this, so they agree.

/** Which end of a relationship: how many rows of this entity one row of the other may meet. */
export type Cardinality = 'exactly-one' | 'zero-or-one' | 'one-or-many' | 'zero-or-many';

export type EntityKind = 'table' | 'view' | 'materialized-view' | 'enum';

export interface DiagramColumn {
  name: string;
  /** The type as the model spells it, e.g. `varchar(255)`, `public.order_status`. */
  type: string;
  primaryKey: boolean;
  /** Part of a foreign key of this table. */
  foreignKey: boolean;
  /** Covered alone by a unique constraint or unique index (without predicate). */
  unique: boolean;
  notNull: boolean;
  description?: string;
}

export interface DiagramEntity {
  /** Stable key, `schema.name`; also the anchor of the entity's docs page. */
  id: string;
  kind: EntityKind;
  schema: string;
  name: string;
  /** The model's `subjectArea`, when it has one. */
  area?: string;
  /** A table of another area that this diagram's tables reference: drawn as a box without columns. */
  stub: boolean;
  /** A table whose rows only link two others (many-to-many), drawn as such. */
  junction: boolean;
  columns: DiagramColumn[];
  /** Enum labels, in order. */
  values?: string[];
  /** Partitions collapsed under their parent: their names, in order. */
  partitions?: string[];
  description?: string;
}

export type RelationshipKind = 'foreign-key' | 'view-dependency' | 'enum-use';

export interface DiagramRelationship {
  /** Stable key: the constraint's qualified name for a foreign key, `from->to` otherwise. */
  id: string;
  kind: RelationshipKind;
  /** The referencing entity (the table holding the foreign key; the view; the table using the enum). */
  from: string;
  /** The referenced entity. */
  to: string;
  fromColumns: string[];
  toColumns: string[];
  /** The constraint's name for a foreign key. */
  name?: string;
  /** Rows of `from` per row of `to` (foreign keys only). */
  fromCardinality?: Cardinality;
  /** Rows of `to` per row of `from` (foreign keys only). */
  toCardinality?: Cardinality;
}

export interface Diagram {
  /** `overview`, or the area's name. */
  title: string;
  /** The area this diagram shows; absent for the overview. */
  area?: string;
  entities: DiagramEntity[];
  relationships: DiagramRelationship[];
  /** Things a reader should know, e.g. that the overview was split by area to stay under a limit. */
  notes: string[];
}
