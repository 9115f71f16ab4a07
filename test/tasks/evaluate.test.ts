// Evaluation batches (one trial per batch element, zero-padded after its end) and the performance rules.
import { describe, expect, it } from "vitest";
import { evaluationBatch, judgeLastStep, scoreBatch } from "../../src/tasks/evaluate.js";
import { loadSuite, taskIndex } from "../../src/tasks/registry.js";

const Y = loadSuite("yang20");
const oneHot = (c: number, n = 17, hi = 5) => Array.from({ length: n }, (_, i) => (i === c ? hi : 0));

describe("evaluation batches", () => {
  it("pack each trial from step 0, zero-padded after its end, ring alternating, deterministic by seed", () => {
    const dm = taskIndex(Y, "dm1");
    const e = evaluationBatch(Y, dm, 9, 4);
    expect(e.B).toBe(9);
    expect(e.T).toBe(Math.max(...e.trials.map((t) => t.T)));
    expect(new Set(e.lengths).size).toBeGreaterThan(1); // dm fixation is random
    for (let b = 0; b < e.B; b++) {
      const tr = e.trials[b];
      for (let t = 0; t < e.T; t++) {
        const row = e.inputs.subarray((t * e.B + b) * 53, (t * e.B + b + 1) * 53);
        if (t < tr.T) expect(Array.from(row)).toEqual(Array.from(tr.inputs.subarray(t * 53, (t + 1) * 53)));
        else expect(row.every((v) => v === 0)).toBe(true);
        expect(e.labels[t * e.B + b]).toBe(t < tr.T ? tr.labels[t] : 0);
      }
    }
    const go = evaluationBatch(Y, taskIndex(Y, "go"), 4, 4);
    expect(go.trials.map((t) => t.plan.modality)).toEqual([0, 1, 0, 1]);
    expect(evaluationBatch(Y, dm, 9, 4).inputs).toEqual(e.inputs);
    expect(evaluationBatch(Y, dm, 9, 5).inputs).not.toEqual(e.inputs);
  });

  it("a task gets the same trials in a subset as in the full suite (rule block aside)", () => {
    const sub = loadSuite("yang20", { tasks: ["dms", "go"] });
    const a = evaluationBatch(Y, taskIndex(Y, "dms"), 6, 1, { analysis: true });
    const b = evaluationBatch(sub, taskIndex(sub, "dms"), 6, 1, { analysis: true });
    expect(b.labels).toEqual(a.labels);
    expect(b.trials.map((t) => t.plan)).toEqual(a.trials.map((t) => t.plan));
  });

  it("analysis batches are aligned (one length) and noise-free", () => {
    const e = evaluationBatch(Y, taskIndex(Y, "multidm"), 16, 2, { analysis: true });
    expect(new Set(e.lengths)).toEqual(new Set([12]));
    const fix = Array.from({ length: 5 }, (_, t) => e.inputs[t * 16 * 53]);
    expect(fix).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("performance rules", () => {
  it("last-step: argmax at each trial's own last step must equal its label; later padding is ignored", () => {
    const e = evaluationBatch(Y, taskIndex(Y, "dm1"), 8, 3);
    const logits = new Float32Array(e.T * e.B * 17).map(() => Math.random()); // garbage everywhere…
    for (let b = 0; b < e.B; b++) {
      const c = (e.lengths[b] - 1) * e.B + b; // …except the last step of each trial
      logits.set(oneHot(b % 2 === 0 ? e.labels[c] : (e.labels[c] + 1) % 17), c * 17);
    }
    expect(Array.from(scoreBatch(logits, e, 17))).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(() => scoreBatch(new Float32Array(3), e, 17)).toThrow(/expected T·B·nOutput/);
  });

  it("last-step demands the exact class (a neighbouring direction is wrong)", () => {
    expect(judgeLastStep(oneHot(4), 4)).toBe(true);
    expect(judgeLastStep(oneHot(5), 4)).toBe(false);
    expect(judgeLastStep(oneHot(0), 0)).toBe(true);
  });

  it("popvec: fixation > 0.5 for no-go; else the population vector within 36° of the target", () => {
    expect(judgeLastStep(oneHot(0, 17, 10), 0, "popvec")).toBe(true);
    expect(judgeLastStep(oneHot(4, 17, 10), 0, "popvec")).toBe(false);
    expect(judgeLastStep(oneHot(0, 17, 10), 4, "popvec")).toBe(false);
    // mass split between directions 3 and 4 (classes 4, 5): 11.25° from class 4's direction → correct
    const split = Array(17).fill(-10);
    split[4] = split[5] = 5;
    expect(judgeLastStep(split, 4, "popvec")).toBe(true);
    expect(judgeLastStep(split, 5, "popvec")).toBe(true);
    expect(judgeLastStep(split, 6, "popvec")).toBe(true); // 33.75° off: inside the 36° tolerance
    expect(judgeLastStep(split, 7, "popvec")).toBe(false); // 56.25° off
    // one unit (22.5°) off counts as correct under popvec, not under last-step
    expect(judgeLastStep(oneHot(5, 17, 10), 4, "popvec")).toBe(true);
    expect(judgeLastStep(oneHot(6, 17, 10), 4, "popvec")).toBe(false); // 45°
    // wrap-around: class 16 (337.5°) vs class 1 (0°)
    expect(judgeLastStep(oneHot(16, 17, 10), 1, "popvec")).toBe(true);
  });
});
