// Statistical tests of the task generators and of TrainingStream (schedule, alternation, save/restore).
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tasks/rng.js";
import { sampleTrial, TrainingStream, type Trial } from "../../src/tasks/generate.js";
import { loadSuite, taskIndex } from "../../src/tasks/registry.js";
import { YANG20, YANG20_NAMES } from "../../src/tasks/yang20.js";

const idx = (name: string) => YANG20_NAMES.indexOf(name as never);

/** Pearson chi-square statistic of counts against equal expectation. */
function chiSquare(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  const e = n / counts.length;
  return counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
}

function trials(name: string, n: number, seed: number): Trial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sampleTrial(YANG20, idx(name), rng));
}

describe("task statistics", () => {
  it("go/anti/dms targets are uniform over 16 directions (N = 3200 each, χ²(15) < 37.7, p = 0.001)", () => {
    for (const name of ["go", "anti", "dms"]) {
      const counts = new Array(16).fill(0);
      for (const tr of trials(name, 3200, 11)) counts[tr.plan.stimuli[0].pos]++;
      expect(chiSquare(counts)).toBeLessThan(37.7);
    }
  });

  it("DM i1 is uniform and i2 uniform over the other 15 (N = 3200, χ²(15) < 37.7)", () => {
    const c1 = new Array(16).fill(0);
    const cd = new Array(15).fill(0);
    for (const tr of trials("dm1", 3200, 12)) {
      const [i1, i2] = [tr.plan.stimuli[0].pos, tr.plan.stimuli[1].pos];
      c1[i1]++;
      cd[(i2 - i1 + 15) % 16]++; // offset 1..15 → 0..14
    }
    expect(chiSquare(c1)).toBeLessThan(37.7);
    expect(chiSquare(cd)).toBeLessThan(36.1); // χ²(14), p = 0.001
  });

  it("match vs non-match is 50/50 in all four match tasks (N = 4000 each, |p − 0.5| < 0.03 ≈ 3.8σ)", () => {
    for (const name of ["dms", "dnms", "dmc", "dnmc"]) {
      let go = 0;
      for (const tr of trials(name, 4000, 13)) if (tr.plan.target > 0) go++;
      expect(Math.abs(go / 4000 - 0.5)).toBeLessThan(0.03);
    }
  });

  const tieCase = (name: string, n: number, p: number, tol: number) => () => {
    let ties = 0;
    let tieToI1 = 0;
    for (const tr of trials(name, n, 14)) {
      const i1 = tr.plan.stimuli[0].pos;
      let e1 = 0;
      let e2 = 0;
      for (const s of tr.plan.stimuli) s.pos === i1 ? (e1 += s.strength) : (e2 += s.strength);
      if (e1 === e2) {
        ties++;
        if (tr.plan.target - 1 === i1) tieToI1++;
      }
    }
    expect(Math.abs(ties / n - p)).toBeLessThan(tol);
    expect(Math.abs(tieToI1 / ties - 0.5)).toBeLessThan(0.1); // ties are coin flips (≥ 600 ties: σ ≤ 0.02)
  };
  it("multidm exact-tie rate ≈ 12.5 % (N = 8000, tol 0.015 ≈ 4σ)", tieCase("multidm", 8000, 0.125, 0.015));
  it("multidlydm exact-tie rate ≈ 16.7 % (N = 6000, tol 0.02 ≈ 4σ)", tieCase("multidlydm", 6000, 1 / 6, 0.02));

  it("DM fixation lasts 200/300/400 ms with probability 1/3 each (N = 3000, tol 0.04 ≈ 4.6σ)", () => {
    const counts: Record<number, number> = {};
    for (const tr of trials("dm2", 3000, 15)) {
      const f = tr.periods[0];
      counts[f.end - f.start] = (counts[f.end - f.start] ?? 0) + 1;
    }
    expect(Object.keys(counts).map(Number).sort()).toEqual([2, 3, 4]);
    for (const k of [2, 3, 4]) expect(Math.abs(counts[k] / 3000 - 1 / 3)).toBeLessThan(0.04);
  });

  it("no-delay DM coherence c is uniform over ±{0.08, 0.16, 0.32, 0.64} (N = 4000, χ²(7) < 24.3, p = 0.001)", () => {
    const cohs = [-0.64, -0.32, -0.16, -0.08, 0.08, 0.16, 0.32, 0.64];
    const counts = new Array(8).fill(0);
    for (const tr of trials("dm1", 4000, 16)) {
      const c = tr.plan.stimuli[0].strength - tr.plan.stimuli[1].strength; // s1 − s2 = c
      const k = cohs.findIndex((x) => Math.abs(x - c) < 1e-9);
      expect(k).toBeGreaterThanOrEqual(0);
      counts[k]++;
    }
    expect(chiSquare(counts)).toBeLessThan(24.3);
  });

  it("delayed DM strengths (s1, s2) are the 6 ordered pairs of distinct {0.3, 0.6, 1.0} equally often (N = 3000, χ²(5) < 20.5)", () => {
    const pairs = new Map<string, number>();
    for (const tr of trials("dlydm2", 3000, 17)) {
      const key = `${tr.plan.stimuli[0].strength},${tr.plan.stimuli[1].strength}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect([...pairs.keys()].sort()).toEqual(["0.3,0.6", "0.3,1", "0.6,0.3", "0.6,1", "1,0.3", "1,0.6"]);
    expect(chiSquare([...pairs.values()])).toBeLessThan(20.5);
  });

  it("Mod-Cog int delays are uniform over {0, 100, …, 1100} ms (N = 3600, χ²(11) < 31.3); frozen match delays over seeds cover 200…1100 (N = 400 seeds, χ²(9) < 27.9)", () => {
    const all = loadSuite("modcog-all", { seed: 1 });
    const i = taskIndex(all, "dlygointr");
    const counts = new Array(12).fill(0);
    const rng = new Rng(18);
    for (let j = 0; j < 3600; j++) {
      const d = sampleTrial(all, i, rng).periods.find((p) => p.name === "delay")!;
      counts[d.end - d.start]++;
    }
    expect(chiSquare(counts)).toBeLessThan(31.3);
    const frozen = new Array(10).fill(0);
    for (let seed = 0; seed < 400; seed++) {
      const dms = loadSuite("modcog", { seed, tasks: ["dms", "go"] }).tasks[1].periods.find(
        (p) => p.name === "delay",
      )!.duration;
      if (dms.kind !== "byModality") throw new Error("dms delay is not frozen");
      frozen[Math.floor(dms.ms[0] / 100) - 2]++;
    }
    expect(chiSquare(frozen)).toBeLessThan(27.9);
  });
});

describe("TrainingStream", () => {
  it("never draws the same task twice in a row, alternates modality per task (ring 1 first), visits all tasks", () => {
    const B = 4;
    const log: { task: number; modality: number }[][] = Array.from({ length: B }, () => []);
    const s = new TrainingStream(YANG20, B, 21, (tr, m, b) => log[b].push({ task: tr.taskIndex, modality: m }));
    for (let i = 0; i < 30; i++) s.next(100); // ≈ 150 trials per element
    const counts = new Array(20).fill(0);
    for (const seq of log) {
      expect(seq.length).toBeGreaterThan(100);
      const last = new Map<number, number>();
      seq.forEach((e, j) => {
        counts[e.task]++;
        if (j > 0) expect(e.task).not.toBe(seq[j - 1].task);
        if (YANG20.tasks[e.task].alternatesModality) {
          expect(e.modality).toBe(last.has(e.task) ? 1 - last.get(e.task)! : 0);
          last.set(e.task, e.modality);
        } else expect(e.modality).toBe(0);
      });
    }
    // ≈ 610 trials over 20 tasks (≈ 30 each): every task is drawn, none dominates
    for (const c of counts) {
      expect(c).toBeGreaterThan(5);
      expect(c).toBeLessThan(80);
    }
  });

  it("windows have the Batch layout and agree with the concatenated trials", () => {
    const B = 3;
    const T = 60;
    const trialsPerEl: Trial[][] = Array.from({ length: B }, () => []);
    const s = new TrainingStream(YANG20, B, 5, (tr, _m, b) => trialsPerEl[b].push(tr));
    const w = s.next(T);
    expect([w.T, w.B, w.inputs.length, w.labels.length]).toEqual([T, B, T * B * 53, T * B]);
    for (let b = 0; b < B; b++) {
      const flatIn = trialsPerEl[b].flatMap((tr) => Array.from(tr.inputs));
      const flatLab = trialsPerEl[b].flatMap((tr) => Array.from(tr.labels));
      for (let t = 0; t < T; t++) {
        expect(w.labels[t * B + b]).toBe(flatLab[t]);
        const row = Array.from(w.inputs.subarray((t * B + b) * 53, (t * B + b + 1) * 53));
        expect(row).toEqual(flatIn.slice(t * 53, (t + 1) * 53));
      }
    }
  });

  it("is deterministic by seed, continuous across windows, and seeds differ", () => {
    const a = new TrainingStream(YANG20, 4, 9);
    const b = new TrainingStream(YANG20, 4, 9);
    const c = new TrainingStream(YANG20, 4, 10);
    const whole = a.next(100);
    const p1 = b.next(37);
    const p2 = b.next(63);
    for (let t = 0; t < 100; t++) {
      const src = t < 37 ? p1 : p2;
      const tt = t < 37 ? t : t - 37;
      expect(src.inputs.subarray(tt * 4 * 53, (tt + 1) * 4 * 53)).toEqual(
        whole.inputs.subarray(t * 4 * 53, (t + 1) * 4 * 53),
      );
      expect(src.labels.subarray(tt * 4, (tt + 1) * 4)).toEqual(whole.labels.subarray(t * 4, (t + 1) * 4));
    }
    expect(c.next(100).inputs).not.toEqual(whole.inputs);
  });

  it("state()/restore() through JSON gives bit-identical next batches", () => {
    const a = new TrainingStream(YANG20, 4, 33);
    for (let i = 0; i < 7; i++) a.next(100);
    a.next(13); // leave every element mid-trial
    const saved = JSON.parse(JSON.stringify(a.state()));
    const wantA = [a.next(100), a.next(100), a.next(41)];
    const b = new TrainingStream(YANG20, 4, 999); // different seed: everything must come from the state
    b.restore(saved);
    for (const [i, T] of [100, 100, 41].entries()) {
      const got = b.next(T);
      expect(got.inputs).toEqual(wantA[i].inputs);
      expect(got.labels).toEqual(wantA[i].labels);
    }
    expect(() => new TrainingStream(YANG20, 3, 1).restore(saved)).toThrow();
  });
});
