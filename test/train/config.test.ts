// The training configuration: presets, one rejected value per field (table-driven), unknown keys, strict flags,
// layer precedence, the reg/λ/A cross rules, the λ schedule shorthand, and "only ConfigError" under random input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULTS, PRESETS, formatGeometry, hiddenCount, type TrainConfig } from "../../src/train/config.js";
import { ConfigError, validateConfig } from "../../src/train/config-schema.js";
// The CLI's resolver: resolveConfig with the flags as its overrides layer, so one table covers files and flags.
import { CONFIG_FLAGS, resolveCliConfig as resolveConfig } from "../../src/cli/config-flags.js";

type ConfigLayers = Parameters<typeof resolveConfig>[0];

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Dotted paths of every leaf of an object (arrays and null count as leaves). */
function leafPaths(o: unknown, prefix = ""): string[] {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
function setPath(o: Json, path: string, value: unknown): Json {
  const keys = path.split(".");
  let at = o;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  at[keys[keys.length - 1]] = value;
  return o;
}
function deletePath(o: Json, path: string): Json {
  const keys = path.split(".");
  let at = o;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  delete at[keys[keys.length - 1]];
  return o;
}

/** Runs f and returns the ConfigError it throws (failing if it throws anything else or nothing). */
function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError, got none");
}
function expectError(f: () => unknown, message: string, field?: string): ConfigError {
  const e = configError(f);
  expect(e.message).toBe(message);
  if (field !== undefined) expect(e.field).toBe(field);
  return e;
}

const ALL_FIELDS =
  "suite, tasks, geometry, activation, alpha, dale, init, sernnEvery, steps, batch, window, lr, clip, reg, cost, lambda, A, lambdaSchedule, swap, noise, stream, trialPool, eval, log, checkpoint, seed, threads, build";
const TASKS = "must be null (all tasks) or a list of ≥ 2 distinct non-empty task names";

/** For every leaf of DEFAULTS: bad values and the exact message each one gives. */
const BAD: Record<string, [unknown, string][]> = {
  suite: [
    ["yang19", 'suite: "yang19" — allowed: yang20, modcog, modcog-all, sernn-maze, custom'],
    [null, "suite: null — allowed: yang20, modcog, modcog-all, sernn-maze, custom"],
  ],
  tasks: [
    [["go"], `tasks: ["go"] — ${TASKS}`],
    [["go", "go"], `tasks: ["go","go"] — ${TASKS}`],
    [["go", ""], `tasks: ["go",""] — ${TASKS}`],
    [[], `tasks: [] — ${TASKS}`],
    ["go,anti", `tasks: "go,anti" — ${TASKS}`],
    [["go", 3], `tasks: ["go",3] — ${TASKS}`],
  ],
  "geometry.kind": [["hex", 'geometry.kind: "hex" — allowed: grid, line, lattice, points']],
  "geometry.rows": [
    [0, "geometry.rows: 0 — must be an integer ≥ 1"],
    [2.5, "geometry.rows: 2.5 — must be an integer ≥ 1"],
    ["20", 'geometry.rows: "20" — must be an integer ≥ 1'],
    [300, 'geometry: {"kind":"grid","rows":300,"cols":20} — rows·cols = 6000, must be from 2 to 4096'],
  ],
  "geometry.cols": [[-1, "geometry.cols: -1 — must be an integer ≥ 1"]],
  activation: [["gelu", 'activation: "gelu" — allowed: relu, tanh, softplus']],
  steps: [
    [0, "steps: 0 — must be an integer ≥ 1"],
    [1.5, "steps: 1.5 — must be an integer ≥ 1"],
    ["100", 'steps: "100" — must be an integer ≥ 1'],
    [1e300, "steps: 1e+300 — must be an integer ≥ 1"],
  ],
  batch: [
    [0, "batch: 0 — must be an integer from 1 to 4096"],
    [4097, "batch: 4097 — must be an integer from 1 to 4096"],
  ],
  window: [
    [10001, "window: 10001 — must be an integer from 1 to 10000"],
    [true, "window: true — must be an integer from 1 to 10000"],
  ],
  lr: [
    [0, "lr: 0 — must be a finite number > 0"],
    [-1e-3, "lr: -0.001 — must be a finite number > 0"],
    ["0.001", 'lr: "0.001" — must be a finite number > 0'],
  ],
  clip: [[-1, "clip: -1 — must be a finite number ≥ 0 (0 = no clipping)"]],
  reg: [["L1", 'reg: "L1" — allowed: bimt, l1, none, sernn, custom']],
  lambda: [
    [-1e-5, "lambda: -0.00001 — must be a finite number ≥ 0"],
    [[1e-5], "lambda: [0.00001] — must be a finite number ≥ 0"],
  ],
  A: [
    [-1, "A: -1 — must be a finite number ≥ 0"],
    [0, 'A: 0 — reg "bimt" requires A > 0 (use reg "l1" for A = 0)'],
  ],
  "lambdaSchedule.kind": [["linear", 'lambdaSchedule.kind: "linear" — allowed: constant, phases']],
  "swap.every": [[0, "swap.every: 0 — must be an integer ≥ 1"]],
  "swap.mode": [["random", 'swap.mode: "random" — allowed: bimt, greedy']],
  "swap.topK": [
    [0, "swap.topK: 0 — must be an integer ≥ 1"],
    [401, "swap.topK: 401 — must be ≤ the 400 hidden neurons of 20x20"],
  ],
  "swap.maxSwaps": [[0, "swap.maxSwaps: 0 — must be an integer ≥ 1"]],
  "swap.permuteMoments": [
    ["yes", 'swap.permuteMoments: "yes" — must be true or false'],
    [1, "swap.permuteMoments: 1 — must be true or false"],
  ],
  "noise.recurrent": [[-0.1, "noise.recurrent: -0.1 — must be a finite number ≥ 0"]],
  "noise.input": [[0, "noise.input: 0 — must be true or false"]],
  stream: [["cached", 'stream: "cached" — allowed: continuous, neurogym']],
  "eval.every": [[0, "eval.every: 0 — must be an integer ≥ 1"]],
  "eval.trials": [[-5, "eval.trials: -5 — must be an integer ≥ 1"]],
  "eval.rule": [["argmax", 'eval.rule: "argmax" — allowed: last-step, popvec']],
  "log.every": [[0.5, "log.every: 0.5 — must be an integer ≥ 1"]],
  "checkpoint.every": [[null, "checkpoint.every: null — must be an integer ≥ 1"]],
  seed: [
    [-1, "seed: -1 — must be an integer from 0 to 4294967295"],
    [2 ** 32, "seed: 4294967296 — must be an integer from 0 to 4294967295"],
  ],
  threads: [
    [257, "threads: 257 — must be an integer from 0 to 256"],
    [-1, "threads: -1 — must be an integer from 0 to 256"],
  ],
  build: [["simd", 'build: "simd" — allowed: auto, portable, relaxed']],
};

describe("presets", () => {
  it("paper = DEFAULTS = docs/spec.md §9, and both presets validate unchanged", () => {
    expect(DEFAULTS).toBe(PRESETS.paper);
    expect(DEFAULTS).toMatchObject({
      suite: "yang20",
      geometry: { kind: "grid", rows: 20, cols: 20 },
      activation: "relu",
      steps: 40000,
      batch: 16,
      window: 100,
      lr: 1e-3,
      clip: 1,
      reg: "bimt",
      lambda: 1e-5,
      A: 1,
      swap: { every: 200, mode: "bimt", topK: 40, permuteMoments: true },
      noise: { recurrent: 0.0707, input: true },
      stream: "continuous",
      eval: { trials: 200, rule: "last-step" },
    });
    for (const p of Object.values(PRESETS)) expect(validateConfig(clone(p))).toEqual(p);
  });

  it("quick is the short run: the paper's grid, batch, window and A, fewer steps, stronger λ", () => {
    expect(PRESETS.quick).toMatchObject({
      geometry: { kind: "grid", rows: 20, cols: 20 },
      batch: 16,
      window: 100,
      steps: 8000,
      lambda: 1e-4,
      A: 1,
      swap: { every: 100, topK: 40 },
      eval: { every: 1000, trials: 50 },
      log: { every: 50 },
      checkpoint: { every: 500 },
    });
    expect(PRESETS.quick.steps).toBeLessThan(PRESETS.paper.steps);
  });

  it("resolveConfig starts from the named preset and returns a fresh, unshared copy", () => {
    expect(resolveConfig({})).toEqual(DEFAULTS);
    expect(resolveConfig({ preset: "quick" })).toEqual(PRESETS.quick);
    const c = resolveConfig({});
    c.swap.topK = 3;
    (c.geometry as { rows: number }).rows = 3;
    expect(DEFAULTS.swap.topK).toBe(40);
    expect(DEFAULTS.geometry).toEqual({ kind: "grid", rows: 20, cols: 20 });
    expect(Object.isFrozen(PRESETS.paper.swap)).toBe(true);
  });

  it("an unknown preset lists the allowed ones", () => {
    expectError(() => resolveConfig({ preset: "fast" }), 'preset: "fast" — allowed: quick, paper, sernn', "preset");
    expectError(
      () => resolveConfig({ preset: "toString" }),
      'preset: "toString" — allowed: quick, paper, sernn',
      "preset",
    );
  });
});

describe("one bad value per field", () => {
  it("the table covers every field of DEFAULTS, recursively", () => {
    expect(Object.keys(BAD).sort()).toEqual(leafPaths(DEFAULTS).sort());
  });

  for (const [path, cases] of Object.entries(BAD)) {
    it(`${path}: rejected with field, value and what is allowed (saved config and file layer)`, () => {
      const top = path.split(".")[0];
      for (const [value, message] of cases) {
        const bad = setPath(clone(DEFAULTS) as unknown as Json, path, value);
        const e = expectError(() => validateConfig(bad), message);
        expect(message.startsWith(`${e.field}: `)).toBe(true);
        if (e.field === path) expect(e.value).toEqual(value);
        expectError(() => resolveConfig({ file: { [top]: bad[top] } }), message, e.field);
      }
    });
  }

  it("every field is required in a saved config", () => {
    for (const path of leafPaths(DEFAULTS)) {
      const e = configError(() => validateConfig(deletePath(clone(DEFAULTS) as unknown as Json, path)));
      expect(e.field).toBe(path);
      expect(e.message.startsWith(`${path}: missing — `)).toBe(true);
    }
    expectError(
      () => validateConfig(deletePath(clone(DEFAULTS) as unknown as Json, "swap")),
      "swap: missing — must be an object",
      "swap",
    );
  });

  it("whole values of the wrong shape", () => {
    expectError(() => validateConfig(null), "config: null — must be a JSON object of config fields", "config");
    expectError(() => resolveConfig({ file: [] }), "file: [] — must be a JSON object of config fields", "file");
    expectError(() => resolveConfig({ file: { swap: 5 } }), "swap: 5 — must be a JSON object of config fields", "swap");
    expectError(
      () => resolveConfig({ file: { geometry: "20x20" } }),
      'geometry: "20x20" — must be {"kind":"grid","rows":R,"cols":C}, {"kind":"line","n":N}, {"kind":"lattice","x":X,"y":Y,"z":Z,"metric":"l1"|"euclidean"} or {"kind":"points","d":1|2|3,"coords":[…],"metric":"l1"|"euclidean"} with 2 to 4096 hidden neurons',
    );
    // geometry is replaced whole, never merged: a partial one is missing its kind.
    expectError(
      () => resolveConfig({ file: { geometry: { rows: 5 } } }),
      "geometry.kind: missing — allowed: grid, line, lattice, points",
    );
    expectError(
      () => resolveConfig({ file: { geometry: { kind: "grid", rows: 1, cols: 1 } } }),
      'geometry: {"kind":"grid","rows":1,"cols":1} — rows·cols = 1, must be from 2 to 4096',
    );
    expectError(
      () => resolveConfig({ file: { geometry: { kind: "line", n: 1 } } }),
      "geometry.n: 1 — must be an integer from 2 to 4096",
    );
    expect(resolveConfig({ file: { geometry: { kind: "line", n: 400 } } }).geometry).toEqual({ kind: "line", n: 400 });
    // user points: n·d finite numbers, 2 to 4096 distinct points, d 1–3, metric l1 or euclidean
    const pts = { kind: "points", d: 2, coords: [0, 0, 1, 0, 0, 1], metric: "euclidean" };
    expect(resolveConfig({ file: { geometry: pts } }).geometry).toEqual(pts);
    expect(resolveConfig({ file: { geometry: pts } }).swap.topK).toBe(3);
    const bad = (over: object) => () => resolveConfig({ file: { geometry: { ...pts, ...over } } });
    expectError(bad({ d: 4 }), "geometry.d: 4 — must be an integer from 1 to 3", "geometry.d");
    expectError(bad({ metric: "cosine" }), 'geometry.metric: "cosine" — allowed: l1, euclidean', "geometry.metric");
    expectError(
      bad({ coords: "0,0,1,1" }),
      'geometry.coords: "0,0,1,1" — must be a list of n·d finite numbers',
      "geometry.coords",
    );
    expectError(
      bad({ coords: [0, 0, 1, null] }),
      "geometry.coords[3]: null — must be a finite number",
      "geometry.coords[3]",
    );
    expectError(
      bad({ coords: [0, 0, 1, 1, 2] }),
      'geometry.coords: "5 numbers" — the length must be a multiple of d = 2 (n·d numbers, point i at coords[i·d … i·d + d − 1])',
      "geometry.coords",
    );
    expectError(bad({ coords: [3, 4] }), 'geometry.coords: "1 points" — must hold 2 to 4096 points', "geometry.coords");
    expectError(
      bad({ coords: [0, 0, 1, 1, 0, 0] }),
      "geometry.coords[4]: [0,0] — points must be distinct (points 0 and 2 coincide)",
      "geometry.coords[4]",
    );
    expectError(
      bad({ n: 3 }),
      'unknown field "geometry.n" (allowed: kind, d, coords, metric; did you mean "geometry.d"?)',
    );
    expectError(
      () => resolveConfig({ file: { geometry: { kind: "points", d: 2, coords: [0, 0, 1, 1] } } }),
      "geometry.metric: missing — allowed: l1, euclidean",
    );
  });
});

describe("unknown keys", () => {
  it("top level, with a suggestion", () => {
    const e = expectError(
      () => resolveConfig({ file: { lamda: 1e-4 } }),
      `unknown field "lamda" (allowed: ${ALL_FIELDS}; did you mean "lambda"?)`,
      "lamda",
    );
    expect(e.value).toBe(1e-4);
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), a: 1 }),
      `unknown field "a" (allowed: ${ALL_FIELDS}; did you mean "A"?)`,
    );
    expectError(() => resolveConfig({ file: { zzzzzz: 1 } }), `unknown field "zzzzzz" (allowed: ${ALL_FIELDS})`);
    expectError(() => resolveConfig({ file: { preset: "quick" } }), `unknown field "preset" (allowed: ${ALL_FIELDS})`);
  });

  it("nested, with the dotted path", () => {
    expectError(
      () => resolveConfig({ file: { swap: { evry: 10 } } }),
      'unknown field "swap.evry" (allowed: every, mode, topK, maxSwaps, permuteMoments, threshold; did you mean "swap.every"?)',
      "swap.evry",
    );
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), noise: { Recurrent: 0, recurrent: 0, input: true } }),
      'unknown field "noise.Recurrent" (allowed: recurrent, input; did you mean "noise.recurrent"?)',
    );
    expectError(
      () => resolveConfig({ file: { geometry: { kind: "line", n: 400, rows: 3 } } }),
      'unknown field "geometry.rows" (allowed: kind, n)',
    );
    expectError(
      () => resolveConfig({ file: { lambdaSchedule: { kind: "constant", at: [0.5] } } }),
      'unknown field "lambdaSchedule.at" (allowed: kind)',
    );
    // an unknown key is reported before a missing one, so a typo is not mistaken for an absence
    const saved = clone(DEFAULTS) as unknown as Json;
    delete (saved.eval as Json).rule;
    (saved.eval as Json).rul = "popvec";
    expectError(
      () => validateConfig(saved),
      'unknown field "eval.rul" (allowed: every, trials, rule; did you mean "eval.rule"?)',
    );
  });

  it("own keys only: inherited names are unknown too", () => {
    expectError(
      () => resolveConfig({ file: JSON.parse('{"__proto__": {"steps": 1}}') }),
      `unknown field "__proto__" (allowed: ${ALL_FIELDS})`,
    );
    expectError(
      () => resolveConfig({ file: { constructor: 1 } }),
      `unknown field "constructor" (allowed: ${ALL_FIELDS})`,
    );
  });
});

describe("flags", () => {
  it("every flag sets its field", () => {
    const c = resolveConfig({
      flags: {
        suite: "modcog",
        tasks: "go, anti ,dm1",
        reg: "bimt",
        lambda: "3e-5",
        A: "2",
        grid: "8x12",
        steps: "4e4",
        batch: "32",
        window: "50",
        lr: ".002",
        threads: "2",
        seed: "4294967295",
        activation: "tanh",
        build: "portable",
        "trial-pool": "1000",
        alpha: "0.2",
        dale: "0.8,readout",
        "swap-threshold": "1e-12",
      },
    });
    expect(c).toMatchObject({
      suite: "modcog",
      tasks: ["go", "anti", "dm1"],
      reg: "bimt",
      lambda: 3e-5,
      A: 2,
      geometry: { kind: "grid", rows: 8, cols: 12 },
      steps: 40000,
      batch: 32,
      window: 50,
      lr: 0.002,
      threads: 2,
      seed: 4294967295,
      activation: "tanh",
      build: "portable",
      trialPool: 1000,
      alpha: 0.2,
      dale: { excitatory: 0.8, readout: true },
      swap: { threshold: 1e-12, every: 200 },
    });
    expect(resolveConfig({ flags: { line: "400" } }).geometry).toEqual({ kind: "line", n: 400 });
    expect(resolveConfig({ flags: { "--steps": "10" } }).steps).toBe(10);
    expect(resolveConfig({ flags: { lambda: undefined as unknown as string } }).lambda).toBe(1e-5);
    expect(resolveConfig({ file: { tasks: ["go", "anti"] }, flags: { tasks: "all" } }).tasks).toBeNull();
    expect([...CONFIG_FLAGS].sort()).toEqual([
      "A",
      "activation",
      "alpha",
      "batch",
      "build",
      "dale",
      "eval-every",
      "grid",
      "lambda",
      "lattice",
      "line",
      "lr",
      "metric",
      "positions",
      "reg",
      "seed",
      "sernn-every",
      "steps",
      "suite",
      "swap-threshold",
      "tasks",
      "threads",
      "trial-pool",
      "window",
    ]);
    // --eval-every sets eval.every and leaves the other eval fields to the preset / file
    expect(resolveConfig({ preset: "paper", flags: { "eval-every": "1000" } }).eval).toEqual({
      every: 1000,
      trials: 200,
      rule: "last-step",
    });
    expect(resolveConfig({ file: { eval: { every: 5, trials: 7 } }, flags: { "eval-every": "9" } }).eval).toEqual({
      every: 9,
      trials: 7,
      rule: "last-step",
    });
  });

  it("numbers are parsed strictly", () => {
    const allowed: Record<string, string> = {
      lambda: "must be a finite number ≥ 0",
      A: "must be a finite number ≥ 0",
      lr: "must be a finite number > 0",
      steps: "must be an integer ≥ 1",
      batch: "must be an integer from 1 to 4096",
      window: "must be an integer from 1 to 10000",
      threads: "must be an integer from 0 to 256",
      seed: "must be an integer from 0 to 4294967295",
      "eval-every": "must be an integer ≥ 1",
    };
    for (const [flag, text] of Object.entries(allowed)) {
      for (const raw of [
        "1e",
        "",
        "12abc",
        "NaN",
        "Infinity",
        "-Infinity",
        " 1 ",
        "0x10",
        "1_000",
        "--1",
        "1e5.5",
        ".",
        "1,5",
      ]) {
        expectError(() => resolveConfig({ flags: { [flag]: raw } }), `${flag}: ${JSON.stringify(raw)} — ${text}`, flag);
      }
    }
    expectError(
      () => resolveConfig({ flags: { batch: "1.5" } }),
      "batch: 1.5 — must be an integer from 1 to 4096",
      "batch",
    );
    expectError(() => resolveConfig({ flags: { lr: "0" } }), "lr: 0 — must be a finite number > 0", "lr");
    expectError(
      () => resolveConfig({ flags: { lambda: "-1e-5" } }),
      "lambda: -0.00001 — must be a finite number ≥ 0",
      "lambda",
    );
    expect(resolveConfig({ flags: { batch: "16.0", lambda: "1E-4", steps: "+7" } })).toMatchObject({
      batch: 16,
      lambda: 1e-4,
      steps: 7,
    });
  });

  it("--grid and --line", () => {
    expectError(
      () => resolveConfig({ flags: { grid: "20x0" } }),
      'grid: "20x0" — rows and cols must be integers ≥ 1',
      "grid",
    );
    for (const raw of ["20", "20x", "x20", "20 x 20", "20X20", "-2x3", "2.5x4", ""]) {
      expectError(
        () => resolveConfig({ flags: { grid: raw } }),
        `grid: ${JSON.stringify(raw)} — must be ROWSxCOLS, e.g. "20x20"`,
        "grid",
      );
    }
    expectError(
      () => resolveConfig({ flags: { grid: "100x100" } }),
      'grid: "100x100" — rows·cols must be from 2 to 4096',
    );
    expectError(() => resolveConfig({ flags: { grid: "1x1" } }), 'grid: "1x1" — rows·cols must be from 2 to 4096');
    for (const raw of ["1", "4097", "4.0", "", "abc"]) {
      expectError(
        () => resolveConfig({ flags: { line: raw } }),
        `line: ${JSON.stringify(raw)} — must be an integer from 2 to 4096`,
        "line",
      );
    }
    expectError(
      () => resolveConfig({ flags: { grid: "20x20", line: "400" } }),
      'line: "400" — --grid and --line cannot be combined (give one of --grid, --line, --lattice, --positions)',
    );
  });

  it("words and task lists", () => {
    expectError(
      () => resolveConfig({ flags: { reg: "BIMT" } }),
      'reg: "BIMT" — allowed: bimt, l1, none, sernn, custom',
      "reg",
    );
    expectError(
      () => resolveConfig({ flags: { suite: "" } }),
      'suite: "" — allowed: yang20, modcog, modcog-all, sernn-maze, custom',
    );
    expectError(() => resolveConfig({ flags: { tasks: "go" } }), `tasks: ["go"] — ${TASKS}`, "tasks");
    expectError(() => resolveConfig({ flags: { tasks: "go,,anti" } }), `tasks: ["go","","anti"] — ${TASKS}`);
    expectError(() => resolveConfig({ flags: { tasks: "go,go" } }), `tasks: ["go","go"] — ${TASKS}`);
  });

  it("an unknown flag lists the allowed ones and suggests the nearest", () => {
    const list = CONFIG_FLAGS.map((f) => "--" + f).join(", ");
    expectError(
      () => resolveConfig({ flags: { lamda: "1" } }),
      `unknown flag "--lamda" (allowed: ${list}; did you mean "--lambda"?)`,
    );
    expectError(() => resolveConfig({ flags: { swap: "1" } }), `unknown flag "--swap" (allowed: ${list})`);
  });
});

describe("layers", () => {
  it("preset < file < flags; groups merge key by key", () => {
    const c = resolveConfig({
      preset: "quick",
      file: {
        lambda: 3e-4,
        steps: 100,
        swap: { every: 10 },
        eval: { rule: "popvec" },
        geometry: { kind: "line", n: 64 },
      },
      flags: { lambda: "1e-6", grid: "6x6" },
    });
    expect(c).toMatchObject({
      lambda: 1e-6,
      steps: 100,
      geometry: { kind: "grid", rows: 6, cols: 6 },
      swap: { every: 10, mode: "bimt", topK: 36, maxSwaps: 1000, permuteMoments: true },
      eval: { every: 1000, trials: 50, rule: "popvec" },
    });
  });

  it("resolved configs round-trip through JSON and validateConfig", () => {
    const cases: ConfigLayers[] = [
      {},
      { preset: "quick" },
      { flags: { reg: "none" } },
      { flags: { reg: "l1", line: "16" } },
      { file: { lambdaSchedule: "bimt" } },
    ];
    for (const layers of cases) {
      const c = resolveConfig(layers);
      expect(validateConfig(clone(c))).toEqual(c);
    }
  });
});

describe("cross-field rules", () => {
  it('reg "none": λ becomes 0 unless given, and a given λ ≠ 0 is an error', () => {
    expect(resolveConfig({ flags: { reg: "none" } })).toMatchObject({ reg: "none", lambda: 0, A: 1 });
    expect(resolveConfig({ preset: "quick", file: { reg: "none" } }).lambda).toBe(0);
    expect(resolveConfig({ file: { reg: "none" }, flags: { lambda: "0" } }).lambda).toBe(0);
    expectError(
      () => resolveConfig({ file: { reg: "none" }, flags: { lambda: "1e-5" } }),
      'lambda: 0.00001 — reg "none" requires lambda 0 (drop lambda, or use reg "l1" or "bimt")',
      "lambda",
    );
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), reg: "none" }),
      'lambda: 0.00001 — reg "none" requires lambda 0 (drop lambda, or use reg "l1" or "bimt")',
    );
  });

  it('reg "l1": A becomes 0 unless given, and a given A ≠ 0 is an error naming both fields', () => {
    expect(resolveConfig({ flags: { reg: "l1" } })).toMatchObject({ reg: "l1", lambda: 1e-5, A: 0 });
    expect(resolveConfig({ flags: { reg: "l1", A: "0" } }).A).toBe(0);
    const e = expectError(
      () => resolveConfig({ flags: { reg: "l1", A: "1" } }),
      'A: 1 — reg "l1" forces A = 0 (drop A, or use reg "bimt" for A > 0)',
      "A",
    );
    expect(e.message).toMatch(/\breg\b/);
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), reg: "l1" }),
      'A: 1 — reg "l1" forces A = 0 (drop A, or use reg "bimt" for A > 0)',
    );
  });

  it('reg "sernn": A becomes 0 unless given; a given A ≠ 0 is an error', () => {
    expect(resolveConfig({ flags: { reg: "sernn", lambda: "0.3" } })).toMatchObject({
      reg: "sernn",
      lambda: 0.3,
      A: 0,
    });
    expectError(
      () => resolveConfig({ flags: { reg: "sernn", A: "1" } }),
      'A: 1 — reg "sernn" forces A = 0 (its distances weigh |W| through C)',
      "A",
    );
  });

  it('reg "bimt" needs A > 0; the rules apply to the merged value, not per layer', () => {
    expectError(
      () => resolveConfig({ flags: { A: "0" } }),
      'A: 0 — reg "bimt" requires A > 0 (use reg "l1" for A = 0)',
      "A",
    );
    expect(resolveConfig({ file: { reg: "l1" }, flags: { reg: "bimt" } })).toMatchObject({ reg: "bimt", A: 1 });
    expectError(
      () => resolveConfig({ file: { reg: "l1", A: 0 }, flags: { reg: "bimt" } }),
      'A: 0 — reg "bimt" requires A > 0 (use reg "l1" for A = 0)',
    );
    expect(resolveConfig({ flags: { lambda: "0" } })).toMatchObject({ reg: "bimt", lambda: 0 });
  });

  it('suite "custom" records a user-defined suite: it needs its task names in tasks', () => {
    const c = validateConfig({ ...clone(DEFAULTS), suite: "custom", tasks: ["opp", "go"] });
    expect([c.suite, c.tasks]).toEqual(["custom", ["opp", "go"]]);
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), suite: "custom" }),
      'tasks: null — suite "custom" requires the task names of the user-defined suite, in rule order (customSuiteFields(suite) gives suite and tasks)',
      "tasks",
    );
    expectError(() => resolveConfig({ file: { suite: "custom", tasks: ["opp"] } }), `tasks: ["opp"] — ${TASKS}`);
  });

  it("swap.topK ≤ hidden neurons: a default shrinks to fit, a given value must fit", () => {
    expect(resolveConfig({ flags: { grid: "5x5" } }).swap.topK).toBe(25);
    expect(resolveConfig({ preset: "quick", flags: { grid: "5x5" } }).swap.topK).toBe(25);
    expect(resolveConfig({ preset: "quick", flags: { grid: "8x8" } }).swap.topK).toBe(40);
    expect(resolveConfig({ file: { swap: { topK: 25 } }, flags: { grid: "5x5" } }).swap.topK).toBe(25);
    expectError(
      () => resolveConfig({ file: { swap: { topK: 30 } }, flags: { line: "16" } }),
      "swap.topK: 30 — must be ≤ the 16 hidden neurons of line 16",
      "swap.topK",
    );
    expectError(
      () => validateConfig({ ...clone(DEFAULTS), geometry: { kind: "grid", rows: 4, cols: 4 } }),
      "swap.topK: 40 — must be ≤ the 16 hidden neurons of 4x4",
    );
  });
});

describe("λ schedule", () => {
  const BIMT = { kind: "phases", at: [0.25, 0.75], factor: [10, 0.1] };
  it('the shorthand "bimt" expands to the three-phase schedule', () => {
    expect(resolveConfig({ file: { lambdaSchedule: "bimt" } }).lambdaSchedule).toEqual(BIMT);
    expect(validateConfig({ ...clone(DEFAULTS), lambdaSchedule: "bimt" }).lambdaSchedule).toEqual(BIMT);
    expect(
      resolveConfig({ file: { lambdaSchedule: { kind: "phases", at: [0.5], factor: [3] } } }).lambdaSchedule,
    ).toEqual({ kind: "phases", at: [0.5], factor: [3] });
  });

  it("phases are checked", () => {
    const at = "must be a non-empty list of increasing fractions in (0, 1)";
    const sched = (s: unknown) => () => resolveConfig({ file: { lambdaSchedule: s } });
    expectError(
      sched({ kind: "phases", at: [0.75, 0.25], factor: [1, 1] }),
      `lambdaSchedule.at: [0.75,0.25] — ${at}`,
      "lambdaSchedule.at",
    );
    expectError(sched({ kind: "phases", at: [0, 0.5], factor: [1, 1] }), `lambdaSchedule.at: [0,0.5] — ${at}`);
    expectError(sched({ kind: "phases", at: [0.5, 1], factor: [1, 1] }), `lambdaSchedule.at: [0.5,1] — ${at}`);
    expectError(sched({ kind: "phases", at: [], factor: [] }), `lambdaSchedule.at: [] — ${at}`);
    expectError(
      sched({ kind: "phases", at: [0.25, 0.75], factor: [10] }),
      "lambdaSchedule.factor: [10] — must have one factor per entry of at (2)",
    );
    expectError(
      sched({ kind: "phases", at: [0.5], factor: [0] }),
      "lambdaSchedule.factor: [0] — must be a non-empty list of finite numbers > 0",
    );
    expectError(
      sched({ kind: "phases", at: [0.5] }),
      "lambdaSchedule.factor: missing — must be a non-empty list of finite numbers > 0",
    );
    expectError(
      sched("BIMT"),
      'lambdaSchedule: "BIMT" — must be "bimt", {"kind":"constant"} or {"kind":"phases","at":[…],"factor":[…]}',
    );
    expectError(sched({}), "lambdaSchedule.kind: missing — allowed: constant, phases");
  });
});

describe("geometry helpers", () => {
  it("formatGeometry and hiddenCount", () => {
    expect(formatGeometry({ kind: "grid", rows: 20, cols: 20 })).toBe("20x20");
    expect(formatGeometry({ kind: "line", n: 400 })).toBe("line 400");
    expect(hiddenCount({ kind: "grid", rows: 8, cols: 12 })).toBe(96);
    expect(hiddenCount({ kind: "line", n: 400 })).toBe(400);
  });
});

describe("random input throws only ConfigError", () => {
  /** Either a config that validates to itself, or a ConfigError; anything else fails. */
  function outcome(f: () => TrainConfig): void {
    let c: TrainConfig;
    try {
      c = f();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      expect(e.message.length).toBeGreaterThan(0);
      return;
    }
    expect(validateConfig(clone(c))).toEqual(c);
  }
  const paths = [
    ...leafPaths(DEFAULTS),
    "swap",
    "noise",
    "eval",
    "log",
    "checkpoint",
    "geometry",
    "lambdaSchedule",
    "geometry.n",
    "lambdaSchedule.at",
  ];
  /** DEFAULTS with one or two paths replaced by random JSON (or deleted). */
  const mutated = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue(), { nil: undefined })), {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([edits]) => {
      const o = clone(DEFAULTS) as unknown as Json;
      for (const [path, v] of edits) {
        const parent = path
          .split(".")
          .slice(0, -1)
          .reduce<unknown>((at, k) => (at as Json)?.[k], o);
        if (parent === null || typeof parent !== "object") continue;
        if (v === undefined) deletePath(o, path);
        else setPath(o, path, v);
      }
      return o;
    });
  const flagValue = fc.oneof(
    fc.string(),
    fc.double().map(String),
    fc.integer().map(String),
    fc.constantFrom("20x20", "1e-5", "bimt", "go,anti"),
  );
  const flags = fc.dictionary(fc.constantFrom(...CONFIG_FLAGS, "bogus", "--lr"), flagValue, { maxKeys: 4 });

  it("arbitrary JSON as a file or a saved config", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        outcome(() => resolveConfig({ file: v }));
        outcome(() => validateConfig(v));
      }),
      { numRuns: 300 },
    );
  });

  it("near-valid configs, partial files and random flags", () => {
    fc.assert(
      fc.property(mutated, flags, fc.constantFrom(undefined, "paper", "quick", "nope"), (o, f, preset) => {
        outcome(() => validateConfig(o));
        outcome(() => resolveConfig({ preset, file: o, flags: f }));
        outcome(() => resolveConfig({ preset, flags: f }));
      }),
      { numRuns: 500 },
    );
  });
});
