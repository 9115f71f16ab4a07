// The HTML report: well formed, self-contained, every figure present for what the run has, every number in the
// tables equal to analysis.json (and shown in the documented format), the sweep section with both Pareto plots and
// the modularity z plot on top when two or more runs are analysed, and a small file for a 400-neuron network.
import { describe, expect, it } from "vitest";
import type { Analysis } from "../../src/analysis/analyze.js";
import { buildReport, reportFigureFiles, type ReportRun } from "../../src/viz/report.js";
import { fmt } from "../../src/viz/svg.js";
import { collapse, makeAnalysis, makeMetrics, makeModel } from "./fixtures.js";
import { findAll, parseMarkup, textOf, type El } from "./xml.js";

const RUN_FIGURES = [
  "network",
  "tv-heatmap",
  "cluster-grid",
  "accuracy",
  "tv-sorted",
  "weight-distance",
  "shuffle-isolated",
  "shuffle-spread",
  "weight-matrix",
  "training-curves",
];
const SUMMARY_KEYS = [
  "run.lambda",
  "run.A",
  "run.step",
  "accuracy.mean",
  "important.length",
  "clustering.k",
  "metrics.isolatedFraction.observed",
  "metrics.isolatedFraction.p",
  "metrics.clusterSpread.observed",
  "metrics.clusterSpread.p",
  "connections.active",
  "connections.wiringLength",
];

function parseHtml(html: string): El {
  const { root, errors } = parseMarkup(html, true);
  expect(errors).toEqual([]);
  return root;
}

const figureIds = (el: El) => findAll(el, (e) => e.name === "figure").map((f) => f.attrs["data-figure"]);

/** The value at a dotted path of analysis.json ("important.length" is the array's length). */
function lookup(a: Analysis, key: string): unknown {
  return key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], a);
}

/** Every number span: its run's analysis has exactly this value at data-key, and the text is fmt(value). */
function checkNumbers(root: El, analyses: Record<string, Analysis>): string[] {
  const spans = findAll(root, (e) => e.name === "span" && e.attrs.class === "num");
  expect(spans.length).toBeGreaterThan(0);
  for (const s of spans) {
    const value = lookup(analyses[s.attrs["data-run"]], s.attrs["data-key"]);
    expect(typeof value).toBe("number");
    expect(Number(s.attrs["data-value"])).toBe(value);
    expect(textOf(s)).toBe(fmt(value as number));
    expect(Math.abs(Number(textOf(s)) - (value as number))).toBeLessThanOrEqual(0.005 * Math.abs(value as number));
  }
  return spans.map((s) => s.attrs["data-key"]);
}

describe("buildReport", () => {
  it("one run: well formed, self-contained, every figure once, summary numbers equal to analysis.json", () => {
    const a = makeAnalysis();
    const html = buildReport([
      { name: "bimt-a", analysis: a, metrics: makeMetrics(), model: makeModel({ kind: "grid", rows: 6, cols: 6 }) },
    ]);
    const root = parseHtml(html);
    expect(figureIds(root)).toEqual(RUN_FIGURES);
    expect(
      findAll(root, (e) => e.name === "figure").every(
        (f) => f.children[0].name === "svg" && f.children[1].name === "figcaption",
      ),
    ).toBe(true);
    expect(findAll(root, (e) => ["script", "link", "img", "iframe", "object"].includes(e.name))).toEqual([]);
    expect(html).not.toMatch(/(src|href)="(?!#)/); // only in-page links
    expect(html).not.toContain("data-sweep");
    const keys = checkNumbers(root, { "bimt-a": a });
    expect(keys).toEqual(expect.arrayContaining(SUMMARY_KEYS));
    const rows = Object.fromEntries(
      findAll(root, (e) => e.name === "tr").map((tr) => [textOf(tr.children[0]), tr.children[1]]),
    );
    expect(textOf(rows["geometry"])).toBe("6x6");
    expect(textOf(rows["regularizer"])).toBe("bimt");
    expect(rows["suite"].text).toContain("yang20");
    expect(textOf(rows["λ"])).toBe("1e-4");
    expect(textOf(rows["mean accuracy"])).toBe("0.813 (200 trials per task, rule last-step)");
    expect(textOf(rows["isolated fraction"])).toBe("0 (shuffles 0.432 ± 0.1; z -4.32; p 2e-4)");
  });

  it("a collapsed run (every shuffle equal): the metric rows say there is no test instead of z 0, p 1", () => {
    const a = collapse(makeAnalysis());
    const root = parseHtml(buildReport([{ name: "flat", analysis: a, metrics: makeMetrics() }]));
    checkNumbers(root, { flat: a });
    const rows = Object.fromEntries(
      findAll(root, (e) => e.name === "tr").map((tr) => [textOf(tr.children[0]), tr.children[1]]),
    );
    for (const key of ["isolated fraction", "cluster spread"])
      expect(textOf(rows[key])).toBe("1 (every shuffle gives the same value: no test)");
  });

  it("a sweep: both Pareto plots and a run table on top; runs without analysis or model get what they can", () => {
    const grid = { kind: "grid", rows: 6, cols: 6 } as const;
    const analyses: Record<string, Analysis> = {
      "bimt-1": makeAnalysis({ reg: "bimt", lambda: 1e-4, accuracy: 0.9, wiring: 20 }),
      "bimt-2": makeAnalysis({ reg: "bimt", lambda: 1e-5, accuracy: 0.95, wiring: 40 }),
      "l1-1": makeAnalysis({ reg: "l1", lambda: 1e-4, accuracy: 0.85, wiring: 60 }),
      none: makeAnalysis({ reg: "none", lambda: 0, accuracy: 0.97, wiring: 200 }),
    };
    const runs: ReportRun[] = [
      ...Object.entries(analyses).map(([name, analysis], i) => ({
        name,
        analysis,
        metrics: makeMetrics(),
        model: i === 3 ? undefined : makeModel(grid, i),
      })),
      { name: "pending", metrics: makeMetrics(3), model: makeModel(grid, 9) },
    ];
    const html = buildReport(runs);
    const root = parseHtml(html);
    const ids = figureIds(root);
    expect(ids.slice(0, 3)).toEqual(["pareto-important", "pareto-wiring", "modularity-z"]);
    expect(ids.filter((f) => f === "network")).toHaveLength(4);
    expect(ids.filter((f) => f === "tv-heatmap")).toHaveLength(4);
    expect(ids.filter((f) => f === "training-curves")).toHaveLength(5);
    expect(html.indexOf("data-sweep")).toBeLessThan(html.indexOf('data-run="bimt-1"'));
    const sweep = findAll(root, (e) => e.attrs["data-sweep"] === "pareto")[0];
    expect(findAll(sweep, (e) => e.name === "tr")).toHaveLength(1 + 4);
    checkNumbers(root, analyses);
    expect(html).toContain("No analysis.json");
    expect(html).toContain("No model file");
    // each Pareto plot has one marker per analysed run
    const pareto = findAll(root, (e) => e.name === "figure" && e.attrs["data-figure"] === "pareto-wiring")[0];
    expect(findAll(pareto, (e) => e.name === "g" && e.children.some((c) => c.name === "title"))).toHaveLength(4);
  });

  it("one analysed run among several: no sweep section", () => {
    const html = buildReport([
      { name: "a", analysis: makeAnalysis(), metrics: [] },
      { name: "b", metrics: makeMetrics() },
    ]);
    parseHtml(html);
    expect(html).not.toContain("data-sweep");
  });

  it("a 400-neuron run with every weight visible stays under 3 MB", () => {
    const m = makeModel({ kind: "grid", rows: 20, cols: 20 }, 5);
    const dense = {
      ...m,
      params: {
        ...m.params,
        W: Float32Array.from(m.params.W, (_, i) => Math.cos(i * 7.31) * 0.3),
        W_in: m.params.W_in.map((_, i) => Math.sin(i) * 0.2),
      },
    };
    const html = buildReport([{ name: "big", metrics: makeMetrics(400), model: dense }]);
    expect(html.length).toBeLessThan(3e6);
    parseHtml(html);
  });

  it("figure files (--svg): the HTML's drawings, named <run>-<figure>.svg and sweep-<figure>.svg, unique per run", () => {
    const grid = { kind: "grid", rows: 6, cols: 6 } as const;
    const runs: ReportRun[] = [
      { name: "bimt s0", analysis: makeAnalysis({ reg: "bimt" }), metrics: makeMetrics(), model: makeModel(grid, 1) },
      { name: "bimt s0", analysis: makeAnalysis({ reg: "l1" }), metrics: makeMetrics(), model: makeModel(grid, 2) },
      { name: "pending", metrics: makeMetrics(3) },
    ];
    const files = reportFigureFiles(runs);
    const names = files.map((f) => f.file);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual([
      "sweep-pareto-important.svg",
      "sweep-pareto-wiring.svg",
      "sweep-modularity-z.svg",
    ]);
    for (const id of RUN_FIGURES)
      expect(names).toEqual(expect.arrayContaining([`bimt_s0-${id}.svg`, `bimt_s0-2-${id}.svg`]));
    expect(names.filter((n) => n.startsWith("pending-"))).toEqual(["pending-training-curves.svg"]);
    const html = buildReport(runs);
    for (const f of files) {
      expect(f.svg.startsWith("<svg")).toBe(true);
      expect(html).toContain(f.svg);
    }
    expect(reportFigureFiles(runs.slice(0, 1)).some((f) => f.file.startsWith("sweep-"))).toBe(false);
  });
});
