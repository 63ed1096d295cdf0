// Every model rule (design, naming, documentation, performance, security review), in code order.
import type { ModelRule } from '../../rule.ts';

export const MODEL_RULES: readonly ModelRule[] = [];
