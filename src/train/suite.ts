// Which suite a run trains on: a built-in one loaded from config.suite/config.tasks, or a user-defined Suite object
// for suite "custom", which must be supplied again (same task names, same sizes) to resume or evaluate the run.
import { CUSTOM_SUITE, CustomSuiteError } from "../tasks/custom.js";
import type { StreamState } from "../tasks/generate.js";
import { loadSuite } from "../tasks/registry.js";
import type { Suite } from "../tasks/spec.js";
import { validateSuite } from "../tasks/validate.js";
import type { TrainConfig } from "./config.js";

/** The config fields that record a user-defined suite: suite "custom" and its task names in rule order. */
export function customSuiteFields(suite: Suite): { suite: typeof CUSTOM_SUITE; tasks: string[] } {
  return { suite: CUSTOM_SUITE, tasks: suite.tasks.map((t) => t.name) };
}

const list = (names: readonly string[]) => `[${names.join(", ")}]`;

/**
 * The run's suite. A built-in config.suite is loaded by name (supplying a suite then is a CustomSuiteError
 * "not-custom"); suite "custom" takes `supplied`, which must exist ("missing") and have exactly config.tasks as
 * its task names in order ("mismatch"), and is checked with validateSuite (TaskSpecError) before any training.
 */
export function suiteForConfig(config: Pick<TrainConfig, "suite" | "tasks" | "seed">, supplied?: Suite): Suite {
  if (config.suite !== CUSTOM_SUITE) {
    if (supplied) {
      throw new CustomSuiteError(
        "not-custom",
        `a Suite (${JSON.stringify(supplied.name)}) was supplied, but config.suite is ${JSON.stringify(config.suite)}: record a user-defined suite as suite "custom" with its task names in tasks (customSuiteFields(suite)), or supply no suite`,
      );
    }
    return loadSuite(config.suite, { seed: config.seed, tasks: config.tasks });
  }
  const want = config.tasks ?? [];
  if (!supplied) {
    throw new CustomSuiteError(
      "missing",
      `this run uses a user-defined suite (suite "custom", tasks ${list(want)}): supply the same Suite object (option suite) to train, resume or evaluate it`,
    );
  }
  const got = supplied.tasks.map((t) => t.name);
  if (got.length !== want.length || got.some((n, i) => n !== want[i])) {
    throw new CustomSuiteError(
      "mismatch",
      `the supplied suite ${JSON.stringify(supplied.name)} has tasks ${list(got)}, but the run was recorded with tasks ${list(want)} (same names in the same order required)`,
    );
  }
  validateSuite(supplied);
  return supplied;
}

/** A checkpoint of a custom-suite run must come from a suite of the same name and sizes as the one supplied. */
export function checkResumedSuite(suite: Suite, saved: { nInput: number; nOutput: number; stream: StreamState }): void {
  if (saved.nInput !== suite.nInput || saved.nOutput !== suite.nOutput) {
    throw new CustomSuiteError(
      "mismatch",
      `the checkpoint has nInput ${saved.nInput}, nOutput ${saved.nOutput}, the supplied suite ${JSON.stringify(suite.name)} ${suite.nInput}, ${suite.nOutput}`,
    );
  }
  if (saved.stream.suite !== suite.name) {
    throw new CustomSuiteError(
      "mismatch",
      `the checkpoint's task stream is of suite ${JSON.stringify(saved.stream.suite)}, the supplied suite is named ${JSON.stringify(suite.name)}`,
    );
  }
}
