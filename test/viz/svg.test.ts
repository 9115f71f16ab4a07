// The SVG helpers: escaping, the report's number format, scales, the heat-map cell paths, and the colours (30+
// distinguishable categorical colours, a sequential map of rising lightness, a red–white–blue diverging map).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATEGORICAL,
  cellPaths,
  diverging,
  esc,
  fmt,
  linearScale,
  logScale,
  sequential,
  SEQUENTIAL_ANCHORS,
  svgDoc,
} from "../../src/viz/svg.js";
import { checkWellFormed, parseMarkup } from "./xml.js";

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** CIELAB (D65) of an sRGB hex colour. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex).map(linear);
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    Y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
    Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

describe("svg helpers", () => {
  it("escapes the five XML specials", () => {
    expect(esc(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("fmt: integers exact, else 3 significant digits, exponent form for tiny and huge values", () => {
    expect(fmt(2165)).toBe("2165");
    expect(fmt(0)).toBe("0");
    expect(fmt(0.8905000000000001)).toBe("0.891");
    expect(fmt(504.6500000000012)).toBe("505");
    expect(fmt(1e-4)).toBe("1e-4");
    expect(fmt(0.00031415)).toBe("3.14e-4");
    expect(fmt(0.001)).toBe("0.001");
    expect(fmt(-2.5)).toBe("-2.5");
    expect(fmt(123456.7)).toBe("1.23e+5");
    expect(fmt(NaN)).toBe("NaN");
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        expect(Math.abs(Number(fmt(x)) - x)).toBeLessThanOrEqual(0.005 * Math.abs(x));
      }),
    );
  });

  it("scales map the domain onto the range with round ticks inside it", () => {
    const x = linearScale(0, 10, 100, 200);
    expect([x(0), x(5), x(10)]).toEqual([100, 150, 200]);
    expect(x.ticks).toEqual([0, 2, 4, 6, 8, 10]);
    const y = linearScale(0, 0.35, 300, 100, 4);
    expect(y.ticks).toEqual([0, 0.1, 0.2, 0.3]);
    const l = logScale(1e-6, 1, 250, 50);
    expect(l(1e-6)).toBe(250);
    expect(l(1)).toBe(50);
    expect(l(0)).toBe(250); // clamped
    expect(l.ticks.every((t) => Number.isInteger(Math.log10(t)))).toBe(true);
    expect(l.ticks.length).toBeLessThanOrEqual(8);
  });

  it("svgDoc is a well-formed SVG document with a namespace and viewBox", () => {
    const svg = svgDoc(100.4, 50, `<text x="1" y="2">${esc("a & b")}</text>`, "t <1>");
    expect(checkWellFormed(svg)).toEqual([]);
    const el = parseMarkup(svg).root.children[0];
    expect(el.attrs).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 101 50" });
  });

  it("cellPaths merges equal cells of a row and leaves level −1 blank", () => {
    const grid = [
      [1, 1, -1, 2],
      [2, 2, 2, 2],
    ];
    const out = cellPaths(
      2,
      4,
      (r, c) => grid[r][c],
      (l) => `#00000${l}`,
    );
    expect(out).toBe(`<path fill="#000001" d="M0 0h2v1h-2z"/><path fill="#000002" d="M3 0h1v1h-1zM0 1h4v1h-4z"/>`);
  });

  it("at least 30 categorical colours, pairwise ΔE ≥ 15 and far from white and the light grey of blank cells", () => {
    expect(CATEGORICAL.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CATEGORICAL).size).toBe(CATEGORICAL.length);
    for (const c of CATEGORICAL) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    let min = Infinity;
    for (let i = 0; i < CATEGORICAL.length; i++)
      for (let j = i + 1; j < CATEGORICAL.length; j++) min = Math.min(min, deltaE(CATEGORICAL[i], CATEGORICAL[j]));
    expect(min).toBeGreaterThanOrEqual(15);
    for (const c of CATEGORICAL)
      for (const bg of ["#ffffff", "#d0d0d0", "#f2f2f2"]) expect(deltaE(c, bg)).toBeGreaterThanOrEqual(15);
  });

  it("the sequential map runs from the first to the last anchor with rising lightness", () => {
    expect(sequential(0)).toBe(SEQUENTIAL_ANCHORS[0]);
    expect(sequential(1)).toBe(SEQUENTIAL_ANCHORS[SEQUENTIAL_ANCHORS.length - 1]);
    expect(sequential(-3)).toBe(sequential(0));
    let prev = -1;
    for (let k = 0; k <= 50; k++) {
      const L = lab(sequential(k / 50))[0];
      expect(L).toBeGreaterThan(prev);
      prev = L;
    }
  });

  it("the diverging map is red for negative, near-white at 0, blue for positive", () => {
    const [r1, , b1] = rgb(diverging(1));
    const [r0, g0, b0] = rgb(diverging(0));
    const [rm, , bm] = rgb(diverging(-1));
    expect(b1).toBeGreaterThan(r1);
    expect(rm).toBeGreaterThan(bm);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(0.9);
    expect(diverging(5)).toBe(diverging(1));
  });
});
