// The trainer on real task data: it learns, is bit-identical on 1 and 2 threads, swaps never raise ℓ_cc and never
// change the network's function, and a non-finite loss stops the run with its last good checkpoint kept.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCheckpoint } from "../../src/train/checkpoint.js";
import { PRESETS, type TrainConfig } from "../../src/train/config.js";
import { FILES, runTraining } from "../../src/train/run.js";
import { swapRound } from "../../src/train/swaps.js";
import { DivergedError, lambdaAt, Trainer } from "../../src/train/trainer.js";
import { TrainingStream } from "../../src/tasks/generate.js";
import { useEngines } from "../helpers/engines.js";

const small = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  tasks: ["go", "rtgo", "anti", "dm1"],
  geometry: { kind: "grid", rows: 8, cols: 8 },
  steps: 60,
  lambda: 1e-4,
  swap: { ...PRESETS.quick.swap, every: 20, topK: 10 },
  eval: { ...PRESETS.quick.eval, every: 30, trials: 16 },
  log: { every: 10 },
  checkpoint: { every: 20 },
  ...over,
});
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-train-"));

describe("trainer", () => {
  const engines = useEngines(1, 2);

  it("learns a 4-task subset well above chance (1/16) in 1000 steps", () => {
    const tr = new Trainer(engines[2], small({ steps: 1000, lambda: 1e-5 }));
    try {
      const before = tr.evaluate({ trials: 32 }).mean;
      while (!tr.done) tr.trainStep();
      const after = tr.evaluate({ trials: 32 });
      expect(before).toBeLessThan(0.25);
      expect(after.mean).toBeGreaterThan(0.6);
      for (const t of after.tasks) expect(t.accuracy).toBeGreaterThan(0.3);
    } finally {
      tr.dispose();
    }
  });

  it("same config and seed → bit-identical model.safetensors and checkpoint on 1 and 2 threads", async () => {
    const [a, b] = [tmp(), tmp()];
    await runTraining({ dir: a, config: small(), engine: engines[1], signals: false });
    await runTraining({ dir: b, config: small(), engine: engines[2], signals: false });
    for (const f of [FILES.model, FILES.checkpoint]) {
      expect(Buffer.compare(fs.readFileSync(path.join(a, f)), fs.readFileSync(path.join(b, f)))).toBe(0);
    }
    const c = tmp();
    await runTraining({ dir: c, config: small({ seed: 1 }), engine: engines[2], signals: false });
    expect(
      Buffer.compare(fs.readFileSync(path.join(a, FILES.model)), fs.readFileSync(path.join(c, FILES.model))),
    ).not.toBe(0);
  });

  it("swap rounds during training: ℓ_cc never rises, falls by the predicted Σ Δ, and the outputs do not change", () => {
    for (const mode of ["bimt", "greedy"] as const) {
      const config = small({
        steps: 400,
        swap: { every: 1_000_000, mode, topK: 16, maxSwaps: 50, permuteMoments: true },
      });
      const tr = new Trainer(engines[2], config);
      const probe = new TrainingStream(tr.suite, 4, 99, { noise: false }).next(30);
      let rounds = 0;
      let applied = 0;
      try {
        while (!tr.done) {
          tr.trainStep();
          if (tr.step % 50 !== 0) continue;
          const before = tr.net.connectionCost(1, 1);
          const out0 = tr.net.forward(probe).logits;
          const r = swapRound(tr.net, tr.perm, { mode, A: 1, topK: 16, maxSwaps: 50, permuteMoments: true });
          const after = tr.net.connectionCost(1, 1);
          const out1 = tr.net.forward(probe).logits;
          expect(after).toBeLessThanOrEqual(before + 1e-9 * before);
          expect(after - before).toBeCloseTo(r.deltaSum, 3);
          let worst = 0;
          for (let i = 0; i < out0.length; i++) worst = Math.max(worst, Math.abs(out0[i] - out1[i]));
          expect(worst).toBeLessThan(1e-4); // same function; only the summation order of the hidden units changed
          rounds++;
          applied += r.swaps;
        }
      } finally {
        tr.dispose();
      }
      expect(rounds).toBe(8);
      expect(applied).toBeGreaterThan(0);
      // the permutation is still a permutation
      expect([...tr.perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    }
  });

  it("swap threshold: a round takes exactly the swaps whose Δ is below −threshold; minGain reports the smallest taken", () => {
    const tr = new Trainer(engines[1], small({ steps: 300 }));
    try {
      while (!tr.done) tr.trainStep();
      const snap = tr.snapshot();
      const base = swapRound(tr.net, tr.perm, { mode: "greedy", A: 1, topK: 16, maxSwaps: 30, permuteMoments: true });
      expect(base.swaps).toBeGreaterThan(2);
      const gains: number[] = [];
      tr.restore(snap);
      // Greedy takes the best pair first, so gains fall; a threshold between two of them stops the round there.
      const all = swapRound(tr.net, tr.perm, { mode: "greedy", A: 1, topK: 16, maxSwaps: 30, permuteMoments: true });
      expect(all.pairs).toEqual(base.pairs);
      expect(all.minGain).toBeGreaterThan(0);
      tr.restore(snap);
      let d = tr.net.swapDeltas(1);
      for (const [j, k] of all.pairs) {
        gains.push(-d[j * 64 + k]);
        tr.net.swapNeurons(j, k);
        d = tr.net.swapDeltas(1);
      }
      expect(Math.min(...gains)).toBeCloseTo(all.minGain, 12);
      const cut = (gains[1] + gains[2]) / 2;
      tr.restore(snap);
      const two = swapRound(tr.net, tr.perm, {
        mode: "greedy",
        A: 1,
        topK: 16,
        maxSwaps: 30,
        permuteMoments: true,
        threshold: cut,
      });
      expect(two.pairs).toEqual(all.pairs.slice(0, 2));
      expect(two.minGain).toBeGreaterThan(cut);
    } finally {
      tr.dispose();
    }
  });

  it("trialPool: the trainer draws from the pool (another run than fresh trials), bit-identical on 1 and 2 threads", async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    await runTraining({ dir: a, config: small({ trialPool: 5 }), engine: engines[1], signals: false });
    await runTraining({ dir: b, config: small({ trialPool: 5 }), engine: engines[2], signals: false });
    await runTraining({ dir: c, config: small(), engine: engines[2], signals: false });
    const model = (d: string) => fs.readFileSync(path.join(d, FILES.model));
    expect(Buffer.compare(model(a), model(b))).toBe(0);
    expect(Buffer.compare(model(a), model(c))).not.toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(a, FILES.config), "utf8")).trialPool).toBe(5);
  });

  it("a non-finite loss stops the run with a clear error and keeps the last good checkpoint", async () => {
    const dir = tmp();
    const config = small({ lr: 1e30, clip: 0, checkpoint: { every: 1 } });
    const err = await runTraining({ dir, config, engine: engines[2], signals: false }).catch((x) => x);
    expect(err).toBeInstanceOf(DivergedError);
    expect(String(err.message)).toMatch(/diverged at step \d+: the (loss|gradient norm) is not finite/);
    const cp = decodeCheckpoint(fs.readFileSync(path.join(dir, FILES.checkpoint)), "cp");
    expect(cp.snapshot.step).toBe(err.step - 1);
  });

  it("λ schedule: constant, or BIMT's phases at ⌊steps·at⌋; reg none trains with λ 0", () => {
    const c = small({
      steps: 100,
      lambda: 1e-3,
      lambdaSchedule: { kind: "phases", at: [0.25, 0.75], factor: [10, 0.1] },
    });
    expect([1, 25, 26, 75, 76, 100].map((s) => lambdaAt(c, s))).toEqual([
      1e-3,
      1e-3,
      1e-3 * 10,
      1e-3 * 10,
      1e-3 * 10 * 0.1,
      1e-3 * 10 * 0.1,
    ]);
    expect(lambdaAt(small({ reg: "none", lambda: 0 }), 5)).toBe(0);
  });
});
