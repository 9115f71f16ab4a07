// The training loop, platform-free: steps the Trainer until it is done or asked to stop, evaluating, logging metrics
// lines and taking checkpoints on the config's schedule. Where those go (files, memory, a page) is the caller's.
import type { TrainConfig } from "./config.js";
import { RecentRate } from "./rate.js";
import type { Evaluation, StepInfo, Trainer, TrainerSnapshot } from "./trainer.js";

/** One line of metrics.jsonl. */
export interface MetricsLine {
  step: number;
  loss: number;
  taskLoss: number;
  connectionCost: number;
  /** Mean per-task accuracy of the latest evaluation (null before the first). */
  accuracy: number | null;
  /** Swaps applied since the previous line. */
  swaps: number;
  /** The smallest |Δ| (ℓ_cc decrease) of those swaps; absent when there were none. */
  minSwapGain?: number;
  /** Wall-clock seconds of training so far (summed over resumed sessions). */
  seconds: number;
  lambda: number;
  gradNorm: number;
  /** Per-task accuracy, on lines where an evaluation ran. */
  tasks?: Record<string, number>;
}

/** Where a run stands after a step (for progress displays). */
export interface RunStatus {
  step: number;
  steps: number;
  /** Training seconds of the run so far (earlier sessions included). */
  seconds: number;
  /** Swaps applied since step 0 (earlier sessions included). */
  swapsTotal: number;
  /** Mean accuracy of the latest evaluation (null before the first). */
  lastAccuracy: number | null;
  /** Steps per second over the latest steps of this session (its start-up excluded; 0 until known). */
  itPerSec: number;
  /** Seconds left at that rate, or null until it is meaningful (≥ 20 steps and ≥ 2 s into the session). */
  etaSeconds: number | null;
}

/**
 * The loop's own state, kept in the checkpoint so that a resumed run reports and logs what an uninterrupted one
 * does. It is the state a longer run would carry on from: the evaluation and metrics line that happen at the last
 * step only because it is the last (not on the eval/log schedule) are left out, so a run extended to more steps
 * continues exactly as one trained to that many steps in one go.
 */
export interface LoopState {
  /** Swaps applied since step 0. */
  swapsTotal: number;
  /** Swaps applied since the latest scheduled metrics line (the next line reports them). */
  swapsSinceLog: number;
  /** The smallest |Δ| of those swaps (null or absent: none). */
  minSwapGainSinceLog?: number | null;
  /** Mean accuracy of the latest scheduled evaluation (null before the first). */
  lastAccuracy: number | null;
  /** The step of that evaluation (0 before the first). */
  lastEvalStep: number;
}

/** What the loop reports and asks for; every hook is optional. */
export interface LoopHooks {
  /** After every step. */
  onStep?(info: StepInfo, status: RunStatus): void;
  /** After every evaluation. */
  onEval?(evaluation: Evaluation, step: number): void;
  /** Every metrics line (every config.log.every steps, at evaluations and at the last step). */
  onMetrics?(line: MetricsLine): void;
  /** A checkpoint is due (every config.checkpoint.every steps, at the last step, and when stopped). */
  onCheckpoint?(snapshot: TrainerSnapshot, state: LoopState): void;
  /** Checked before every step: a reason to stop (the run keeps its state and can be resumed), or null. */
  stopReason?(): string | null;
  /** Give the host's event loop a turn between steps (signals, aborts, messages are only seen there). */
  yieldTurn?(): Promise<void>;
}

/** Where the loop starts: the state and seconds carried over from earlier sessions of the same run (none: a fresh run). */
export interface LoopStart extends Partial<LoopState> {
  secondsBefore?: number;
}

export interface LoopResult {
  /** The stop reason given by stopReason, or null when the run reached config.steps. */
  stoppedBy: string | null;
  /** The latest evaluation of this session (null if none ran). */
  evaluation: Evaluation | null;
  /** Training seconds of the run so far, earlier sessions included. */
  seconds: number;
}

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Trains until trainer.done or a stop reason; see LoopHooks for what is reported when. */
export async function trainLoop(
  trainer: Trainer,
  config: TrainConfig,
  start: LoopStart = {},
  hooks: LoopHooks = {},
): Promise<LoopResult> {
  const yieldTurn = hooks.yieldTurn ?? defaultYield;
  const t0 = performance.now();
  const secondsBefore = start.secondsBefore ?? 0;
  const state: LoopState = {
    swapsTotal: start.swapsTotal ?? 0,
    swapsSinceLog: start.swapsSinceLog ?? 0,
    minSwapGainSinceLog: start.minSwapGainSinceLog ?? null,
    lastAccuracy: start.lastAccuracy ?? null,
    lastEvalStep: start.lastEvalStep ?? 0,
  };
  // What the display and the metrics lines show: the scheduled state, or the last step's own evaluation.
  let shownAccuracy = state.lastAccuracy;
  let evaluation: Evaluation | null = null;
  let stoppedBy: string | null = null;
  const rate = new RecentRate();
  const seconds = () => secondsBefore + (performance.now() - t0) / 1000;
  const checkpoint = () => hooks.onCheckpoint?.(trainer.snapshot(), { ...state });
  if (trainer.step === 0) checkpoint(); // a run stopped before its first checkpoint can still resume
  while (!trainer.done) {
    await yieldTurn();
    stoppedBy = hooks.stopReason?.() ?? null;
    if (stoppedBy !== null) break;
    const info = trainer.trainStep();
    state.swapsSinceLog += info.swaps;
    state.swapsTotal += info.swaps;
    if (info.swaps > 0) state.minSwapGainSinceLog = Math.min(state.minSwapGainSinceLog ?? Infinity, info.minSwapGain);
    const s = info.step;
    const last = s === config.steps;
    const scheduledEval = s % config.eval.every === 0;
    let tasks: Record<string, number> | undefined;
    if (scheduledEval || last) {
      evaluation = trainer.evaluate();
      shownAccuracy = evaluation.mean;
      if (scheduledEval) {
        state.lastAccuracy = evaluation.mean;
        state.lastEvalStep = s;
      }
      tasks = Object.fromEntries(evaluation.tasks.map((t) => [t.task, t.accuracy]));
      hooks.onEval?.(evaluation, s);
    }
    const scheduledLog = s % config.log.every === 0 || scheduledEval;
    if (scheduledLog || last) {
      hooks.onMetrics?.({
        step: s,
        loss: info.loss,
        taskLoss: info.taskLoss,
        connectionCost: info.connectionCost,
        accuracy: shownAccuracy,
        swaps: state.swapsSinceLog,
        ...(state.minSwapGainSinceLog != null ? { minSwapGain: state.minSwapGainSinceLog } : {}),
        seconds: Number(seconds().toFixed(3)),
        lambda: info.lambda,
        gradNorm: info.gradNorm,
        ...(tasks ? { tasks } : {}),
      });
      if (scheduledLog) {
        state.swapsSinceLog = 0;
        state.minSwapGainSinceLog = null;
      }
    }
    if (s % config.checkpoint.every === 0 || last) checkpoint();
    rate.add(s, performance.now());
    hooks.onStep?.(info, {
      step: s,
      steps: config.steps,
      seconds: seconds(),
      swapsTotal: state.swapsTotal,
      lastAccuracy: shownAccuracy,
      itPerSec: rate.perSecond() ?? 0,
      etaSeconds: rate.eta(config.steps),
    });
  }
  if (stoppedBy !== null) checkpoint();
  return { stoppedBy, evaluation, seconds: seconds() };
}
