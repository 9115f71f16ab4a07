// User-defined suites: any list of TaskSpecs (built-in ones, e.g. loadSuite("yang20").tasks.filter(…), and the
// user's own), checked, with the rule one-hot block sized to the list; and the error for a run whose suite is missing.
import { makeSuite, type Suite, type TaskSpec } from "./spec.js";
import { MAX_OUTPUT, TaskSpecError, validateSuite } from "./validate.js";

/** What a config records for a user-defined suite: suite "custom", with the task names (rule order) in `tasks`. */
export const CUSTOM_SUITE = "custom";

/** Options of defineSuite. */
export interface DefineSuiteOptions {
  /** Readout classes: 0 = fixate, 1…16 = ring directions. From 2 to 17; default 17 (as every built-in suite). */
  nOutput?: number;
  /** Trials drawn per task by the validation (default 32). */
  validationTrials?: number;
  /**
   * Task channels before the rule units (default 33: fixation + two rings of 16, the neurogym layout). A task of
   * your own layout (fewer or more channels) writes them with its plan's `channels`; ring stimuli need all 33.
   */
  taskChannels?: number;
  /** Rule units, one per task (default true); false for a suite whose tasks need none (e.g. a single task). */
  ruleInputs?: boolean;
}

/**
 * A suite of the given tasks in the given order: rule one-hot unit i is tasks[i] (nInput = 33 + tasks.length).
 * Every task is checked with validateTaskSpec (names unique, periods, labels in 0…nOutput − 1, …) and a problem
 * throws TaskSpecError before anything trains. Built-in TaskSpecs keep their behaviour: the training stream and
 * the evaluation trials of a task depend only on the task list, the seed and the task's name.
 */
export function defineSuite(name: string, tasks: readonly TaskSpec[], opts: DefineSuiteOptions = {}): Suite {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TaskSpecError(
      "(suite)",
      "name",
      name,
      "allowed: a non-empty string",
      `defineSuite: name is ${JSON.stringify(name)} — allowed: a non-empty string`,
    );
  }
  if (!Array.isArray(tasks)) {
    throw new TaskSpecError(
      JSON.stringify(name),
      "tasks",
      tasks,
      "allowed: a list of TaskSpecs",
      `defineSuite ${JSON.stringify(name)}: tasks is not a list — allowed: a non-empty list of TaskSpecs`,
    );
  }
  const suite = makeSuite(name, [...tasks], opts.nOutput ?? MAX_OUTPUT, {
    taskChannels: opts.taskChannels,
    ruleInputs: opts.ruleInputs,
  });
  validateSuite(suite, { trials: opts.validationTrials });
  return suite;
}

/**
 * A run recorded with suite "custom" cannot find its tasks by name: the same Suite object must be supplied again
 * (Trainer option `suite`, runTraining option `suite`). `reason`: "missing" (none supplied), "mismatch" (its task
 * names, order or sizes differ from the run's), "not-custom" (a suite was supplied for a run of a built-in suite).
 */
export class CustomSuiteError extends Error {
  constructor(
    readonly reason: "missing" | "mismatch" | "not-custom",
    message: string,
  ) {
    super(message);
    this.name = "CustomSuiteError";
  }
}
