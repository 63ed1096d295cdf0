// Types that commonly used extensions create, so a model that declares the extension may use them.
// Extensions missing from this table are unknown: a model declaring one may use any type name.

export const EXTENSION_TYPES: Readonly<Record<string, readonly string[]>> = {
  btree_gin: [],
  btree_gist: ['gbtreekey4', 'gbtreekey8', 'gbtreekey16', 'gbtreekey32', 'gbtreekey_var'],
  citext: ['citext'],
  cube: ['cube'],
  earthdistance: ['earth'],
  fuzzystrmatch: [],
  hstore: ['hstore'],
  intarray: ['query_int'],
  isn: ['ean13', 'isbn', 'isbn13', 'ismn', 'ismn13', 'issn', 'issn13', 'upc'],
  lo: ['lo'],
  ltree: ['ltree', 'lquery', 'ltxtquery'],
  pg_stat_statements: [],
  pg_trgm: ['gtrgm'],
  pgcrypto: [],
  plpgsql: [],
  postgis: ['geometry', 'geography', 'box2d', 'box3d', 'geometry_dump', 'valid_detail'],
  postgis_raster: ['raster'],
  seg: ['seg'],
  tablefunc: [],
  unaccent: [],
  'uuid-ossp': [],
  vector: ['vector', 'halfvec', 'sparsevec'],
};
