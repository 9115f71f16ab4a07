// Suites by name (yang20, modcog, modcog-all) and task subsets of them; unknown names fail with the valid ones.
import { sernnMazeSuite } from "./sernn-maze.js";
import { CUSTOM_SUITE, CustomSuiteError } from "./custom.js";
import { MODCOG_ALL_NAMES, MODCOG_NAMES, modcogSuite } from "./modcog.js";
import { makeSuite, type Suite } from "./spec.js";
import { YANG20, YANG20_NAMES } from "./yang20.js";

/** The built-in suites, loadable by name. */
export const SUITE_NAMES = ["yang20", "modcog", "modcog-all", "sernn-maze"] as const;
/** The name of a built-in suite. */
export type SuiteName = (typeof SUITE_NAMES)[number];
/** What a run's config may name: a built-in suite, or "custom" (a user-defined suite supplied as an object). */
export const CONFIG_SUITE_NAMES = [...SUITE_NAMES, CUSTOM_SUITE] as const;

/** A suite or task name that does not exist; `valid` lists what is allowed. */
export class UnknownNameError extends Error {
  constructor(
    readonly kind: "suite" | "task",
    readonly unknown: string,
    readonly valid: readonly string[],
    context = "",
  ) {
    super(`unknown ${kind} ${JSON.stringify(unknown)}${context}; valid ${kind}s: ${valid.join(", ")}`);
    this.name = "UnknownNameError";
  }
}

/** True if `name` is a built-in suite. */
export function isSuiteName(name: string): name is SuiteName {
  return (SUITE_NAMES as readonly string[]).includes(name);
}

/** The task names of a suite in canonical (rule one-hot) order. */
export function suiteTaskNames(name: string): readonly string[] {
  if (name === CUSTOM_SUITE) {
    throw new CustomSuiteError(
      "missing",
      `suite "custom" is defined in code, not by name: supply the Suite object (defineSuite) to the Trainer or runTraining (option suite)`,
    );
  }
  switch (name) {
    case "yang20":
      return YANG20_NAMES;
    case "modcog":
      return MODCOG_NAMES;
    case "modcog-all":
      return MODCOG_ALL_NAMES;
    case "sernn-maze":
      return ["maze"];
    default:
      throw new UnknownNameError("suite", name, SUITE_NAMES);
  }
}

/** Options of loadSuite. */
export interface LoadOptions {
  /** The run's seed; Mod-Cog freezes its match-task delays from it (docs/spec.md §6.2). Default 0. */
  seed?: number;
  /** A subset of the suite's tasks (kept in the suite's canonical order; the rule block shrinks to it). */
  tasks?: readonly string[] | null;
}

/** Load a built-in suite, or a subset of it (named e.g. "yang20:go,dms"). "custom" throws CustomSuiteError. */
export function loadSuite(name: string, opts: LoadOptions = {}): Suite {
  const names = suiteTaskNames(name);
  const full =
    name === "yang20"
      ? YANG20
      : name === "sernn-maze"
        ? sernnMazeSuite()
        : modcogSuite(opts.seed ?? 0, name === "modcog-all");
  if (!opts.tasks) return full;
  if (opts.tasks.length === 0) throw new Error(`tasks: the subset of ${name} is empty; give at least one task name`);
  const wanted = new Set<string>();
  for (const t of opts.tasks) {
    if (!names.includes(t)) throw new UnknownNameError("task", t, names, ` in suite ${name}`);
    if (wanted.has(t)) throw new Error(`tasks: ${JSON.stringify(t)} is listed twice`);
    wanted.add(t);
  }
  if (wanted.size === names.length) return full;
  const tasks = full.tasks.filter((t) => wanted.has(t.name));
  return makeSuite(`${name}:${tasks.map((t) => t.name).join(",")}`, tasks, full.nOutput, {
    taskChannels: full.nTaskChannels,
    ruleInputs: full.ruleInputs,
  });
}

/** Index of a task in a suite, or an UnknownNameError listing the suite's tasks. */
export function taskIndex(suite: Suite, task: string): number {
  const i = suite.tasks.findIndex((t) => t.name === task);
  if (i < 0)
    throw new UnknownNameError(
      "task",
      task,
      suite.tasks.map((t) => t.name),
      ` in suite ${suite.name}`,
    );
  return i;
}

/** A suite's name, task names (rule one-hot order) and input/output sizes. */
export interface SuiteInfo {
  name: string;
  tasks: string[];
  nInput: number;
  nOutput: number;
}

/** Name, task names, nInput and nOutput of every built-in suite (Mod-Cog sizes do not depend on the seed). */
export function listSuites(): SuiteInfo[] {
  return SUITE_NAMES.map((name) => {
    const s = loadSuite(name);
    return { name, tasks: s.tasks.map((t) => t.name), nInput: s.nInput, nOutput: s.nOutput };
  });
}
