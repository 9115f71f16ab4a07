// The three task families shared by neurogym's yang19 (docs/spec.md §2.3) and Mod-Cog (docs/spec.md §3): reach (go/anti/rt/dly),
// decision making (dm, ctxdm, multidm and delayed versions) and delayed match (dms/dnms/dmc/dnmc). Each builder
// returns a declarative TaskSpec; the suites (yang20.ts, modcog.ts) choose the timings and the Mod-Cog extensions.
import type { Rng } from "./rng.js";
import {
  constMs,
  RING,
  uniformMs,
  type Duration,
  type Force,
  type PeriodSpec,
  type Stimulus,
  type TaskSpec,
} from "./spec.js";

const SIGMA = 0.1; // 1/√dt at dt = 100 ms (docs/spec.md §2.2)
/** Mod-Cog's Ω = 0.01 "rad/ms" (docs/spec.md §3.3). */
const OMEGA = 0.01;
export const mod16 = (k: number): number => ((k % RING) + RING) % RING;

/** Mod-Cog extensions: seq moves the response target, integrate rotates by the delay (0 = off, ±1 = r/l). */
export interface Extensions {
  readonly seq?: -1 | 0 | 1;
  readonly integrate?: -1 | 0 | 1;
}

export interface ReachOptions extends Extensions {
  readonly anti: boolean;
  /** Reaction-time variant: fixation then decision, stimulus shown during the decision. */
  readonly rt: boolean;
  readonly delay: Duration;
  readonly decisionMs: number;
}

/**
 * go, anti, dlygo, dlyanti, rtgo, rtanti: no noise, strength 1, ring alternating per use. With `integrate` g the
 * stimulus is shown rotated by g·Ω·delay rad (generally off-grid) and the label stays the drawn direction.
 */
export function reachTask(name: string, o: ReachOptions): TaskSpec {
  const periods: PeriodSpec[] = o.rt
    ? [
        { name: "fixation", duration: constMs(500) },
        { name: "decision", duration: constMs(o.decisionMs) },
      ]
    : [
        { name: "fixation", duration: constMs(500) },
        { name: "stimulus", duration: constMs(500) },
        { name: "delay", duration: o.delay },
        { name: "decision", duration: constMs(o.decisionMs) },
      ];
  const g = o.integrate ?? 0;
  return {
    name,
    periods,
    fixationOn: o.rt ? ["fixation"] : ["fixation", "stimulus", "delay"],
    responsePeriods: ["decision"],
    alternatesModality: true,
    seq: o.seq ?? 0,
    draw(rng: Rng, modality: 0 | 1, durations, force?: Force) {
      const target = force?.target ?? rng.int(RING);
      // Rotation in radians → ring units (2π ↔ 16 units).
      const rotation = g === 0 ? 0 : (g * OMEGA * (durations.delay ?? 0) * RING) / (2 * Math.PI);
      const pos = mod16(target + (o.anti ? RING / 2 : 0) + rotation);
      const period = o.rt ? "decision" : "stimulus";
      return { stimuli: [{ period, ring: modality, pos, strength: 1 }], target: target + 1, modality };
    },
  };
}

export interface DecisionOptions extends Extensions {
  /** Rings with stimuli (0 = ring 1, 1 = ring 2). */
  readonly rings: readonly (0 | 1)[];
  /** Evidence weights (w1, w2) of the two rings. */
  readonly w: readonly [number, number];
  readonly delayed: boolean;
  /** Delay between stim1 and stim2 (delayed tasks only). */
  readonly delayMs: number;
  readonly decisionMs: number;
}

const DM_COHS = [0.08, 0.16, 0.32, 0.64] as const;
const DLY_STRENGTHS = [0.3, 0.6, 1.0] as const;

/**
 * dm*, ctxdm*, multidm and delayed versions (docs/spec.md §2.3 DM family): noise σ 0.1 on all task channels during the
 * stimulus periods. With `integrate` g the target index moves by g·Ω·delay (= 5 units at 500 ms, docs/spec.md §3.3).
 */
export function decisionTask(name: string, o: DecisionOptions): TaskSpec {
  const fixation: PeriodSpec = { name: "fixation", duration: uniformMs(200, 500) };
  const decision: PeriodSpec = { name: "decision", duration: constMs(o.decisionMs) };
  const periods: PeriodSpec[] = o.delayed
    ? [
        fixation,
        { name: "stim1", duration: constMs(500) },
        { name: "delay", duration: constMs(o.delayMs) },
        { name: "stim2", duration: constMs(500) },
        decision,
      ]
    : [fixation, { name: "stimulus", duration: constMs(500) }, decision];
  const stimPeriods = o.delayed ? ["stim1", "stim2"] : ["stimulus"];
  const g = o.integrate ?? 0;
  return {
    name,
    periods,
    fixationOn: periods.filter((p) => p.name !== "decision").map((p) => p.name),
    responsePeriods: ["decision"],
    noise: { sigma: SIGMA, periods: stimPeriods, channels: "all" },
    alternatesModality: false,
    seq: o.seq ?? 0,
    draw(rng: Rng, _modality: 0 | 1, durations, force?: Force) {
      const i1 = force?.target ?? rng.int(RING);
      const i2 = force?.i2 ?? mod16(i1 + 1 + rng.int(RING - 1));
      const stimuli: Stimulus[] = [];
      let e1 = 0;
      let e2 = 0;
      for (const ring of o.rings) {
        let s1: number;
        let s2: number;
        if (o.delayed) {
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
        e1 += o.w[ring] * s1;
        e2 += o.w[ring] * s2;
      }
      // Tiny jitter breaks exact ties at random (docs/spec.md §2.3 DM step 3).
      const chosen = e1 + rng.range(-1e-6, 1e-6) > e2 ? i1 : i2;
      const shift = g === 0 ? 0 : Math.round(g * OMEGA * (durations.delay ?? 0));
      return { stimuli, target: mod16(chosen + shift) + 1, modality: 0 as const };
    },
  };
}

export interface MatchOptions extends Extensions {
  readonly category: boolean;
  /** Respond (toward the test) on match (dms, dmc) or on non-match (dnms, dnmc). */
  readonly goOnMatch: boolean;
  readonly delay: Duration;
  readonly decisionMs: number;
}

/**
 * dms, dnms, dmc, dnmc (docs/spec.md §2.3 DM-match family): noise on the active ring only, during sample and test.
 * With `integrate` g the go response moves by g·delay/100 units (docs/spec.md §3.3); the shown test does not move.
 */
export function matchTask(name: string, o: MatchOptions): TaskSpec {
  const g = o.integrate ?? 0;
  return {
    name,
    periods: [
      { name: "fixation", duration: constMs(300) },
      { name: "sample", duration: constMs(500) },
      { name: "delay", duration: o.delay },
      { name: "test", duration: constMs(500) },
      { name: "decision", duration: constMs(o.decisionMs) },
    ],
    fixationOn: ["fixation", "sample", "delay", "test"],
    responsePeriods: ["decision"],
    noise: { sigma: SIGMA, periods: ["sample", "test"], channels: "activeRing" },
    alternatesModality: true,
    seq: o.seq ?? 0,
    draw(rng: Rng, modality: 0 | 1, durations, force?: Force) {
      const s = force?.target ?? rng.int(RING);
      const drawnMatch = rng.int(2) === 0;
      const match = force?.match ?? drawnMatch;
      let test: number;
      if (o.category) {
        const sampleCat = s > 8 ? 1 : 0; // quirk: s = 8 is category 0 (docs/spec.md §2.8)
        const testCat = match ? sampleCat : 1 - sampleCat;
        test = rng.int(8) + 8 * testCat;
      } else {
        test = match ? s : mod16(s + RING / 2);
      }
      const go = o.goOnMatch ? match : !match;
      const shift = g === 0 ? 0 : Math.round(g * OMEGA * (durations.delay ?? 0));
      return {
        stimuli: [
          { period: "sample", ring: modality, pos: s, strength: 1 },
          { period: "test", ring: modality, pos: test, strength: 1 },
        ],
        target: go ? mod16(test + shift) + 1 : 0,
        modality,
      };
    },
  };
}
