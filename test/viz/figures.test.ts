// Every figure renders well-formed SVG from the hand-built analysis and model, shows what it should (names, counts,
// statistics, the colours of the clusters), handles 1D networks, and the 400-neuron network drawing stays small.
import { describe, expect, it } from "vitest";
import type { LoadedModel } from "../../src/train/checkpoint.js";
import { accuracyBarsSvg, tvSortedSvg, weightDistanceSvg } from "../../src/viz/measure-figures.js";
import { clusterGridSvg, tvHeatmapSvg } from "../../src/viz/module-figures.js";
import { MAX_RECURRENT_LINES, networkSvg, weightMatrixSvg } from "../../src/viz/network-figures.js";
import { paretoSvg } from "../../src/viz/pareto-figures.js";
import { shuffleHistogramSvg } from "../../src/viz/shuffle-figures.js";
import { categorical } from "../../src/viz/svg.js";
import { trainingCurvesSvg } from "../../src/viz/training-figures.js";
import { collapse, makeAnalysis, makeMetrics, makeModel, TASKS } from "./fixtures.js";
import { findAll, parseMarkup, textOf, type El } from "./xml.js";

/** Parse an SVG, require it well formed with namespace and viewBox, and return its root element. */
function svgRoot(svg: string): El {
  const { root, errors } = parseMarkup(svg);
  expect(errors).toEqual([]);
  const el = root.children[0];
  expect(el.name).toBe("svg");
  expect(el.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
  expect(el.attrs.viewBox).toMatch(/^0 0 \d+ \d+$/);
  return el;
}

const texts = (el: El) => findAll(el, (e) => e.name === "text").map(textOf);

describe("analysis figures (2D, 6×6, 4 tasks, 3 clusters)", () => {
  const a = makeAnalysis();

  it("TV heat map: task names as rows, a cluster strip per cluster, a colour bar from 0 to 1", () => {
    const el = svgRoot(tvHeatmapSvg(a));
    const t = texts(el);
    for (const task of TASKS) expect(t).toContain(task);
    for (let c = 0; c < 3; c++)
      expect(findAll(el, (e) => e.name === "rect" && e.attrs.fill === categorical(c)).length).toBe(1);
    expect(t).toEqual(expect.arrayContaining(["0", "1", "normalised TV"]));
    expect(t.join(" ")).toContain("12 important neurons");
  });

  it("cluster grid: one coloured cell per important neuron in its cluster's colour, blank outlined others, legend with top tasks", () => {
    const el = svgRoot(clusterGridSvg(a));
    const cells = findAll(el, (e) => e.name === "rect" && e.children.some((c) => c.name === "title"));
    expect(cells.length).toBe(36);
    for (let c = 0; c < 3; c++) expect(cells.filter((e) => e.attrs.fill === categorical(c)).length).toBe(4);
    expect(cells.filter((e) => e.attrs.fill === "white" && e.attrs.stroke !== "white").length).toBe(24);
    expect(cells[7].attrs.fill).toBe(categorical(0)); // cell 7 = row 1, col 1 is in cluster 0
    const t = texts(el);
    expect(t).toEqual(expect.arrayContaining(["cluster 0: go (4)", "cluster 1: dm1 (4)", "cluster 2: dms (4)"]));
  });

  it("accuracy bars on a 0–100 % axis, one per task", () => {
    const el = svgRoot(accuracyBarsSvg(a));
    const bars = findAll(el, (e) => e.name === "rect" && e.children.some((c) => c.name === "title"));
    expect(bars.length).toBe(4);
    expect(textOf(bars[0])).toBe("go: 100 %");
    const t = texts(el);
    expect(t).toEqual(expect.arrayContaining(["0", "100", "accuracy (%)", ...TASKS]));
  });

  it("sorted Σ TV: log axis, the threshold and the number of important neurons", () => {
    const el = svgRoot(tvSortedSvg(a));
    const t = texts(el);
    expect(t).toContain("threshold 0.001: 12 important of 36");
    expect(t).toContain("0.001");
    expect(findAll(el, (e) => e.name === "polyline")[0].attrs.points.split(" ").length).toBe(36);
  });

  it("|W| against distance: labelled axes, one dot per sample, the binned mean line over the non-empty bins", () => {
    const el = svgRoot(weightDistanceSvg(a));
    expect(texts(el)).toEqual(expect.arrayContaining(["distance (grid units / side)", "|W_ij|"]));
    const dots = findAll(el, (e) => e.name === "path" && e.attrs["stroke-linecap"] === "round")[0];
    expect(dots.attrs.d.match(/M/g)?.length).toBe(40);
    expect(findAll(el, (e) => e.name === "polyline")[0].attrs.points.split(" ").length).toBe(3);
  });

  it("shuffle histogram: bars, the observed line, observed / mean ± s.d. / z / p", () => {
    const b = a.metrics.clusterSpread;
    const el = svgRoot(shuffleHistogramSvg(b, "cluster spread", "spread (grid units²)"));
    expect(findAll(el, (e) => e.name === "rect" && e.children.some((c) => c.name === "title")).length).toBe(7);
    const t = texts(el).join("\n");
    expect(t).toContain("observed 0.5; 4999 shuffles: mean 6.79 ± 0.1 (s.d.)");
    expect(t).toContain("z = -62.9, p = 2e-4");
    expect(t).toContain("trained: 0.5");
  });

  it("shuffle histogram of a collapsed run: no z or p, a note that there is no test", () => {
    const t = texts(
      svgRoot(shuffleHistogramSvg(collapse(makeAnalysis()).metrics.isolatedFraction, "isolated fraction", "fraction")),
    ).join("\n");
    expect(t).toContain("every shuffle gives the observed value: no test");
    expect(t).not.toContain("z =");
  });
});

describe("1D networks", () => {
  const a = makeAnalysis({ line: 30 });
  const m = makeModel({ kind: "line", n: 30 });

  it("cluster strip: one row of cells", () => {
    const el = svgRoot(clusterGridSvg(a));
    const cells = findAll(el, (e) => e.name === "rect" && e.children.some((c) => c.name === "title"));
    expect(cells.length).toBe(30);
    expect(new Set(cells.map((c) => c.attrs.y)).size).toBe(1);
  });

  it("network drawing: recurrent weights as arcs; weight matrix in index order", () => {
    const net = networkSvg(m);
    svgRoot(net);
    expect(net).toMatch(/Q[\d.]+ [\d.]+ [\d.]+ [\d.]+/);
    expect(texts(svgRoot(weightMatrixSvg(m))).join(" ")).toContain("presynaptic neuron j (cell index)");
  });
});

describe("user points", () => {
  // 36 points on a helix seen from above: a ring of radius 1 in (x, y), z rising
  const coords = Array.from({ length: 36 }, (_, i) => [Math.cos(i / 5.73), Math.sin(i / 5.73), 0.1 * i]).flat();
  const geometry = { kind: "points", d: 3, coords, metric: "euclidean" } as const;

  it("cluster map: one cell per neuron where its first two coordinates put it, with its position in the tooltip", () => {
    const a = makeAnalysis();
    a.run.geometry = "36 points in 3D (euclidean)";
    a.run.xy = Array.from({ length: 36 }, (_, i) => [coords[3 * i], coords[3 * i + 1]]).flat();
    const el = svgRoot(clusterGridSvg(a));
    const cells = findAll(el, (e) => e.name === "rect" && e.children.some((c) => c.name === "title"));
    expect(cells.length).toBe(36);
    // on a ring: many distinct rows and columns, the leftmost cell is the one at x = −1 (i = 18)
    expect(new Set(cells.map((c) => c.attrs.y)).size).toBeGreaterThan(10);
    const left = cells.reduce((b, c) => (Number(c.attrs.x) < Number(b.attrs.x) ? c : b));
    expect(textOf(left.children[0])).toMatch(/^cell 18 at \(-1/);
    for (const c of a.clustering.cellLabels.map((l, i) => [l, i]).filter(([l]) => l >= 0))
      expect(cells[c[1]].attrs.fill).toBe(categorical(c[0]));
    expect(texts(el).join(" ")).toContain("36 points by their first two coordinates (36 points in 3D (euclidean))");
  });

  it("network drawing: neurons where their first two coordinates put them, straight hidden→hidden lines", () => {
    const m = makeModel({ ...geometry, coords: [...coords] });
    const net = networkSvg(m);
    const el = svgRoot(net);
    expect(texts(el).join(" ")).toContain(
      "36 hidden neurons on a layout of 36 points in 3D (drawn: the first two coordinates)",
    );
    expect(net).not.toMatch(/Q[\d.]+ [\d.]+ [\d.]+ [\d.]+/);
    const cells = findAll(el, (e) => e.name === "rect" && e.attrs.fill === "#f2f2f2");
    expect(cells.length).toBe(36);
    expect(new Set(cells.map((c) => c.attrs.y)).size).toBeGreaterThan(10);
  });
});

describe("network drawing", () => {
  /** A 2×2 network with only the given recurrent weights. */
  function tiny(W: number[]): LoadedModel {
    const m = makeModel({ kind: "grid", rows: 2, cols: 2 });
    return {
      ...m,
      params: {
        ...m.params,
        W_in: new Float32Array(4 * m.nInput),
        W_out: new Float32Array(4 * m.nOutput),
        W: Float32Array.from(W),
      },
    };
  }

  it("blue positive, red negative, width ∝ |w| / max; lines under 0.05 px are not drawn and the caption says so", () => {
    const svg = networkSvg(tiny([0, 1, 0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0.001, 0, 0, 0, 0]));
    const el = svgRoot(svg);
    const lines = findAll(
      el,
      (e) => e.name === "path" && e.attrs["stroke-width"] !== undefined && e.attrs.d.startsWith("M"),
    );
    expect(lines.map((l) => [l.attrs.stroke, l.attrs["stroke-width"]])).toEqual([
      ["#d0342c", "1.25"],
      ["#1f5fbf", "2.5"],
    ]);
    const caption = texts(el).join(" ");
    expect(caption).toContain("thinner than 0.05 px are not drawn");
    expect(caption).toContain("hidden→hidden 2 of 16");
  });

  it("a 400-neuron model: at most the 6000 strongest recurrent lines, under 3 MB, with cluster colours", () => {
    const m = makeModel({ kind: "grid", rows: 20, cols: 20 }, 7);
    // dense and strong: every weight visible, so the cap decides
    const r = Float32Array.from(m.params.W, (_, i) => Math.sin(i * 12.9898) * 0.5);
    const labels = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? i % 30 : -1));
    const svg = networkSvg({ ...m, params: { ...m.params, W: r } }, { cellLabels: labels });
    expect(svg.length).toBeLessThan(3e6);
    const el = svgRoot(svg);
    expect(texts(el).join(" ")).toMatch(
      new RegExp(`hidden→hidden the ${MAX_RECURRENT_LINES} strongest of \\d+ visible \\(of 160000\\)`),
    );
    expect(svg).toContain(categorical(29));
    const matrix = weightMatrixSvg({ ...m, params: { ...m.params, W: r } });
    svgRoot(matrix);
    expect(matrix.length).toBeLessThan(1.5e6);
  });
});

describe("run figures", () => {
  it("training curves: four panels; an empty metrics file gives a note", () => {
    const el = svgRoot(trainingCurvesSvg(makeMetrics()));
    expect(findAll(el, (e) => e.name === "polyline").length).toBe(5); // total + task loss, accuracy, ℓ_cc, swaps
    expect(texts(el)).toEqual(expect.arrayContaining(["loss (nats)", "accuracy (%)", "swaps", "step"]));
    expect(texts(svgRoot(trainingCurvesSvg([]))).join(" ")).toContain("no lines");
  });

  it("Pareto plot: one front line per regularizer with ≥ 2 front points, one marker per run, a legend", () => {
    const pts = [
      { reg: "bimt", lambda: 1e-4, error: 0.1, x: 50, label: "b1" },
      { reg: "bimt", lambda: 1e-5, error: 0.05, x: 90, label: "b2" },
      { reg: "l1", lambda: 1e-4, error: 0.2, x: 80, label: "l1" },
      { reg: "none", lambda: 0, error: 0.04, x: 300, label: "n" },
    ];
    const el = svgRoot(paretoSvg(pts, "important neurons"));
    expect(findAll(el, (e) => e.name === "path" && e.attrs["stroke-width"] === "1.5").length).toBe(1);
    expect(findAll(el, (e) => e.name === "g" && e.children.some((c) => c.name === "title")).length).toBe(4);
    expect(texts(el)).toEqual(
      expect.arrayContaining(["bimt (2 runs)", "l1 (1 run)", "none (1 run)", "error (1 − mean accuracy)"]),
    );
  });
});
