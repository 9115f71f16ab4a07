// SVG plotting primitives for the report's figures: a document wrapper, linear/log scales, axes with ticks and
// labels, and the colours (30 distinguishable categorical colours, a diverging map for signed weights).
import { escapeXml } from "./trial-svg.js";

export const esc = escapeXml;

/** Fixed-precision number formatting used everywhere in the report (3 significant digits, no exponent < 1e-3). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

export function svgDoc(width: number, height: number, body: string, title = ""): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">${title ? `<title>${esc(title)}</title>` : ""}<rect width="${width}" height="${height}" fill="white"/>${body}</svg>`;
}

export interface Scale {
  (v: number): number;
  ticks: number[];
  log: boolean;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/** Linear scale from [d0, d1] to [r0, r1] with about `count` round ticks. */
export function linear(d0: number, d1: number, r0: number, r1: number, count = 5): Scale {
  if (d1 === d0) d1 = d0 + 1;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  const step = niceStep(Math.abs(d1 - d0), count);
  const ticks: number[] = [];
  for (let t = Math.ceil(Math.min(d0, d1) / step) * step; t <= Math.max(d0, d1) + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  f.ticks = ticks;
  f.log = false;
  return f;
}

/** Log10 scale (values ≤ 0 are clamped to d0), ticks at the powers of ten. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0), l1 = Math.log10(Math.max(d1, d0 * 10));
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, d0)) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  f.ticks = [];
  for (let e = Math.ceil(l0); e <= Math.floor(l1); e++) f.ticks.push(10 ** e);
  f.log = true;
  return f;
}

export interface Frame {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Both axes with ticks, tick labels and axis titles (units in the titles). */
export function axes(x: Scale, y: Scale, f: Frame, xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  parts.push(`<line x1="${f.x0}" y1="${f.y0}" x2="${f.x1}" y2="${f.y0}" stroke="#333"/>`);
  parts.push(`<line x1="${f.x0}" y1="${f.y0}" x2="${f.x0}" y2="${f.y1}" stroke="#333"/>`);
  for (const t of x.ticks) {
    const px = x(t);
    parts.push(`<line x1="${px.toFixed(1)}" y1="${f.y0}" x2="${px.toFixed(1)}" y2="${f.y0 + 4}" stroke="#333"/><text x="${px.toFixed(1)}" y="${f.y0 + 15}" text-anchor="middle">${esc(fmt(t))}</text>`);
  }
  for (const t of y.ticks) {
    const py = y(t);
    parts.push(`<line x1="${f.x0 - 4}" y1="${py.toFixed(1)}" x2="${f.x0}" y2="${py.toFixed(1)}" stroke="#333"/><text x="${f.x0 - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end">${esc(fmt(t))}</text>`);
  }
  parts.push(`<text x="${(f.x0 + f.x1) / 2}" y="${f.y0 + 32}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(${f.x0 - 42},${(f.y0 + f.y1) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return parts.join("");
}

/**
 * 30 categorical colours: the ten of a common "category10" style, then the same hues darker and lighter (values
 * chosen here by hand), so that neighbouring cluster numbers differ in hue first.
 */
export const CATEGORICAL: readonly string[] = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#0b3d66", "#a64d00", "#15601a", "#7d1112", "#5a3a80", "#4f2f27", "#9c2f7f", "#3b3b3b", "#6d6e10", "#0d6f79",
  "#9ec9ea", "#ffc08a", "#9bdc95", "#f19c9c", "#cdb8e3", "#d2aea6", "#f5bde3", "#c9c9c9", "#e5e68a", "#9fe6ef",
];

export function categorical(i: number): string {
  return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

/** Diverging map for signed values in [−1, 1]: red (negative) – white – blue (positive), as the paper's drawings. */
export function diverging(u: number): string {
  const t = Math.max(-1, Math.min(1, u));
  const mix = (a: number, b: number, s: number) => Math.round(a + (b - a) * s);
  const [r, g, b] = t >= 0 ? [mix(255, 33, t), mix(255, 102, t), mix(255, 172, t)] : [mix(255, 178, -t), mix(255, 24, -t), mix(255, 43, -t)];
  return `rgb(${r},${g},${b})`;
}

/** Blue for positive, red for negative weights (the line colours of the network drawing). */
export const POSITIVE = "#2166ac";
export const NEGATIVE = "#b2182b";
