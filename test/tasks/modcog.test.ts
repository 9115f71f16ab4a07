// Mod-Cog semantics (docs/spec.md §3, §6.2, §8 examples 7–8): task lists, seq labels, int rotations/shifts, frozen delays.
import { describe, expect, it } from "vitest";
import { sampleTrial, TrainingStream } from "../../src/tasks/generate.js";
import { loadSuite, taskIndex, UnknownNameError } from "../../src/tasks/registry.js";
import { Rng } from "../../src/tasks/rng.js";

const MC = loadSuite("modcog", { seed: 7 });
const ALL = loadSuite("modcog-all", { seed: 7 });
const idx = (name: string) => taskIndex(ALL, name);
const decision = (tr: { periods: { name: string; start: number; end: number }[] }) =>
  tr.periods.find((p) => p.name === "decision")!;

// The README's list, verbatim order (docs/spec.md §3.4).
const README =
  `go rtgo dlygo anti rtanti dlyanti dm1 dm2 ctxdm1 ctxdm2 multidm dlydm1 dlydm2 ctxdlydm1 ctxdlydm2 multidlydm
  dms dnms dmc dnmc dlygointr dlygointl dlyantiintr dlyantiintl dlydm1intr dlydm1intl dlydm2intr dlydm2intl
  ctxdlydm1intr ctxdlydm1intl ctxdlydm2intr ctxdlydm2intl multidlydmintr multidlydmintl dmsintr dmsintl dnmsintr
  dnmsintl dmcintr dmcintl dnmcintr dnmcintl goseqr rtgoseqr dlygoseqr antiseqr rtantiseqr dlyantiseqr dm1seqr dm2seqr
  ctxdm1seqr ctxdm2seqr multidmseqr dlydm1seqr dlydm2seqr ctxdlydm1seqr ctxdlydm2seqr multidlydmseqr dmsseqr dnmsseqr
  dmcseqr dnmcseqr goseql rtgoseql dlygoseql antiseql rtantiseql dlyantiseql dm1seql dm2seql ctxdm1seql ctxdm2seql
  multidmseql dlydm1seql dlydm2seql ctxdlydm1seql ctxdlydm2seql multidlydmseql dmsseql dnmsseql dmcseql dnmcseql`
    .split(/\s+/)
    .filter(Boolean);

/** Mod_Cog's own stimulus formula: unit k sees 0.8·exp(−½(d/(π/8))²), d the periodic distance to stim_theta. */
function modcogBump(stimTheta: number, k: number): number {
  const theta = (2 * Math.PI * k) / 16;
  let d = Math.abs(stimTheta - theta);
  d = Math.min(d, 2 * Math.PI - d);
  return 0.8 * Math.exp(-((d / (Math.PI / 8)) ** 2) / 2);
}

describe("Mod-Cog task lists", () => {
  it("modcog is the README's 82 tasks in order; modcog-all adds the 11 intseq tasks", () => {
    expect(README.length).toBe(82);
    expect(MC.tasks.map((t) => t.name)).toEqual(README);
    expect(ALL.tasks.slice(0, 82).map((t) => t.name)).toEqual(README);
    expect(ALL.tasks.slice(82).map((t) => t.name)).toEqual([
      "dlygointseq",
      "dlyantiintseq",
      "dlydm1intseq",
      "dlydm2intseq",
      "ctxdlydm1intseq",
      "ctxdlydm2intseq",
      "multidlydmintseq",
      "dmsintseq",
      "dnmsintseq",
      "dmcintseq",
      "dnmcintseq",
    ]);
    expect(MC.nInput).toBe(115);
    expect(ALL.nInput).toBe(126);
  });

  it("a subset keeps canonical order, shrinks the rule block and keeps the seed's frozen delays", () => {
    const sub = loadSuite("modcog", { seed: 7, tasks: ["dnmsseqr", "go", "dms"] });
    expect(sub.tasks.map((t) => t.name)).toEqual(["go", "dms", "dnmsseqr"]);
    expect(sub.nInput).toBe(33 + 3);
    expect(sub.name).toBe("modcog:go,dms,dnmsseqr");
    expect(sub.tasks[1].periods).toEqual(MC.tasks[taskIndex(MC, "dms")].periods);
    const tr = sampleTrial(sub, 2, new Rng(1));
    for (let t = 0; t < tr.T; t++) expect(Array.from(tr.inputs.subarray(t * 36 + 33, t * 36 + 36))).toEqual([0, 0, 1]);
  });

  it("unknown suites and tasks name the valid ones; duplicates and empty subsets are refused", () => {
    expect(() => loadSuite("modkog")).toThrow(UnknownNameError);
    expect(() => loadSuite("modkog")).toThrow(/valid suites: yang20, modcog, modcog-all/);
    expect(() => loadSuite("yang20", { tasks: ["go", "goseqr"] })).toThrow(
      /unknown task "goseqr" in suite yang20; valid tasks: go, rtgo/,
    );
    expect(() => loadSuite("yang20", { tasks: ["go", "go"] })).toThrow(/listed twice/);
    expect(() => loadSuite("yang20", { tasks: [] })).toThrow(/empty/);
  });
});

describe("Mod-Cog seq (docs/spec.md §3.3, §8 ex. 7)", () => {
  it("goseqr, target 14: decision labels 15, 16, 1, 2, …, 8 (label bug fixed)", () => {
    const tr = sampleTrial(MC, taskIndex(MC, "goseqr"), new Rng(1), { force: { target: 14 } });
    const d = decision(tr);
    expect(d.end - d.start).toBe(10);
    expect(Array.from(tr.labels.subarray(d.start, d.end))).toEqual([15, 16, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(tr.labels.subarray(0, d.start)).every((l) => l === 0)).toBe(true);
  });

  it("seql moves the other way; rtgoseq keeps a 5-step decision; class 16 occurs, no-go stays 0", () => {
    const l = sampleTrial(MC, taskIndex(MC, "goseql"), new Rng(1), { force: { target: 1 } });
    const d = decision(l);
    expect(Array.from(l.labels.subarray(d.start, d.end))).toEqual([2, 1, 16, 15, 14, 13, 12, 11, 10, 9]);
    const rt = sampleTrial(MC, taskIndex(MC, "rtgoseqr"), new Rng(1), { force: { target: 13 } });
    expect(Array.from(rt.labels.subarray(decision(rt).start))).toEqual([14, 15, 16, 1, 2]);
    const nogo = sampleTrial(MC, taskIndex(MC, "dmsseqr"), new Rng(1), { force: { target: 4, match: false } });
    expect(nogo.labels.every((x) => x === 0)).toBe(true);
  });

  it("base Mod-Cog tasks produce class 16 for direction 15 (where the literal code wrote 0)", () => {
    const tr = sampleTrial(MC, taskIndex(MC, "go"), new Rng(1), { force: { target: 15 } });
    expect(tr.labels[tr.T - 1]).toBe(16);
  });
});

describe("Mod-Cog int (docs/spec.md §3.3, §8 ex. 8)", () => {
  it("dlydm1intl, stronger stimulus at index 3 → class 15; intr → class 9", () => {
    const force = { target: 3, i2: 10, strengths: [1.0, 0.3] as [number, number] };
    const l = sampleTrial(ALL, idx("dlydm1intl"), new Rng(2), { force });
    const r = sampleTrial(ALL, idx("dlydm1intr"), new Rng(2), { force });
    expect(l.labels[l.T - 1]).toBe(15);
    expect(r.labels[r.T - 1]).toBe(9);
    expect(decision(l).start - l.periods.find((p) => p.name === "delay")!.start).toBe(5 + 5); // delay 500 + stim2
  });

  it("reach int: the stimulus is rotated by g·0.01·delay rad (Mod_Cog's formula), the label is the drawn direction", () => {
    for (const name of ["dlygointr", "dlygointl", "dlyantiintr", "dlyantiintl", "dlygointseq", "dlyantiintseq"]) {
      const g = name.endsWith("l") ? -1 : 1;
      const anti = name.includes("anti");
      const delays = new Set<number>();
      for (let j = 0; j < 60; j++) {
        const tr = sampleTrial(ALL, idx(name), new Rng(j), { noise: false, modality: (j % 2) as 0 | 1 });
        const st = tr.periods.find((p) => p.name === "stimulus")!;
        const delayMs =
          100 * (tr.periods.find((p) => p.name === "delay")!.end - tr.periods.find((p) => p.name === "delay")!.start);
        delays.add(delayMs);
        const k = tr.labels[decision(tr).start] - 1;
        const theta =
          ((((2 * Math.PI * k) / 16 + g * 0.01 * delayMs + (anti ? Math.PI : 0)) % (2 * Math.PI)) + 2 * Math.PI) %
          (2 * Math.PI);
        const ring = 1 + 16 * (j % 2);
        for (let u = 0; u < 16; u++)
          expect(tr.inputs[st.start * ALL.nInput + ring + u]).toBeCloseTo(modcogBump(theta, u), 6);
      }
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(1100);
      expect(delays.size).toBeGreaterThan(8); // redrawn per trial from {0, …, 1100}
    }
  });

  it("match int: the go response moves by g·delay/100 units, the shown test does not", () => {
    for (const name of ["dmsintr", "dmsintl", "dnmcintr", "dnmcintl"]) {
      const g = name.endsWith("l") ? -1 : 1;
      let go = 0;
      for (let j = 0; j < 80; j++) {
        const tr = sampleTrial(ALL, idx(name), new Rng(j));
        const delay = tr.periods.find((p) => p.name === "delay")!;
        const test = tr.plan.stimuli.find((s) => s.period === "test")!.pos;
        if (tr.plan.target === 0) continue;
        go++;
        expect(tr.plan.target - 1).toBe((((test + g * (delay.end - delay.start)) % 16) + 16) % 16);
      }
      expect(go).toBeGreaterThan(20);
    }
  });
});

describe("Mod-Cog frozen match delays (docs/spec.md §3.2, §6.2)", () => {
  const delayOf = (suite: typeof MC, name: string) => {
    const d = suite.tasks[taskIndex(suite, name)].periods.find((p) => p.name === "delay")!.duration;
    if (d.kind !== "byModality") throw new Error(`${name}: delay is ${d.kind}`);
    return d.ms.map((ms) => Math.floor(ms / 100) * 100);
  };

  it("one delay per (task, ring), fixed by the seed, in 200…1100 ms, the same in modcog, modcog-all and subsets", () => {
    const names = ["dms", "dnms", "dmc", "dnmc", "dmsseqr", "dnmcseql"];
    for (const n of names) {
      expect(delayOf(loadSuite("modcog", { seed: 7 }), n)).toEqual(delayOf(ALL, n));
      expect(delayOf(loadSuite("modcog", { seed: 7, tasks: [n, "go"] }), n)).toEqual(delayOf(ALL, n));
      for (const ms of delayOf(ALL, n)) expect(ms >= 200 && ms <= 1100).toBe(true);
    }
    // every trial on a ring has that ring's delay
    for (let j = 0; j < 20; j++) {
      const m = (j % 2) as 0 | 1;
      const tr = sampleTrial(ALL, idx("dms"), new Rng(j), { modality: m });
      const d = tr.periods.find((p) => p.name === "delay")!;
      expect(100 * (d.end - d.start)).toBe(delayOf(ALL, "dms")[m]);
    }
    // the seed matters, and the two rings are drawn independently
    const seeds = Array.from({ length: 12 }, (_, s) => delayOf(loadSuite("modcog", { seed: s }), "dms").join());
    expect(new Set(seeds).size).toBeGreaterThan(6);
    const rings = Array.from({ length: 12 }, (_, s) => delayOf(loadSuite("modcog", { seed: s }), "dnmc"));
    expect(rings.some(([a, b]) => a !== b)).toBe(true);
  });

  it("the int match tasks redraw their delay every trial instead", () => {
    const Ts = new Set(Array.from({ length: 60 }, (_, j) => sampleTrial(ALL, idx("dmcintl"), new Rng(j)).T));
    expect(Ts.size).toBeGreaterThan(6);
  });
});

describe("Mod-Cog training stream", () => {
  it("never repeats a task back to back, uses all tasks, and restores exactly", () => {
    const seen = new Set<number>();
    let prev = -1;
    const s = new TrainingStream(MC, 2, 5, (tr, _m, b) => {
      if (b !== 0) return;
      expect(tr.taskIndex).not.toBe(prev);
      prev = tr.taskIndex;
      seen.add(tr.taskIndex);
    });
    for (let i = 0; i < 120; i++) s.next(100);
    expect(seen.size).toBe(82);
    const saved = JSON.parse(JSON.stringify(s.state()));
    const a = s.next(100);
    const s2 = new TrainingStream(MC, 2, 999);
    s2.restore(saved);
    const b = s2.next(100);
    expect(b.inputs).toEqual(a.inputs);
    expect(b.labels).toEqual(a.labels);
  });
});
