// The sparsity/error trade-off across runs (paper Fig. 1g/h, 4a, 6d): error against #important neurons or wiring
// length, one colour and marker per regularizer, and each regularizer's Pareto front as a step line.
import {
  axes,
  categorical,
  esc,
  fmt,
  linearScale,
  logScale,
  px,
  REG_COLOURS,
  svgDoc,
  text,
  type Frame,
} from "./svg.js";

/** One run in a Pareto plot: its regularizer, λ, error and cost (important neurons or wiring). */
export interface ParetoPoint {
  reg: string;
  lambda: number;
  error: number;
  x: number;
  label: string;
}

/**
 * The points no other point dominates (q dominates p: q.x ≤ p.x and q.error ≤ p.error, one of them strictly), sorted
 * by x; equal points are all kept. Points with a non-finite coordinate are left out.
 */
export function paretoFront<T extends { x: number; error: number }>(points: readonly T[]): T[] {
  const sorted = points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.error))
    .sort((p, q) => p.x - q.x || p.error - q.error);
  const front: T[] = [];
  for (const p of sorted) {
    const last = front[front.length - 1];
    if (!last || p.error < last.error || (p.error === last.error && p.x === last.x)) front.push(p);
  }
  return front;
}

type Marker = (x: number, y: number, colour: string) => string;

const circle: Marker = (x, y, c) => `<circle cx="${px(x)}" cy="${px(y)}" r="4.5" fill="${c}"/>`;
const square: Marker = (x, y, c) => `<rect x="${px(x - 4)}" y="${px(y - 4)}" width="8" height="8" fill="${c}"/>`;
const triangle: Marker = (x, y, c) => `<path d="M${px(x)} ${px(y - 5)}l5 9h-10z" fill="${c}"/>`;
const diamond: Marker = (x, y, c) => `<path d="M${px(x)} ${px(y - 5)}l5 5l-5 5l-5 -5z" fill="${c}"/>`;

/** The paper's three regularizers get fixed styles; anything else a palette colour and a diamond. */
function style(reg: string, k: number): { colour: string; marker: Marker } {
  if (reg === "bimt") return { colour: REG_COLOURS.bimt, marker: circle };
  if (reg === "l1") return { colour: REG_COLOURS.l1, marker: square };
  if (reg === "none") return { colour: REG_COLOURS.none, marker: triangle };
  return { colour: categorical(4 + k), marker: diamond };
}

/** Error against `xLabel`'s measure; x is on a log axis when all x > 0 and they span two decades or more. */
export function paretoSvg(points: readonly ParetoPoint[], xLabel: string): string {
  const title = `error against ${xLabel}`;
  const pts = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.error));
  if (pts.length === 0) return svgDoc(420, 50, text(10, 30, `${title}: no analysed runs`), title);
  const f: Frame = { left: 70, right: 540, top: 34, bottom: 284 };
  const xs = pts.map((p) => p.x);
  const xMin = Math.min(...xs),
    xMax = Math.max(...xs);
  const log = xMin > 0 && xMax / xMin >= 100;
  const x = log
    ? logScale(10 ** Math.floor(Math.log10(xMin)), 10 ** Math.ceil(Math.log10(xMax)), f.left, f.right)
    : linearScale(0, Math.max(1e-9, xMax) * 1.05, f.left, f.right);
  const y = linearScale(0, Math.max(0.05, ...pts.map((p) => p.error)) * 1.1, f.bottom, f.top);
  const parts: string[] = [axes(x, y, f, log ? `${xLabel} (log scale)` : xLabel, "error (1 − mean accuracy)")];
  const regs = [...new Set(pts.map((p) => p.reg))];
  regs.forEach((reg, k) => {
    const { colour, marker } = style(reg, k);
    const mine = pts.filter((p) => p.reg === reg);
    const front = paretoFront(mine);
    if (front.length > 1) {
      let d = `M${px(x(front[0].x))} ${px(y(front[0].error))}`;
      for (const p of front.slice(1)) d += `H${px(x(p.x))}V${px(y(p.error))}`;
      parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    }
    for (const p of mine)
      parts.push(
        `<g>${marker(x(p.x), y(p.error), colour)}<title>${esc(`${p.label} (${p.reg}, λ ${fmt(p.lambda)}): error ${fmt(p.error)}, ${xLabel} ${fmt(p.x)}`)}</title></g>`,
      );
    // legend to the right of the plot, where it cannot hide a point
    parts.push(
      marker(f.right + 22, f.top + 8 + 16 * k, colour),
      text(f.right + 32, f.top + 12 + 16 * k, `${reg} (${mine.length} run${mine.length === 1 ? "" : "s"})`),
    );
  });
  parts.push(text(f.left, 18, `${title}; lines: each regularizer's Pareto front (lower left is better)`));
  return svgDoc(680, 334, parts.join(""), title);
}
