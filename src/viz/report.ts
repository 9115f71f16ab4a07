// One self-contained HTML report (inline CSS and SVG, readable offline) for one or more runs: a summary table and
// every figure per run, and, given two or more analysed runs, the sweep's Pareto plots on top.
import type { Analysis } from "../analysis/analyze.js";
import type { LoadedModel } from "../train/checkpoint.js";
import type { MetricsLine } from "../train/run.js";
import { accuracyBarsSvg, clusterGridSvg, shuffleHistogramSvg, tvHeatmapSvg, tvSortedSvg, weightDistanceSvg } from "./analysis-figures.js";
import { networkSvg, weightMatrixSvg } from "./network-figures.js";
import { esc, fmt } from "./plot.js";
import { paretoSvg, trainingCurvesSvg, type ParetoPoint } from "./run-figures.js";

export interface ReportRun {
  name: string;
  analysis?: Analysis;
  metrics: MetricsLine[];
  model?: LoadedModel;
}

const CSS = `body{font-family:Helvetica,Arial,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}th{background:#f4f4f4}
figure{display:inline-block;vertical-align:top;margin:.5em 1em .5em 0}figcaption{font-size:.85em;color:#555;max-width:640px}
.note{color:#666;font-size:.9em}`;

function figure(id: string, caption: string, svg: string): string {
  return `<figure data-figure="${id}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** The summary rows of a run, with the numbers as in analysis.json (3 significant digits). */
export function summaryRows(run: ReportRun): [string, string][] {
  const a = run.analysis;
  const c = run.model?.config;
  const rows: [string, string][] = [];
  if (c) rows.push(["suite", `${c.suite}${c.tasks ? ` (${c.tasks.length} tasks)` : ""}`], ["regularizer", `${c.reg}, λ ${fmt(c.lambda)}, A ${fmt(c.A)}`]);
  if (run.model) rows.push(["step", String(run.model.step)]);
  if (a) {
    const iso = a.metrics.isolatedFraction, spr = a.metrics.clusterSpread;
    rows.push(
      ["geometry", a.run.geometry],
      ["mean accuracy", `${fmt(100 * a.accuracy.mean)}%`],
      ["important neurons", `${a.important.length} of ${a.run.nHidden}`],
      ["clusters k", String(a.clustering.k)],
      ["isolated fraction", `${fmt(iso.observed)} (shuffles ${fmt(iso.mean)} ± ${fmt(iso.std)}, z ${fmt(iso.z)}, p ${fmt(iso.p)})`],
      ["cluster spread", `${fmt(spr.observed)} (shuffles ${fmt(spr.mean)} ± ${fmt(spr.std)}, z ${fmt(spr.z)}, p ${fmt(spr.p)})`],
      ["active connections", String(a.connections.active)],
      ["wiring length", fmt(a.connections.wiringLength)],
    );
  }
  return rows;
}

function runSection(run: ReportRun): string {
  const a = run.analysis;
  const figs: string[] = [];
  if (run.model) figs.push(figure("network", "Fig. 1a: every weight as a line (blue positive, red negative, width ∝ |w|); hidden neurons coloured by functional cluster.", networkSvg(run.model, a?.clustering.cellLabels)));
  if (a) {
    figs.push(figure("tv-heatmap", "Fig. 1b: normalised task variance of the important neurons, sorted by cluster.", tvHeatmapSvg(a)));
    figs.push(figure("cluster-grid", "Fig. 1c: the grid coloured by cluster; blank cells are unimportant neurons.", clusterGridSvg(a)));
    figs.push(figure("accuracy", "Fig. 1d: per-task accuracy.", accuracyBarsSvg(a)));
    figs.push(figure("tv-sorted", "Fig. 1e: Σ task variance per neuron, sorted, with the importance threshold.", tvSortedSvg(a)));
    figs.push(figure("weight-distance", "Fig. 1f: |W_ij| against the distance between neurons i and j.", weightDistanceSvg(a)));
    figs.push(figure("shuffle-isolated", "Fig. 2b: fraction of isolated neurons vs label shuffles (lower = more anatomical).", shuffleHistogramSvg(a.metrics.isolatedFraction, "isolated fraction", "fraction of isolated important neurons")));
    figs.push(figure("shuffle-spread", "Fig. 5b analogue: mean cluster spread var(row)+var(col) vs label shuffles.", shuffleHistogramSvg(a.metrics.clusterSpread, "cluster spread", "mean var(row) + var(col) (grid units²)")));
  }
  if (run.model) figs.push(figure("weight-matrix", "Fig. 3c: the recurrent matrix in cell order.", weightMatrixSvg(run.model)));
  figs.push(figure("training-curves", "Training curves from metrics.jsonl.", trainingCurvesSvg(run.metrics)));
  const table = summaryRows(run).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
  return `<section data-run="${esc(run.name)}"><h2>${esc(run.name)}</h2><table>${table}</table>${a ? "" : `<p class="note">No analysis.json: run <code>gyrus analyze</code> on this folder for the analysis figures.</p>`}${figs.join("")}</section>`;
}

/** Points of the sweep plots: error = 1 − mean accuracy, against #important neurons and wiring length. */
export function paretoPoints(runs: readonly ReportRun[]): { important: ParetoPoint[]; wiring: ParetoPoint[] } {
  const important: ParetoPoint[] = [];
  const wiring: ParetoPoint[] = [];
  for (const r of runs) {
    const a = r.analysis;
    if (!a) continue;
    const base = { reg: a.run.reg, lambda: a.run.lambda, error: 1 - a.accuracy.mean, label: r.name };
    important.push({ ...base, x: a.important.length });
    wiring.push({ ...base, x: a.connections.wiringLength });
  }
  return { important, wiring };
}

export function buildReport(runs: readonly ReportRun[]): string {
  const analysed = runs.filter((r) => r.analysis);
  let sweep = "";
  if (analysed.length >= 2) {
    const p = paretoPoints(runs);
    sweep = `<section data-sweep="pareto"><h2>Sweep: sparsity against error</h2>` +
      figure("pareto-important", "Fig. 1g: error against the number of important neurons; lines: each regularizer's Pareto front.", paretoSvg(p.important, "important neurons")) +
      figure("pareto-wiring", "Fig. 1h: error against wiring length (Σ D_ij over |W_ij| > 0.01).", paretoSvg(p.wiring, "wiring length")) + `</section>`;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>gyrus report</title><style>${CSS}</style></head><body>` +
    `<h1>gyrus report — ${runs.length} run${runs.length === 1 ? "" : "s"}</h1>` +
    `<p class="note">Growing brains: BIMT-trained RNNs on cognitive tasks. Numbers are those of each run's analysis.json, shown to 3 significant digits.</p>` +
    sweep + runs.map(runSection).join("") + `</body></html>\n`;
}
