import { analyzeModel } from '../../model/analysis.ts';
import { isTextLike } from '../../model/column-types.ts';
import { wordMatcher } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const SECRET = [
  'password',
  'passwd',
  'secret',
  'api_key',
  'private_key',
  'token',
  'refresh_token',
  'access_token',
];
const isSecret = wordMatcher(SECRET);
const isProtected = wordMatcher([
  'hash',
  'hashed',
  'digest',
  'encrypted',
  'enc',
  'cipher',
  'ciphertext',
  'salt',
  'bcrypt',
  'argon2',
  'scrypt',
  'fingerprint',
  'prefix',
  'hint',
  'type',
  'kind',
  'policy',
  'expires',
  'version',
  'length',
]);

export const plaintextSecretColumn: ModelRule = {
  kind: 'model',
  code: 'plaintext-secret-column',
  category: 'security',
  severity: 'error',
  summary: 'Passwords, tokens and secrets are stored hashed (or encrypted), never as plain text.',
  rationale:
    'A text column named password or api_token holds the secret itself: anyone who reads the table, a backup or a log of a query has every account. Store a slow hash (argon2, bcrypt) of passwords and a hash of tokens (look tokens up by their hash), and name the column for what it holds.',
  fix: 'Store a hash in a column named for it (`password_hash text`, `token_hash bytea`), and compare hashes in the application.',
  examples: {
    bad: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: password, type: text, notNull: true, sensitivity: restricted }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: password_hash, type: text, notNull: true, sensitivity: restricted, description: argon2id hash. }
        primaryKey: { columns: [id] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isTextLike(column.baseType) || /_(id|at|count)$/.test(column.name)) continue;
        if (!isSecret(column.name) || isProtected(column.name)) continue;
        context.report({
          message: `column ${column.object} stores a secret as ${column.baseType.canonical} in plain text`,
          path: column.path,
          object: column.object,
          fix: `store a hash instead: rename to ${column.name}_hash (renamedFrom: ${column.name}) and write hashes`,
        });
      }
    }
  },
};
