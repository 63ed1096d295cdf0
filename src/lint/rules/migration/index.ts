// Every migration-safety rule, in code order.
import type { MigrationRule } from '../../rule.ts';

export const MIGRATION_RULES: readonly MigrationRule[] = [];
