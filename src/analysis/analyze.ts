// `gyrus analyze`: from a trained model to the paper's measurements (docs/spec.md §5, §6.11–§6.15): per-task accuracy, task
// variance, important neurons, functional clusters, whether they are anatomical (isolated fraction, cluster spread,
// each against label shuffles), active connections, wiring length and |W| against distance. Platform-free: the
// caller brings the engine and the decoded model, and writes the result.
import type { Engine } from "../engine/api.js";
import type { Suite } from "../tasks/spec.js";
import { distanceMatrix, figureCoords, formatGeometry, hiddenCount } from "../model/geometry.js";
import { evaluationBatch } from "../tasks/evaluate.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { Trainer } from "../train/trainer.js";
import type { Baseline } from "./anatomy.js";
import { clusterBySilhouette } from "./kmeans.js";
import { graphSummary, type GraphOptions, type GraphSummary } from "./graph.js";
import { shuffleBaselines } from "./shuffle-engine.js";
import { importantNeurons, maxNormalize, taskVariance } from "./task-variance.js";
import {
  activeConnections,
  weightAtNearestDistances,
  weightByDistance,
  wiringLength,
  type ExactDistance,
} from "./wiring.js";

export const ANALYSIS_FORMAT = "gyrus-analysis-1";

/** Noise-free trials per task behind an analysis's accuracy (and `gyrus eval`'s default, so the two agree). */
export const ANALYSIS_EVAL_TRIALS = 200;

/** Options of analyze(): trial counts, shuffles, seed and progress notes. */
export interface AnalysisOptions {
  /** Trials per task for the task variance (docs/spec.md §6.11; default 256). */
  tvTrials?: number;
  /** Trials per task for accuracy (default ANALYSIS_EVAL_TRIALS = 200). */
  evalTrials?: number;
  /** Label shuffles per metric (default 10,000). */
  shuffles?: number;
  /** Seed of clustering and shuffles (default: the run's seed). */
  seed?: number;
  /** Progress notes. */
  onNote?(msg: string): void;
  /** The user-defined suite of a model trained on suite "custom" (defineSuite; required for such a model). */
  suite?: Suite;
  /** Also the graph metrics of W (modularity, communities, small-worldness; docs/analysis.md); off by default. */
  graph?: GraphOptions | boolean;
}

/** The measurements of one model, as analysis.json holds them. */
export interface Analysis {
  format: string;
  run: {
    step: number;
    suite: string;
    tasks: string[];
    geometry: string;
    rows: number;
    cols: number;
    nHidden: number;
    reg: string;
    lambda: number;
    A: number;
    seed: number;
    /** User points only: the first two coordinates of every cell (x0, y0, x1, y1, …; y = 0 in 1D), for the cluster map. */
    xy?: number[];
  };
  accuracy: { rule: string; trials: number; tasks: Record<string, number>; mean: number };
  taskVariance: { trialsPerTask: number; threshold: number; values: number[][] };
  important: number[];
  normalizedTV: number[][];
  clustering: {
    method: string;
    k: number;
    silhouette: Record<string, number>;
    labels: number[];
    cellLabels: number[];
    seed: number;
  };
  metrics: { isolatedFraction: Baseline; clusterSpread: Baseline; shuffles: number };
  connections: { threshold: number; active: number; wiringLength: number };
  /** Binned |W| and samples; `nearest` (absent in files written before it existed): mean |W| at the smallest exact distances. */
  weightDistance: ReturnType<typeof weightByDistance> & { nearest?: ExactDistance[] };
  /** Present when asked for (`--graph`): the weight graph's modularity, communities and small-worldness. */
  graph?: GraphSummary;
  seconds: number;
}

/** analyze() on a given engine, synchronously (what the demo's worker uses between training slices). */
export function analyzeModel(engine: Engine, model: LoadedModel, o: AnalysisOptions = {}): Analysis {
  const t0 = performance.now();
  const config = model.config;
  const seed = o.seed ?? config.seed;
  const tvTrials = o.tvTrials ?? 256;
  const evalTrials = o.evalTrials ?? ANALYSIS_EVAL_TRIALS;
  const shuffles = o.shuffles ?? 10_000;
  const trainer = new Trainer(engine, config, { suite: o.suite });
  try {
    trainer.useModel(model);
    const n = hiddenCount(config.geometry);
    const suite = trainer.suite;

    o.onNote?.(`accuracy: ${evalTrials} noise-free trials × ${suite.tasks.length} tasks`);
    const ev = trainer.evaluate({ trials: evalTrials });

    o.onNote?.(`task variance: ${tvTrials} noise-free analysis trials × ${suite.tasks.length} tasks`);
    const tv: Float64Array[] = [];
    suite.tasks.forEach((_, i) => {
      const batch = evaluationBatch(suite, i, tvTrials, seed, { analysis: true });
      const { hidden } = trainer.net.forward(batch, { noiseStd: 0 });
      // Aligned analysis trials: every trial has the same periods; skip the fixation period (docs/spec.md §6.11).
      const fix = batch.trials[0].periods.find((p) => p.name === "fixation");
      tv.push(taskVariance(hidden, batch.T, batch.B, n, fix ? fix.end : 0));
    });
    const important = importantNeurons(tv, 1e-3);
    const normalized = maxNormalize(tv, important);

    o.onNote?.(`clustering ${important.length} important neurons (k-means++, 20 restarts, silhouette)`);
    const cl = clusterBySilhouette(normalized, { seed });
    const cellLabels = new Int32Array(n).fill(-1);
    important.forEach((cell, j) => (cellLabels[cell] = cl.labels[j]));

    o.onNote?.(`anatomy: ${shuffles} label shuffles on ${engine.threads} thread(s)`);
    const geom = config.geometry;
    const positions = trainer.net.spec.positions;
    const { isolatedFraction: iso, clusterSpread: spread } = shuffleBaselines(engine, cellLabels, positions, {
      shuffles,
      seed,
    });

    const W = model.params.W;
    const D = distanceMatrix(positions);
    let graph: GraphSummary | undefined;
    if (o.graph) {
      const go = typeof o.graph === "object" ? o.graph : {};
      o.onNote?.(
        `graph metrics: Louvain on the top ${(go.fraction ?? 0.1) * 100} % of |W| and on |W|, small-worldness against ${go.randomGraphs ?? 1000} random graphs`,
      );
      graph = graphSummary(W, n, cellLabels, { seed, ...go });
      o.onNote?.(`graph metrics: ${graph.seconds.toFixed(1)} s`);
    }
    return {
      format: ANALYSIS_FORMAT,
      run: {
        step: model.step,
        suite: config.suite,
        tasks: suite.tasks.map((t) => t.name),
        geometry: formatGeometry(geom),
        rows: geom.kind === "grid" ? geom.rows : 1,
        cols: geom.kind === "grid" ? geom.cols : n,
        nHidden: n,
        reg: config.reg,
        lambda: config.lambda,
        A: config.A,
        seed: config.seed,
        ...(geom.kind === "points" || geom.kind === "lattice" ? { xy: figureCoords(geom) } : {}),
      },
      accuracy: {
        rule: ev.rule,
        trials: evalTrials,
        tasks: Object.fromEntries(ev.tasks.map((t) => [t.task, t.accuracy])),
        mean: ev.mean,
      },
      taskVariance: { trialsPerTask: tvTrials, threshold: 1e-3, values: tv.map((r) => Array.from(r)) },
      important,
      normalizedTV: normalized,
      clustering: {
        method: "kmeans",
        k: cl.k,
        silhouette: Object.fromEntries(Object.entries(cl.silhouette).map(([k, v]) => [String(k), v])),
        labels: Array.from(cl.labels),
        cellLabels: Array.from(cellLabels),
        seed,
      },
      metrics: { isolatedFraction: iso, clusterSpread: spread, shuffles },
      connections: { threshold: 1e-2, active: activeConnections(W, 1e-2), wiringLength: wiringLength(W, D, 1e-2) },
      weightDistance: { ...weightByDistance(W, D), nearest: weightAtNearestDistances(W, D) },
      ...(graph ? { graph } : {}),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    trainer.dispose();
  }
}
