// Runs the model rules over a model (design review).
import type { Locate } from '../../model/model-path.ts';
import type { Model } from '../../model/model-schema.ts';
import type { Finding, LintSettings } from '../rule.ts';

export interface ModelLintInput {
  /** The model as read (patterns not yet expanded). */
  model: Model;
  /** File positions of model paths, when the model came from files. */
  locate?: Locate;
}

export function lintModel(input: ModelLintInput, settings: LintSettings): Finding[] {
  void input;
  void settings;
  throw new Error('lintModel: not built yet');
}
