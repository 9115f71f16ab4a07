// The page's figures as SVG strings, from what the trainer worker posts: the network drawing (viz's networkSvg,
// cells coloured by functional cluster once an analysis ran), the cluster grid and training curves (viz), and
// the swaps of every swap round. Pure functions (no DOM), so they are testable in Node.
import {
  clusterGridSvg,
  networkSvg,
  trainingCurvesSvg,
  type Analysis,
  type MetricsLine,
  type TrainConfig,
} from "../browser.js";
import type { WeightSnapshot } from "./protocol.js";

/** An analysis with the neuron permutation of its step (cell → neuron id), so labels can follow later swaps. */
export interface PlacedAnalysis {
  step: number;
  analysis: Analysis;
  perm: Int32Array;
}

/**
 * Cluster label of every cell now: the analysis labelled cells at its step; a neuron keeps its label when swaps
 * move it, so label(cell) = label at analysis time of the neuron now in that cell (−1 = unimportant).
 */
export function currentCellLabels(a: PlacedAnalysis, perm: Int32Array): number[] {
  const byNeuron = new Map<number, number>();
  a.analysis.clustering.cellLabels.forEach((l, cell) => byNeuron.set(a.perm[cell], l));
  return Array.from(perm, (id) => byNeuron.get(id) ?? -1);
}

export function networkFigure(
  config: TrainConfig,
  nInput: number,
  nOutput: number,
  w: WeightSnapshot,
  analysis: PlacedAnalysis | null,
): string {
  const n = w.perm.length;
  const model = {
    config,
    step: w.step,
    nInput,
    nOutput,
    perm: w.perm,
    params: { W_in: w.W_in, W: w.W, W_out: w.W_out, b_h: new Float32Array(n), b_o: new Float32Array(nOutput) },
  };
  return networkSvg(model, analysis ? { cellLabels: currentCellLabels(analysis, w.perm) } : {});
}

export function clusterFigure(a: PlacedAnalysis): string {
  return clusterGridSvg(a.analysis);
}

/**
 * At most `max` lines for plotting: consecutive lines merged (mean loss and task loss, the last ℓ_cc, accuracy
 * and step, swaps summed, the last per-task accuracies), so cumulative swaps and evaluations survive the thinning.
 */
export function thinLines(lines: readonly MetricsLine[], max: number): MetricsLine[] {
  if (lines.length <= max) return lines.slice();
  const k = Math.ceil(lines.length / max);
  const out: MetricsLine[] = [];
  for (let i = 0; i < lines.length; i += k) {
    const g = lines.slice(i, i + k);
    const last = g[g.length - 1];
    const tasks = [...g].reverse().find((l) => l.tasks)?.tasks;
    out.push({
      ...last,
      loss: g.reduce((s, l) => s + l.loss, 0) / g.length,
      taskLoss: g.reduce((s, l) => s + l.taskLoss, 0) / g.length,
      swaps: g.reduce((s, l) => s + l.swaps, 0),
      ...(tasks ? { tasks } : {}),
    });
  }
  return out;
}

export function curvesFigure(lines: readonly MetricsLine[]): string {
  return trainingCurvesSvg(thinLines(lines, 400));
}
