// One self-contained HTML5 report (inline CSS and SVG, nothing fetched, readable offline) for one or more runs: per
// run a summary table and every figure; with two or more analysed runs, a sweep section with the Pareto plots on top.
// Numbers in the tables are analysis.json's, formatted by svg.ts's fmt (integers exact, otherwise 3 significant
// digits); each sits in <span class="num" data-run data-key data-value> with the full value (also shown on hover).
import type { Analysis } from "../analysis/analyze.js";
import { NO_TEST, testable } from "../analysis/anatomy.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { formatGeometry } from "../train/config.js";
import type { MetricsLine } from "../train/loop.js";
import { accuracyBarsSvg, tvSortedSvg, weightDistanceSvg } from "./measure-figures.js";
import { clusterGridSvg, tvHeatmapSvg } from "./module-figures.js";
import { MAX_RECURRENT_LINES, networkSvg, WIDTH_STEP, weightMatrixSvg } from "./network-figures.js";
import { modularityZSvg, type ModularityPoint } from "./modularity-figures.js";
import { paretoSvg, type ParetoPoint } from "./pareto-figures.js";
import { shuffleHistogramSvg } from "./shuffle-figures.js";
import { esc, fmt } from "./svg.js";
import { trainingCurvesSvg } from "./training-figures.js";

/** One run as a report shows it: a name, its analysis (if analysed), metrics lines and model. */
export interface ReportRun {
  name: string;
  analysis?: Analysis;
  metrics: MetricsLine[];
  model?: LoadedModel;
}

const CSS = `body{font-family:Helvetica,Arial,sans-serif;max-width:1500px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4;font-weight:600}.num{font-variant-numeric:tabular-nums}
figure{display:inline-block;vertical-align:top;margin:.6em 1.2em .6em 0;max-width:100%}figure svg{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#555;max-width:720px}.note{color:#666;font-size:.9em}nav a{margin-right:1em}`;

/** A number from analysis.json: formatted text, the full value in data-value and on hover, its JSON path in data-key. */
function num(run: string, key: string, value: number): string {
  return `<span class="num" data-run="${esc(run)}" data-key="${esc(key)}" data-value="${value}" title="${value}">${esc(fmt(value))}</span>`;
}

/** One figure of the report: its id (data-figure, and the file name with --svg), caption and SVG. */
export interface Figure {
  id: string;
  caption: string;
  svg: string;
}

const fig = (id: string, caption: string, svg: string): Figure => ({ id, caption, svg });

function figure({ id, caption, svg }: Figure): string {
  return `<figure data-figure="${id}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** The summary table's rows as [label, HTML cell]; numbers from analysis.json when there is one, else from the model. */
export function summaryRows(run: ReportRun): [string, string][] {
  const a = run.analysis,
    c = run.model?.config,
    r = run.name;
  const rows: [string, string][] = [];
  /** Leaky units and Dale's law, when the run used them (nothing for the paper's plain units). */
  function unitsRow(cfg: typeof c): [string, string][] {
    if (!cfg) return [];
    const parts: string[] = [];
    if (cfg.alpha !== undefined && cfg.alpha !== 1) parts.push(`leaky, α ${fmt(cfg.alpha)}`);
    if (cfg.dale)
      parts.push(`Dale's law, ${fmt(cfg.dale.excitatory)} excitatory${cfg.dale.readout ? ", readout signed too" : ""}`);
    if (cfg.trialPool) parts.push(`trials from a fixed pool of ${cfg.trialPool} per task`);
    return parts.length ? [["units and data", esc(parts.join("; "))]] : [];
  }
  if (a) {
    const baseline = (key: "isolatedFraction" | "clusterSpread") => {
      const k = `metrics.${key}`,
        b = a.metrics[key];
      if (!testable(b)) return `${num(r, `${k}.observed`, b.observed)} (${NO_TEST})`;
      return `${num(r, `${k}.observed`, b.observed)} (shuffles ${num(r, `${k}.mean`, b.mean)} ± ${num(r, `${k}.std`, b.std)}; z ${num(r, `${k}.z`, b.z)}; p ${num(r, `${k}.p`, b.p)})`;
    };
    const sil = a.clustering.silhouette[String(a.clustering.k)];
    rows.push(
      ["suite", `${esc(a.run.suite)} (${num(r, "run.tasks.length", a.run.tasks.length)} tasks)`],
      ["geometry", esc(a.run.geometry)],
      ["regularizer", esc(a.run.reg)],
      ["λ", num(r, "run.lambda", a.run.lambda)],
      ["A", num(r, "run.A", a.run.A)],
      ...unitsRow(c),
      ["step", num(r, "run.step", a.run.step)],
      [
        "mean accuracy",
        `${num(r, "accuracy.mean", a.accuracy.mean)} (${num(r, "accuracy.trials", a.accuracy.trials)} trials per task, rule ${esc(a.accuracy.rule)})`,
      ],
      [
        "important neurons",
        `${num(r, "important.length", a.important.length)} of ${num(r, "run.nHidden", a.run.nHidden)} (Σ TV > ${num(r, "taskVariance.threshold", a.taskVariance.threshold)})`,
      ],
      [
        "clusters k",
        `${num(r, "clustering.k", a.clustering.k)}${sil === undefined ? "" : ` (silhouette ${num(r, `clustering.silhouette.${a.clustering.k}`, sil)})`}`,
      ],
      ["isolated fraction", baseline("isolatedFraction")],
      ["cluster spread", baseline("clusterSpread")],
      [
        "active connections",
        `${num(r, "connections.active", a.connections.active)} (|W_ij| > ${num(r, "connections.threshold", a.connections.threshold)})`,
      ],
      [
        "wiring length",
        `${num(r, "connections.wiringLength", a.connections.wiringLength)} (Σ D_ij over active connections, grid units / side)`,
      ],
    );
  } else if (c) {
    rows.push(
      ["suite", esc(c.suite)],
      ["geometry", esc(formatGeometry(c.geometry))],
      ["regularizer", esc(c.reg)],
      ["λ", esc(fmt(c.lambda))],
      ["A", esc(fmt(c.A))],
      ...unitsRow(c),
    );
  }
  if (!a && run.model) rows.push(["step", esc(String(run.model.step))]);
  const last = run.metrics[run.metrics.length - 1];
  if (!a && last)
    rows.push([
      "last logged step",
      esc(`${last.step} (loss ${fmt(last.loss)}${last.accuracy === null ? "" : `, accuracy ${fmt(last.accuracy)}`})`),
    ]);
  return rows;
}

function runFigures(run: ReportRun): Figure[] {
  const a = run.analysis,
    m = run.model;
  const figs: Figure[] = [];
  if (m)
    figs.push(
      fig(
        "network",
        `Fig. 1a/3a: every weight as a line (blue positive, red negative, width ∝ |w| / max|w| of its matrix); lines thinner than ${WIDTH_STEP} px are skipped and at most the ${MAX_RECURRENT_LINES} strongest hidden→hidden weights are drawn, to keep the file small.${a ? " Hidden cells coloured by functional cluster." : ""}`,
        networkSvg(m, { cellLabels: a?.clustering.cellLabels }),
      ),
    );
  if (a) {
    figs.push(
      fig(
        "tv-heatmap",
        "Fig. 1b: normalised task variance (each neuron's maximum over tasks = 1) of the important neurons, sorted by functional cluster.",
        tvHeatmapSvg(a),
      ),
    );
    figs.push(
      fig(
        "cluster-grid",
        "Fig. 1c: hidden neurons in space, coloured by functional cluster; unimportant cells blank. Legend: each cluster's name (its top task; its top two tasks, or a number, where clusters share one) and size.",
        clusterGridSvg(a),
      ),
    );
    figs.push(fig("accuracy", "Fig. 1d: per-task accuracy.", accuracyBarsSvg(a)));
    figs.push(
      fig("tv-sorted", "Fig. 1e: Σ task variance per neuron, sorted, with the importance threshold.", tvSortedSvg(a)),
    );
    figs.push(
      fig(
        "weight-distance",
        "Fig. 1f: |W_ij| against the distance D_ij between hidden neurons i and j.",
        weightDistanceSvg(a),
      ),
    );
    figs.push(
      fig(
        "shuffle-isolated",
        "Fig. 2b/5b (top): fraction of isolated important neurons, trained network against shuffles of the cluster labels among the important cells (smaller = more anatomical).",
        shuffleHistogramSvg(
          a.metrics.isolatedFraction,
          "fraction of isolated neurons",
          "fraction of isolated important neurons",
        ),
      ),
    );
    figs.push(
      fig(
        "shuffle-spread",
        "Fig. 2b/5b (bottom): cluster spread — mean over clusters of var(row) + var(col) of the members (1D: variance of indices) — against the same shuffles (smaller = more anatomical).",
        shuffleHistogramSvg(
          a.metrics.clusterSpread,
          "cluster spread",
          "mean of var(row) + var(col) per cluster (grid units²)",
        ),
      ),
    );
  }
  if (m)
    figs.push(
      fig(
        "weight-matrix",
        "Fig. 3c: the recurrent matrix W in cell order (1D networks: a diagonal band means local wiring).",
        weightMatrixSvg(m),
      ),
    );
  figs.push(fig("training-curves", "Training curves from metrics.jsonl.", trainingCurvesSvg(run.metrics)));
  return figs;
}

function runSection(run: ReportRun, index: number, figs: readonly Figure[]): string {
  const table = summaryRows(run)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`)
    .join("");
  const notes =
    (run.analysis
      ? ""
      : `<p class="note">No analysis.json: run <code>gyrus analyze</code> on this run for the analysis figures.</p>`) +
    (run.model ? "" : `<p class="note">No model file: no network drawing or weight matrix.</p>`);
  return `<section id="run-${index}" data-run="${esc(run.name)}"><h2>${esc(run.name)}</h2><table>${table}</table>${notes}${figs.map(figure).join("")}</section>`;
}

/** Points of the sweep plots: error = 1 − mean accuracy against #important neurons and against wiring length. */
export function paretoPoints(runs: readonly ReportRun[]): { important: ParetoPoint[]; wiring: ParetoPoint[] } {
  const important: ParetoPoint[] = [],
    wiring: ParetoPoint[] = [];
  for (const r of runs) {
    const a = r.analysis;
    if (!a) continue;
    const base = { reg: a.run.reg, lambda: a.run.lambda, error: 1 - a.accuracy.mean, label: r.name };
    important.push({ ...base, x: a.important.length });
    wiring.push({ ...base, x: a.connections.wiringLength });
  }
  return { important, wiring };
}

/** Points of the modularity plot: each analysed run's two z scores, in rows by regularizer, λ and A (seeds together). */
export function modularityPoints(runs: readonly ReportRun[]): ModularityPoint[] {
  const out: ModularityPoint[] = [];
  for (const r of runs) {
    const a = r.analysis;
    if (!a) continue;
    const { reg, lambda, A } = a.run;
    const config =
      reg + (reg === "none" ? "" : ` λ ${fmt(lambda)}`) + (reg === "bimt" && A !== 1 ? ` A ${fmt(A)}` : "");
    const iso = a.metrics.isolatedFraction,
      spr = a.metrics.clusterSpread;
    // an untestable metric has no dot (NaN), rather than a misleading one at z 0
    const z = (b: typeof iso) => (testable(b) ? b.z : NaN);
    out.push({ config, reg, label: r.name, isolatedZ: z(iso), isolatedP: iso.p, spreadZ: z(spr), spreadP: spr.p });
  }
  return out;
}

/** The sweep's figures: both Pareto plots and the modularity plot. */
function sweepFigures(runs: readonly ReportRun[]): Figure[] {
  const p = paretoPoints(runs);
  return [
    fig(
      "pareto-important",
      "Fig. 1g: error (1 − mean accuracy) against the number of important neurons (Σ TV > 1e-3); lines: each regularizer's Pareto front.",
      paretoSvg(p.important, "important neurons"),
    ),
    fig(
      "pareto-wiring",
      "Fig. 1h: error against wiring length (Σ D_ij over connections with |W_ij| > 0.01, grid units / side); lines: Pareto fronts.",
      paretoSvg(p.wiring, "wiring length (grid units / side)"),
    ),
    fig(
      "modularity-z",
      "Fig. 2 over runs: z of each run's isolated fraction and cluster spread against its label shuffles (z < 0: more modular than chance; filled: p ≤ 0.05; grey: |z| < 1.96).",
      modularityZSvg(modularityPoints(runs)),
    ),
  ];
}

function sweepSection(runs: readonly ReportRun[], figs: readonly Figure[]): string {
  const head = [
    "run",
    "reg",
    "λ",
    "A",
    "seed",
    "mean accuracy",
    "important",
    "wiring length",
    "isolated p",
    "spread p",
  ];
  const rows = runs
    .filter((r) => r.analysis)
    .map((r) => {
      const a = r.analysis as Analysis,
        n = r.name;
      return (
        `<tr><td><a href="#run-${runs.indexOf(r)}">${esc(n)}</a></td><td>${esc(a.run.reg)}</td>` +
        [
          num(n, "run.lambda", a.run.lambda),
          num(n, "run.A", a.run.A),
          num(n, "run.seed", a.run.seed),
          num(n, "accuracy.mean", a.accuracy.mean),
          num(n, "important.length", a.important.length),
          num(n, "connections.wiringLength", a.connections.wiringLength),
          num(n, "metrics.isolatedFraction.p", a.metrics.isolatedFraction.p),
          num(n, "metrics.clusterSpread.p", a.metrics.clusterSpread.p),
        ]
          .map((c) => `<td>${c}</td>`)
          .join("") +
        `</tr>`
      );
    })
    .join("");
  return (
    `<section data-sweep="pareto"><h2>Sweep: error against sparsity</h2>` +
    figs.map(figure).join("") +
    `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>${rows}</table></section>`
  );
}

/** Every drawing of a report, made once: the sweep's (two or more analysed runs; else none) and each run's. */
export interface ReportFigures {
  sweep: Figure[];
  runs: Figure[][];
}

/** Every figure of a report, drawn once (for renderReport and for writing each as an SVG file). */
export function reportFigures(runs: readonly ReportRun[]): ReportFigures {
  return { sweep: runs.filter((r) => r.analysis).length >= 2 ? sweepFigures(runs) : [], runs: runs.map(runFigures) };
}

/**
 * Every figure of the report as a standalone SVG file: "<run>-<figure>.svg" per run and, with two or more analysed
 * runs, "sweep-<figure>.svg" (for papers and slides; the same drawings as the HTML). Pass the figures the HTML was
 * built from to draw them only once.
 */
export function reportFigureFiles(
  runs: readonly ReportRun[],
  figs: ReportFigures = reportFigures(runs),
): { file: string; svg: string }[] {
  const out = figs.sweep.map((f) => ({ file: `sweep-${f.id}.svg`, svg: f.svg }));
  const used = new Set<string>();
  runs.forEach((r, i) => {
    // file-safe, and unique even when two folders share a name (report a/run b/run)
    let prefix = r.name.replace(/[^A-Za-z0-9._-]+/g, "_") || "run";
    if (used.has(prefix)) prefix = `${prefix}-${i + 1}`;
    used.add(prefix);
    for (const f of figs.runs[i]) out.push({ file: `${prefix}-${f.id}.svg`, svg: f.svg });
  });
  return out;
}

/** The whole report as one HTML5 document (from `figs` when the caller has drawn them already). */
export function buildReport(runs: readonly ReportRun[], figs: ReportFigures = reportFigures(runs)): string {
  const nav =
    runs.length > 1 ? `<nav>${runs.map((r, i) => `<a href="#run-${i}">${esc(r.name)}</a>`).join("")}</nav>` : "";
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>gyrus report</title><style>${CSS}</style></head><body>` +
    `<h1>gyrus report: ${runs.length} run${runs.length === 1 ? "" : "s"}</h1>` +
    `<p class="note">RNNs on a grid trained with BIMT (connection cost + neuron swaps), after Liu, Khona, Fiete &amp; Tegmark, “Growing Brains” (2023). ` +
    `Numbers are those of each run's analysis.json: integers exactly, others to 3 significant digits (hover for the full value).</p>` +
    nav +
    (figs.sweep.length ? sweepSection(runs, figs.sweep) : "") +
    runs.map((r, i) => runSection(r, i, figs.runs[i])).join("") +
    `</body></html>\n`
  );
}
