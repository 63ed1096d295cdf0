// English plural and singular of the last word of a table name, for the naming rules. Deliberately
// small: regular endings, the common irregular nouns, and words that have no plural.
const IRREGULAR: Readonly<Record<string, string>> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  goose: 'geese',
  tooth: 'teeth',
  foot: 'feet',
  datum: 'data',
  medium: 'media',
  criterion: 'criteria',
  index: 'indices',
  matrix: 'matrices',
  vertex: 'vertices',
  analysis: 'analyses',
  status: 'statuses',
};
const SINGULAR_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(IRREGULAR).map(([one, many]) => [many, one]),
);
const UNCOUNTABLE = new Set([
  'data',
  'metadata',
  'information',
  'news',
  'series',
  'species',
  'equipment',
  'feedback',
  'staff',
  'software',
  'hardware',
  'inventory',
  'money',
  'sheep',
  'fish',
  'media',
  'audio',
  'settings',
  'history',
  'log',
  'audit',
]);

/** The last word of a snake_case name. */
export function lastWord(name: string): string {
  const parts = name.split('_');
  return parts[parts.length - 1] ?? name;
}

export function isUncountable(word: string): boolean {
  return UNCOUNTABLE.has(word);
}

export function isPlural(word: string): boolean {
  if (UNCOUNTABLE.has(word) || word in SINGULAR_OF) return true;
  if (word in IRREGULAR) return false;
  return /[^su]s$/.test(word) || /(ss|x|z|ch|sh)es$/.test(word) || /ies$/.test(word);
}

export function pluralize(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function singularize(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = SINGULAR_OF[word];
  if (irregular !== undefined) return irregular;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The name with its last word changed. */
export function withLastWord(name: string, word: string): string {
  const at = name.lastIndexOf('_');
  return at === -1 ? word : `${name.slice(0, at + 1)}${word}`;
}
