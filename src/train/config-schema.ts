// Validation of a TrainConfig: one schema node per field, errors that name the field, the value and what is
// allowed, and the merge preset ← file ← overrides with the cross-field rules. Platform-free.
import { showValue as show } from "../io/show-value.js";
import {
  BIMT_SCHEDULE,
  formatGeometry,
  hiddenCount,
  MAX_HIDDEN,
  PRESETS,
  REGULARIZERS,
  SWAP_MODES,
  type Geometry,
  type TrainConfig,
} from "./config.js";
import { CONFIG_SUITE_NAMES } from "../tasks/registry.js";
import { PERFORMANCE_RULES } from "../tasks/evaluate.js";
import { MAX_TRIAL_POOL, STREAM_MODES } from "../tasks/generate.js";
import { INITS } from "./init.js";
import { ACTIVATIONS } from "../model/types.js";
import { BUILD_CHOICES } from "../engine/kernels.js";
import { DISTANCE_METRICS, pointsIssue } from "../model/geometry.js";

/** A bad configuration value: `field` is a dotted path (or a flag name), `allowed` says what would be accepted. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    message?: string,
  ) {
    super(message ?? `${field}: ${value === undefined ? "missing" : show(value)} — ${allowed}`);
    this.name = "ConfigError";
  }
}

// ---- the schema: one node per field; groups merge key by key, leaves are replaced whole ----

/** A leaf; `optional` ones may be absent even from a complete config. */
type Leaf = { allowed: string; numeric?: true; optional?: true; parse(v: unknown, path: string): unknown };
type Node = Leaf | { fields: Record<string, Node> };
type Fields<T> = { [K in keyof T]-?: Node };

const isGroup = (n: Node): n is { fields: Record<string, Node> } => "fields" in n;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function leaf(allowed: string, ok: (v: unknown) => boolean, numeric?: true): Leaf {
  return {
    allowed,
    numeric,
    parse: (v, path) => {
      if (!ok(v)) throw new ConfigError(path, v, allowed);
      return v;
    },
  };
}
function choice(...values: string[]): Leaf {
  return leaf(`allowed: ${values.join(", ")}`, (v) => values.includes(v as string));
}
function int(min: number, max = Number.MAX_SAFE_INTEGER): Leaf {
  const text =
    max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`;
  return leaf(text, (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max, true);
}
function num(op: "> 0" | "≥ 0", note = ""): Leaf {
  const ok = (v: unknown) => typeof v === "number" && Number.isFinite(v) && (op === "> 0" ? v > 0 : v >= 0);
  return leaf(`must be a finite number ${op}${note}`, ok, true);
}
const bool = leaf("must be true or false", (v) => typeof v === "boolean");

/** Rejects keys outside `allowed`, suggesting the nearest one. */
function rejectUnknown(o: Record<string, unknown>, allowed: string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const near = nearestName(k, allowed);
    const hint = near === undefined ? "" : `; did you mean ${JSON.stringify(join(path, near))}?`;
    const list = `allowed: ${allowed.join(", ")}`;
    throw new ConfigError(join(path, k), o[k], list, `unknown field ${JSON.stringify(join(path, k))} (${list}${hint})`);
  }
}

/** The allowed word closest to `word` (case-insensitive optimal-string-alignment distance), if close enough. */
export function nearestName(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined,
    bestD = Infinity;
  for (const c of allowed) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** An object with exactly the given fields (all required), each checked by its leaf. */
function strictObject(
  v: unknown,
  path: string,
  allowed: string,
  fields: Record<string, Leaf>,
): Record<string, unknown> {
  if (!isRecord(v)) throw new ConfigError(path, v, allowed);
  rejectUnknown(v, Object.keys(fields), path);
  const out: Record<string, unknown> = {};
  for (const [k, l] of Object.entries(fields)) out[k] = l.parse(own(v, k), join(path, k));
  return out;
}

const GEOMETRY = `must be {"kind":"grid","rows":R,"cols":C}, {"kind":"line","n":N}, {"kind":"lattice","x":X,"y":Y,"z":Z,"metric":"l1"|"euclidean"} or {"kind":"points","d":1|2|3,"coords":[…],"metric":"l1"|"euclidean"} with 2 to ${MAX_HIDDEN} hidden neurons`;
const geometry: Leaf = {
  allowed: GEOMETRY,
  parse(v, path) {
    if (!isRecord(v)) throw new ConfigError(path, v, GEOMETRY);
    const kind = choice("grid", "line", "lattice", "points").parse(own(v, "kind"), join(path, "kind"));
    if (kind === "line") return strictObject(v, path, GEOMETRY, { kind: choice("line"), n: int(2, MAX_HIDDEN) });
    if (kind === "lattice") {
      const g = strictObject(v, path, GEOMETRY, {
        kind: choice("lattice"),
        x: int(1),
        y: int(1),
        z: int(1),
        metric: choice(...DISTANCE_METRICS),
      }) as Geometry;
      const n = hiddenCount(g);
      if (n < 2 || n > MAX_HIDDEN) throw new ConfigError(path, v, `x·y·z = ${n}, must be from 2 to ${MAX_HIDDEN}`);
      return g;
    }
    if (kind === "points") {
      const p = strictObject(v, path, GEOMETRY, {
        kind: choice("points"),
        d: int(1, 3),
        coords: leaf("must be a list of n·d finite numbers", Array.isArray),
        metric: choice(...DISTANCE_METRICS),
      }) as Extract<Geometry, { kind: "points" }>;
      const issue = pointsIssue(p.coords, p.d, p.metric);
      if (issue) throw new ConfigError(join(path, issue.field), issue.value, issue.allowed);
      return { kind: "points", d: p.d, coords: [...p.coords], metric: p.metric };
    }
    const g = strictObject(v, path, GEOMETRY, { kind: choice("grid"), rows: int(1), cols: int(1) }) as Geometry;
    const n = hiddenCount(g);
    if (n < 2 || n > MAX_HIDDEN) throw new ConfigError(path, v, `rows·cols = ${n}, must be from 2 to ${MAX_HIDDEN}`);
    return g;
  },
};

const TASKS = "must be null (all tasks) or a list of ≥ 2 distinct non-empty task names";
const tasks: Leaf = {
  allowed: TASKS,
  parse(v, path) {
    if (v === null) return null;
    const ok =
      Array.isArray(v) &&
      v.length >= 2 &&
      v.every((t) => typeof t === "string" && t !== "") &&
      new Set(v).size === v.length;
    if (!ok) throw new ConfigError(path, v, TASKS);
    return [...v];
  },
};

const SCHEDULE = `must be "bimt", {"kind":"constant"} or {"kind":"phases","at":[…],"factor":[…]}`;
const AT = "must be a non-empty list of increasing fractions in (0, 1)";
const numbers = (ok: (x: number) => boolean, text: string) =>
  leaf(text, (xs) => Array.isArray(xs) && xs.length >= 1 && xs.every((x) => typeof x === "number" && ok(x)));
const lambdaSchedule: Leaf = {
  allowed: SCHEDULE,
  parse(v, path) {
    if (v === "bimt") return { kind: "phases", at: [...BIMT_SCHEDULE.at], factor: [...BIMT_SCHEDULE.factor] };
    if (!isRecord(v)) throw new ConfigError(path, v, SCHEDULE);
    const kind = choice("constant", "phases").parse(own(v, "kind"), join(path, "kind"));
    if (kind === "constant") return strictObject(v, path, SCHEDULE, { kind: choice("constant") });
    const s = strictObject(v, path, SCHEDULE, {
      kind: choice("phases"),
      at: numbers((x) => x > 0 && x < 1, AT),
      factor: numbers((x) => x > 0 && Number.isFinite(x), "must be a non-empty list of finite numbers > 0"),
    }) as { at: number[]; factor: number[] };
    if (!s.at.every((x, i) => i === 0 || x > s.at[i - 1])) throw new ConfigError(join(path, "at"), s.at, AT);
    if (s.factor.length !== s.at.length)
      throw new ConfigError(join(path, "factor"), s.factor, `must have one factor per entry of at (${s.at.length})`);
    return { kind: "phases", at: [...s.at], factor: [...s.factor] };
  },
};

const DALE = `must be {"excitatory": fraction in [0, 1], "readout": true|false}`;
const dale: Leaf = {
  allowed: DALE,
  optional: true,
  parse(v, path) {
    return strictObject(v, path, DALE, {
      excitatory: leaf("must be a number in [0, 1]", (x) => typeof x === "number" && x >= 0 && x <= 1, true),
      readout: bool,
    });
  },
};

const COST = `must be the non-empty name of the user-supplied connection cost (with reg "custom" only)`;
const every = int(1);
const SCHEMA: Fields<TrainConfig> = {
  suite: choice(...CONFIG_SUITE_NAMES),
  tasks,
  geometry,
  activation: choice(...ACTIVATIONS),
  alpha: {
    ...leaf("must be a number in (0, 1] (1 = no leak)", (v) => typeof v === "number" && v > 0 && v <= 1, true),
    optional: true,
  },
  dale,
  init: { ...choice(...INITS), optional: true },
  sernnEvery: { ...int(1), optional: true },
  steps: int(1),
  batch: int(1, 4096),
  window: int(1, 10000),
  lr: num("> 0"),
  clip: num("≥ 0", " (0 = no clipping)"),
  reg: choice(...REGULARIZERS),
  cost: { ...leaf(COST, (v) => v === undefined || (typeof v === "string" && v.trim() !== "")), optional: true },
  lambda: num("≥ 0"),
  A: num("≥ 0"),
  lambdaSchedule,
  swap: {
    fields: {
      every,
      mode: choice(...SWAP_MODES),
      topK: int(1),
      maxSwaps: int(1),
      permuteMoments: bool,
      threshold: { ...num("≥ 0", " (a swap is taken when Δ < −threshold)"), optional: true },
    } satisfies Fields<TrainConfig["swap"]>,
  },
  noise: { fields: { recurrent: num("≥ 0"), input: bool } satisfies Fields<TrainConfig["noise"]> },
  stream: choice(...STREAM_MODES),
  trialPool: { ...int(0, MAX_TRIAL_POOL), optional: true },
  eval: { fields: { every, trials: int(1), rule: choice(...PERFORMANCE_RULES) } satisfies Fields<TrainConfig["eval"]> },
  log: { fields: { every } satisfies Fields<TrainConfig["log"]> },
  checkpoint: { fields: { every } satisfies Fields<TrainConfig["checkpoint"]> },
  seed: int(0, 2 ** 32 - 1),
  threads: int(0, 256),
  build: choice(...BUILD_CHOICES),
};

/**
 * Reads one layer of a group. With a base, the layer is partial and merges into it (recording the paths it gave);
 * without one, every field is required.
 */
function readGroup(
  raw: unknown,
  fields: Record<string, Node>,
  path: string,
  base: Record<string, unknown> | null,
  given: Set<string>,
): Record<string, unknown> {
  if (!isRecord(raw)) throw new ConfigError(path || "config", raw, "must be a JSON object of config fields");
  rejectUnknown(raw, Object.keys(fields), path);
  const out: Record<string, unknown> = base ? { ...base } : {};
  for (const [key, node] of Object.entries(fields)) {
    const p = join(path, key);
    if (!Object.hasOwn(raw, key)) {
      if (base || (!isGroup(node) && node.optional)) continue;
      throw new ConfigError(p, undefined, isGroup(node) ? "must be an object" : node.allowed);
    }
    if (isGroup(node))
      out[key] = readGroup(raw[key], node.fields, p, base ? (base[key] as Record<string, unknown>) : null, given);
    else {
      out[key] = node.parse(raw[key], p);
      given.add(p);
    }
  }
  return out;
}

/** Cross-field rules on the merged value. Defaults that were not given bend to the explicit choices; given values must agree. */
function crossCheck(c: TrainConfig, given: (path: string) => boolean): TrainConfig {
  if (c.suite === "custom" && c.tasks === null) {
    throw new ConfigError(
      "tasks",
      null,
      `suite "custom" requires the task names of the user-defined suite, in rule order (customSuiteFields(suite) gives suite and tasks)`,
    );
  }
  if (c.reg === "none" && c.lambda !== 0) {
    if (given("lambda"))
      throw new ConfigError(
        "lambda",
        c.lambda,
        `reg "none" requires lambda 0 (drop lambda, or use reg "l1" or "bimt")`,
      );
    c.lambda = 0;
  }
  if (c.reg === "l1" && c.A !== 0) {
    if (given("A")) throw new ConfigError("A", c.A, `reg "l1" forces A = 0 (drop A, or use reg "bimt" for A > 0)`);
    c.A = 0;
  }
  if (c.reg === "sernn" && c.A !== 0) {
    if (given("A")) throw new ConfigError("A", c.A, `reg "sernn" forces A = 0 (its distances weigh |W| through C)`);
    c.A = 0;
  }
  if (c.reg === "bimt" && c.A === 0)
    throw new ConfigError("A", c.A, `reg "bimt" requires A > 0 (use reg "l1" for A = 0)`);
  if (c.reg === "custom") {
    if (c.cost === undefined)
      throw new ConfigError(
        "cost",
        c.cost,
        `reg "custom" requires cost: the name of a user-supplied connection cost (passed to the Trainer in code)`,
      );
    if (c.A !== 0) {
      if (given("A"))
        throw new ConfigError("A", c.A, `reg "custom" forces A = 0 (the cost carries its own parameters)`);
      c.A = 0;
    }
  } else if (c.cost !== undefined) {
    throw new ConfigError("cost", c.cost, `only allowed with reg "custom" (reg is ${JSON.stringify(c.reg)})`);
  }
  const h = hiddenCount(c.geometry);
  if (c.swap.topK > h) {
    if (given("swap.topK"))
      throw new ConfigError(
        "swap.topK",
        c.swap.topK,
        `must be ≤ the ${h} hidden neurons of ${formatGeometry(c.geometry)}`,
      );
    c.swap.topK = h;
  }
  return c;
}

/** A complete configuration (e.g. a run's saved config.json): every field required, unknown keys rejected. */
export function validateConfig(raw: unknown): TrainConfig {
  return crossCheck(readGroup(raw, SCHEMA, "", null, new Set()) as unknown as TrainConfig, () => true);
}

/** The layers of resolveConfig: a preset name, then partial configs merged over it in order. */
export interface ConfigLayers {
  /** "paper" (default) or "quick". */
  preset?: string;
  /** A partial config, e.g. a parsed JSON file. Errors in it are reported under the name "file". */
  file?: unknown;
  /** A second partial config merged after `file` (the command line's flags, a form's fields). */
  overrides?: unknown;
}

/**
 * The effective configuration: the preset (default "paper"), deep-merged with `file` (a partial config; groups
 * merge key by key, other values are replaced), then with `overrides`; then the cross-field rules. Defaults that
 * neither layer gave bend to the explicit choices. Returns a fresh plain object; throws ConfigError.
 */
export function resolveConfig(layers: ConfigLayers): TrainConfig {
  const name = layers.preset ?? "paper";
  if (!Object.hasOwn(PRESETS, name))
    throw new ConfigError("preset", name, `allowed: ${Object.keys(PRESETS).join(", ")}`);
  const preset = PRESETS[name as keyof typeof PRESETS];
  const given = new Set<string>();
  let c = JSON.parse(JSON.stringify(preset)) as Record<string, unknown>;
  if (layers.file !== undefined) {
    if (!isRecord(layers.file)) throw new ConfigError("file", layers.file, "must be a JSON object of config fields");
    c = readGroup(layers.file, SCHEMA, "", c, given);
  }
  if (layers.overrides !== undefined) {
    if (!isRecord(layers.overrides))
      throw new ConfigError("overrides", layers.overrides, "must be an object of config fields");
    c = readGroup(layers.overrides, SCHEMA, "", c, given);
  }
  // A fresh copy: nothing shared with the layers or the presets.
  return crossCheck(JSON.parse(JSON.stringify(c)) as TrainConfig, (p) => given.has(p));
}
