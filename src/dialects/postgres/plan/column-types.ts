// What changing a column's type costs: whether PostgreSQL needs a USING cast, rewrites the table, or
// may lose data (a narrowing change). Types are compared in their canonical spelling (format_type).

export interface TypeChange {
  /** No assignment cast exists, so the plan says USING column::type. */
  needsUsing: boolean;
  rewrite: boolean;
  /** Values may not fit the new type: data can be lost or the statement fails. */
  narrowing: boolean;
}

interface ParsedType {
  base: string;
  modifiers: number[] | undefined;
  array: boolean;
}

function parse(type: string): ParsedType {
  const match =
    /^([a-z"][a-z ]*?)(?:\(([0-9]+(?:,[0-9]+)?)\))?( with time zone| without time zone)?(\[\])?$/.exec(type);
  if (match === null) return { base: type, modifiers: undefined, array: false };
  return {
    base: `${match[1] ?? ''}${match[3] ?? ''}`,
    modifiers: match[2] === undefined ? undefined : match[2].split(',').map(Number),
    array: match[4] !== undefined,
  };
}

const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };
const STRING_TYPES = new Set(['text', 'character varying', 'character']);
const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

/** The cost of `ALTER COLUMN ... TYPE after` on a column of type `before`. */
export function analyzeTypeChange(before: string, after: string): TypeChange {
  const from = parse(before);
  const to = parse(after);
  if (from.array !== to.array) return { needsUsing: true, rewrite: true, narrowing: true };
  if (from.base === to.base) return sameBase(from, to);
  if (to.base === 'text' || (to.base === 'character varying' && to.modifiers === undefined)) {
    // Strings relabel; anything else converts through its text form without losing anything.
    const binary = STRING_TYPES.has(from.base) && from.base !== 'character';
    return { needsUsing: false, rewrite: !binary, narrowing: false };
  }
  if (STRING_TYPES.has(from.base) && STRING_TYPES.has(to.base)) {
    return { needsUsing: false, rewrite: true, narrowing: true };
  }
  const fromRank = INTEGER_RANK[from.base];
  const toRank = INTEGER_RANK[to.base];
  if (fromRank !== undefined && toRank !== undefined) {
    return { needsUsing: false, rewrite: true, narrowing: toRank < fromRank };
  }
  if (NUMERIC_TYPES.has(from.base) && NUMERIC_TYPES.has(to.base)) {
    const widening =
      (fromRank !== undefined && to.base === 'numeric' && to.modifiers === undefined) ||
      (fromRank !== undefined && fromRank < 3 && to.base === 'double precision') ||
      (from.base === 'real' && to.base === 'double precision');
    return { needsUsing: false, rewrite: true, narrowing: !widening };
  }
  const zones = ['timestamp without time zone', 'timestamp with time zone'];
  if (zones.includes(from.base) && zones.includes(to.base)) {
    return { needsUsing: false, rewrite: true, narrowing: false };
  }
  if (from.base === 'date' && zones.includes(to.base))
    return { needsUsing: false, rewrite: true, narrowing: false };
  return { needsUsing: true, rewrite: true, narrowing: true };
}

function sameBase(from: ParsedType, to: ParsedType): TypeChange {
  const [fromLength, fromScale = 0] = from.modifiers ?? [];
  const [toLength, toScale = 0] = to.modifiers ?? [];
  if (toLength === undefined) {
    // Removing a length limit relabels strings; numeric without precision holds every numeric.
    return {
      needsUsing: false,
      rewrite: !STRING_TYPES.has(from.base) && from.base !== 'numeric',
      narrowing: false,
    };
  }
  if (fromLength === undefined) return { needsUsing: false, rewrite: true, narrowing: true };
  if (from.base === 'numeric') {
    const wider = toScale === fromScale && toLength >= fromLength;
    return {
      needsUsing: false,
      rewrite: !wider,
      narrowing: toScale < fromScale || toLength - toScale < fromLength - fromScale,
    };
  }
  if (from.base === 'character varying') {
    return { needsUsing: false, rewrite: false, narrowing: toLength < fromLength };
  }
  return { needsUsing: false, rewrite: true, narrowing: toLength < fromLength };
}
