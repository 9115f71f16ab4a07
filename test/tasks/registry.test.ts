// Per-task structural tests of every task of every suite (yang20: 20, modcog: 82, modcog-all: 93): shapes,
// determinism, trial lengths (docs/spec.md §2.3, §3.5), labels (incl. Mod-Cog seq), fixation, rule, noise, analysis trials.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tasks/rng.js";
import { bump, sampleTrial, type Trial } from "../../src/tasks/generate.js";
import { loadSuite, SUITE_NAMES } from "../../src/tasks/registry.js";
import type { Suite } from "../../src/tasks/spec.js";

const N = 120; // trials per task per check
const SEED = 3; // the run seed that freezes Mod-Cog's match delays

const baseOf = (name: string) => name.replace(/(intseq|intr|intl|seqr|seql)$/, "");
const family = (name: string) =>
  /^(dms|dnms|dmc|dnmc)$/.test(baseOf(name)) ? "match" : /dm/.test(baseOf(name)) ? "dm" : "go";
const seqOf = (name: string) => (/(seqr|intseq)$/.test(name) ? 1 : /seql$/.test(name) ? -1 : 0);
const span = (n: number, m: number) => Array.from({ length: m - n + 1 }, (_, i) => n + i);

/**
 * Allowed trial lengths (steps): yang20 per docs/spec.md §2.3; Mod-Cog per docs/spec.md §3.5 (match tasks without "int": 3+5+d+5+9
 * (+1 for seq) with d the delay frozen for the trial's ring, checked separately). And the analysis length(s).
 */
function lengths(suite: string, name: string, frozen: number[]): { train: number[]; analysis: number[] } {
  const base = baseOf(name);
  const ext = name.slice(base.length);
  if (suite === "yang20") {
    if (base === "go" || base === "anti") return { train: [15], analysis: [15] };
    if (base === "dlygo" || base === "dlyanti") return { train: [20], analysis: [20] };
    if (base.startsWith("rt")) return { train: [10], analysis: [10] };
    if (family(name) === "dm")
      return base.includes("dly") ? { train: [24, 25, 26], analysis: [27] } : { train: [9, 10, 11], analysis: [12] };
    return { train: [32], analysis: [32] };
  }
  const seq = ext.includes("seq") ? 1 : 0;
  const int = ext.startsWith("int");
  if (family(name) === "go") {
    if (base.startsWith("rt")) return { train: [10], analysis: [10] };
    if (int) return { train: span(15, 26).map((t) => t + 5 * seq), analysis: [15 + 5 * seq] };
    return { train: [20 + 5 * seq], analysis: [20 + 5 * seq] };
  }
  if (family(name) === "dm") {
    const d = base.includes("dly") ? 10 : 0;
    return { train: span(9 + d, 11 + d).map((t) => t + 8 * seq), analysis: [12 + d + 8 * seq] };
  }
  if (int) return { train: span(22, 33).map((t) => t + seq), analysis: [22 + seq] };
  const fixed = frozen.map((ms) => 22 + ms / 100 + seq);
  return { train: [...new Set(fixed)].sort((a, b) => a - b), analysis: [...new Set(fixed)].sort((a, b) => a - b) };
}

/** Noise-free render of a trial's plan (fixation, bumps, rule) for comparison. */
function expectedClean(suite: Suite, tr: Trial): Float32Array {
  const NU = suite.nInput;
  const spec = suite.tasks[tr.taskIndex];
  const out = new Float32Array(tr.T * NU);
  const span = (p: string) => tr.periods.find((q) => q.name === p)!;
  for (const p of spec.fixationOn) for (let t = span(p).start; t < span(p).end; t++) out[t * NU] = 1;
  for (const st of tr.plan.stimuli) {
    const s = span(st.period);
    for (let t = s.start; t < s.end; t++) {
      for (let k = 0; k < 16; k++) out[t * NU + 1 + 16 * st.ring + k] += bump(st.pos, k, st.strength);
    }
  }
  for (let t = 0; t < tr.T; t++) out[t * NU + 33 + tr.taskIndex] = 1;
  return out;
}

// The neurogym-layout suites (the maze has its own layout and its own test: test/tasks/sernn-maze.test.ts).
const NEUROGYM = SUITE_NAMES.filter((s) => s !== "sernn-maze");
const CASES = NEUROGYM.flatMap((s) => loadSuite(s, { seed: SEED }).tasks.map((t, i) => [s, t.name, i] as const));

describe("suites", () => {
  it("cover 20 + 82 + 93 task definitions with n_u 53, 115, 126 and n_o 17", () => {
    expect(SUITE_NAMES).toEqual(["yang20", "modcog", "modcog-all", "sernn-maze"]);
    const sizes = NEUROGYM.map((s) => loadSuite(s).tasks.length);
    expect(sizes).toEqual([20, 82, 93]);
    expect(NEUROGYM.map((s) => loadSuite(s).nInput)).toEqual([53, 115, 126]);
    expect(NEUROGYM.map((s) => loadSuite(s).nOutput)).toEqual([17, 17, 17]);
    expect(CASES.length).toBe(195);
  });
});

describe.each(CASES)("%s task %s (rule %i)", (suiteName, name, idx) => {
  const SUITE = loadSuite(suiteName, { seed: SEED });
  const NU = SUITE.nInput;
  const NR = SUITE.tasks.length;
  const delay = SUITE.tasks[idx].periods.find((p) => p.name === "delay")?.duration;
  const frozen = delay?.kind === "byModality" ? [...delay.ms].map((ms) => Math.floor(ms / 100) * 100) : [];
  const LEN = lengths(suiteName, name, frozen);
  const trials = Array.from({ length: N }, (_, j) =>
    sampleTrial(SUITE, idx, new Rng(1000 + j), { modality: (j % 2) as 0 | 1 }),
  );

  it("has the right name, shapes and contiguous periods", () => {
    expect(SUITE.tasks[idx].name).toBe(name);
    for (const tr of trials) {
      expect(tr.inputs.length).toBe(tr.T * NU);
      expect(tr.labels.length).toBe(tr.T);
      expect(tr.periods[0].start).toBe(0);
      tr.periods.forEach((p, j) => j > 0 && expect(p.start).toBe(tr.periods[j - 1].end));
      expect(tr.periods.at(-1)!.end).toBe(tr.T);
    }
  });

  it("trial lengths match docs/spec.md §2.3 / §3.5 step counts", () => {
    const seen = [...new Set(trials.map((t) => t.T))].sort((a, b) => a - b);
    if (LEN.train.length <= 3) expect(seen).toEqual(LEN.train);
    else for (const T of seen) expect(LEN.train).toContain(T); // int delays: 12 values, not all seen in N trials
    if (frozen.length) {
      // the delay is frozen per ring: every trial on ring m has the same length
      for (const tr of trials) expect(tr.T).toBe(22 + frozen[tr.plan.modality] / 100 + Math.abs(seqOf(name)));
      for (const ms of frozen) (expect(ms).toBeGreaterThanOrEqual(200), expect(ms).toBeLessThanOrEqual(1100));
    }
  });

  it("is deterministic by seed", () => {
    const a = sampleTrial(SUITE, idx, new Rng(5), { modality: 1 });
    const b = sampleTrial(SUITE, idx, new Rng(5), { modality: 1 });
    expect(b.inputs).toEqual(a.inputs);
    expect(b.labels).toEqual(a.labels);
    // different seeds give different trials (some of 10)
    const others = Array.from({ length: 10 }, (_, j) => sampleTrial(SUITE, idx, new Rng(6 + j), { modality: 1 }));
    expect(others.some((o) => o.T !== a.T || o.inputs.some((v, i) => v !== a.inputs[i]))).toBe(true);
  });

  it("labels are in range, 0 outside decision, in decision the plan's target (seq: moving one unit per step)", () => {
    const seq = seqOf(name);
    for (const tr of trials) {
      const dec = tr.periods.find((p) => p.name === "decision")!;
      for (let t = 0; t < tr.T; t++) {
        const moved = tr.plan.target === 0 ? 0 : 1 + ((((tr.plan.target - 1 + seq * (t - dec.start)) % 16) + 16) % 16);
        const want = t >= dec.start && t < dec.end ? moved : 0;
        if (tr.labels[t] !== want) expect(tr.labels[t]).toBe(want);
        expect(tr.labels[t] >= 0 && tr.labels[t] <= 16).toBe(true);
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
      const noisy = new Set(SUITE.tasks[idx].noise?.periods ?? []);
      const rt = name.startsWith("rt");
      for (const p of tr.periods) {
        for (let t = p.start; t < p.end; t++) {
          const fix = tr.inputs[t * NU];
          if (family(name) === "dm" && noisy.has(p.name)) {
            if (!(Math.abs(fix - 1) < 0.6)) bad.push(`fix t=${t} ${fix}`);
          } else if (fix !== (t < dec.start && (!rt || p.name === "fixation") ? 1 : 0)) bad.push(`fix t=${t} ${fix}`);
          for (let r = 0; r < NR; r++)
            if (tr.inputs[t * NU + 33 + r] !== (r === idx ? 1 : 0)) bad.push(`rule t=${t} r=${r}`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("input noise hits exactly the channels and periods of docs/spec.md §2.3", () => {
    const bad: string[] = [];
    for (const tr of trials.slice(0, 30)) {
      const clean = expectedClean(SUITE, tr);
      const noisy = new Set(SUITE.tasks[idx].noise?.periods ?? []);
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
    const an = Array.from({ length: 40 }, (_, j) => sampleTrial(SUITE, idx, new Rng(77 + j), { analysis: true }));
    // one length per ring (Mod-Cog match tasks freeze a delay per ring; analysis uses ring 1 unless asked)
    const want = frozen.length ? 22 + frozen[0] / 100 + Math.abs(seqOf(name)) : LEN.analysis[0];
    expect([...new Set(an.map((t) => t.T))]).toEqual([want]);
    for (const tr of an) {
      const clean = expectedClean(SUITE, tr);
      let worst = 0;
      for (let i = 0; i < clean.length; i++) worst = Math.max(worst, Math.abs(tr.inputs[i] - clean[i]));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("puts stimuli on the spec's rings (go/match: the chosen modality; dm: task-defined)", () => {
    for (const [j, tr] of trials.entries()) {
      const rings = new Set(tr.plan.stimuli.map((s) => s.ring));
      if (family(name) === "dm") {
        const b = baseOf(name);
        const want = /1$/.test(b) && !/ctx/.test(b) ? [0] : /2$/.test(b) && !/ctx/.test(b) ? [1] : [0, 1];
        expect([...rings].sort()).toEqual(want);
      } else {
        expect([...rings]).toEqual([j % 2]);
        expect(tr.plan.modality).toBe(j % 2);
      }
    }
  });
});

const YANG20 = loadSuite("yang20");
const YANG20_NAMES = YANG20.tasks.map((t) => t.name);

describe("task semantics (targets follow from the stimuli)", () => {
  it("go family: target = stimulus direction (anti: opposite)", () => {
    for (const name of ["go", "rtgo", "dlygo", "anti", "rtanti", "dlyanti"]) {
      const idx = YANG20_NAMES.indexOf(name);
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
    const W: Record<string, [number, number]> = {
      ctxdm1: [1, 0],
      ctxdm2: [0, 1],
      ctxdlydm1: [1, 0],
      ctxdlydm2: [0, 1],
    };
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
      const idx = YANG20_NAMES.indexOf(name);
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
