// evaluate(): per-task accuracy of a trained model on its suite, noise-free by default.
import type { Engine } from "../engine/api.js";
import { PERFORMANCE_RULES, type PerformanceRule } from "../tasks/evaluate.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { Trainer, type Evaluation } from "../train/trainer.js";
import type { Suite } from "../tasks/spec.js";
import type { SuiteName } from "../tasks/registry.js";
import { withEngine, type EngineFactory } from "./engine-scope.js";
import { checkModel, checkObject, checkOptionalEngine, checkOptionalInt } from "./check.js";
import { ArgumentError } from "./errors.js";

/** Options of evaluate(). */
export interface EvaluateOptions {
  /** Evaluate on this engine (it stays open); default: a fresh one, closed after. */
  engine?: Engine;
  /** Trials per task (default: the run's config.eval.trials). */
  trials?: number;
  /** "last-step" (default: the class at a trial's last step) or "popvec" (Yang et al.'s population-vector rule). */
  rule?: PerformanceRule;
  /** Add the tasks' input noise and the training's recurrent noise (default false). */
  noisy?: boolean;
}

export function checkEvaluateArgs(
  model: unknown,
  suite: unknown,
  o: unknown,
): asserts o is EvaluateOptions | undefined {
  checkModel("model", model);
  const isObject = typeof suite === "object" && suite !== null;
  if (suite !== undefined && !isObject && suite !== model.config.suite) {
    throw new ArgumentError(
      "suite",
      suite,
      `must be the model's own suite ${JSON.stringify(model.config.suite)}, a user-defined Suite for a "custom" model, or omitted`,
    );
  }
  if (o === undefined) return;
  checkObject("options", o);
  checkOptionalEngine("options.engine", o.engine);
  checkOptionalInt("options.trials", o.trials, 1, 1_000_000);
  if (o.rule !== undefined && !(PERFORMANCE_RULES as readonly unknown[]).includes(o.rule)) {
    throw new ArgumentError("options.rule", o.rule, `allowed: ${PERFORMANCE_RULES.join(", ")}`);
  }
  if (o.noisy !== undefined && typeof o.noisy !== "boolean")
    throw new ArgumentError("options.noisy", o.noisy, "must be true or false");
}

/** evaluate() on the entry's engine factory: checks the arguments, then runs on the given engine or a fresh one. */
export async function evaluateWith(
  make: EngineFactory,
  model: LoadedModel,
  suite?: SuiteName | Suite,
  options?: EvaluateOptions,
): Promise<Evaluation> {
  checkEvaluateArgs(model, suite, options);
  const o = options ?? {};
  const given = typeof suite === "object" ? suite : undefined;
  return withEngine(o.engine, make, {}, (e) => evaluateOn(e, model, o, given));
}

/** Per-task accuracy of `model` on `engine`. */
export function evaluateOn(engine: Engine, model: LoadedModel, o: EvaluateOptions = {}, suite?: Suite): Evaluation {
  const trainer = new Trainer(engine, model.config, { suite });
  try {
    trainer.useModel(model);
    return trainer.evaluate({ trials: o.trials, rule: o.rule, noisy: o.noisy });
  } finally {
    trainer.dispose();
  }
}
