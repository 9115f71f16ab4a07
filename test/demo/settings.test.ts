// The demo's form settings, its message protocol and the pieces of the page that need no browser: reading and
// checking settings (errors name the field), their TrainConfig, command validation, the figures' inputs, and a
// DemoRun on the Node engine (metrics, download → load round trip).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoRun, loadModelFile } from "../../src/demo/demo-run.js";
import { parseCommand, ProtocolError } from "../../src/demo/protocol.js";
import { currentCellLabels, thinLines } from "../../src/demo/render.js";
import { swapRoundsSvg as swapsFigure } from "../../src/browser.js";
import {
  checkSettings,
  DEFAULT_SETTINGS,
  fieldOf,
  readSettings,
  settingsToConfig,
  SWAP_EVERY,
} from "../../src/demo/settings.js";
import { createEngine, type Engine } from "../../src/index.js";
import { ConfigError, validateConfig } from "../../src/train/config-schema.js";
import type { MetricsLine } from "../../src/train/run.js";

const FORM = {
  grid: "10x10",
  reg: "bimt",
  alpha: "1",
  dale: "",
  lambda: "2e-4",
  A: "1",
  swaps: "on",
  seed: "0",
  steps: "20000",
  build: "auto",
  threads: "0",
};
const TASKS = ["go", "anti", "dm1", "dms"];

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("no ConfigError");
}

describe("demo settings", () => {
  it("the form's default text reads back as DEFAULT_SETTINGS", () => {
    expect(readSettings(FORM, TASKS)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ ...FORM, grid: " 6 × 8 ", swaps: "off" }, TASKS)).toMatchObject({
      rows: 6,
      cols: 8,
      swaps: false,
    });
  });

  it.each([
    [{ grid: "10" }, TASKS, "grid", `must be ROWSxCOLS`],
    [{ grid: "40x40" }, TASKS, "grid", "the demo takes 2 to 1024 neurons"],
    [{ grid: "1x1" }, TASKS, "grid", "rows·cols = 1"],
    [{ lambda: "abc" }, TASKS, "lambda", `lambda: "abc" — must be a finite number ≥ 0`],
    [{ lambda: "-1" }, TASKS, "lambda", "≥ 0"],
    [{ A: "0" }, TASKS, "A", "> 0"],
    [{ seed: "1.5" }, TASKS, "seed", "integer"],
    [{ steps: "0" }, TASKS, "steps", "from 1"],
    [{ threads: "300" }, TASKS, "threads", "0 (all cores) to 256"],
    [{ build: "fast" }, TASKS, "build", "allowed: auto, portable, relaxed"],
    [{ grid: "5x5x5x5" }, TASKS, "grid", "or a lattice XxYxZ"],
    [{ grid: "10x10x20" }, TASKS, "grid", "x·y·z = 2000"],
    [{ reg: "none" }, TASKS, "reg", "allowed: bimt, l1, sernn"],
    [{ alpha: "0" }, TASKS, "alpha", "(0, 1]"],
    [{ dale: "1.2" }, TASKS, "dale", "empty (off) or the excitatory fraction"],
    [{}, ["go"], "tasks", "at least 2"],
    [{}, ["go", "fly"], "tasks", "not a yang20 task"],
  ])("%j with tasks %j: an error for field %s", (patch, tasks, field, text) => {
    const e = configError(() => readSettings({ ...FORM, ...patch }, tasks));
    expect(fieldOf(e)).toBe(field);
    expect(e.message).toContain(text);
  });

  it("checkSettings rejects unknown keys and wrong types (messages from the worker side)", () => {
    expect(configError(() => checkSettings({ ...DEFAULT_SETTINGS, colour: 1 })).message).toContain("unknown setting");
    expect(fieldOf(configError(() => checkSettings({ ...DEFAULT_SETTINGS, swaps: "yes" })))).toBe("swaps");
    expect(fieldOf(configError(() => checkSettings({ ...DEFAULT_SETTINGS, rows: 0 })))).toBe("grid");
    expect(() => checkSettings(null)).toThrow(ConfigError);
  });

  it("the run's TrainConfig: the quick preset with the demo's choices, valid for gyrus train", () => {
    const c = settingsToConfig(DEFAULT_SETTINGS);
    expect(validateConfig(c)).toEqual(c);
    expect(c).toMatchObject({
      suite: "yang20",
      tasks: TASKS,
      geometry: { kind: "grid", rows: 10, cols: 10 },
      lambda: 2e-4,
      A: 1,
      reg: "bimt",
      batch: 16,
      window: 100,
    });
    expect(c.swap.every).toBe(SWAP_EVERY);
    expect(c.swap.topK).toBe(40);
    // swaps off: no round is ever due within the run
    expect(settingsToConfig({ ...DEFAULT_SETTINGS, swaps: false }).swap.every).toBeGreaterThan(DEFAULT_SETTINGS.steps);
    // a small grid bends topK to its size
    expect(settingsToConfig({ ...DEFAULT_SETTINGS, rows: 3, cols: 3 }).swap.topK).toBe(9);
  });

  it("a lattice, seRNN's cost, leaky units and Dale's law reach the config", () => {
    const s = readSettings({ ...FORM, grid: "5x5x4", reg: "sernn", lambda: "0.3", alpha: "0.2", dale: "0.8" }, TASKS);
    expect(s).toMatchObject({ rows: 5, cols: 5, depth: 4, reg: "sernn", alpha: 0.2, dale: 0.8 });
    const c = settingsToConfig(s);
    expect(validateConfig(c)).toEqual(c);
    expect(c).toMatchObject({
      geometry: { kind: "lattice", x: 5, y: 5, z: 4, metric: "euclidean" },
      reg: "sernn",
      lambda: 0.3,
      A: 0,
      alpha: 0.2,
      dale: { excitatory: 0.8, readout: false },
    });
    expect(settingsToConfig({ ...DEFAULT_SETTINGS, reg: "l1" })).toMatchObject({ reg: "l1", A: 0 });
    const plain = settingsToConfig(DEFAULT_SETTINGS);
    expect(plain.alpha).toBeUndefined();
    expect(plain.dale).toBeUndefined();
  });

  it("maps config paths to form fields", () => {
    expect(fieldOf(new ConfigError("geometry", 1, ""))).toBe("grid");
    expect(fieldOf(new ConfigError("swap.every", 1, ""))).toBe("swaps");
    expect(fieldOf(new ConfigError("lambda", 1, ""))).toBe("lambda");
    expect(fieldOf(new ConfigError("window", 1, ""))).toBeNull();
  });
});

describe("demo protocol", () => {
  it("accepts the commands the page sends", () => {
    expect(parseCommand({ type: "pause" })).toEqual({ type: "pause" });
    expect(parseCommand({ type: "start", settings: DEFAULT_SETTINGS })).toEqual({
      type: "start",
      settings: DEFAULT_SETTINGS,
    });
    const bytes = new Uint8Array(4);
    expect(parseCommand({ type: "load", bytes, name: "m.safetensors", settings: DEFAULT_SETTINGS })).toMatchObject({
      type: "load",
      bytes,
      name: "m.safetensors",
    });
    const config = settingsToConfig(DEFAULT_SETTINGS);
    expect(parseCommand({ type: "bits", id: 3, config, steps: 1, build: "portable", threads: 0 })).toEqual({
      type: "bits",
      id: 3,
      config,
      steps: 1,
      build: "portable",
      threads: 0,
    });
  });

  it("rejects malformed commands with a message saying what is wrong", () => {
    expect(() => parseCommand("start")).toThrow(ProtocolError);
    expect(() => parseCommand({ type: "explode" })).toThrow(/unknown command type "explode" \(allowed: start, pause/);
    expect(() => parseCommand({ type: "start", settings: { ...DEFAULT_SETTINGS, lambda: -1 } })).toThrow(/^lambda: -1/);
    expect(() => parseCommand({ type: "load", bytes: [1, 2], name: "x", settings: DEFAULT_SETTINGS })).toThrow(
      /"bytes" must be a Uint8Array/,
    );
    const config = settingsToConfig(DEFAULT_SETTINGS);
    expect(() => parseCommand({ type: "bits", id: 1, config, steps: 1, build: "fast", threads: 0 })).toThrow(
      /"build" must be "portable" or "relaxed"/,
    );
    expect(() => parseCommand({ type: "bits", id: 1, config, steps: 0, build: "portable", threads: 0 })).toThrow(
      /"steps"/,
    );
    expect(() =>
      parseCommand({ type: "bits", id: 1, config: { ...config, lr: 0 }, steps: 1, build: "portable", threads: 0 }),
    ).toThrow(/^lr: 0/);
  });
});

describe("demo figures' inputs", () => {
  const line = (step: number, swaps: number, extra: Partial<MetricsLine> = {}): MetricsLine => ({
    step,
    loss: step,
    taskLoss: step,
    connectionCost: 1,
    accuracy: null,
    swaps,
    seconds: 0,
    lambda: 0,
    gradNorm: 0,
    ...extra,
  });

  it("thinning keeps the swap total, the last step and the evaluations", () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line(10 * (i + 1), i % 7 === 0 ? 3 : 0, i === 500 ? { accuracy: 0.5, tasks: { go: 0.5 } } : {}),
    );
    const thin = thinLines(lines, 100);
    expect(thin.length).toBeLessThanOrEqual(100);
    expect(thin.reduce((s, l) => s + l.swaps, 0)).toBe(lines.reduce((s, l) => s + l.swaps, 0));
    expect(thin[thin.length - 1].step).toBe(10000);
    expect(thin.filter((l) => l.tasks).length).toBe(1);
    expect(thinLines(lines.slice(0, 5), 100)).toEqual(lines.slice(0, 5));
  });

  it("cluster labels follow their neurons through later swaps", () => {
    const analysis = { clustering: { cellLabels: [0, 1, -1, 2] } } as never;
    const placed = { step: 100, analysis, perm: Int32Array.from([0, 1, 2, 3]) };
    expect(currentCellLabels(placed, Int32Array.from([0, 1, 2, 3]))).toEqual([0, 1, -1, 2]);
    expect(currentCellLabels(placed, Int32Array.from([3, 1, 2, 0]))).toEqual([2, 1, -1, 0]); // neurons 0 and 3 swapped cells
  });

  it("the swaps chart says how many rounds and swaps it shows", () => {
    expect(
      swapsFigure(
        [
          [100, 12],
          [200, 5],
        ],
        250,
      ),
    ).toContain("2 rounds, 17 swaps");
    expect(swapsFigure([], 1)).toContain("no swap rounds yet");
  });
});

describe("DemoRun on the Node engine", () => {
  let engine: Engine;
  beforeAll(async () => void (engine = await createEngine({ threads: 1, build: "portable" })));
  afterAll(async () => engine?.close());

  it("trains in slices, reports averaged metrics lines and swap rounds, and its download loads back", () => {
    const config = {
      ...settingsToConfig({ ...DEFAULT_SETTINGS, rows: 5, cols: 5, steps: 40 }),
      log: { every: 10 },
      swap: { ...settingsToConfig(DEFAULT_SETTINGS).swap, every: 20, topK: 25 },
    };
    const run = new DemoRun(engine, config);
    try {
      while (!run.done) run.slice(5);
      const { lines, swapRounds } = run.drain();
      expect(lines.map((l) => l.step)).toEqual([10, 20, 30, 40]);
      expect(swapRounds.map((r) => r[0])).toEqual([20, 40]);
      expect(lines.reduce((s, l) => s + l.swaps, 0)).toBe(swapRounds.reduce((s, r) => s + r[1], 0));
      expect(run.drain().lines).toEqual([]);
      const { config: c2, model } = loadModelFile(run.modelBytes(), "model.safetensors", 100);
      expect(model.step).toBe(40);
      expect(c2.steps).toBe(140); // constant λ: the loaded run can go on
      const again = new DemoRun(engine, c2, model);
      try {
        expect(again.step).toBe(40);
        expect(again.weights().W).toEqual(run.weights().W);
        expect(again.analysisDue).toBe(true);
      } finally {
        again.dispose();
      }
    } finally {
      run.dispose();
    }
  });

  it("a bad file is a SafetensorsError naming it", () => {
    expect(() => loadModelFile(new TextEncoder().encode("not a model"), "bad.safetensors", 1)).toThrow(
      /bad\.safetensors/,
    );
  });
});
