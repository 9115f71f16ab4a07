// The demo's settings: what the page's form holds, their defaults, reading them from the form's raw strings, and
// turning them into a TrainConfig through the same resolveConfig / validateConfig as `gyrus train`. Every mistake
// is a ConfigError naming the form field, the value and what is allowed. Platform-free (unit-tested in Node).
import { ConfigError, resolveConfig, suiteTaskNames, type TrainConfig } from "../browser.js";

const YANG20_NAMES = suiteTaskNames("yang20");

export interface DemoSettings {
  /** A subset of yang20 (≥ 2 tasks). */
  tasks: string[];
  rows: number;
  cols: number;
  /** 0: a rows×cols grid; > 0: a rows×cols×depth lattice (unit spacing, Euclidean; docs/geometry.md). */
  depth: number;
  /** The wiring cost: BIMT, plain L1, or seRNN's communicability cost (docs/wiring-costs.md). */
  reg: "bimt" | "l1" | "sernn";
  lambda: number;
  A: number;
  /** Leak of the hidden units in (0, 1]; 1 = none. */
  alpha: number;
  /** Dale's law: the excitatory fraction, or null for no sign constraints. */
  dale: number | null;
  /** Neuron swap rounds on/off (BIMT's swaps; off = wiring cost only). */
  swaps: boolean;
  seed: number;
  /** Adam steps before the run stops by itself. */
  steps: number;
  build: TrainConfig["build"];
  /** 0 = every core (with shared memory), else the count; the fallback always has 1. */
  threads: number;
}

/** Form fields, in the order the page shows them. */
export const SETTING_FIELDS = [
  "tasks",
  "grid",
  "reg",
  "lambda",
  "A",
  "swaps",
  "alpha",
  "dale",
  "seed",
  "steps",
  "build",
  "threads",
] as const;
/** The wiring costs the page offers. */
export const DEMO_REGS = ["bimt", "l1", "sernn"] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

/**
 * The default run: 4 tasks on a 10×10 grid with λ = 1e-3 (10× the quick preset's), strong enough that the wiring
 * cost visibly localises the weights and the swaps group neurons within a couple of minutes (docs/demo.md).
 */
export const DEFAULT_SETTINGS: Readonly<DemoSettings> = Object.freeze({
  tasks: ["go", "anti", "dm1", "dms"],
  rows: 10,
  cols: 10,
  depth: 0,
  reg: "bimt",
  lambda: 2e-4,
  A: 1,
  alpha: 1,
  dale: null,
  swaps: true,
  seed: 0,
  steps: 20000,
  build: "auto",
  threads: 0,
});

/** Largest network the page accepts (a 32×32 grid): beyond it drawing and training get too slow for a tab. */
export const MAX_DEMO_NEURONS = 1024;
/** How often the demo evaluates accuracy, with how many trials per task, and how often swap rounds run. */
export const DEMO_EVAL = { every: 200, trials: 32 } as const;
export const SWAP_EVERY = 100;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function number(field: SettingField, raw: string | undefined, allowed: string, ok: (x: number) => boolean): number {
  const s = (raw ?? "").trim();
  const v = NUMBER.test(s) ? Number(s) : NaN;
  if (!ok(v)) throw new ConfigError(field, raw ?? "", allowed);
  return v;
}
const integer = (min: number, max: number) => (x: number) => Number.isSafeInteger(x) && x >= min && x <= max;

/**
 * Settings from the form: `fields` maps grid ("10x10", or "5x5x4" for a lattice), reg, lambda, A, alpha, dale (""
 * = off), seed, steps, build, threads to their raw text, swaps to "on"/"off", and tasks to the checked task names.
 */
export function readSettings(
  fields: Partial<Record<Exclude<SettingField, "tasks">, string>>,
  tasks: readonly string[],
): DemoSettings {
  const grid = /^\s*(\d+)\s*[x×]\s*(\d+)\s*(?:[x×]\s*(\d+)\s*)?$/.exec(fields.grid ?? "");
  if (!grid)
    throw new ConfigError(
      "grid",
      fields.grid ?? "",
      `must be ROWSxCOLS, e.g. "10x10", or a lattice XxYxZ, e.g. "5x5x4"`,
    );
  const reg = (fields.reg ?? "bimt") as DemoSettings["reg"];
  if (!DEMO_REGS.includes(reg)) throw new ConfigError("reg", fields.reg, `allowed: ${DEMO_REGS.join(", ")}`);
  const daleText = (fields.dale ?? "").trim();
  const s: DemoSettings = {
    tasks: [...tasks],
    rows: Number(grid[1]),
    cols: Number(grid[2]),
    depth: grid[3] === undefined ? 0 : Number(grid[3]),
    reg,
    lambda: number("lambda", fields.lambda, "must be a finite number ≥ 0", (x) => Number.isFinite(x) && x >= 0),
    A: number("A", fields.A, "must be a finite number > 0", (x) => Number.isFinite(x) && x > 0),
    alpha: number("alpha", fields.alpha ?? "1", "must be a number in (0, 1] (1 = no leak)", (x) => x > 0 && x <= 1),
    dale:
      daleText === ""
        ? null
        : number("dale", daleText, "must be empty (off) or the excitatory fraction in [0, 1]", (x) => x >= 0 && x <= 1),
    swaps: fields.swaps === "on",
    seed: number("seed", fields.seed, `must be an integer from 0 to ${2 ** 32 - 1}`, integer(0, 2 ** 32 - 1)),
    steps: number("steps", fields.steps, "must be an integer from 1 to 10000000", integer(1, 1e7)),
    build: (fields.build ?? "auto") as DemoSettings["build"],
    threads: number("threads", fields.threads ?? "0", "must be an integer from 0 (all cores) to 256", integer(0, 256)),
  };
  if (!["auto", "portable", "relaxed"].includes(s.build))
    throw new ConfigError("build", fields.build, "allowed: auto, portable, relaxed");
  return checkSettings(s);
}

/** Checks a settings object (from the form or a message): shape, ranges and the demo's limits; returns a copy. */
export function checkSettings(v: unknown): DemoSettings {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ConfigError("settings", v, "must be an object of demo settings");
  const o = v as Record<string, unknown>;
  const known = [
    "tasks",
    "rows",
    "cols",
    "depth",
    "reg",
    "lambda",
    "A",
    "alpha",
    "dale",
    "swaps",
    "seed",
    "steps",
    "build",
    "threads",
  ];
  for (const k of Object.keys(o))
    if (!known.includes(k)) throw new ConfigError(k, o[k], `unknown setting (allowed: ${known.join(", ")})`);
  const int = (k: string, min: number, max: number) => {
    if (!integer(min, max)(o[k] as number))
      throw new ConfigError(
        k === "rows" || k === "cols" ? "grid" : k,
        o[k],
        `must be an integer from ${min} to ${max}`,
      );
    return o[k] as number;
  };
  const tasks = o.tasks;
  if (!Array.isArray(tasks) || tasks.length < 2 || new Set(tasks).size !== tasks.length) {
    throw new ConfigError("tasks", tasks, "choose at least 2 different tasks");
  }
  for (const t of tasks) {
    if (!(YANG20_NAMES as readonly string[]).includes(t as string))
      throw new ConfigError("tasks", t, `not a yang20 task; allowed: ${YANG20_NAMES.join(", ")}`);
  }
  const rows = int("rows", 1, MAX_DEMO_NEURONS),
    cols = int("cols", 1, MAX_DEMO_NEURONS),
    depth = o.depth === undefined ? 0 : int("depth", 0, MAX_DEMO_NEURONS);
  const n = rows * cols * Math.max(depth, 1);
  if (n < 2 || n > MAX_DEMO_NEURONS) {
    throw new ConfigError(
      "grid",
      depth ? `${rows}x${cols}x${depth}` : `${rows}x${cols}`,
      `${depth ? "x·y·z" : "rows·cols"} = ${n}; the demo takes 2 to ${MAX_DEMO_NEURONS} neurons (up to 32x32)`,
    );
  }
  const reg = o.reg ?? "bimt";
  if (!DEMO_REGS.includes(reg as DemoSettings["reg"]))
    throw new ConfigError("reg", reg, `allowed: ${DEMO_REGS.join(", ")}`);
  const alpha = o.alpha ?? 1;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 1))
    throw new ConfigError("alpha", alpha, "must be a number in (0, 1] (1 = no leak)");
  const dale = o.dale ?? null;
  if (dale !== null && (typeof dale !== "number" || !(dale >= 0 && dale <= 1)))
    throw new ConfigError("dale", dale, "must be null (off) or the excitatory fraction in [0, 1]");
  if (typeof o.swaps !== "boolean") throw new ConfigError("swaps", o.swaps, "must be true or false");
  const num = (k: string, ok: (x: number) => boolean, allowed: string) => {
    if (typeof o[k] !== "number" || !ok(o[k] as number)) throw new ConfigError(k, o[k], allowed);
    return o[k] as number;
  };
  const lambda = num("lambda", (x) => Number.isFinite(x) && x >= 0, "must be a finite number ≥ 0");
  const A = num("A", (x) => Number.isFinite(x) && x > 0, "must be a finite number > 0 (BIMT's distance weight)");
  const build = o.build;
  if (!["auto", "portable", "relaxed"].includes(build as string))
    throw new ConfigError("build", build, "allowed: auto, portable, relaxed");
  return {
    tasks: [...(tasks as string[])],
    rows,
    cols,
    depth,
    reg: reg as DemoSettings["reg"],
    lambda,
    A,
    alpha,
    dale,
    swaps: o.swaps,
    seed: int("seed", 0, 2 ** 32 - 1),
    steps: int("steps", 1, 1e7),
    build: build as DemoSettings["build"],
    threads: int("threads", 0, 256),
  };
}

/**
 * The TrainConfig of a demo run: the quick preset (batch 16, window 100, lr 1e-3, clip 1, the paper's noise) with
 * the demo's tasks, grid or lattice, wiring cost, λ, A (BIMT only), leak, Dale's law, seed and steps, swap rounds
 * every SWAP_EVERY steps (or never: `every` beyond the run), and the demo's own evaluation cadence. Validated like
 * `gyrus train`'s.
 */
export function settingsToConfig(s: DemoSettings): TrainConfig {
  const c = checkSettings(s);
  return resolveConfig({
    preset: "quick",
    file: {
      suite: "yang20",
      tasks: c.tasks,
      geometry: c.depth
        ? { kind: "lattice", x: c.rows, y: c.cols, z: c.depth, metric: "euclidean" }
        : { kind: "grid", rows: c.rows, cols: c.cols },
      reg: c.reg,
      lambda: c.lambda,
      ...(c.reg === "bimt" ? { A: c.A } : {}),
      ...(c.alpha !== 1 ? { alpha: c.alpha } : {}),
      ...(c.dale !== null ? { dale: { excitatory: c.dale, readout: false } } : {}),
      seed: c.seed,
      steps: c.steps,
      swap: { every: c.swaps ? SWAP_EVERY : c.steps + 1 },
      eval: { every: DEMO_EVAL.every, trials: DEMO_EVAL.trials },
      log: { every: 10 },
      threads: c.threads,
      build: c.build,
    },
  });
}

/** The form field a ConfigError belongs to (config paths → form fields). */
export function fieldOf(err: ConfigError): SettingField | null {
  const head = err.field.split(".")[0];
  if (head === "geometry" || head === "rows" || head === "cols") return "grid";
  if (head === "swap") return "swaps";
  return (SETTING_FIELDS as readonly string[]).includes(head) ? (head as SettingField) : null;
}
