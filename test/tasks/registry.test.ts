// Per-task structural tests of the yang20 suite: shapes, determinism, labels, fixation, rule, noise, lengths.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tasks/rng.js";
import { bump, sampleTrial, type Trial } from "../../src/tasks/generate.js";
import { YANG20, YANG20_NAMES } from "../../src/tasks/yang20.js";

const NU = 53;
const N = 120; // trials per task per check

/** Trial lengths (steps) per SPEC §2.3: training set, and the single analysis length. */
const LENGTHS: Record<string, { train: number[]; analysis: number }> = {};
for (const n of ["go", "anti"]) LENGTHS[n] = { train: [15], analysis: 15 };
for (const n of ["dlygo", "dlyanti"]) LENGTHS[n] = { train: [20], analysis: 20 };
for (const n of ["rtgo", "rtanti"]) LENGTHS[n] = { train: [10], analysis: 10 };
for (const n of ["dm1", "dm2", "ctxdm1", "ctxdm2", "multidm"]) LENGTHS[n] = { train: [9, 10, 11], analysis: 12 };
for (const n of ["dlydm1", "dlydm2", "ctxdlydm1", "ctxdlydm2", "multidlydm"]) LENGTHS[n] = { train: [24, 25, 26], analysis: 27 };
for (const n of ["dms", "dnms", "dmc", "dnmc"]) LENGTHS[n] = { train: [32], analysis: 32 };

const family = (name: string) =>
  /^(dms|dnms|dmc|dnmc)$/.test(name) ? "match" : /dm/.test(name) ? "dm" : "go";

/** Noise-free render of a trial's plan (fixation, bumps, rule) for comparison. */
function expectedClean(tr: Trial, name: string): Float32Array {
  const spec = YANG20.tasks[tr.taskIndex];
  const out = new Float32Array(tr.T * NU);
  const span = (p: string) => tr.periods.find((q) => q.name === p)!;
  for (const p of spec.fixationOn) for (let t = span(p).start; t < span(p).end; t++) out[t * NU] = 1;
  for (const st of tr.plan.stimuli) {
    const s = span(st.period);
    for (let t = s.start; t < s.end; t++) {
      for (let k = 0; k < 16; k++) out[t * NU + 1 + 16 * st.ring + k] += bump(st.pos, k, st.strength);
    }
  }
  for (let t = 0; t < tr.T; t++) out[t * NU + 33 + YANG20_NAMES.indexOf(name as never)] = 1;
  return out;
}

describe.each(YANG20_NAMES.map((n, i) => [n, i] as const))("task %s (rule %i)", (name, idx) => {
  const trials = Array.from({ length: N }, (_, j) =>
    sampleTrial(YANG20, idx, new Rng(1000 + j), { modality: (j % 2) as 0 | 1 }),
  );

  it("has the right name, shapes and contiguous periods", () => {
    expect(YANG20.tasks[idx].name).toBe(name);
    for (const tr of trials) {
      expect(tr.inputs.length).toBe(tr.T * NU);
      expect(tr.labels.length).toBe(tr.T);
      expect(tr.periods[0].start).toBe(0);
      tr.periods.forEach((p, j) => j > 0 && expect(p.start).toBe(tr.periods[j - 1].end));
      expect(tr.periods.at(-1)!.end).toBe(tr.T);
    }
  });

  it("trial lengths match SPEC §2.3 step counts", () => {
    const seen = new Set(trials.map((t) => t.T));
    expect([...seen].sort((a, b) => a - b)).toEqual(LENGTHS[name].train);
  });

  it("is deterministic by seed", () => {
    const a = sampleTrial(YANG20, idx, new Rng(5), { modality: 1 });
    const b = sampleTrial(YANG20, idx, new Rng(5), { modality: 1 });
    expect(b.inputs).toEqual(a.inputs);
    expect(b.labels).toEqual(a.labels);
    // different seeds give different trials (some of 10)
    const others = Array.from({ length: 10 }, (_, j) => sampleTrial(YANG20, idx, new Rng(6 + j), { modality: 1 }));
    expect(others.some((o) => o.T !== a.T || o.inputs.some((v, i) => v !== a.inputs[i]))).toBe(true);
  });

  it("labels are in range, 0 outside decision, constant in decision and consistent with the plan", () => {
    for (const tr of trials) {
      const dec = tr.periods.find((p) => p.name === "decision")!;
      for (let t = 0; t < tr.T; t++) {
        const want = t >= dec.start && t < dec.end ? tr.plan.target : 0;
        if (tr.labels[t] !== want) expect(tr.labels[t]).toBe(want);
      }
      expect(tr.plan.target).toBeGreaterThanOrEqual(0);
      expect(tr.plan.target).toBeLessThanOrEqual(16);
      if (family(name) !== "match") expect(tr.plan.target).toBeGreaterThan(0);
    }
  });

  it("fixation input is 1 before the decision and 0 in it; rule one-hot is constant and correct", () => {
    const bad: string[] = [];
    for (const tr of trials) {
      const dec = tr.periods.find((p) => p.name === "decision")!;
      const noisy = new Set(YANG20.tasks[idx].noise?.periods ?? []);
      const rt = name.startsWith("rt");
      for (const p of tr.periods) {
        for (let t = p.start; t < p.end; t++) {
          const fix = tr.inputs[t * NU];
          if (family(name) === "dm" && noisy.has(p.name)) {
            if (!(Math.abs(fix - 1) < 0.6)) bad.push(`fix t=${t} ${fix}`);
          } else if (fix !== (t < dec.start && (!rt || p.name === "fixation") ? 1 : 0)) bad.push(`fix t=${t} ${fix}`);
          for (let r = 0; r < 20; r++) if (tr.inputs[t * NU + 33 + r] !== (r === idx ? 1 : 0)) bad.push(`rule t=${t} r=${r}`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("input noise hits exactly the channels and periods of SPEC §2.3", () => {
    const bad: string[] = [];
    for (const tr of trials.slice(0, 30)) {
      const clean = expectedClean(tr, name);
      const noisy = new Set(YANG20.tasks[idx].noise?.periods ?? []);
      for (const p of tr.periods) {
        for (let t = p.start; t < p.end; t++) {
          for (let c = 0; c < 33; c++) {
            const r = tr.inputs[t * NU + c] - clean[t * NU + c];
            const ring = c === 0 ? -1 : Math.floor((c - 1) / 16);
            const should =
              noisy.has(p.name) && (family(name) === "dm" || (family(name) === "match" && ring === tr.plan.modality));
            if (should ? r === 0 : !(Math.abs(r) < 1e-6)) bad.push(`${p.name} t=${t} c=${c} r=${r}`);
          }
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("analysis trials are noise-free, aligned (one length) and match the plan render", () => {
    const an = Array.from({ length: 40 }, (_, j) => sampleTrial(YANG20, idx, new Rng(77 + j), { analysis: true }));
    expect(new Set(an.map((t) => t.T))).toEqual(new Set([LENGTHS[name].analysis]));
    for (const tr of an) {
      const clean = expectedClean(tr, name);
      let worst = 0;
      for (let i = 0; i < clean.length; i++) worst = Math.max(worst, Math.abs(tr.inputs[i] - clean[i]));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("puts stimuli on the SPEC rings (go/match: the chosen modality; dm: task-defined)", () => {
    for (const [j, tr] of trials.entries()) {
      const rings = new Set(tr.plan.stimuli.map((s) => s.ring));
      if (family(name) === "dm") {
        const want = /1$/.test(name) && !/ctx/.test(name) ? [0] : /2$/.test(name) && !/ctx/.test(name) ? [1] : [0, 1];
        expect([...rings].sort()).toEqual(want);
      } else {
        expect([...rings]).toEqual([j % 2]);
        expect(tr.plan.modality).toBe(j % 2);
      }
    }
  });
});

describe("task semantics (targets follow from the stimuli)", () => {
  it("go family: target = stimulus direction (anti: opposite)", () => {
    for (const name of ["go", "rtgo", "dlygo", "anti", "rtanti", "dlyanti"]) {
      const idx = YANG20_NAMES.indexOf(name as never);
      for (let j = 0; j < 50; j++) {
        const tr = sampleTrial(YANG20, idx, new Rng(j));
        const st = tr.plan.stimuli[0];
        expect(tr.plan.stimuli.length).toBe(1);
        expect(st.period).toBe(name.startsWith("rt") ? "decision" : "stimulus");
        expect(tr.plan.target - 1).toBe(name.includes("anti") ? (st.pos + 8) % 16 : st.pos);
      }
    }
  });

  it("DM family: target is the direction with more weighted evidence (when not tied)", () => {
    const W: Record<string, [number, number]> = { ctxdm1: [1, 0], ctxdm2: [0, 1], ctxdlydm1: [1, 0], ctxdlydm2: [0, 1] };
    for (let idx = 6; idx < 16; idx++) {
      const name = YANG20_NAMES[idx];
      const w = W[name] ?? [1, 1];
      for (let j = 0; j < 80; j++) {
        const tr = sampleTrial(YANG20, idx, new Rng(j));
        const [i1, i2] = [tr.plan.stimuli[0].pos, tr.plan.stimuli[1].pos];
        expect(i1).not.toBe(i2);
        let e1 = 0;
        let e2 = 0;
        for (const s of tr.plan.stimuli) {
          if (s.pos === i1) e1 += w[s.ring] * s.strength;
          else e2 += w[s.ring] * s.strength;
        }
        if (e1 !== e2) expect(tr.plan.target - 1).toBe(e1 > e2 ? i1 : i2);
      }
    }
  });

  it("match family: go iff (non-)match; test follows the sample/category rule", () => {
    for (const name of ["dms", "dnms", "dmc", "dnmc"]) {
      const idx = YANG20_NAMES.indexOf(name as never);
      for (let j = 0; j < 100; j++) {
        const tr = sampleTrial(YANG20, idx, new Rng(j));
        const s = tr.plan.stimuli.find((x) => x.period === "sample")!.pos;
        const test = tr.plan.stimuli.find((x) => x.period === "test")!.pos;
        const cat = name.endsWith("c");
        const match = cat ? (s > 8 ? 1 : 0) === (test >= 8 ? 1 : 0) : s === test;
        if (!cat && !match) expect(test).toBe((s + 8) % 16);
        const go = name.startsWith("dn") ? !match : match;
        expect(tr.plan.target).toBe(go ? test + 1 : 0);
      }
    }
  });
});
