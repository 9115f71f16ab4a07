// Training with a ConnectionCost: the built-in regs train exactly as the classic {lambda, A} loop, a user-supplied cost trains end to end (lower cost than λ = 0, same bits on 1 and 2 threads), is recorded in config.json and must be supplied again to resume.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bimtCost, l1Cost } from "../../src/model/connection-cost.js";
import { distanceMatrix, positionsOf } from "../../src/model/geometry.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { TrainingStream } from "../../src/tasks/generate.js";
import { decodeCheckpoint } from "../../src/train/checkpoint.js";
import { ConfigError, resolveConfig, validateConfig } from "../../src/train/config-schema.js";
import { DEFAULTS, PRESETS, type TrainConfig } from "../../src/train/config.js";
import { MissingCostError, swapWeight, trainingCost, withCustomCost } from "../../src/train/cost.js";
import { FILES, runTraining } from "../../src/train/run.js";
import { swapRound } from "../../src/train/swaps.js";
import { lambdaAt, noiseSeed, Trainer } from "../../src/train/trainer.js";
import { sqDistCost } from "../helpers/sq-dist-cost.js";
import { useEngines } from "../helpers/engines.js";

const small = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  tasks: ["go", "anti", "dm1"],
  geometry: { kind: "grid", rows: 8, cols: 8 },
  steps: 40,
  lambda: 1e-4,
  swap: { ...PRESETS.quick.swap, every: 10, topK: 10 },
  eval: { ...PRESETS.quick.eval, every: 1000, trials: 16 },
  log: { every: 10 },
  checkpoint: { every: 100 },
  ...over,
});
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-cost-"));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("config of a run with a user-supplied cost", () => {
  it("withCustomCost records reg custom, the cost's name and A = 0, and validateConfig accepts it", () => {
    const c = withCustomCost(small({ lambda: 3e-3 }), sqDistCost());
    expect(c).toMatchObject({ reg: "custom", cost: "sq-dist-l2", A: 0, lambda: 3e-3 });
    expect(validateConfig(clone(c))).toEqual(c);
    expect(validateConfig(clone(DEFAULTS))).not.toHaveProperty("cost"); // configs without the field stay valid
  });

  it("cross-field rules: custom needs a cost name and forces A = 0; a cost name needs reg custom", () => {
    const custom = { ...clone(DEFAULTS), reg: "custom" };
    expect(() => validateConfig(custom)).toThrow(
      /^cost: missing — reg "custom" requires cost: the name of a user-supplied connection cost/,
    );
    expect(() => validateConfig({ ...custom, cost: "" })).toThrow(ConfigError);
    expect(() => validateConfig({ ...custom, cost: "x" })).toThrow(/^A: 1 — reg "custom" forces A = 0/);
    expect(validateConfig({ ...custom, cost: "x", A: 0 })).toMatchObject({ reg: "custom", cost: "x", A: 0 });
    expect(resolveConfig({ file: { reg: "custom", cost: "x" } })).toMatchObject({ reg: "custom", cost: "x", A: 0 });
    expect(() => resolveConfig({ file: { reg: "custom", cost: "x", A: 2 } })).toThrow(
      /^A: 2 — reg "custom" forces A = 0/,
    );
    expect(() => resolveConfig({ overrides: { reg: "custom" } })).toThrow(/^cost: missing/);
    expect(() => validateConfig({ ...clone(DEFAULTS), cost: "x" })).toThrow(
      /^cost: "x" — only allowed with reg "custom" \(reg is "bimt"\)$/,
    );
  });

  it("trainingCost: bimt → bimtCost(A), l1 and none → l1Cost(), custom → the given cost with the recorded name", () => {
    expect(trainingCost(small({ A: 2 })).kernel).toEqual({ kind: "bimt", A: 2 });
    expect(trainingCost(small({ reg: "l1", A: 0 }))).toBe(l1Cost());
    expect(trainingCost(small({ reg: "none", lambda: 0, A: 0 }))).toBe(l1Cost());
    const sq = sqDistCost();
    expect(trainingCost(withCustomCost(small(), sq), sq)).toBe(sq);
    const e = (() => {
      try {
        trainingCost(withCustomCost(small(), sq));
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(MissingCostError);
    expect((e as MissingCostError).costName).toBe("sq-dist-l2");
    expect((e as Error).message).toMatch(
      /^cost: missing — this run trains with the user-supplied connection cost "sq-dist-l2"/,
    );
    expect(() => trainingCost(withCustomCost(small(), sq), sqDistCost({ name: "other" }))).toThrow(
      /^cost: "sq-dist-l2" — must be the name of the cost passed in code, "other"/,
    );
    expect(() => trainingCost(small(), sq)).toThrow(
      /^reg: "bimt" — a user-supplied cost needs reg "custom" and cost "sq-dist-l2"/,
    );
    expect(swapWeight(bimtCost(3))).toBe(3);
    expect(swapWeight(l1Cost())).toBe(0);
    expect(swapWeight(sq)).toBe(0);
    expect(swapWeight(sqDistCost({ swaps: true }))).toBe(1);
  });
});

describe("training with a connection cost", () => {
  const engines = useEngines(1, 2);

  it("bimt and l1 runs are bit-identical to the classic loop with {lambda, A} and swaps for bimt", () => {
    for (const config of [small({ lambda: 1e-3 }), small({ reg: "l1", A: 0, lambda: 1e-3 })]) {
      const tr = new Trainer(engines[2], config);
      const manual = new Trainer(engines[2], config);
      try {
        let swaps = 0;
        while (!tr.done) swaps += tr.trainStep().swaps;
        const c = config;
        const stream = new TrainingStream(manual.suite, c.batch, c.seed, { mode: c.stream, noise: c.noise.input });
        for (let s = 1; s <= c.steps; s++) {
          manual.net.lossAndGradients(stream.next(c.window), {
            lambda: lambdaAt(c, s),
            A: c.A,
            noiseStd: c.noise.recurrent,
            seed: noiseSeed(c.seed, s),
          });
          manual.net.clipAndAdam({ lr: c.lr, clip: c.clip > 0 ? c.clip : Infinity });
          if (c.reg === "bimt" && s % c.swap.every === 0) {
            swapRound(manual.net, manual.perm, {
              mode: c.swap.mode,
              A: c.A,
              topK: c.swap.topK,
              maxSwaps: c.swap.maxSwaps,
              permuteMoments: c.swap.permuteMoments,
            });
          }
        }
        const a = tr.net.getParams(),
          b = manual.net.getParams();
        for (const name of PARAM_NAMES)
          expect(Buffer.compare(Buffer.from(a[name].buffer), Buffer.from(b[name].buffer)), `${c.reg} ${name}`).toBe(0);
        expect([...tr.perm]).toEqual([...manual.perm]);
        if (c.reg === "bimt") expect(swaps).toBeGreaterThan(0);
        expect(tr.connectionCost()).toBe(manual.net.connectionCost(1, c.A));
      } finally {
        tr.dispose();
        manual.dispose();
      }
    }
  });

  it("END TO END: a user cost (Σ D²·W²) trains through runTraining — lower cost than λ = 0, same bits on 1 and 2 threads", async () => {
    const cost = sqDistCost();
    const steps = 300;
    const regularised = withCustomCost(small({ steps, lambda: 1e-2 }), cost);
    const free = withCustomCost({ ...regularised, lambda: 0 }, cost);
    const [a, b, z] = [tmp(), tmp(), tmp()];
    const ra = await runTraining({ dir: a, config: regularised, engine: engines[2], signals: false, cost });
    await runTraining({ dir: b, config: regularised, engine: engines[1], signals: false, cost });
    const rz = await runTraining({ dir: z, config: free, engine: engines[2], signals: false, cost });
    expect(ra.finished && rz.finished).toBe(true);
    expect(ra.evaluation?.tasks.map((t) => t.task)).toEqual(["go", "anti", "dm1"]);
    // config.json records the custom cost and is a valid config
    const saved = validateConfig(JSON.parse(fs.readFileSync(path.join(a, FILES.config), "utf8")));
    expect(saved).toMatchObject({ reg: "custom", cost: "sq-dist-l2", A: 0, lambda: 1e-2 });
    // the logged ℓ_cc is the user cost of the parameters
    const D = distanceMatrix(positionsOf(regularised.geometry));
    const finalCost = (dir: string) =>
      cost.value(decodeCheckpoint(fs.readFileSync(path.join(dir, FILES.checkpoint)), "cp").snapshot.params, D);
    const metrics = (dir: string) =>
      fs
        .readFileSync(path.join(dir, FILES.metrics), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const ma = metrics(a),
      mz = metrics(z);
    expect(ma.length).toBe(steps / 10);
    const withCost = finalCost(a),
      without = finalCost(z);
    expect(Math.abs(ma[ma.length - 1].connectionCost - withCost)).toBeLessThan(0.2 * withCost); // measured before the last update
    // W grows from its small init either way; λ·Σ D²W² holds it to well under half (measured: 1.61 vs 4.02)
    expect(withCost).toBeLessThan(0.5 * without);
    expect(mz[mz.length - 1].connectionCost).toBeGreaterThan(1.5 * ma[ma.length - 1].connectionCost);
    // and the tasks are still learned as well as without it (measured task loss 2.48 → 0.77, λ = 0: 0.86)
    const last = (m: { taskLoss: number }[]) => m[m.length - 1].taskLoss;
    expect(last(ma)).toBeLessThan(0.5 * ma[0].taskLoss);
    expect(last(ma)).toBeLessThan(1.2 * last(mz));
    // same bits on 1 and 2 threads
    for (const f of [FILES.model, FILES.checkpoint]) {
      expect(Buffer.compare(fs.readFileSync(path.join(a, f)), fs.readFileSync(path.join(b, f))), f).toBe(0);
    }
  });

  it("resuming a custom-cost run needs the same cost: missing → MissingCostError, other name → ConfigError, same → bit-identical", async () => {
    const cost = sqDistCost();
    const config = withCustomCost(small({ steps: 60, lambda: 3e-3, checkpoint: { every: 20 } }), cost);
    const full = tmp(),
      cut = tmp();
    await runTraining({ dir: full, config, engine: engines[2], signals: false, cost });
    const stop = new Error("stop at step 30");
    const halted = await runTraining({
      dir: cut,
      config,
      engine: engines[2],
      signals: false,
      cost,
      callbacks: {
        onStep: (info) => {
          if (info.step === 30) throw stop;
        },
      },
    }).catch((x) => x);
    expect(halted).toBe(stop);
    const missing = await runTraining({ dir: cut, resume: true, engine: engines[2], signals: false }).catch((x) => x);
    expect(missing).toBeInstanceOf(MissingCostError);
    expect(String(missing.message)).toMatch(/"sq-dist-l2".*pass the same cost again/);
    const other = await runTraining({
      dir: cut,
      resume: true,
      engine: engines[2],
      signals: false,
      cost: sqDistCost({ name: "l2" }),
    }).catch((x) => x);
    expect(other).toBeInstanceOf(ConfigError);
    const r = await runTraining({ dir: cut, resume: true, engine: engines[2], signals: false, cost });
    expect(r.finished).toBe(true);
    expect(
      Buffer.compare(fs.readFileSync(path.join(cut, FILES.model)), fs.readFileSync(path.join(full, FILES.model))),
    ).toBe(0);
  });

  it("a user cost that asks for swaps gets swap rounds; one that does not, none", () => {
    for (const swaps of [true, false]) {
      const cost = sqDistCost({ swaps });
      const tr = new Trainer(engines[2], withCustomCost(small({ steps: 60, lambda: 3e-3 }), cost), { cost });
      try {
        let rounds = 0,
          applied = 0;
        while (!tr.done) {
          const info = tr.trainStep();
          rounds += info.swapRound ? 1 : 0;
          applied += info.swaps;
        }
        expect(rounds).toBe(swaps ? 6 : 0);
        if (swaps) expect(applied).toBeGreaterThan(0);
        else expect(tr.perm).toEqual(Int32Array.from({ length: 64 }, (_, i) => i));
      } finally {
        tr.dispose();
      }
    }
  });
});
