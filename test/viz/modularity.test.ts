// The modularity-across-runs figure: one row per configuration, one dot per run and panel at its z (clamped to the
// axis), filled exactly when p ≤ 0.05, the |z| < 1.96 band, and the report's points grouped by reg / λ / A.
import { describe, expect, it } from "vitest";
import { modularityZSvg, type ModularityPoint } from "../../src/viz/modularity-figures.js";
import { modularityPoints } from "../../src/viz/report.js";
import { collapse, makeAnalysis } from "./fixtures.js";
import { findAll, parseMarkup, textOf, type El } from "./xml.js";

function svgRoot(svg: string): El {
  const { root, errors } = parseMarkup(svg);
  expect(errors).toEqual([]);
  return root.children[0];
}

const point = (
  config: string,
  reg: string,
  label: string,
  iz: number,
  ip: number,
  sz: number,
  sp: number,
): ModularityPoint => ({ config, reg, label, isolatedZ: iz, isolatedP: ip, spreadZ: sz, spreadP: sp });

describe("modularity z figure", () => {
  const pts = [
    point("bimt λ 1e-5", "bimt", "bimt-s0", -1.8, 0.045, -3.3, 1e-4),
    point("bimt λ 1e-5", "bimt", "bimt-s1", -2.5, 0.004, -9, 1e-4),
    point("l1 λ 1e-5", "l1", "l1-s0", 0.3, 0.64, 1.1, 0.88),
    point("none", "none", "none<s0>", NaN, NaN, 0.2, 0.6),
  ];
  const el = svgRoot(modularityZSvg(pts));
  const circles = findAll(el, (e) => e.name === "circle");
  const titleOf = (c: El) => textOf(c.children.find((x) => x.name === "title") as El);

  it("one labelled row per configuration, in first-seen order", () => {
    const labels = findAll(
      el,
      (e) =>
        e.name === "text" &&
        e.attrs["text-anchor"] === "end" &&
        ["bimt λ 1e-5", "l1 λ 1e-5", "none"].includes(textOf(e)),
    );
    expect(labels.map(textOf)).toEqual(["bimt λ 1e-5", "l1 λ 1e-5", "none"]);
    expect(labels.map((e) => Number(e.attrs.y))).toEqual(
      [...labels.map((e) => Number(e.attrs.y))].sort((a, b) => a - b),
    );
  });

  it("a dot per run and finite z (7 of 8), filled exactly when p ≤ 0.05, in the regularizer's colour", () => {
    expect(circles).toHaveLength(7);
    const filled = circles.filter((c) => c.attrs.fill !== "white").map(titleOf);
    expect(filled).toHaveLength(4);
    for (const t of filled) expect(t).toMatch(/^bimt-s[01]: /);
    expect(circles.find((c) => titleOf(c).startsWith("l1-s0: isolated"))?.attrs.stroke).toBe("#1f6fb4");
    expect(circles.map(titleOf)).toContain("none<s0>: cluster spread z 0.2, p 0.6");
  });

  it("left of the zero line means more modular; z beyond the axis is drawn at its end", () => {
    const zero = findAll(el, (e) => e.name === "line" && e.attrs["stroke-dasharray"] === "3 3").map((e) =>
      Number(e.attrs.x1),
    );
    expect(zero).toHaveLength(2);
    const cx = (label: string) => Number(circles.find((c) => titleOf(c).startsWith(label))?.attrs.cx);
    expect(cx("bimt-s0: isolated")).toBeLessThan(zero[0]);
    expect(cx("l1-s0: isolated")).toBeGreaterThan(zero[0]);
    // the axis reaches ±9 (the largest |z|, rounded up), so the −9 dot sits at the left end of the right panel
    const band = findAll(el, (e) => e.name === "rect" && e.attrs.fill === "#f0f0f0");
    expect(band).toHaveLength(2);
    const halfBand = zero[1] - Number(band[1].attrs.x);
    expect(zero[1] - cx("bimt-s1: cluster")).toBeCloseTo((halfBand * 9) / 1.96, 0);
  });

  it("no runs: a one-line note", () => {
    expect(modularityZSvg([])).toContain("no analysed runs");
  });

  it("report points: rows by reg, λ and A; runs without analysis left out", () => {
    const a = makeAnalysis();
    const b = makeAnalysis();
    b.run = { ...b.run, reg: "bimt", lambda: 1e-5, A: 2 };
    const c = makeAnalysis();
    c.run = { ...c.run, reg: "none", lambda: 0, A: 0 };
    const p = modularityPoints([
      { name: "a", analysis: a, metrics: [] },
      { name: "b", analysis: b, metrics: [] },
      { name: "c", analysis: c, metrics: [] },
      { name: "d", metrics: [] },
    ]);
    expect(p.map((x) => x.label)).toEqual(["a", "b", "c"]);
    expect(p[1].config).toBe("bimt λ 1e-5 A 2");
    expect(p[2].config).toBe("none");
    expect(p[0].isolatedZ).toBe(a.metrics.isolatedFraction.z);
    expect(p[0].spreadP).toBe(a.metrics.clusterSpread.p);
  });

  it("a collapsed run (every shuffle equal) gets no dot: its z is NaN, not 0", () => {
    const [p] = modularityPoints([{ name: "flat", analysis: collapse(makeAnalysis()), metrics: [] }]);
    expect(p.isolatedZ).toBeNaN();
    expect(p.spreadZ).toBeNaN();
    const el = svgRoot(modularityZSvg([p]));
    expect(findAll(el, (e) => e.name === "circle")).toEqual([]);
  });
});
