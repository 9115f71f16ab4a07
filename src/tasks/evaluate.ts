// Evaluation trials and the performance rule (docs/spec.md §2.6, §6.10): each trial is run on its own from a zero hidden
// state; trials of one task are packed into one batch, zero-padded after their end, and judged at their own last
// step. Default rule: the argmax class at the last step equals the last-step label (ngym_usage). Option "popvec":
// Yang et al.'s rule (fixation output > 0.5 for no-go; else not fixating and the population-vector direction within
// 0.2π = 36° of the target), applied to the softmax probabilities of our 17-class readout.
import type { Batch } from "../model/types.js";
import { sampleTrial, type Trial } from "./generate.js";
import { fnv1a32, Rng, STREAMS } from "./rng.js";
import { N_CLASSES, RING, type Suite } from "./spec.js";

/** How an evaluation trial is judged: "last-step" (exact class at its last step) or "popvec" (Yang et al.). */
export const PERFORMANCE_RULES = ["last-step", "popvec"] as const;
/** One of PERFORMANCE_RULES. */
export type PerformanceRule = (typeof PERFORMANCE_RULES)[number];

/** One task's evaluation trials in the engine's batch layout, padded to the longest trial. */
export interface EvalBatch extends Batch {
  T: number;
  B: number;
  /** Steps of each trial (its last step is lengths[b] − 1). */
  lengths: Int32Array;
  taskIndex: number;
  trials: Trial[];
}

/** Options of evaluationBatch. */
export interface EvalOptions {
  /** Analysis trials: noise-free with random periods fixed (docs/spec.md §6.11). Default false. */
  analysis?: boolean;
  /** Task input noise (default on unless analysis). */
  noise?: boolean;
}

/** Stream ids for evaluation generators: keyed by the task's name so a subset sees the same trials. */
function evalStream(name: string): number {
  return STREAMS.evaluation + fnv1a32(name); // apart from the training streams 0…B−1
}

/** n trials of one task (ring alternating for tasks with modality), from the seed, packed into one batch. */
export function evaluationBatch(
  suite: Suite,
  taskIndex: number,
  n: number,
  seed: number,
  opts: EvalOptions = {},
): EvalBatch {
  if (!Number.isInteger(n) || n < 1) throw new Error(`evaluation trials: ${n} — must be an integer ≥ 1`);
  const spec = suite.tasks[taskIndex];
  if (!spec) throw new Error(`evaluation: no task ${taskIndex} in suite ${suite.name}`);
  const rng = new Rng(seed, evalStream(spec.name));
  const trials: Trial[] = [];
  for (let j = 0; j < n; j++) {
    trials.push(
      sampleTrial(suite, taskIndex, rng, { analysis: opts.analysis, noise: opts.noise, modality: (j % 2) as 0 | 1 }),
    );
  }
  const T = Math.max(...trials.map((t) => t.T));
  const B = n;
  const nU = suite.nInput;
  const inputs = new Float32Array(T * B * nU);
  const labels = new Int32Array(T * B);
  const lengths = new Int32Array(B);
  trials.forEach((tr, b) => {
    lengths[b] = tr.T;
    for (let t = 0; t < tr.T; t++) {
      inputs.set(tr.inputs.subarray(t * nU, (t + 1) * nU), (t * B + b) * nU);
      labels[t * B + b] = tr.labels[t];
    }
  });
  return { inputs, labels, T, B, lengths, taskIndex, trials };
}

/** Is the network's output at a trial's last step correct? `out` = that step's nOutput logits. */
export function judgeLastStep(out: ArrayLike<number>, label: number, rule: PerformanceRule = "last-step"): boolean {
  const n = out.length;
  if (rule === "last-step") {
    let best = 0;
    for (let c = 1; c < n; c++) if (out[c] > out[best]) best = c;
    return best === label;
  }
  // popvec on softmax probabilities
  let max = -Infinity;
  for (let c = 0; c < n; c++) max = Math.max(max, out[c]);
  let z = 0;
  const p = new Float64Array(n);
  for (let c = 0; c < n; c++) z += p[c] = Math.exp(out[c] - max);
  for (let c = 0; c < n; c++) p[c] /= z;
  const fixating = p[0] > 0.5;
  if (label === 0) return fixating;
  if (fixating) return false;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n - 1; k++) {
    const a = (2 * Math.PI * k) / RING;
    sx += p[k + 1] * Math.cos(a);
    sy += p[k + 1] * Math.sin(a);
  }
  const got = Math.atan2(sy, sx);
  const want = (2 * Math.PI * (label - 1)) / RING;
  let d = Math.abs(got - want) % (2 * Math.PI);
  d = Math.min(d, 2 * Math.PI - d);
  return d < 0.2 * Math.PI;
}

/** Per-trial correctness of a batch from its logits [T, B, nOutput]. */
export function scoreBatch(
  logits: Float32Array,
  batch: EvalBatch,
  nOutput: number,
  rule: PerformanceRule = "last-step",
): Uint8Array {
  if (logits.length !== batch.T * batch.B * nOutput) {
    throw new Error(
      `scoreBatch: logits have ${logits.length} values, expected T·B·nOutput = ${batch.T}·${batch.B}·${nOutput}`,
    );
  }
  if (rule === "popvec" && nOutput !== N_CLASSES) {
    throw new Error(
      `scoreBatch: rule "popvec" reads a ${N_CLASSES}-class ring readout, this suite has nOutput ${nOutput}; use rule "last-step"`,
    );
  }
  const correct = new Uint8Array(batch.B);
  for (let b = 0; b < batch.B; b++) {
    const t = batch.lengths[b] - 1;
    const c = t * batch.B + b;
    correct[b] = judgeLastStep(logits.subarray(c * nOutput, (c + 1) * nOutput), batch.labels[c], rule) ? 1 : 0;
  }
  return correct;
}
