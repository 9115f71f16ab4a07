// Renders TaskSpecs into trials (sampleTrial) and endless per-element trial streams in the engine's Batch layout.
import type { Batch } from "../model/types.js";
import { Rng, STREAMS, type RngState } from "./rng.js";
import { mod16 } from "./families.js";
import { analysisDuration, DT, RING, sampleDuration, type Force, type Suite, type TrialPlan } from "./spec.js";

/** Ring unit k's response to a bump at pos (ring units) of strength s: 0.8·exp(−½(d/(π/8))²)·s (docs/spec.md §2.2). */
export function bump(pos: number, k: number, strength = 1): number {
  const sigma = Math.PI / 8;
  let d = Math.abs(((pos - k) * 2 * Math.PI) / RING) % (2 * Math.PI);
  d = Math.min(d, 2 * Math.PI - d);
  return 0.8 * Math.exp(-0.5 * (d / sigma) ** 2) * strength;
}

/** Where a period lies in a rendered trial, in steps. */
export interface PeriodSpan {
  name: string;
  /** First step (inclusive). */
  start: number;
  /** End step (exclusive). */
  end: number;
}

/** One rendered trial: inputs, labels, period boundaries, and the plan it was drawn from. */
export interface Trial {
  /** [T, nInput], row-major. */
  inputs: Float32Array;
  /** [T] class per step. */
  labels: Int32Array;
  periods: PeriodSpan[];
  T: number;
  taskIndex: number;
  plan: TrialPlan;
}

/** Options of sampleTrial. */
export interface SampleOptions {
  /** No input noise and random periods fixed to their analysis durations (docs/spec.md §6.11). */
  analysis?: boolean;
  /** Input noise on/off (default: on unless analysis). */
  noise?: boolean;
  /** Ring for tasks that alternate modality (default 0 = ring 1). */
  modality?: 0 | 1;
  force?: Force;
}

/** One trial of task `taskIndex`, rule one-hot included. Consumes rng: durations, then the plan, then noise. */
export function sampleTrial(suite: Suite, taskIndex: number, rng: Rng, opts: SampleOptions = {}): Trial {
  const spec = suite.tasks[taskIndex];
  if (!spec) throw new Error(`sampleTrial: no task ${taskIndex} in suite ${suite.name}`);
  const modality = spec.alternatesModality ? (opts.modality ?? 0) : 0;
  const periods: PeriodSpan[] = [];
  const durations: Record<string, number> = {};
  let T = 0;
  for (const p of spec.periods) {
    const forced = opts.force?.durations?.[p.name];
    const ms =
      forced !== undefined
        ? Math.floor(forced / DT) * DT
        : opts.analysis
          ? analysisDuration(p, modality)
          : sampleDuration(p.duration, rng, modality);
    const steps = ms / DT;
    durations[p.name] = ms;
    periods.push({ name: p.name, start: T, end: T + steps });
    T += steps;
  }
  const span = (name: string): PeriodSpan => {
    const s = periods.find((q) => q.name === name);
    if (!s) throw new Error(`task ${spec.name}: unknown period ${name}`);
    return s;
  };
  const plan = spec.draw(rng, modality, durations, opts.force);

  const nU = suite.nInput;
  const inputs = new Float32Array(T * nU);
  const labels = new Int32Array(T);
  for (const name of spec.fixationOn) {
    const s = span(name);
    for (let t = s.start; t < s.end; t++) inputs[t * nU] = 1;
  }
  for (const st of plan.channels ?? []) {
    const s = span(st.period);
    for (let t = s.start; t < s.end; t++) inputs[t * nU + st.channel] += st.value;
  }
  for (const st of plan.stimuli) {
    const s = span(st.period);
    const base = 1 + st.ring * RING;
    for (let k = 0; k < RING; k++) {
      const v = bump(st.pos, k, st.strength);
      for (let t = s.start; t < s.end; t++) inputs[t * nU + base + k] += v;
    }
  }
  const noiseOn = opts.noise ?? !opts.analysis;
  if (noiseOn && spec.noise) {
    const { sigma, channels } = spec.noise;
    const [c0, c1] =
      channels === "all" ? [0, suite.nTaskChannels] : [1 + plan.modality * RING, 1 + (plan.modality + 1) * RING];
    for (const name of spec.noise.periods) {
      const s = span(name);
      for (let t = s.start; t < s.end; t++) {
        for (let c = c0; c < c1; c++) inputs[t * nU + c] += rng.normal(0, sigma);
      }
    }
  }
  if (suite.ruleInputs !== false) {
    const rule = suite.nTaskChannels + taskIndex;
    for (let t = 0; t < T; t++) inputs[t * nU + rule] = 1;
  }
  if (spec.unlabelled) labels.fill(-1);
  for (const name of spec.responsePeriods) {
    const s = span(name);
    for (let t = s.start; t < s.end; t++) {
      // Mod-Cog seq: the target moves one ring unit per step of the response (fixed label rule, docs/spec.md §3.2).
      labels[t] = plan.target === 0 ? 0 : 1 + mod16(plan.target - 1 + spec.seq * (t - s.start));
    }
  }
  return { inputs, labels, periods, T, taskIndex, plan };
}

/** Per batch element: generator state at the start of the current trial, plus position in it. */
export interface ElementState {
  rng: RngState;
  task: number;
  modality: 0 | 1;
  offset: number;
  /** Ring each task will use next time it is drawn. */
  nextModality: (0 | 1)[];
  /** neurogym mode: steps of trials generated into the current cache before the current trial. */
  cacheFill?: number;
  /** Trial-pool streams: which pooled trial of `task` is current (then `rng` is the element's generator after the draw). */
  poolIndex?: number;
}

/** A TrainingStream's JSON-serialisable state (what a checkpoint stores). */
export interface StreamState {
  suite: string;
  B: number;
  mode?: StreamMode;
  /** Trials per task of a fixed pool (absent = 0, fresh trials). */
  pool?: number;
  /** neurogym mode: where the last window ended in the cache. */
  cachePos?: number;
  elements: ElementState[];
}

/**
 * "continuous" (docs/spec.md §6.8, default): each window starts where the previous one ended. "neurogym": neurogym's Dataset
 * (docs/spec.md §2.5) — per element a cache of cacheLen steps of trials; when the next window would reach the cache end, a
 * new cache is generated (the rest of the old one is generated and thrown away) and the window restarts at 0.
 */
export const STREAM_MODES = ["continuous", "neurogym"] as const;
/** How windows are cut from the trial streams: see STREAM_MODES. */
export type StreamMode = (typeof STREAM_MODES)[number];

/** neurogym's cache length: (1 + ⌊⌊1e5 / (obs_dim + 1) / B⌋ / T⌋)·T. */
export function neurogymCacheLength(nInput: number, B: number, T: number): number {
  return (1 + Math.floor(Math.floor(1e5 / (nInput + 1) / B) / T)) * T;
}

/** The largest trial pool per task (pooled trial ids must fit in 20 bits, see STREAMS.pool). */
export const MAX_TRIAL_POOL = 2 ** 20;

/**
 * Pooled trial `index` of task `taskIndex` (a fixed trial pool, like a pre-generated dataset): drawn from its own
 * generator, so the pool needs no storage and every element, restart and thread sees the same trial with the same
 * frozen input noise. Tasks that alternate rings take ring index mod 2.
 */
export function pooledTrial(suite: Suite, taskIndex: number, index: number, seed: number, noise: boolean): Trial {
  const rng = new Rng(seed, STREAMS.pool + taskIndex * MAX_TRIAL_POOL + index);
  const modality = suite.tasks[taskIndex].alternatesModality ? ((index % 2) as 0 | 1) : 0;
  return sampleTrial(suite, taskIndex, rng, { modality, noise });
}

class Element {
  private readonly rng: Rng;
  /** Trial-pool mode: the current trial's index in its task's pool. */
  private poolIndex = 0;
  private trial!: Trial;
  private trialStart!: RngState;
  private modality: 0 | 1 = 0;
  offset = 0;
  private nextModality: (0 | 1)[];
  /** Steps of trials generated into the current neurogym cache before the current trial. */
  cacheFill = 0;

  constructor(
    private readonly suite: Suite,
    private readonly seed: number,
    stream: number,
    private readonly noise: boolean,
    private readonly onTrial?: (trial: Trial, modality: 0 | 1) => void,
    /** Trials per task of a fixed pool; 0 = every trial fresh from this element's generator. */
    private readonly pool = 0,
  ) {
    this.rng = Rng.derive(seed, stream);
    this.nextModality = suite.tasks.map(() => 0 as const);
    this.start(this.rng.int(suite.tasks.length));
  }

  private start(task: number): void {
    if (this.pool > 0) {
      this.poolIndex = this.rng.int(this.pool);
      this.trialStart = this.rng.getState();
      this.trial = pooledTrial(this.suite, task, this.poolIndex, this.seed, this.noise);
      this.modality = this.suite.tasks[task].alternatesModality ? ((this.poolIndex % 2) as 0 | 1) : 0;
      this.offset = 0;
      this.onTrial?.(this.trial, this.modality);
      return;
    }
    const spec = this.suite.tasks[task];
    this.modality = spec.alternatesModality ? this.nextModality[task] : 0;
    if (spec.alternatesModality) this.nextModality[task] = this.modality === 0 ? 1 : 0;
    this.trialStart = this.rng.getState();
    this.trial = sampleTrial(this.suite, task, this.rng, { modality: this.modality, noise: this.noise });
    if (this.trial.T === 0) throw new Error(`task ${spec.name} produced an empty trial`);
    this.offset = 0;
    this.onTrial?.(this.trial, this.modality);
  }

  /** Start the next trial: a task uniform among the OTHER tasks (never the same twice in a row; a 1-task suite repeats). */
  private startNext(): void {
    this.cacheFill += this.trial.T;
    const n = this.suite.tasks.length;
    if (n === 1) return this.start(0);
    const other = this.rng.int(n - 1);
    this.start(other >= this.trial.taskIndex ? other + 1 : other);
  }

  /** Current trial, moving to the next one when it is used up. */
  current(): Trial {
    if (this.offset >= this.trial.T) this.startNext();
    return this.trial;
  }

  /** neurogym mode: generate (and drop) the rest of a cache of cacheLen steps, then open a new cache. */
  newCache(cacheLen: number): void {
    while (this.cacheFill + this.trial.T < cacheLen) this.startNext();
    this.startNext();
    this.cacheFill = 0;
  }

  state(): ElementState {
    return {
      rng: [...this.trialStart] as RngState,
      task: this.trial.taskIndex,
      modality: this.modality,
      offset: this.offset,
      nextModality: [...this.nextModality],
      cacheFill: this.cacheFill,
      ...(this.pool > 0 ? { poolIndex: this.poolIndex } : {}),
    };
  }

  restore(s: ElementState): void {
    this.rng.setState(s.rng);
    this.trialStart = this.rng.getState();
    this.modality = s.modality;
    if (this.pool > 0) {
      if (s.poolIndex === undefined || !(s.poolIndex >= 0 && s.poolIndex < this.pool))
        throw new Error(`TrainingStream.restore: the state has no trial of a pool of ${this.pool}`);
      this.poolIndex = s.poolIndex;
      this.trial = pooledTrial(this.suite, s.task, s.poolIndex, this.seed, this.noise);
    } else this.trial = sampleTrial(this.suite, s.task, this.rng, { modality: s.modality, noise: this.noise });
    this.offset = s.offset;
    this.nextModality = [...s.nextModality];
    this.cacheFill = s.cacheFill ?? 0;
  }
}

/** Called (per element) whenever a new trial starts, with the trial and its modality. Not called on restore. */
export type TrialHook = (trial: Trial, modality: 0 | 1, element: number) => void;

/** Options of a TrainingStream: a hook called on each new trial, the window mode, task input noise. */
export interface StreamOptions {
  onTrial?: TrialHook;
  mode?: StreamMode;
  /** Task input noise (docs/spec.md §2.2), default on. */
  noise?: boolean;
  /**
   * Trials per task of a fixed pool (docs/spec.md §6.8): each new trial is a uniformly drawn member of its task's
   * pool, input noise frozen in it, as when training from a pre-generated dataset. 0 (default) = every trial fresh.
   */
  pool?: number;
}

/**
 * B endless streams of concatenated trials (docs/spec.md §2.4–2.5, §6.8), one per batch element, seeded per
 * element; each window [T, B] continues where the last stopped.
 */
export class TrainingStream {
  private readonly elements: Element[];
  readonly mode: StreamMode;
  /** Trials per task of the fixed pool (0 = fresh trials). */
  readonly pool: number;
  private cachePos = 0;

  constructor(
    readonly suite: Suite,
    readonly B: number,
    readonly seed: number,
    hookOrOptions?: TrialHook | StreamOptions,
  ) {
    const opts: StreamOptions =
      typeof hookOrOptions === "function" ? { onTrial: hookOrOptions } : (hookOrOptions ?? {});
    const onTrial = opts.onTrial;
    this.mode = opts.mode ?? "continuous";
    if (this.mode !== "continuous" && this.mode !== "neurogym")
      throw new Error(`TrainingStream: mode ${JSON.stringify(this.mode)} — allowed: continuous, neurogym`);
    if (!Number.isInteger(B) || B < 1) throw new Error(`TrainingStream: bad batch size ${B}`);
    if (suite.tasks.length < 1) throw new Error("TrainingStream: need at least one task");
    this.pool = opts.pool ?? 0;
    if (!Number.isInteger(this.pool) || this.pool < 0 || this.pool > MAX_TRIAL_POOL)
      throw new Error(`TrainingStream: trial pool ${this.pool} — must be an integer from 0 to ${MAX_TRIAL_POOL}`);
    this.elements = [];
    for (let b = 0; b < B; b++) {
      this.elements.push(
        new Element(suite, seed, b, opts.noise ?? true, onTrial ? (tr, m) => onTrial(tr, m, b) : undefined, this.pool),
      );
    }
  }

  /** Next window of T steps: inputs [T, B, nInput], labels [T, B]. */
  next(T: number): Batch & { T: number; B: number } {
    const { B } = this;
    const nU = this.suite.nInput;
    if (this.mode === "neurogym") {
      const cacheLen = neurogymCacheLength(nU, B, T);
      if (this.cachePos + T >= cacheLen && this.cachePos > 0) {
        for (const el of this.elements) el.newCache(cacheLen);
        this.cachePos = 0;
      }
      this.cachePos += T;
    }
    const inputs = new Float32Array(T * B * nU);
    const labels = new Int32Array(T * B);
    for (let b = 0; b < B; b++) {
      const el = this.elements[b];
      for (let t = 0; t < T; t++) {
        const tr = el.current();
        const o = el.offset++;
        inputs.set(tr.inputs.subarray(o * nU, (o + 1) * nU), (t * B + b) * nU);
        labels[t * B + b] = tr.labels[o];
      }
    }
    return { inputs, labels, T, B };
  }

  /** JSON-serialisable state; restore() on a stream of the same suite and B continues bit-identically. */
  state(): StreamState {
    return {
      suite: this.suite.name,
      B: this.B,
      mode: this.mode,
      ...(this.pool > 0 ? { pool: this.pool } : {}),
      cachePos: this.cachePos,
      elements: this.elements.map((e) => e.state()),
    };
  }

  restore(s: StreamState): void {
    if (
      s.suite !== this.suite.name ||
      s.B !== this.B ||
      s.elements.length !== this.B ||
      (s.mode ?? "continuous") !== this.mode ||
      (s.pool ?? 0) !== this.pool
    ) {
      throw new Error(
        `TrainingStream.restore: state is for ${s.suite} B=${s.B} ${s.mode ?? "continuous"} pool ${s.pool ?? 0}, stream is ${this.suite.name} B=${this.B} ${this.mode} pool ${this.pool}`,
      );
    }
    this.cachePos = s.cachePos ?? 0;
    s.elements.forEach((e, b) => this.elements[b].restore(e));
  }
}
