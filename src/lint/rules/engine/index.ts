// The rules of the lint engine itself: about inline suppressions, in model files and SQL files alike.
// Their findings come from the engine (suppressions.ts), not from a check over the model; they are
// model rules only in form, so their examples are model files.
import type { ModelRule } from '../../rule.ts';
import { suppressionWithoutReason } from './suppression-without-reason.ts';
import { unusedSuppression } from './unused-suppression.ts';

export const ENGINE_RULES: readonly ModelRule[] = [suppressionWithoutReason, unusedSuppression];

export const SUPPRESSION_WITHOUT_REASON = suppressionWithoutReason;
export const UNUSED_SUPPRESSION = unusedSuppression;
