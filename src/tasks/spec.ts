// Declarative description of a task family (periods, channels, labels, noise) shared by all task suites.
import type { Rng } from "./rng.js";

/** Time step in ms (docs/spec.md §2.2). */
export const DT = 100;
/** Units per stimulus ring. */
export const RING = 16;
/** Task channels before the rule block: [0] fixation, [1..16] ring 1, [17..32] ring 2. */
export const N_TASK_CHANNELS = 1 + 2 * RING;
/** Output classes of the readout: [0] fixation, [1..16] the ring directions. */
export const N_CLASSES = 1 + RING;

/**
 * A period duration in ms: a constant, equally likely values, uniform [lo, hi) floored to DT, or one constant per
 * modality (Mod-Cog's match tasks freeze a random delay per environment object, i.e. per ring: docs/spec.md §3.2).
 */
export type Duration =
  | { readonly kind: "const"; readonly ms: number }
  | { readonly kind: "choice"; readonly ms: readonly number[] }
  | { readonly kind: "uniform"; readonly lo: number; readonly hi: number }
  | { readonly kind: "byModality"; readonly ms: readonly [number, number] };

/** A fixed duration (ms). */
export const constMs = (ms: number): Duration => ({ kind: "const", ms });
/** A duration drawn uniformly from [lo, hi) ms, floored to the time step. */
export const uniformMs = (lo: number, hi: number): Duration => ({ kind: "uniform", lo, hi });
/** A duration drawn from equally likely values (ms). */
export const choiceMs = (ms: readonly number[]): Duration => ({ kind: "choice", ms });

/** One period of a trial: a name (referred to by fixationOn, responsePeriods, noise and stimuli) and a duration. */
export interface PeriodSpec {
  readonly name: string;
  readonly duration: Duration;
}

/** Which channels receive input noise, and when. */
export interface NoiseSpec {
  readonly sigma: number;
  readonly periods: readonly string[];
  /** "all" = all task channels incl. fixation and the unused ring; "activeRing" = the 16 units of the trial's ring. */
  readonly channels: "all" | "activeRing";
}

/** One bump on a ring during a period. pos is in ring units (angle = pos·2π/16); may be fractional. */
export interface Stimulus {
  readonly period: string;
  readonly ring: 0 | 1;
  readonly pos: number;
  readonly strength: number;
}

/** A value added to one task channel during a period (one-hot codes: tasks with their own channel layout). */
export interface ChannelStimulus {
  readonly period: string;
  readonly channel: number;
  readonly value: number;
}

/** What one trial shows and asks for, before it is rendered to arrays. */
export interface TrialPlan {
  readonly stimuli: readonly Stimulus[];
  /** Values on single task channels (tasks with their own channel layout, e.g. one-hot codes); optional. */
  readonly channels?: readonly ChannelStimulus[];
  /** Class on the first step of the response periods (0 = no-go / fixate); seq tasks move it from there. */
  readonly target: number;
  /** The ring the trial used (alternating tasks) or 0 for tasks without modality alternation. */
  readonly modality: 0 | 1;
}

/** Optional forced values, for golden tests and analysis. Fields a task does not use are ignored. */
export interface Force {
  /** Go family: target index; DM: i1; match tasks: sample index. */
  readonly target?: number;
  /** DM: second direction index. */
  readonly i2?: number;
  /** No-delay DM: signed coherence c (same for every presented modality). */
  readonly coh?: number;
  /** Delay DM: strengths [s1, s2] (same for every presented modality). */
  readonly strengths?: readonly [number, number];
  /** Match tasks: match (true) or non-match (false). */
  readonly match?: boolean;
  /** Period durations in ms, overriding the drawn ones. */
  readonly durations?: Readonly<Record<string, number>>;
}

/**
 * A task, declaratively: its periods, which periods show fixation input and which ask for the response, input
 * noise, ring alternation, the seq rule, and `draw`, which picks one trial's stimuli and target from its rng. Write
 * your own and check it with validateTaskSpec (defineSuite does).
 */
export interface TaskSpec {
  readonly name: string;
  readonly periods: readonly PeriodSpec[];
  /** Periods with fixation input 1 (all others 0). */
  readonly fixationOn: readonly string[];
  /** Periods whose label is plan.target (all others 0). */
  readonly responsePeriods: readonly string[];
  readonly noise?: NoiseSpec;
  /** True if the task alternates between ring 1 and ring 2 each time it is used. */
  readonly alternatesModality: boolean;
  /**
   * Mod-Cog "seq" (docs/spec.md §3.3): on response step t the label is 1 + ((target − 1 + seq·t) mod 16), i.e. the target
   * moves one ring unit per step (+1 = "r", −1 = "l"). 0 = constant label. No-go labels (0) never move.
   */
  readonly seq: -1 | 0 | 1;
  /**
   * Steps outside the response periods have no target (label −1, left out of the loss) instead of "fixate" (class
   * 0): for tasks answered only at their end, as seRNN's maze (default false).
   */
  readonly unlabelled?: boolean;
  /** Draw the stimuli and target of one trial, given this trial's period durations (ms). */
  draw(rng: Rng, modality: 0 | 1, durations: Readonly<Record<string, number>>, force?: Force): TrialPlan;
}

/**
 * An ordered list of tasks with the input layout: task channels (33 in the neurogym layout: fixation + two rings),
 * then one rule unit per task unless ruleInputs is false; nOutput classes.
 */
export interface Suite {
  readonly name: string;
  readonly tasks: readonly TaskSpec[];
  /** Task channels before the rule one-hot block. */
  readonly nTaskChannels: number;
  /** nTaskChannels + tasks.length (+ 0 without rule inputs). */
  readonly nInput: number;
  readonly nOutput: number;
  /** False: no rule units (a single task, or tasks told apart by their own inputs). Absent = true. */
  readonly ruleInputs?: boolean;
}

/** A suite's input layout besides the neurogym default (33 task channels and a rule unit per task). */
export interface SuiteLayout {
  taskChannels?: number;
  ruleInputs?: boolean;
}

/** A suite of these tasks in this order, without checks (user code: defineSuite, which validates). */
export function makeSuite(
  name: string,
  tasks: readonly TaskSpec[],
  nOutput = N_CLASSES,
  layout: SuiteLayout = {},
): Suite {
  const channels = layout.taskChannels ?? N_TASK_CHANNELS;
  const rules = layout.ruleInputs ?? true;
  return {
    name,
    tasks,
    nTaskChannels: channels,
    nInput: channels + (rules ? tasks.length : 0),
    nOutput,
    ...(rules ? {} : { ruleInputs: false }),
  };
}

/** True if the duration is random from trial to trial. */
export function isRandom(d: Duration): boolean {
  return d.kind === "choice" ? d.ms.length > 1 : d.kind === "uniform";
}

const floorDt = (ms: number): number => Math.floor(ms / DT + 1e-9) * DT;

/** Draw a duration (ms), floored to a multiple of DT (docs/spec.md §2.2). A fixed duration consumes no randomness. */
export function sampleDuration(d: Duration, rng: Rng, modality: 0 | 1 = 0): number {
  let ms: number;
  if (d.kind === "const") ms = d.ms;
  else if (d.kind === "byModality") ms = d.ms[modality];
  else if (d.kind === "choice") ms = rng.choice(d.ms);
  else ms = rng.range(d.lo, d.hi);
  return floorDt(ms);
}

/** Analysis duration (docs/spec.md §6.11): a random fixation period → 500 ms, other random periods → first value. */
export function analysisDuration(p: PeriodSpec, modality: 0 | 1 = 0): number {
  const d = p.duration;
  if (d.kind === "const") return floorDt(d.ms);
  if (d.kind === "byModality") return floorDt(d.ms[modality]);
  if (p.name === "fixation" && isRandom(d)) return 500;
  return d.kind === "choice" ? floorDt(d.ms[0]) : floorDt(d.lo);
}

/** Shortest and longest possible duration (ms, floored), over both modalities. */
export function durationRange(d: Duration): [number, number] {
  switch (d.kind) {
    case "const":
      return [floorDt(d.ms), floorDt(d.ms)];
    case "byModality":
      return [Math.min(...d.ms.map(floorDt)), Math.max(...d.ms.map(floorDt))];
    case "choice":
      return [Math.min(...d.ms.map(floorDt)), Math.max(...d.ms.map(floorDt))];
    // uniform [lo, hi): hi itself has probability 0, so the longest floored value is the last multiple below hi.
    case "uniform":
      return [floorDt(d.lo), Math.ceil(d.hi / DT - 1 - 1e-9) * DT];
  }
}

/** Shortest and longest trial of a task, in steps. */
export function trialLengthRange(spec: TaskSpec): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const p of spec.periods) {
    const [a, b] = durationRange(p.duration);
    lo += a / DT;
    hi += b / DT;
  }
  return [lo, hi];
}
