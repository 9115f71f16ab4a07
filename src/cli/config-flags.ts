// `gyrus train`'s configuration flags: each flag's raw string becomes a field of a partial config (the overrides
// layer of resolveConfig), with flag-level syntax (--grid RxC, --line N, --tasks a,b, numbers) checked here and the
// values checked by the schema. Errors name the flag as the user typed it.
import fs from "node:fs";
import {
  ConfigError,
  DISTANCE_METRICS,
  GeometryError,
  MAX_HIDDEN,
  nearestName,
  parsePositions,
  positionFormatOf,
  resolveConfig,
  type DistanceMetric,
  type TrainConfig,
} from "../index.js";

/** The flags resolveCliConfig understands (without "--"). */
export const CONFIG_FLAGS = [
  "suite",
  "tasks",
  "reg",
  "lambda",
  "A",
  "grid",
  "line",
  "lattice",
  "positions",
  "metric",
  "steps",
  "batch",
  "window",
  "lr",
  "threads",
  "seed",
  "activation",
  "alpha",
  "dale",
  "build",
  "eval-every",
  "trial-pool",
  "swap-threshold",
  "sernn-every",
] as const;

/** Flags whose value is text (names, shapes, files); every other flag's value is a number. */
const TEXT_FLAGS = new Set([
  "suite",
  "tasks",
  "reg",
  "grid",
  "line",
  "lattice",
  "positions",
  "metric",
  "activation",
  "dale",
  "build",
]);
const NUMERIC: ReadonlySet<string> = new Set(CONFIG_FLAGS.filter((f) => !TEXT_FLAGS.has(f)));
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Config path → the flag that sets it, where the two names differ. */
const FLAG_OF_PATH: Record<string, string> = {
  "eval.every": "eval-every",
  trialPool: "trial-pool",
  sernnEvery: "sernn-every",
  "swap.threshold": "swap-threshold",
};

/** The partial config a set of flags stands for (name → raw string; keys may keep their leading "--"). */
export function flagsToOverrides(flags: Record<string, string | undefined>): Record<string, unknown> {
  // undefined = not given (handy for callers that pick optional values)
  const entries = Object.entries(flags)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => [k.replace(/^--/, ""), v] as const);
  const allowed: readonly string[] = CONFIG_FLAGS;
  for (const [k, v] of entries) {
    if (!allowed.includes(k)) {
      const near = nearestName(k, allowed);
      const list = `allowed: ${allowed.map((f) => "--" + f).join(", ")}`;
      throw new ConfigError(k, v, list, `unknown flag "--${k}" (${list}${near ? `; did you mean "--${near}"?` : ""})`);
    }
    if (typeof v !== "string") throw new ConfigError(k, v, "must be a string from the command line");
  }
  const f = Object.fromEntries(entries);
  const layouts = ["grid", "line", "lattice", "positions"].filter((k) => f[k] !== undefined);
  if (layouts.length > 1)
    throw new ConfigError(
      layouts[1],
      f[layouts[1]],
      `--${layouts[0]} and --${layouts[1]} cannot be combined (give one of --grid, --line, --lattice, --positions)`,
    );
  if (f.metric !== undefined) {
    if (!DISTANCE_METRICS.includes(f.metric as DistanceMetric))
      throw new ConfigError("metric", f.metric, `allowed: ${DISTANCE_METRICS.join(", ")}`);
    if (f.lattice === undefined && f.positions === undefined)
      throw new ConfigError("metric", f.metric, "goes with --lattice or --positions (a grid and a line use ℓ1)");
  }
  const metric = (f.metric ?? "euclidean") as DistanceMetric;
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(f)) {
    if (k === "grid") {
      const m = /^(\d+)x(\d+)$/.exec(raw);
      if (!m) throw new ConfigError("grid", raw, `must be ROWSxCOLS, e.g. "20x20"`);
      const [rows, cols] = [Number(m[1]), Number(m[2])];
      if (rows < 1 || cols < 1) throw new ConfigError("grid", raw, "rows and cols must be integers ≥ 1");
      if (rows * cols < 2 || rows * cols > MAX_HIDDEN)
        throw new ConfigError("grid", raw, `rows·cols must be from 2 to ${MAX_HIDDEN}`);
      out.geometry = { kind: "grid", rows, cols };
    } else if (k === "lattice") {
      const m = /^(\d+)x(\d+)x(\d+)$/.exec(raw);
      if (!m) throw new ConfigError("lattice", raw, `must be XxYxZ, e.g. "5x5x4"`);
      const [x, y, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (x < 1 || y < 1 || z < 1) throw new ConfigError("lattice", raw, "x, y and z must be integers ≥ 1");
      if (x * y * z < 2 || x * y * z > MAX_HIDDEN)
        throw new ConfigError("lattice", raw, `x·y·z must be from 2 to ${MAX_HIDDEN}`);
      out.geometry = { kind: "lattice", x, y, z, metric };
    } else if (k === "positions") {
      const format = positionFormatOf(raw);
      if (!format) throw new ConfigError("positions", raw, "must be a .json or .csv file (one row per neuron)");
      let text: string;
      try {
        text = fs.readFileSync(raw, "utf8");
      } catch (e) {
        throw new ConfigError("positions", raw, `cannot be read: ${(e as Error).message}`);
      }
      try {
        out.geometry = parsePositions(text, format, metric);
      } catch (e) {
        if (!(e instanceof GeometryError)) throw e;
        throw new ConfigError("positions", raw, e.message);
      }
    } else if (k === "dale") {
      const m = /^([0-9.eE+-]+)(,readout)?$/.exec(raw.trim());
      const excitatory = m ? Number(m[1]) : NaN;
      if (!m || !(excitatory >= 0 && excitatory <= 1))
        throw new ConfigError("dale", raw, `must be the excitatory fraction in [0, 1], e.g. "0.8", or "0.8,readout"`);
      out.dale = { excitatory, readout: m[2] !== undefined };
    } else if (k === "metric") {
      // used by --lattice and --positions above
    } else if (k === "line") {
      const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= 2 && n <= MAX_HIDDEN))
        throw new ConfigError("line", raw, `must be an integer from 2 to ${MAX_HIDDEN}`);
      out.geometry = { kind: "line", n };
    } else if (k === "tasks") {
      out.tasks = raw.trim() === "all" ? null : raw.split(",").map((t) => t.trim());
    } else {
      // A string where a number belongs is rejected by the schema with the field's allowed range.
      const value = NUMERIC.has(k) && NUMBER.test(raw) ? Number(raw) : raw;
      if (k === "eval-every") out.eval = { every: value };
      else if (k === "trial-pool") out.trialPool = value;
      else if (k === "sernn-every") out.sernnEvery = value;
      else if (k === "swap-threshold") out.swap = { threshold: value };
      else out[k] = value;
    }
  }
  return out;
}

/** resolveConfig with the command line's flags as the overrides layer; errors name the flag, not the config path. */
export function resolveCliConfig(layers: {
  preset?: string;
  file?: unknown;
  flags?: Record<string, string | undefined>;
}): TrainConfig {
  const overrides = layers.flags ? flagsToOverrides(layers.flags) : undefined;
  try {
    return resolveConfig({ preset: layers.preset, file: layers.file, overrides });
  } catch (e) {
    const flag = e instanceof ConfigError ? FLAG_OF_PATH[e.field] : undefined;
    if (!flag || !layers.flags || !Object.keys(layers.flags).some((k) => k.replace(/^--/, "") === flag)) throw e;
    const err = e as ConfigError;
    throw new ConfigError(flag, err.value, err.allowed);
  }
}
