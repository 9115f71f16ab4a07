// Golden tests: docs/spec.md §8 worked examples 1–6 (bump values to 1e-6, label timing).
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tasks/rng.js";
import { bump, sampleTrial, type Trial } from "../../src/tasks/generate.js";
import { YANG20, YANG20_NAMES } from "../../src/tasks/yang20.js";

const NU = 53;
const idx = (name: string) => YANG20_NAMES.indexOf(name as never);
const u = (tr: Trial, t: number, c: number) => tr.inputs[t * NU + c];
const PROFILE = [0.8, 0.485225, 0.108268, 0.0088872, 0.00026837];
const steps = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Expect ring `ring` (0/1) at step t to hold the grid bump centred on unit `centre` (strength 1). */
function expectBump(tr: Trial, t: number, ring: 0 | 1, centre: number) {
  for (let off = -8; off <= 8; off++) {
    const k = (((centre + off) % 16) + 16) % 16;
    const want = Math.abs(off) <= 4 ? PROFILE[Math.abs(off)] : 0.8 * Math.exp(-0.5 * off * off);
    expect(Math.abs(u(tr, t, 1 + 16 * ring + k) - want)).toBeLessThan(1e-6);
  }
  for (let k = 0; k < 16; k++) expect(u(tr, t, 1 + 16 * (1 - ring) + k)).toBe(0);
}

function expectRingsZero(tr: Trial, t: number) {
  for (let c = 1; c < 33; c++) expect(u(tr, t, c)).toBe(0);
}

describe("docs/spec.md §8 golden examples", () => {
  it("bump profile at offsets 0..4 and 8", () => {
    PROFILE.forEach((v, off) => expect(Math.abs(bump(3 + off, 3) - v)).toBeLessThan(1e-6));
    expect(bump(0, 8)).toBeLessThan(1e-13);
    expect(Math.abs(bump(15, 0) - PROFILE[1])).toBeLessThan(1e-6); // wraps around the ring
  });

  it("1. go, target 3, ring 1, rule 0", () => {
    const tr = sampleTrial(YANG20, idx("go"), new Rng(1), { modality: 0, force: { target: 3 } });
    expect(tr.T).toBe(15);
    for (let t = 0; t < 15; t++) expect(u(tr, t, 33)).toBe(1);
    for (const t of steps(0, 4)) {
      expect(u(tr, t, 0)).toBe(1);
      expectRingsZero(tr, t);
      expect(tr.labels[t]).toBe(0);
    }
    for (const t of steps(5, 9)) {
      expect(u(tr, t, 0)).toBe(1);
      expectBump(tr, t, 0, 3);
      expect(Math.abs(u(tr, t, 4) - 0.8)).toBeLessThan(1e-6);
      expect(Math.abs(u(tr, t, 16) - 0.00026837)).toBeLessThan(1e-6);
      expect(tr.labels[t]).toBe(0);
    }
    for (const t of steps(10, 14)) {
      expect(u(tr, t, 0)).toBe(0);
      expectRingsZero(tr, t);
      expect(tr.labels[t]).toBe(4);
    }
  });

  it("2. anti, target 3, ring 2, rule 3", () => {
    const tr = sampleTrial(YANG20, idx("anti"), new Rng(2), { modality: 1, force: { target: 3 } });
    expect(idx("anti")).toBe(3);
    for (let t = 0; t < 15; t++) expect(u(tr, t, 36)).toBe(1);
    for (const t of steps(5, 9)) {
      expectBump(tr, t, 1, 11);
      expect(Math.abs(u(tr, t, 28) - 0.8)).toBeLessThan(1e-6);
    }
    for (const t of steps(0, 9)) expect(tr.labels[t]).toBe(0);
    for (const t of steps(10, 14)) {
      expect(tr.labels[t]).toBe(4);
      expectRingsZero(tr, t);
    }
  });

  it("3. rtgo, target 0, ring 1", () => {
    const tr = sampleTrial(YANG20, idx("rtgo"), new Rng(3), { modality: 0, force: { target: 0 } });
    expect(tr.T).toBe(10);
    for (const t of steps(0, 4)) {
      expect(u(tr, t, 0)).toBe(1);
      expectRingsZero(tr, t);
      expect(tr.labels[t]).toBe(0);
    }
    for (const t of steps(5, 9)) {
      expect(u(tr, t, 0)).toBe(0);
      expectBump(tr, t, 0, 0);
      expect(Math.abs(u(tr, t, 1) - 0.8)).toBeLessThan(1e-6);
      expect(Math.abs(u(tr, t, 16) - 0.485225)).toBeLessThan(1e-6);
      expect(Math.abs(u(tr, t, 2) - 0.485225)).toBeLessThan(1e-6);
      expect(tr.labels[t]).toBe(1);
    }
  });

  describe("4. dm1, i1 = 2, i2 = 9, coh +0.32, fixation 300 ms", () => {
    const force = { target: 2, i2: 9, coh: 0.32, durations: { fixation: 300 } };
    const clean = sampleTrial(YANG20, idx("dm1"), new Rng(4), { force, noise: false });
    const noisy = sampleTrial(YANG20, idx("dm1"), new Rng(4), { force });

    it("noise-free values and label timing", () => {
      expect(clean.T).toBe(10);
      for (const t of steps(0, 2)) {
        expect(u(clean, t, 0)).toBe(1);
        expectRingsZero(clean, t);
      }
      for (const t of steps(3, 7)) {
        expect(u(clean, t, 0)).toBe(1);
        for (let k = 0; k < 16; k++) {
          const want = 0.66 * bump(2, k) + 0.34 * bump(9, k);
          expect(Math.abs(u(clean, t, 1 + k) - want)).toBeLessThan(1e-6);
          expect(u(clean, t, 17 + k)).toBe(0);
        }
        expect(Math.abs(u(clean, t, 3) - 0.528)).toBeLessThan(1e-6); // 0.66·0.8 (+ ~1e-11 from the bump 7 units away)
      }
      for (const t of steps(8, 9)) for (let c = 0; c < 33; c++) expect(u(clean, t, c)).toBe(0);
      expect(Array.from(clean.labels)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3, 3]);
      for (let t = 0; t < 10; t++) expect(u(clean, t, 33 + 6)).toBe(1);
    });

    it("noise N(0, 0.1²) on all 33 task channels in steps 3–7 only", () => {
      const res: number[] = [];
      for (let t = 0; t < 10; t++) {
        for (let c = 0; c < 33; c++) {
          const r = u(noisy, t, c) - u(clean, t, c);
          if (t >= 3 && t <= 7) {
            expect(r).not.toBe(0);
            res.push(r);
          } else expect(r).toBe(0);
        }
      }
      const sd = Math.sqrt(res.reduce((a, r) => a + r * r, 0) / res.length); // 165 values: sd ± 0.0055
      expect(sd).toBeGreaterThan(0.08);
      expect(sd).toBeLessThan(0.12);
      expect(Array.from(noisy.labels)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3, 3]);
    });
  });

  it("5. dms, sample 5, non-match → test 13, no-go; dnms same stimuli → label 14 in steps 23–31", () => {
    const dms = sampleTrial(YANG20, idx("dms"), new Rng(5), { noise: false, force: { target: 5, match: false } });
    const dnms = sampleTrial(YANG20, idx("dnms"), new Rng(5), { noise: false, force: { target: 5, match: false } });
    expect(dms.T).toBe(32);
    expect(Array.from(dms.labels)).toEqual(new Array(32).fill(0));
    for (const t of steps(3, 7)) expectBump(dms, t, 0, 5);
    for (const t of steps(8, 17)) expectRingsZero(dms, t);
    for (const t of steps(18, 22)) expectBump(dms, t, 0, 13);
    for (const t of steps(23, 31)) {
      expectRingsZero(dms, t);
      expect(u(dms, t, 0)).toBe(0);
    }
    for (let t = 0; t < 32; t++) for (let c = 0; c < 33; c++) expect(u(dnms, t, c)).toBe(u(dms, t, c));
    expect(Array.from(dnms.labels)).toEqual([...new Array(23).fill(0), ...new Array(9).fill(14)]);
  });

  it("6. dmc, sample 8 → category 0: non-match tests come from 8..15, match tests from 0..7", () => {
    const testOf = (tr: Trial) => tr.plan.stimuli.find((s) => s.period === "test")!.pos;
    const nonMatch = new Set<number>();
    const match = new Set<number>();
    for (let j = 0; j < 200; j++) {
      const nm = sampleTrial(YANG20, idx("dmc"), new Rng(j), { force: { target: 8, match: false } });
      nonMatch.add(testOf(nm));
      expect(Array.from(nm.labels).every((l) => l === 0)).toBe(true);
      const m = sampleTrial(YANG20, idx("dmc"), new Rng(j), { force: { target: 8, match: true } });
      match.add(testOf(m));
      expect(m.labels[31]).toBe(testOf(m) + 1);
    }
    expect([...nonMatch].sort((a, b) => a - b)).toEqual(steps(8, 15));
    expect([...match].sort((a, b) => a - b)).toEqual(steps(0, 7));
  });
});
