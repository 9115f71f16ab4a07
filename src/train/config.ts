// The typed configuration of `gyrus train`: defaults and presets (SPEC §6, §9), strict validation whose errors
// name the field, the value and what is allowed, and the merge preset ← JSON file ← command-line flags.
// Platform-free: the caller reads the file and the command line and hands over their contents.

export type Geometry = { kind: "grid"; rows: number; cols: number } | { kind: "line"; n: number };
/** λ multiplied by factor[i] (cumulatively) from step ⌊steps·at[i]⌋ on (SPEC §1.4). */
export type LambdaSchedule = { kind: "constant" } | { kind: "phases"; at: number[]; factor: number[] };

export interface TrainConfig {
  suite: "yang20" | "modcog" | "modcog-all";
  /** Subset of the suite's task names (checked against the suite by the caller); null = all. */
  tasks: string[] | null;
  geometry: Geometry;
  activation: "relu" | "tanh" | "softplus";
  /** Adam steps. */
  steps: number;
  batch: number;
  /** Window length T in steps. */
  window: number;
  lr: number;
  /** Global gradient-norm clip; 0 = no clipping. */
  clip: number;
  reg: "bimt" | "l1" | "none";
  lambda: number;
  A: number;
  lambdaSchedule: LambdaSchedule;
  /** Neuron swaps; they happen only when reg = "bimt". maxSwaps caps the greedy mode. */
  swap: { every: number; mode: "bimt" | "greedy"; topK: number; maxSwaps: number; permuteMoments: boolean };
  /** Recurrent noise std; input = the tasks' own input noise. */
  noise: { recurrent: number; input: boolean };
  stream: "continuous" | "neurogym";
  /** trials = per task. */
  eval: { every: number; trials: number; rule: "last-step" | "popvec" };
  log: { every: number };
  checkpoint: { every: number };
  seed: number;
  /** 0 = all cores. */
  threads: number;
  build: "auto" | "portable" | "relaxed";
}

/** BIMT's three-phase λ schedule: ×10 at 25 %, ×0.1 at 75 %; also accepted as the string "bimt". */
const BIMT_SCHEDULE = { kind: "phases", at: [0.25, 0.75], factor: [10, 0.1] } as const;

/** The paper's run (SPEC §9). */
const PAPER: TrainConfig = {
  suite: "yang20", tasks: null, geometry: { kind: "grid", rows: 20, cols: 20 }, activation: "relu",
  steps: 40000, batch: 16, window: 100, lr: 1e-3, clip: 1,
  reg: "bimt", lambda: 1e-5, A: 1, lambdaSchedule: { kind: "constant" },
  swap: { every: 200, mode: "bimt", topK: 40, maxSwaps: 1000, permuteMoments: true },
  noise: { recurrent: 0.0707, input: true }, // √2·0.05, as everywhere else in gyrus
  stream: "continuous",
  eval: { every: 200, trials: 200, rule: "last-step" },
  log: { every: 50 }, checkpoint: { every: 1000 },
  seed: 0, threads: 0, build: "auto",
};

/**
 * About 7–8 minutes on 2 cores (≈ 19 it/s at 20×20, B 16) with locality already visible: the paper's grid, batch,
 * window and A, a 5th of its steps, and a 10× stronger λ so the wiring cost acts within that budget.
 */
const QUICK: TrainConfig = {
  ...PAPER,
  steps: 8000, lambda: 1e-4,
  swap: { ...PAPER.swap, every: 100 },
  eval: { ...PAPER.eval, every: 1000, trials: 50 },
  log: { every: 50 }, checkpoint: { every: 500 },
};

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

export const PRESETS: Readonly<Record<"quick" | "paper", TrainConfig>> = deepFreeze({ quick: QUICK, paper: PAPER });
export const DEFAULTS: TrainConfig = PRESETS.paper;

/** A bad configuration value: `field` is a dotted path (or a flag name), `allowed` says what would be accepted. */
export class ConfigError extends Error {
  constructor(readonly field: string, readonly value: unknown, readonly allowed: string, message?: string) {
    super(message ?? `${field}: ${value === undefined ? "missing" : show(value)} — ${allowed}`);
    this.name = "ConfigError";
  }
}

/** JSON text of a value for messages, shortened; never throws. */
function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
  } catch {
    s = undefined;
  }
  s ??= String(typeof v === "bigint" ? `${v}n` : typeof v);
  return s.length > 80 ? s.slice(0, 77) + "…" : s;
}

export function hiddenCount(g: Geometry): number {
  return g.kind === "grid" ? g.rows * g.cols : g.n;
}

export function formatGeometry(g: Geometry): string {
  return g.kind === "grid" ? `${g.rows}x${g.cols}` : `line ${g.n}`;
}

// ---- the schema: one node per field; groups merge key by key, leaves are replaced whole ----

type Leaf = { allowed: string; numeric?: true; parse(v: unknown, path: string): unknown };
type Node = Leaf | { fields: Record<string, Node> };
type Fields<T> = { [K in keyof T]-?: Node };

const isGroup = (n: Node): n is { fields: Record<string, Node> } => "fields" in n;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const MAX_HIDDEN = 4096;

function leaf(allowed: string, ok: (v: unknown) => boolean, numeric?: true): Leaf {
  return { allowed, numeric, parse: (v, path) => { if (!ok(v)) throw new ConfigError(path, v, allowed); return v; } };
}
function choice(...values: string[]): Leaf {
  return leaf(`allowed: ${values.join(", ")}`, (v) => values.includes(v as string));
}
function int(min: number, max = Number.MAX_SAFE_INTEGER): Leaf {
  const text = max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`;
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
    const near = nearest(k, allowed);
    const hint = near === undefined ? "" : `; did you mean ${JSON.stringify(join(path, near))}?`;
    const list = `allowed: ${allowed.join(", ")}`;
    throw new ConfigError(join(path, k), o[k], list, `unknown field ${JSON.stringify(join(path, k))} (${list}${hint})`);
  }
}

/** The allowed word closest to `word` (case-insensitive optimal-string-alignment distance), if close enough. */
function nearest(word: string, allowed: string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const c of allowed) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** An object with exactly the given fields (all required), each checked by its leaf. */
function strictObject(v: unknown, path: string, allowed: string, fields: Record<string, Leaf>): Record<string, unknown> {
  if (!isRecord(v)) throw new ConfigError(path, v, allowed);
  rejectUnknown(v, Object.keys(fields), path);
  const out: Record<string, unknown> = {};
  for (const [k, l] of Object.entries(fields)) out[k] = l.parse(own(v, k), join(path, k));
  return out;
}

const GEOMETRY = `must be {"kind":"grid","rows":R,"cols":C} or {"kind":"line","n":N} with 2 to ${MAX_HIDDEN} hidden neurons`;
const geometry: Leaf = {
  allowed: GEOMETRY,
  parse(v, path) {
    if (!isRecord(v)) throw new ConfigError(path, v, GEOMETRY);
    const kind = choice("grid", "line").parse(own(v, "kind"), join(path, "kind"));
    if (kind === "line") return strictObject(v, path, GEOMETRY, { kind: choice("line"), n: int(2, MAX_HIDDEN) });
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
    const ok = Array.isArray(v) && v.length >= 2 && v.every((t) => typeof t === "string" && t !== "") && new Set(v).size === v.length;
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
    if (s.factor.length !== s.at.length) throw new ConfigError(join(path, "factor"), s.factor, `must have one factor per entry of at (${s.at.length})`);
    return { kind: "phases", at: [...s.at], factor: [...s.factor] };
  },
};

const every = int(1);
const SCHEMA: Fields<TrainConfig> = {
  suite: choice("yang20", "modcog", "modcog-all"),
  tasks,
  geometry,
  activation: choice("relu", "tanh", "softplus"),
  steps: int(1),
  batch: int(1, 4096),
  window: int(1, 10000),
  lr: num("> 0"),
  clip: num("≥ 0", " (0 = no clipping)"),
  reg: choice("bimt", "l1", "none"),
  lambda: num("≥ 0"),
  A: num("≥ 0"),
  lambdaSchedule,
  swap: { fields: { every, mode: choice("bimt", "greedy"), topK: int(1), maxSwaps: int(1), permuteMoments: bool } satisfies Fields<TrainConfig["swap"]> },
  noise: { fields: { recurrent: num("≥ 0"), input: bool } satisfies Fields<TrainConfig["noise"]> },
  stream: choice("continuous", "neurogym"),
  eval: { fields: { every, trials: int(1), rule: choice("last-step", "popvec") } satisfies Fields<TrainConfig["eval"]> },
  log: { fields: { every } satisfies Fields<TrainConfig["log"]> },
  checkpoint: { fields: { every } satisfies Fields<TrainConfig["checkpoint"]> },
  seed: int(0, 2 ** 32 - 1),
  threads: int(0, 256),
  build: choice("auto", "portable", "relaxed"),
};

/**
 * Reads one layer of a group. With a base, the layer is partial and merges into it (recording the paths it gave);
 * without one, every field is required.
 */
function readGroup(raw: unknown, fields: Record<string, Node>, path: string, base: Record<string, unknown> | null, given: Set<string>): Record<string, unknown> {
  if (!isRecord(raw)) throw new ConfigError(path || "config", raw, "must be a JSON object of config fields");
  rejectUnknown(raw, Object.keys(fields), path);
  const out: Record<string, unknown> = base ? { ...base } : {};
  for (const [key, node] of Object.entries(fields)) {
    const p = join(path, key);
    if (!Object.hasOwn(raw, key)) {
      if (base) continue;
      throw new ConfigError(p, undefined, isGroup(node) ? "must be an object" : node.allowed);
    }
    if (isGroup(node)) out[key] = readGroup(raw[key], node.fields, p, base ? (base[key] as Record<string, unknown>) : null, given);
    else {
      out[key] = node.parse(raw[key], p);
      given.add(p);
    }
  }
  return out;
}

/** Cross-field rules on the merged value. Defaults that were not given bend to the explicit choices; given values must agree. */
function crossCheck(c: TrainConfig, given: (path: string) => boolean): TrainConfig {
  if (c.reg === "none" && c.lambda !== 0) {
    if (given("lambda")) throw new ConfigError("lambda", c.lambda, `reg "none" requires lambda 0 (drop lambda, or use reg "l1" or "bimt")`);
    c.lambda = 0;
  }
  if (c.reg === "l1" && c.A !== 0) {
    if (given("A")) throw new ConfigError("A", c.A, `reg "l1" forces A = 0 (drop A, or use reg "bimt" for A > 0)`);
    c.A = 0;
  }
  if (c.reg === "bimt" && c.A === 0) throw new ConfigError("A", c.A, `reg "bimt" requires A > 0 (use reg "l1" for A = 0)`);
  const h = hiddenCount(c.geometry);
  if (c.swap.topK > h) {
    if (given("swap.topK")) throw new ConfigError("swap.topK", c.swap.topK, `must be ≤ the ${h} hidden neurons of ${formatGeometry(c.geometry)}`);
    c.swap.topK = h;
  }
  return c;
}

/** A complete configuration (e.g. a run's saved config.json): every field required, unknown keys rejected. */
export function validateConfig(raw: unknown): TrainConfig {
  return crossCheck(readGroup(raw, SCHEMA, "", null, new Set()) as unknown as TrainConfig, () => true);
}

// ---- command-line flags ----

/** The flags resolveConfig understands (without "--"). */
export const CONFIG_FLAGS = ["suite", "tasks", "reg", "lambda", "A", "grid", "line", "steps", "batch", "window", "lr", "threads", "seed", "activation", "build", "eval-every"] as const;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function applyFlags(c: Record<string, unknown>, flags: Record<string, string>, given: Set<string>): void {
  // undefined = not given (handy for callers that pick optional values); keys may keep their leading "--"
  const entries = Object.entries(flags).filter(([, v]) => v !== undefined).map(([k, v]) => [k.replace(/^--/, ""), v] as const);
  const allowed: readonly string[] = CONFIG_FLAGS;
  for (const [k, v] of entries) {
    if (!allowed.includes(k)) {
      const near = nearest(k, [...allowed]);
      const list = `allowed: ${allowed.map((f) => "--" + f).join(", ")}`;
      throw new ConfigError(k, v, list, `unknown flag "--${k}" (${list}${near ? `; did you mean "--${near}"?` : ""})`);
    }
    if (typeof v !== "string") throw new ConfigError(k, v, "must be a string from the command line");
  }
  const f = Object.fromEntries(entries);
  if (f.grid !== undefined && f.line !== undefined) throw new ConfigError("line", f.line, "--grid and --line cannot be combined");
  for (const [k, raw] of Object.entries(f)) {
    if (k === "grid") {
      const m = /^(\d+)x(\d+)$/.exec(raw);
      if (!m) throw new ConfigError("grid", raw, `must be ROWSxCOLS, e.g. "20x20"`);
      const [rows, cols] = [Number(m[1]), Number(m[2])];
      if (rows < 1 || cols < 1) throw new ConfigError("grid", raw, "rows and cols must be integers ≥ 1");
      if (rows * cols < 2 || rows * cols > MAX_HIDDEN) throw new ConfigError("grid", raw, `rows·cols must be from 2 to ${MAX_HIDDEN}`);
      c.geometry = { kind: "grid", rows, cols };
    } else if (k === "line") {
      const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= 2 && n <= MAX_HIDDEN)) throw new ConfigError("line", raw, `must be an integer from 2 to ${MAX_HIDDEN}`);
      c.geometry = { kind: "line", n };
    } else if (k === "eval-every") {
      // The one nested field with a flag: large suites (modcog's 82 tasks) make frequent evaluation costly.
      if (!NUMBER.test(raw)) throw new ConfigError(k, raw, every.allowed);
      c.eval = { ...(c.eval as object), every: every.parse(Number(raw), k) };
    } else if (k === "tasks") {
      c.tasks = raw.trim() === "all" ? null : tasks.parse(raw.split(",").map((t) => t.trim()), "tasks");
    } else {
      const node = SCHEMA[k as keyof TrainConfig] as Leaf;
      if (node.numeric && !NUMBER.test(raw)) throw new ConfigError(k, raw, node.allowed);
      c[k] = node.parse(node.numeric ? Number(raw) : raw, k);
    }
    given.add(k === "grid" || k === "line" ? "geometry" : k === "eval-every" ? "eval.every" : k);
  }
}

/** The layers of resolveConfig: a preset name, the parsed JSON file, the command-line flags (name → raw string). */
export interface ConfigLayers {
  preset?: string;
  file?: unknown;
  flags?: Record<string, string>;
}

/**
 * The effective configuration: the preset (default "paper"), deep-merged with the parsed JSON file (a partial
 * config; groups merge key by key, other values are replaced), then the command-line flags; then the cross-field
 * rules. Returns a fresh plain object; throws ConfigError.
 */
export function resolveConfig(layers: ConfigLayers): TrainConfig {
  const name = layers.preset ?? "paper";
  if (!Object.hasOwn(PRESETS, name)) throw new ConfigError("preset", name, `allowed: ${Object.keys(PRESETS).join(", ")}`);
  const preset = PRESETS[name as keyof typeof PRESETS];
  const given = new Set<string>();
  let c = JSON.parse(JSON.stringify(preset)) as Record<string, unknown>;
  if (layers.file !== undefined) {
    if (!isRecord(layers.file)) throw new ConfigError("file", layers.file, "must be a JSON object of config fields");
    c = readGroup(layers.file, SCHEMA, "", c, given);
  }
  if (layers.flags) applyFlags(c, layers.flags, given);
  // A fresh copy: nothing shared with the layers or the presets.
  return crossCheck(JSON.parse(JSON.stringify(c)) as TrainConfig, (p) => given.has(p));
}
