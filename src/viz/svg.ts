// SVG building blocks shared by the report's figures: escaping, number formatting, a document wrapper, linear and
// log scales with axes, a vertical colour bar, and the colours (30+ categorical, a sequential and a diverging map).
// Pure string building; no platform APIs.
import { ramp } from "./colour.js";

/** Escape text and attribute values for XML. */
export function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * The report's one number format: integers exactly; anything else to 3 significant digits, trailing zeros dropped,
 * in exponent form ("1e-4", "2.5e+6") when |x| < 1e-3 or ≥ 1e5. NaN and ±Infinity are spelled out.
 */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) {
    const [m, e] = x.toExponential(2).split("e");
    return `${Number(m)}e${e}`;
  }
  return String(Number(x.toPrecision(3)));
}

/** A coordinate with at most one decimal (keeps the files small; 0.1 px is below what anyone sees). */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** The outer <svg>: size, viewBox, a white background and an accessible title. */
export function svgDoc(width: number, height: number, body: string, title: string): string {
  const w = Math.ceil(width),
    h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="Helvetica, Arial, sans-serif" font-size="11"><title>${esc(title)}</title>` +
    `<rect width="${w}" height="${h}" fill="white"/>${body}</svg>`
  );
}

/** Text at (x, y); `extra` is raw attributes (anchor, size, fill, transform). */
export function text(x: number, y: number, s: string, extra = ""): string {
  return `<text x="${px(x)}" y="${px(y)}"${extra ? " " + extra : ""}>${esc(s)}</text>`;
}

/** Greedy word wrap to lines of at most `maxChars` characters (a long word gets a line of its own). */
export function wrap(s: string, maxChars: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > maxChars) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** `s` wrapped to `maxChars` per line, lines `lineHeight` apart from baseline y; returns the markup and its height. */
export function textBlock(
  x: number,
  y: number,
  s: string,
  maxChars: number,
  lineHeight: number,
  extra = "",
): { svg: string; height: number } {
  const lines = wrap(s, maxChars);
  return {
    svg: lines.map((l, i) => text(x, y + i * lineHeight, l, extra)).join(""),
    height: lines.length * lineHeight,
  };
}

// ---- scales and axes ----

export interface Scale {
  (v: number): number;
  ticks: number[];
  log: boolean;
}

/** A round step (1, 2 or 5 × 10^k) giving about `count` steps over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/** Linear map from [d0, d1] to [r0, r1] with about `count` round ticks (count 0: none). */
export function linearScale(d0: number, d1: number, r0: number, r1: number, count = 5): Scale {
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) [d0, d1] = [0, 1];
  if (d1 === d0) d1 = d0 + 1;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  f.ticks = [];
  if (count > 0) {
    const step = niceStep(Math.abs(d1 - d0), count);
    const lo = Math.min(d0, d1),
      hi = Math.max(d0, d1);
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
      f.ticks.push(Number((k * step).toPrecision(12)));
  }
  f.log = false;
  return f;
}

/** Log10 map from [d0, d1] (d0 > 0; smaller values are clamped to d0) to [r0, r1]; ticks at powers of ten. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0),
    l1 = Math.log10(Math.max(d1, d0 * 10));
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, d0)) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  const e0 = Math.ceil(l0 - 1e-9),
    e1 = Math.floor(l1 + 1e-9);
  const every = Math.max(1, Math.ceil((e1 - e0 + 1) / 8)); // at most ~8 labelled decades
  f.ticks = [];
  for (let e = e0; e <= e1; e += every) f.ticks.push(10 ** e);
  f.log = true;
  return f;
}

/** The plotting area: y grows downwards, so bottom > top. */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Left and bottom axes with ticks, tick labels, light grid lines and axis titles (put the units in the titles). */
export function axes(x: Scale, y: Scale, f: Frame, xLabel: string, yLabel: string): string {
  const out: string[] = [];
  for (const t of x.ticks) {
    const p = px(x(t));
    out.push(
      `<line x1="${p}" y1="${f.top}" x2="${p}" y2="${f.bottom}" stroke="#eee"/>`,
      `<line x1="${p}" y1="${f.bottom}" x2="${p}" y2="${f.bottom + 4}" stroke="#333"/>`,
      text(x(t), f.bottom + 15, fmt(t), `text-anchor="middle"`),
    );
  }
  for (const t of y.ticks) {
    const p = px(y(t));
    out.push(
      `<line x1="${f.left}" y1="${p}" x2="${f.right}" y2="${p}" stroke="#eee"/>`,
      `<line x1="${f.left - 4}" y1="${p}" x2="${f.left}" y2="${p}" stroke="#333"/>`,
      text(f.left - 6, y(t) + 4, fmt(t), `text-anchor="end"`),
    );
  }
  out.push(`<path d="M${f.left} ${f.top}V${f.bottom}H${f.right}" fill="none" stroke="#333"/>`);
  if (xLabel) out.push(text((f.left + f.right) / 2, f.bottom + 32, xLabel, `text-anchor="middle"`));
  if (yLabel)
    out.push(
      `<text transform="translate(${px(f.left - 44)},${px((f.top + f.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    );
  return out.join("");
}

/** A vertical colour bar at (x, y), `map` sampled from u = 0 (bottom) to 1 (top), with end labels and a title. */
export function colourBar(
  x: number,
  y: number,
  h: number,
  map: (u: number) => string,
  lo: string,
  hi: string,
  title: string,
): string {
  const n = 32;
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      `<rect x="${px(x)}" y="${px(y + (h * (n - 1 - i)) / n)}" width="12" height="${px(h / n + 0.6)}" fill="${map(i / (n - 1))}"/>`,
    );
  out.push(`<rect x="${px(x)}" y="${px(y)}" width="12" height="${px(h)}" fill="none" stroke="#999"/>`);
  out.push(text(x + 16, y + 8, hi), text(x + 16, y + h, lo));
  out.push(
    `<text transform="translate(${px(x + 34)},${px(y + h / 2)}) rotate(90)" text-anchor="middle">${esc(title)}</text>`,
  );
  return out.join("");
}

// ---- colours ----

/**
 * 32 categorical colours for cluster labels, picked by hand for this project after the idea of matplotlib's
 * tab20/tab20b: ten saturated hues, the same hues dark, the same hues light, then two extras. Consecutive labels
 * differ in hue first; every pair is ≥ 15 apart in CIELAB ΔE76 (tested), and none is close to white or light grey,
 * which mark unlabelled cells.
 */
export const CATEGORICAL: readonly string[] = [
  "#1f6fb4",
  "#f07f12",
  "#2a9d3a",
  "#d62a2a",
  "#8e5fbf",
  "#8a5442",
  "#e06fbf",
  "#b8b41e",
  "#17b0c4",
  "#3a3fd0",
  "#0d3b66",
  "#9a4a00",
  "#1b5e20",
  "#7f0f1a",
  "#4b2a7b",
  "#4e342e",
  "#9c1f6b",
  "#6b6b10",
  "#0e6b75",
  "#a000c8",
  "#9cc8ee",
  "#ffc38a",
  "#a3dd9b",
  "#f4a3a3",
  "#b39ddb",
  "#d4b09f",
  "#f7bde0",
  "#e3e28a",
  "#9fe3ec",
  "#7fd400",
  "#ffe15c",
  "#5cc9a7",
];

/** Colour of cluster `i` (wraps around after CATEGORICAL.length). */
export function categorical(i: number): string {
  const n = CATEGORICAL.length;
  return CATEGORICAL[((i % n) + n) % n];
}

/** The paper's three regularizers, one fixed colour each in every cross-run figure. */
export const REG_COLOURS: Readonly<Record<string, string>> = { bimt: "#d62a2a", l1: "#1f6fb4", none: "#2a9d3a" };

export { SEQUENTIAL_ANCHORS, sequential } from "./colour.js";

const DIVERGING = ramp(["#8b0a1a", "#e0604f", "#f7f7f7", "#5d9bd0", "#0b3c86"]);

/** Diverging colour of u ∈ [−1, 1]: red for negative, near-white at 0, blue for positive (as the weight lines). */
export function diverging(u: number): string {
  return DIVERGING((Math.max(-1, Math.min(1, Number.isFinite(u) ? u : 0)) + 1) / 2);
}

/** Line colours of positive and negative weights (paper Fig. 1a: blue / red). */
export const POSITIVE = "#1f5fbf";
export const NEGATIVE = "#d0342c";

/**
 * A heat map in unit cells (column c, row r), to be placed with a transform: one <path> per colour level, each a run
 * of equal-level cells in a row merged into one rectangle, which keeps large maps small. `level(r, c)` returns an
 * integer level or −1 for "leave blank".
 */
export function cellPaths(
  rows: number,
  cols: number,
  level: (r: number, c: number) => number,
  colour: (level: number) => string,
): string {
  const byLevel = new Map<number, string[]>();
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      const l = level(r, c);
      let end = c + 1;
      while (end < cols && level(r, end) === l) end++;
      if (l >= 0) {
        let list = byLevel.get(l);
        if (!list) byLevel.set(l, (list = []));
        list.push(`M${c} ${r}h${end - c}v1h${c - end}z`);
      }
      c = end;
    }
  }
  return [...byLevel.entries()]
    .sort((p, q) => p[0] - q[0])
    .map(([l, d]) => `<path fill="${colour(l)}" d="${d.join("")}"/>`)
    .join("");
}
