// The HTML report and its figures: well-formed, complete for its input, numbers equal to analysis.json; Pareto
// fronts on a hand example; 30 distinguishable cluster colours; a 400-neuron drawing stays small.
import { describe, expect, it } from "vitest";
import type { Analysis } from "../../src/analysis/analyze.js";
import { mulberry32 } from "../../src/model/synthetic.js";
import type { LoadedModel } from "../../src/train/checkpoint.js";
import { PRESETS } from "../../src/train/config.js";
import type { MetricsLine } from "../../src/train/run.js";
import { networkSvg } from "../../src/viz/network-figures.js";
import { CATEGORICAL, fmt } from "../../src/viz/plot.js";
import { buildReport, summaryRows } from "../../src/viz/report.js";
import { paretoFront } from "../../src/viz/run-figures.js";
import { checkWellFormed } from "./xml.js";

function model(rows: number, cols: number, seed = 1): LoadedModel {
  const r = mulberry32(seed);
  const nh = rows * cols, nu = 36, no = 17;
  const rand = (n: number) => Float32Array.from({ length: n }, () => (r() - 0.5) * (r() < 0.1 ? 1 : 0.01));
  return {
    config: { ...PRESETS.quick, geometry: { kind: "grid", rows, cols }, tasks: ["go", "dm1", "dms", "dnms"], swap: { ...PRESETS.quick.swap, topK: Math.min(40, nh) } },
    step: 100, nInput: nu, nOutput: no,
    params: { W_in: rand(nh * nu), W: rand(nh * nh), b_h: rand(nh), W_out: rand(no * nh), b_o: rand(no) },
    perm: Int32Array.from({ length: nh }, (_, i) => i),
  };
}

function analysis(reg = "bimt", lambda = 1e-4, acc = 0.8, nImp = 12, wiring = 40): Analysis {
  const tasks = ["go", "dm1", "dms", "dnms"];
  const n = 36;
  const important = Array.from({ length: nImp }, (_, j) => j * 2);
  const labels = important.map((_, j) => j % 3);
  const cellLabels = new Array(n).fill(-1);
  important.forEach((c, j) => (cellLabels[c] = labels[j]));
  const base = { observed: 0.25, mean: 0.5, std: 0.1, z: -2.5, p: 0.004, histogram: { min: 0.2, max: 0.8, counts: [1, 5, 20, 40, 20, 5] }, shuffles: 10000 };
  return {
    format: "gyrus-analysis-1",
    run: { step: 100, suite: "yang20", tasks, geometry: "6x6", rows: 6, cols: 6, nHidden: n, reg, lambda, A: 1, seed: 0 },
    accuracy: { rule: "last-step", trials: 50, tasks: { go: acc, dm1: acc, dms: acc, dnms: acc }, mean: acc },
    taskVariance: { trialsPerTask: 256, threshold: 1e-3, values: tasks.map((_, t) => Array.from({ length: n }, (_, i) => (cellLabels[i] === t % 3 ? 0.01 : 1e-5))) },
    important,
    normalizedTV: important.map((_, j) => tasks.map((_, t) => (t % 3 === labels[j] ? 1 : 0.1))),
    clustering: { method: "kmeans", k: 3, silhouette: { 2: 0.3, 3: 0.6 }, labels, cellLabels, seed: 0 },
    metrics: { isolatedFraction: base, clusterSpread: { ...base, observed: 3.2, mean: 5.5 }, shuffles: 10000 },
    connections: { threshold: 0.01, active: 123, wiringLength: wiring },
    weightDistance: { bins: [{ lo: 0, hi: 0.5, count: 10, meanAbs: 0.1, maxAbs: 0.3 }, { lo: 0.5, hi: 1, count: 5, meanAbs: 0.01, maxAbs: 0.02 }], samples: [{ d: 0.1, w: 0.2 }, { d: 0.7, w: 0.01 }] },
    seconds: 1,
  };
}

const metrics: MetricsLine[] = Array.from({ length: 10 }, (_, i) => ({
  step: 10 * (i + 1), loss: 1 / (i + 1), taskLoss: 1 / (i + 1), connectionCost: 100 - i, accuracy: i < 3 ? null : i / 10, swaps: 2, seconds: i, lambda: 1e-4, gradNorm: 1,
}));

const FIGURES = ["network", "tv-heatmap", "cluster-grid", "accuracy", "tv-sorted", "weight-distance", "shuffle-isolated", "shuffle-spread", "weight-matrix", "training-curves"];

describe("report", () => {
  it("one run: well-formed, every figure present, summary numbers equal analysis.json", () => {
    const a = analysis();
    const html = buildReport([{ name: "run-a", analysis: a, metrics, model: model(6, 6) }]);
    expect(checkWellFormed(html, true)).toEqual([]);
    for (const f of FIGURES) expect(html).toContain(`data-figure="${f}"`);
    expect(html).not.toContain("data-sweep");
    expect(html).not.toMatch(/<(script|link|img)\b/); // self-contained, nothing fetched
    for (const [k, v] of summaryRows({ name: "run-a", analysis: a, metrics, model: model(6, 6) })) expect(html).toContain(`<th>${k}</th><td>${v.replace(/&/g, "&amp;")}</td>`);
    expect(html).toContain(`${fmt(100 * a.accuracy.mean)}%`);
    expect(html).toContain(`${a.important.length} of 36`);
    expect(html).toContain(`p ${fmt(a.metrics.isolatedFraction.p)}`);
  });

  it("a sweep: Pareto plots on top; a run without analysis still gets its network and curves", () => {
    const runs = [
      { name: "bimt-1", analysis: analysis("bimt", 1e-4, 0.9, 10, 20), metrics, model: model(6, 6) },
      { name: "l1-1", analysis: analysis("l1", 1e-4, 0.85, 20, 60), metrics, model: model(6, 6, 2) },
      { name: "none", analysis: analysis("none", 0, 0.95, 30, 200), metrics, model: model(6, 6, 3) },
      { name: "pending", metrics, model: model(6, 6, 4) },
    ];
    const html = buildReport(runs);
    expect(checkWellFormed(html, true)).toEqual([]);
    expect(html).toContain('data-figure="pareto-important"');
    expect(html).toContain('data-figure="pareto-wiring"');
    expect(html.match(/data-figure="network"/g)?.length).toBe(4);
    expect(html).toContain("No analysis.json");
  });

  it("paretoFront keeps exactly the non-dominated points, sorted by x", () => {
    const pts = [{ x: 1, error: 0.5 }, { x: 2, error: 0.2 }, { x: 3, error: 0.3 }, { x: 4, error: 0.1 }, { x: 2, error: 0.4 }, { x: 5, error: 0.1 }];
    expect(paretoFront(pts)).toEqual([{ x: 1, error: 0.5 }, { x: 2, error: 0.2 }, { x: 4, error: 0.1 }]);
  });

  it("30 distinct cluster colours; a 400-neuron network drawing stays under 3 MB", () => {
    expect(new Set(CATEGORICAL).size).toBeGreaterThanOrEqual(30);
    const svg = networkSvg(model(20, 20));
    expect(svg.length).toBeLessThan(3e6);
    expect(checkWellFormed(svg)).toEqual([]);
  });
});
