// Fields of a model by what PostgreSQL does with them.

/** Properties that only document, or declare renames: they never become SQL. */
export const DOCUMENTATION_FIELDS: ReadonlySet<string> = new Set([
  'renamedFrom',
  'renamedValues',
  'businessRule',
  'rationale',
  'keyRationale',
  'dataOwner',
  'subjectArea',
  'tags',
  'sensitivity',
  'retention',
  'volume',
  'queryPatterns',
]);

/** Fields whose text PostgreSQL evaluates in the schema and stores in its own spelling. */
export const SPELLED_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'default',
  'generated',
  'expression',
  'where',
  'using',
  'withCheck',
  'when',
  'definition',
]);
