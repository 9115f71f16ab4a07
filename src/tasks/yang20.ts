// The 20 Yang/neurogym-yang19 cognitive tasks (SPEC §2.3–2.4) as declarative TaskSpecs, suite `yang20`.
import type { Rng } from "./rng.js";
import { constMs, makeSuite, RING, uniformMs, type Force, type Stimulus, type Suite, type TaskSpec } from "./spec.js";

const SIGMA = 0.1; // 1/√dt at dt = 100 ms (SPEC §2.2)
const mod16 = (k: number): number => ((k % RING) + RING) % RING;

/** go, anti, dlygo, dlyanti, rtgo, rtanti (SPEC §2.3, go family): no noise, strength 1. */
function goTask(name: string, opts: { anti: boolean; rt: boolean; delayMs: number }): TaskSpec {
  const periods = opts.rt
    ? [{ name: "fixation", duration: constMs(500) }, { name: "decision", duration: constMs(500) }]
    : [
        { name: "fixation", duration: constMs(500) },
        { name: "stimulus", duration: constMs(500) },
        { name: "delay", duration: constMs(opts.delayMs) },
        { name: "decision", duration: constMs(500) },
      ];
  return {
    name,
    periods,
    fixationOn: opts.rt ? ["fixation"] : ["fixation", "stimulus", "delay"],
    responsePeriods: ["decision"],
    alternatesModality: true,
    draw(rng: Rng, modality: 0 | 1, force?: Force) {
      const target = force?.target ?? rng.int(RING);
      const pos = opts.anti ? mod16(target + RING / 2) : target;
      const period = opts.rt ? "decision" : "stimulus";
      return { stimuli: [{ period, ring: modality, pos, strength: 1 }], target: target + 1, modality };
    },
  };
}

const DM_COHS = [0.08, 0.16, 0.32, 0.64] as const;
const DLY_STRENGTHS = [0.3, 0.6, 1.0] as const;

/** dm*, ctxdm*, multidm and their delayed versions (SPEC §2.3, DM family). */
function dmTask(name: string, rings: readonly (0 | 1)[], w: readonly [number, number], delayed: boolean): TaskSpec {
  const fixation = { name: "fixation", duration: uniformMs(200, 500) };
  const periods = delayed
    ? [
        fixation,
        { name: "stim1", duration: constMs(500) },
        { name: "delay", duration: constMs(1000) },
        { name: "stim2", duration: constMs(500) },
        { name: "decision", duration: constMs(200) },
      ]
    : [fixation, { name: "stimulus", duration: constMs(500) }, { name: "decision", duration: constMs(200) }];
  const stimPeriods = delayed ? ["stim1", "stim2"] : ["stimulus"];
  return {
    name,
    periods,
    fixationOn: periods.filter((p) => p.name !== "decision").map((p) => p.name),
    responsePeriods: ["decision"],
    noise: { sigma: SIGMA, periods: stimPeriods, channels: "all" },
    alternatesModality: false,
    draw(rng: Rng, _modality: 0 | 1, force?: Force) {
      const i1 = force?.target ?? rng.int(RING);
      const i2 = force?.i2 ?? mod16(i1 + 1 + rng.int(RING - 1));
      const stimuli: Stimulus[] = [];
      let e1 = 0;
      let e2 = 0;
      for (const ring of rings) {
        let s1: number;
        let s2: number;
        if (delayed) {
          const a = rng.int(3);
          const b = (a + 1 + rng.int(2)) % 3;
          [s1, s2] = force?.strengths ?? [DLY_STRENGTHS[a], DLY_STRENGTHS[b]];
          stimuli.push({ period: "stim1", ring, pos: i1, strength: s1 });
          stimuli.push({ period: "stim2", ring, pos: i2, strength: s2 });
        } else {
          const coh = rng.choice(DM_COHS);
          const sign = rng.int(2) === 0 ? 1 : -1;
          const c = force?.coh ?? coh * sign;
          s1 = 0.5 + c / 2;
          s2 = 0.5 - c / 2;
          stimuli.push({ period: "stimulus", ring, pos: i1, strength: s1 });
          stimuli.push({ period: "stimulus", ring, pos: i2, strength: s2 });
        }
        e1 += w[ring] * s1;
        e2 += w[ring] * s2;
      }
      // Tiny jitter breaks exact ties at random (SPEC §2.3 DM step 3).
      const target = e1 + rng.range(-1e-6, 1e-6) > e2 ? i1 : i2;
      return { stimuli, target: target + 1, modality: 0 as const };
    },
  };
}

/** dms, dnms, dmc, dnmc (SPEC §2.3, DM-match family): noise on the active ring only. */
function matchTask(name: string, opts: { category: boolean; goOnMatch: boolean }): TaskSpec {
  return {
    name,
    periods: [
      { name: "fixation", duration: constMs(300) },
      { name: "sample", duration: constMs(500) },
      { name: "delay", duration: constMs(1000) },
      { name: "test", duration: constMs(500) },
      { name: "decision", duration: constMs(900) },
    ],
    fixationOn: ["fixation", "sample", "delay", "test"],
    responsePeriods: ["decision"],
    noise: { sigma: SIGMA, periods: ["sample", "test"], channels: "activeRing" },
    alternatesModality: true,
    draw(rng: Rng, modality: 0 | 1, force?: Force) {
      const s = force?.target ?? rng.int(RING);
      const drawnMatch = rng.int(2) === 0;
      const match = force?.match ?? drawnMatch;
      let test: number;
      if (opts.category) {
        const sampleCat = s > 8 ? 1 : 0; // quirk: s = 8 is category 0 (SPEC §2.8)
        const testCat = match ? sampleCat : 1 - sampleCat;
        test = rng.int(8) + 8 * testCat;
      } else {
        test = match ? s : mod16(s + RING / 2);
      }
      const go = opts.goOnMatch ? match : !match;
      return {
        stimuli: [
          { period: "sample", ring: modality, pos: s, strength: 1 },
          { period: "test", ring: modality, pos: test, strength: 1 },
        ],
        target: go ? test + 1 : 0,
        modality,
      };
    },
  };
}

/** Task names in the canonical order of SPEC §2.4 (rule one-hot index = position). */
export const YANG20_NAMES = [
  "go", "rtgo", "dlygo", "anti", "rtanti", "dlyanti",
  "dm1", "dm2", "ctxdm1", "ctxdm2", "multidm",
  "dlydm1", "dlydm2", "ctxdlydm1", "ctxdlydm2", "multidlydm",
  "dms", "dnms", "dmc", "dnmc",
] as const;

export const YANG20: Suite = makeSuite("yang20", [
  goTask("go", { anti: false, rt: false, delayMs: 0 }),
  goTask("rtgo", { anti: false, rt: true, delayMs: 0 }),
  goTask("dlygo", { anti: false, rt: false, delayMs: 500 }),
  goTask("anti", { anti: true, rt: false, delayMs: 0 }),
  goTask("rtanti", { anti: true, rt: true, delayMs: 0 }),
  goTask("dlyanti", { anti: true, rt: false, delayMs: 500 }),
  dmTask("dm1", [0], [1, 1], false),
  dmTask("dm2", [1], [1, 1], false),
  dmTask("ctxdm1", [0, 1], [1, 0], false),
  dmTask("ctxdm2", [0, 1], [0, 1], false),
  dmTask("multidm", [0, 1], [1, 1], false),
  dmTask("dlydm1", [0], [1, 1], true),
  dmTask("dlydm2", [1], [1, 1], true),
  dmTask("ctxdlydm1", [0, 1], [1, 0], true),
  dmTask("ctxdlydm2", [0, 1], [0, 1], true),
  dmTask("multidlydm", [0, 1], [1, 1], true),
  matchTask("dms", { category: false, goOnMatch: true }),
  matchTask("dnms", { category: false, goOnMatch: false }),
  matchTask("dmc", { category: true, goOnMatch: true }),
  matchTask("dnmc", { category: true, goOnMatch: false }),
]);
