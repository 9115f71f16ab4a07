// The training loop, platform-free: steps the Trainer until it is done or asked to stop, evaluating, logging metrics
// lines and taking checkpoints on the config's schedule. Where those go (files, memory, a page) is the caller's.
import type { TrainConfig } from "./config.js";
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
  seconds: number;
  swapsTotal: number;
  lastAccuracy: number | null;
  itPerSec: number;
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
  onCheckpoint?(snapshot: TrainerSnapshot): void;
  /** Checked before every step: a reason to stop (the run keeps its state and can be resumed), or null. */
  stopReason?(): string | null;
  /** Give the host's event loop a turn between steps (signals, aborts, messages are only seen there). */
  yieldTurn?(): Promise<void>;
}

/** Where the loop starts: seconds and latest accuracy carried over from earlier sessions of the same run. */
export interface LoopStart {
  secondsBefore: number;
  lastAccuracy: number | null;
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
  start: LoopStart,
  hooks: LoopHooks = {},
): Promise<LoopResult> {
  const yieldTurn = hooks.yieldTurn ?? defaultYield;
  const t0 = performance.now();
  const startStep = trainer.step;
  let lastAccuracy = start.lastAccuracy;
  let swapsSinceLog = 0;
  let swapsTotal = 0;
  let evaluation: Evaluation | null = null;
  let stoppedBy: string | null = null;
  const seconds = () => start.secondsBefore + (performance.now() - t0) / 1000;
  if (trainer.step === 0) hooks.onCheckpoint?.(trainer.snapshot()); // a run stopped before its first checkpoint can still resume
  while (!trainer.done) {
    await yieldTurn();
    stoppedBy = hooks.stopReason?.() ?? null;
    if (stoppedBy !== null) break;
    const info = trainer.trainStep();
    swapsSinceLog += info.swaps;
    swapsTotal += info.swaps;
    const s = info.step;
    let tasks: Record<string, number> | undefined;
    if (s % config.eval.every === 0 || s === config.steps) {
      evaluation = trainer.evaluate();
      lastAccuracy = evaluation.mean;
      tasks = Object.fromEntries(evaluation.tasks.map((t) => [t.task, t.accuracy]));
      hooks.onEval?.(evaluation, s);
    }
    if (s % config.log.every === 0 || tasks || s === config.steps) {
      hooks.onMetrics?.({
        step: s,
        loss: info.loss,
        taskLoss: info.taskLoss,
        connectionCost: info.connectionCost,
        accuracy: lastAccuracy,
        swaps: swapsSinceLog,
        seconds: Number(seconds().toFixed(3)),
        lambda: info.lambda,
        gradNorm: info.gradNorm,
        ...(tasks ? { tasks } : {}),
      });
      swapsSinceLog = 0;
    }
    if (s % config.checkpoint.every === 0 || s === config.steps) hooks.onCheckpoint?.(trainer.snapshot());
    const elapsed = (performance.now() - t0) / 1000;
    const itPerSec = (s - startStep) / Math.max(elapsed, 1e-9);
    hooks.onStep?.(info, { step: s, steps: config.steps, seconds: seconds(), swapsTotal, lastAccuracy, itPerSec });
  }
  if (stoppedBy !== null) hooks.onCheckpoint?.(trainer.snapshot());
  return { stoppedBy, evaluation, seconds: seconds() };
}
