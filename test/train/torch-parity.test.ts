// Step parity with an independent PyTorch implementation of the recipe (bench/reference/torch_parity.py, driven by
// bench/parity.ts): same initial parameters, same windows and recurrent noise, then each side's own loss, autograd
// gradients, clip_grad_norm_, torch.optim.Adam and swap rounds. Runs where a python3 with torch is installed
// (Debian: apt-get install python3-torch); skips loudly otherwise, and fails instead with GYRUS_TORCH=required.
import { describe, expect, it } from "vitest";
import { runParity } from "../../bench/parity.js";
import { torchOrSkip } from "../helpers/torch.js";

// 36 neurons, short windows, a swap round every 5 steps: a few seconds, with 6 swap rounds.
const small = {
  preset: "paper" as const,
  config: { geometry: { kind: "grid", rows: 6, cols: 6 }, batch: 4, window: 20, swap: { every: 5, topK: 10 } },
  steps: 30,
  report: [1, 5, 10, 30],
};

describe("step parity with PyTorch", () => {
  const python = torchOrSkip("step parity with PyTorch");
  if (!python) return;

  it("float64 PyTorch: parameters agree to f32 rounding after 1 step, losses and swaps agree through 6 swap rounds", async () => {
    const rows = await runParity({ ...small, dtype: "float64", python });
    expect(rows.map((r) => r.step)).toEqual([1, 5, 10, 30]);
    const [first] = rows;
    expect(first.maxRel).toBeLessThan(1e-5);
    expect(first.maxRel).toBeGreaterThan(0); // gyrus is float32: a float64 PyTorch cannot match it bit for bit
    expect(Math.abs(first.lossGyrus - first.lossTorch)).toBeLessThan(1e-5 * first.lossTorch);
    expect(Math.abs(first.gradNormGyrus - first.gradNormTorch)).toBeLessThan(1e-4 * first.gradNormTorch);
    for (const r of rows) {
      expect(r.samePermutation).toBe(true);
      expect(r.swapsGyrus).toBe(r.swapsTorch);
      expect(r.maxRel).toBeLessThan(1e-3);
    }
    expect(rows.reduce((a, r) => a + r.swapsGyrus, 0)).toBeGreaterThan(0); // the swap rounds did something
  }, 120_000);

  it("synced: one step from gyrus's state (parameters, Adam moments, permutation) agrees to f32 rounding, swap rounds included", async () => {
    const rows = await runParity({ ...small, report: [1, 12, 15, 30], dtype: "float64", mode: "synced", python });
    for (const r of rows) {
      expect(r.maxRel).toBeLessThan(1e-5);
      expect(r.samePermutation).toBe(true);
      expect(r.swapsTorch).toBe(r.swapsGyrus);
    }
    expect(rows.find((r) => r.step === 15)!.swapsGyrus).toBeGreaterThan(0);
    expect(rows.find((r) => r.step === 12)!.swapsGyrus).toBe(0);
  }, 120_000);

  it("free-running: a twin started one rounding away measures the training's own amplification", async () => {
    const rows = await runParity({ ...small, dtype: "float64", python });
    for (const r of rows) expect(r.twinRel).toBeGreaterThan(0);
    expect(rows[0].twinRel).toBeLessThan(1e-6);
  }, 120_000);

  it("float32 PyTorch (as the independent implementation): the first step agrees to f32 rounding", async () => {
    const rows = await runParity({ ...small, steps: 1, report: [1], dtype: "float32", python });
    expect(rows[0].maxRel).toBeLessThan(1e-5);
    expect(Math.abs(rows[0].lossGyrus - rows[0].lossTorch)).toBeLessThan(1e-5 * rows[0].lossTorch);
  }, 60_000);
});
