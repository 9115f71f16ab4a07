// Continuing a run to another number of steps: the config of the longer run, refused when the change would alter
// steps already trained (a phased λ schedule puts its phase changes at fractions of config.steps), and the metrics
// lines the longer run would have written up to where the shorter one stopped.
import { ConfigError } from "./config-schema.js";
import type { TrainConfig } from "./config.js";
import type { MetricsLine } from "./loop.js";
import { lambdaAt } from "./trainer.js";

/**
 * The config of the run `config` trained to `steps` steps in one go, given that `done` steps are already trained.
 * Refused (ConfigError on "steps") when it is not above `done` or when λ would differ at a step already trained.
 */
export function extendedConfig(config: TrainConfig, steps: number, done: number): TrainConfig {
  if (!Number.isSafeInteger(steps) || steps < 1) throw new ConfigError("steps", steps, "must be an integer ≥ 1");
  if (steps === config.steps) return config;
  if (steps <= done) {
    throw new ConfigError(
      "steps",
      steps,
      `must be more than the ${done} steps the run has already trained (a run cannot be shortened)`,
    );
  }
  const next = { ...config, steps };
  const sch = config.lambdaSchedule;
  if (sch.kind === "phases") {
    for (let s = 1; s <= done; s++) {
      if (lambdaAt(config, s) !== lambdaAt(next, s)) {
        const at = sch.at.map((f) => `${+(100 * f).toFixed(2)}%`).join(", ");
        throw new ConfigError(
          "steps",
          steps,
          `cannot change: the run's λ schedule has phases at ${at} of its steps, so with ${steps} steps λ would differ at step ${s}, already trained with ${config.steps}; train a new run with ${steps} steps instead`,
        );
      }
    }
  }
  return next;
}

/**
 * The metrics lines of the run extended from `oldSteps` (finished there) to more: the line at its last step is
 * kept only if the longer run logs that step on schedule, and then without the evaluation that ran only because it
 * was the last step (the accuracy shown is the latest scheduled evaluation's, as in the longer run).
 */
export function extendedMetrics(
  lines: MetricsLine[],
  config: TrainConfig,
  oldSteps: number,
  lastAccuracy: number | null,
): MetricsLine[] {
  const scheduledEval = oldSteps % config.eval.every === 0;
  const scheduledLog = oldSteps % config.log.every === 0 || scheduledEval;
  const out: MetricsLine[] = [];
  for (const l of lines) {
    if (l.step !== oldSteps) out.push(l);
    else if (scheduledEval) out.push(l);
    else if (scheduledLog) {
      const { tasks: _forced, ...rest } = l;
      out.push({ ...rest, accuracy: lastAccuracy });
    }
  }
  return out;
}
