// One demo run inside the trainer worker: a Trainer stepped in short time slices, metrics averaged per log line,
// accuracy every DEMO_EVAL.every steps, swap rounds recorded, weight snapshots for drawing, and the functional
// analysis (clusters) on a small budget. Platform-free apart from performance.now().
import {
  analyzeModel,
  modelFromBytes,
  modelToBytes,
  Trainer,
  type Analysis,
  type Engine,
  type MetricsLine,
  type Model,
  type TrainConfig,
} from "../browser.js";
import type { WeightSnapshot } from "./protocol.js";

/** Analysis budget for the page: small enough to take about a second on a 10×10 grid. */
export const DEMO_ANALYSIS = { tvTrials: 64, evalTrials: 32, shuffles: 200 } as const;
/** Automatic analysis every this many steps (and on request). */
export const ANALYZE_EVERY = 1000;

export class DemoRun {
  readonly trainer: Trainer;
  private pending: MetricsLine[] = [];
  private acc = { n: 0, loss: 0, taskLoss: 0, swaps: 0 };
  private rounds: [number, number][] = [];
  private lastAccuracy: number | null = null;
  private trainMs = 0;
  /** (training ms, step) samples of the last few seconds, for it/s. */
  private rate: [number, number][] = [];
  lastAnalysisStep = -1;

  constructor(
    engine: Engine,
    readonly config: TrainConfig,
    model?: Model,
  ) {
    this.trainer = new Trainer(engine, config);
    if (model) {
      this.trainer.useModel(model);
      this.trainer.step = model.step;
      this.lastAnalysisStep = model.step - ANALYZE_EVERY; // analyse a loaded model right away
    }
  }

  get step(): number {
    return this.trainer.step;
  }
  get done(): boolean {
    return this.trainer.done;
  }

  /** Trains for about `ms` milliseconds (at least one step unless done). */
  slice(ms: number): void {
    const t0 = performance.now();
    const c = this.config;
    do {
      const info = this.trainer.trainStep();
      const a = this.acc;
      a.n++;
      a.loss += info.loss;
      a.taskLoss += info.taskLoss;
      a.swaps += info.swaps;
      if (info.swapRound) this.rounds.push([info.step, info.swaps]);
      const s = info.step;
      let tasks: Record<string, number> | undefined;
      if (s % c.eval.every === 0) {
        const ev = this.trainer.evaluate();
        this.lastAccuracy = ev.mean;
        tasks = Object.fromEntries(ev.tasks.map((t) => [t.task, t.accuracy]));
      }
      if (s % c.log.every === 0 || tasks || s === c.steps) {
        this.pending.push({
          step: s,
          loss: a.loss / a.n,
          taskLoss: a.taskLoss / a.n,
          connectionCost: info.connectionCost,
          accuracy: this.lastAccuracy,
          swaps: a.swaps,
          seconds: (this.trainMs + performance.now() - t0) / 1000,
          lambda: info.lambda,
          gradNorm: info.gradNorm,
          ...(tasks ? { tasks } : {}),
        });
        this.acc = { n: 0, loss: 0, taskLoss: 0, swaps: 0 };
      }
    } while (performance.now() - t0 < ms && !this.trainer.done);
    this.trainMs += performance.now() - t0;
    this.rate.push([this.trainMs, this.trainer.step]);
    while (this.rate.length > 2 && this.trainMs - this.rate[0][0] > 3000) this.rate.shift();
  }

  /** Iterations per second over the last ~3 s of training (0 before two slices). */
  get itPerSec(): number {
    if (this.rate.length < 2) return 0;
    const [t0, s0] = this.rate[0],
      [t1, s1] = this.rate[this.rate.length - 1];
    return t1 > t0 ? ((s1 - s0) * 1000) / (t1 - t0) : 0;
  }

  /** Metrics lines and swap rounds since the last call. */
  drain(): { lines: MetricsLine[]; swapRounds: [number, number][] } {
    const out = { lines: this.pending, swapRounds: this.rounds };
    this.pending = [];
    this.rounds = [];
    return out;
  }

  weights(): WeightSnapshot {
    const p = this.trainer.net.getParams();
    return { step: this.step, W_in: p.W_in, W: p.W, W_out: p.W_out, perm: this.trainer.perm.slice() };
  }

  get analysisDue(): boolean {
    return this.step >= this.lastAnalysisStep + ANALYZE_EVERY;
  }

  /** The analysis of the current model and the permutation it saw. */
  analyze(engine: Engine): { analysis: Analysis; perm: Int32Array } {
    this.lastAnalysisStep = this.step;
    const model = this.model();
    return { analysis: analyzeModel(engine, model, { ...DEMO_ANALYSIS, seed: this.config.seed }), perm: model.perm };
  }

  model(): Model {
    return this.trainer.model();
  }

  modelBytes(): Uint8Array {
    return modelToBytes(this.trainer.model());
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/** A model file → the config to continue it with (constant λ: `extra` more steps) and the decoded model. */
export function loadModelFile(bytes: Uint8Array, name: string, extra: number): { config: TrainConfig; model: Model } {
  const model = modelFromBytes(bytes, name);
  const c = model.config;
  const steps = c.lambdaSchedule.kind === "constant" ? Math.max(c.steps, model.step + extra) : c.steps;
  return { config: { ...c, steps }, model };
}
