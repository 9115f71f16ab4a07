// Hand-built inputs for the report tests: an analysis.json of a 6×6 grid (4 tasks, 3 spatially compact clusters of
// 4 neurons each) or of a line, a model with seeded random weights (mulberry32), and metrics.jsonl lines.
import type { Analysis } from "../../src/analysis/analyze.js";
import type { Baseline } from "../../src/analysis/anatomy.js";
import { mulberry32 } from "../../src/tasks/rng.js";
import type { LoadedModel } from "../../src/train/checkpoint.js";
import { hiddenCount, PRESETS, type Geometry } from "../../src/train/config.js";
import type { MetricsLine } from "../../src/train/run.js";

export const TASKS = ["go", "dm1", "dms", "dnms"];

/** Cluster c (0, 1, 2) occupies a 2×2 block; the other 24 cells are unimportant. */
const BLOCKS: number[][] = [
  [7, 8, 13, 14],
  [10, 11, 16, 17],
  [25, 26, 31, 32],
];

function baseline(observed: number, mean: number): Baseline {
  return {
    observed,
    mean,
    std: 0.1,
    z: (observed - mean) / 0.1,
    p: 0.0001999800019998,
    histogram: { min: mean - 0.3, max: mean + 0.3, counts: [2, 9, 31, 58, 31, 9, 2] },
    shuffles: 4999,
  };
}

/** A collapsed network's metrics: one cluster, so every label shuffle gives the observed value (s.d. 0, z 0, p 1). */
export function collapse(a: Analysis): Analysis {
  for (const m of [a.metrics.isolatedFraction, a.metrics.clusterSpread])
    Object.assign(m, { observed: 1, mean: 1, std: 0, z: 0, p: 1, histogram: { min: 1, max: 1, counts: [4999] } });
  return a;
}

export interface AnalysisOptions {
  reg?: string;
  lambda?: number;
  accuracy?: number;
  wiring?: number;
  /** A line of this many cells instead of the 6×6 grid (important cells 0..11 in clusters of 4). */
  line?: number;
}

export function makeAnalysis(o: AnalysisOptions = {}): Analysis {
  const n = o.line ?? 36;
  const blocks = o.line
    ? [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],
      ]
    : BLOCKS;
  const important = blocks.flat().sort((a, b) => a - b);
  const cellLabels = new Array<number>(n).fill(-1);
  blocks.forEach((cells, c) => cells.forEach((i) => (cellLabels[i] = c)));
  const labels = important.map((i) => cellLabels[i]);
  // cluster c is driven by task c (cluster 2 also by task 3); unimportant cells have a tiny variance
  const tv = (t: number, i: number) =>
    cellLabels[i] < 0
      ? i % 5 === 0
        ? 0
        : 1e-6 * (1 + (i % 7))
      : cellLabels[i] === t || (t === 3 && cellLabels[i] === 2)
        ? 0.02 + 0.001 * i
        : 0.002;
  const values = TASKS.map((_, t) => Array.from({ length: n }, (_, i) => tv(t, i)));
  const normalizedTV = important.map((i) => {
    const row = TASKS.map((_, t) => values[t][i]);
    const max = Math.max(...row);
    return row.map((v) => v / max);
  });
  const acc = o.accuracy ?? 0.8125;
  return {
    format: "gyrus-analysis-1",
    run: {
      step: 8000,
      suite: "yang20",
      tasks: TASKS,
      geometry: o.line ? `line ${n}` : "6x6",
      rows: o.line ? 1 : 6,
      cols: o.line ? n : 6,
      nHidden: n,
      reg: o.reg ?? "bimt",
      lambda: o.lambda ?? 1e-4,
      A: 1,
      seed: 3,
    },
    accuracy: {
      rule: "last-step",
      trials: 200,
      tasks: { go: 1, dm1: acc - 0.1, dms: acc + 0.1, dnms: acc },
      mean: acc,
    },
    taskVariance: { trialsPerTask: 256, threshold: 1e-3, values },
    important,
    normalizedTV,
    clustering: { method: "kmeans", k: 3, silhouette: { 2: 0.41, 3: 0.6234 }, labels, cellLabels, seed: 3 },
    metrics: { isolatedFraction: baseline(0, 0.4321), clusterSpread: baseline(0.5, 6.789), shuffles: 4999 },
    connections: { threshold: 0.01, active: 123, wiringLength: o.wiring ?? 45.678 },
    weightDistance: {
      bins: [0, 1, 2, 3].map((b) => ({
        lo: b * 0.5,
        hi: (b + 1) * 0.5,
        count: b === 3 ? 0 : 10 * (3 - b),
        meanAbs: 0.1 / (b + 1),
        maxAbs: 0.3 / (b + 1),
      })),
      samples: Array.from({ length: 40 }, (_, k) => ({ d: (k % 30) / 20, w: 0.2 / (1 + (k % 30)) })),
    },
    seconds: 1.5,
  };
}

/** A model whose weights are mostly small with a few strong ones (like a pruned network), from a seeded generator. */
export function makeModel(geometry: Geometry, seed = 1): LoadedModel {
  const r = mulberry32(seed);
  const nh = hiddenCount(geometry);
  const nu = 33 + TASKS.length,
    no = 17;
  const rand = (len: number) => Float32Array.from({ length: len }, () => (r() - 0.5) * (r() < 0.1 ? 1 : 0.01));
  return {
    config: { ...PRESETS.quick, geometry, tasks: TASKS },
    step: 8000,
    nInput: nu,
    nOutput: no,
    params: { W_in: rand(nh * nu), W: rand(nh * nh), b_h: rand(nh), W_out: rand(no * nh), b_o: rand(no) },
    perm: Int32Array.from({ length: nh }, (_, i) => i),
  };
}

export function makeMetrics(count = 12): MetricsLine[] {
  return Array.from({ length: count }, (_, i) => ({
    step: 50 * (i + 1),
    loss: 2 / (i + 1) + 0.01,
    taskLoss: 2 / (i + 1),
    connectionCost: 300 - 10 * i,
    accuracy: i < 3 ? null : i / count,
    swaps: i % 3,
    seconds: i,
    lambda: 1e-4,
    gradNorm: 1,
  }));
}
