// Figures across time and across runs: training curves from metrics.jsonl, and the sparsity/error Pareto plots of
// a sweep (paper Fig. 1g/h) with each regularizer's front.
import type { MetricsLine } from "../train/run.js";
import { axes, esc, fmt, linear, logScale, svgDoc } from "./plot.js";

/** Four small panels: task loss (log), accuracy, ℓ_cc, cumulative swaps, against the step. */
export function trainingCurvesSvg(lines: readonly MetricsLine[]): string {
  if (lines.length === 0) return svgDoc(300, 40, `<text x="10" y="24">no metrics.jsonl lines</text>`, "training curves");
  const steps = lines.map((l) => l.step);
  let cum = 0;
  const swaps = lines.map((l) => (cum += l.swaps));
  const acc = lines.filter((l) => l.accuracy !== null);
  const panels: { title: string; ys: number[]; xs: number[]; log?: boolean }[] = [
    { title: "task loss (cross-entropy)", xs: steps, ys: lines.map((l) => l.taskLoss), log: true },
    { title: "mean accuracy (%)", xs: acc.map((l) => l.step), ys: acc.map((l) => 100 * (l.accuracy as number)) },
    { title: "connection cost ℓ_cc", xs: steps, ys: lines.map((l) => l.connectionCost) },
    { title: "swaps (cumulative)", xs: steps, ys: swaps },
  ];
  const pw = 330, ph = 200;
  const parts = panels.map((p, k) => {
    const ox = (k % 2) * pw, oy = Math.floor(k / 2) * ph;
    const f = { x0: ox + 60, x1: ox + pw - 15, y0: oy + ph - 45, y1: oy + 20 };
    const x = linear(0, Math.max(...steps), f.x0, f.x1, 4);
    const lo = Math.min(...p.ys), hi = Math.max(...p.ys);
    const y = p.log && lo > 0 ? logScale(Math.max(lo, 1e-4), hi, f.y0, f.y1) : linear(Math.min(0, lo), hi > lo ? hi : lo + 1, f.y0, f.y1, 4);
    const pts = p.xs.map((s, i) => `${x(s).toFixed(1)},${y(p.ys[i]).toFixed(1)}`).join(" ");
    return `<text x="${f.x0}" y="${oy + 12}">${esc(p.title)}</text>` + axes(x, y, f, "step", "") + `<polyline points="${pts}" fill="none" stroke="#4c72b0" stroke-width="1.5"/>`;
  });
  return svgDoc(2 * pw, 2 * ph, parts.join(""), "training curves");
}

export interface ParetoPoint {
  reg: string;
  lambda: number;
  error: number;
  x: number;
  label: string;
}

/** Points not dominated in (x, error) — no other point is ≤ in both and < in one — sorted by x. */
export function paretoFront<T extends { x: number; error: number }>(points: readonly T[]): T[] {
  const front = points.filter((p) => !points.some((q) => q !== p && q.x <= p.x && q.error <= p.error && (q.x < p.x || q.error < p.error)));
  return [...front].sort((a, b) => a.x - b.x || a.error - b.error);
}

const REG_STYLE: Record<string, { colour: string; marker: (x: number, y: number, c: string) => string }> = {
  bimt: { colour: "#c44e52", marker: (x, y, c) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${c}"/>` },
  l1: { colour: "#4c72b0", marker: (x, y, c) => `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" fill="${c}"/>` },
  none: { colour: "#55a868", marker: (x, y, c) => `<path d="M${x.toFixed(1)},${(y - 4.5).toFixed(1)} l4.5,8 h-9 z" fill="${c}"/>` },
};

/** Error (1 − mean accuracy) against a sparsity measure, one marker and Pareto step line per regularizer. */
export function paretoSvg(points: readonly ParetoPoint[], xLabel: string): string {
  const f = { x0: 70, x1: 540, y0: 280, y1: 30 };
  const x = linear(0, Math.max(1, ...points.map((p) => p.x)) * 1.05, f.x0, f.x1);
  const y = linear(0, Math.max(0.05, ...points.map((p) => p.error)) * 1.1, f.y0, f.y1);
  const parts: string[] = [axes(x, y, f, xLabel, "error (1 − mean accuracy)")];
  const regs = [...new Set(points.map((p) => p.reg))];
  regs.forEach((reg, r) => {
    const style = REG_STYLE[reg] ?? REG_STYLE.none;
    const mine = points.filter((p) => p.reg === reg);
    const front = paretoFront(mine);
    if (front.length > 1) {
      let d = `M${x(front[0].x).toFixed(1)},${y(front[0].error).toFixed(1)}`;
      for (let i = 1; i < front.length; i++) d += ` H${x(front[i].x).toFixed(1)} V${y(front[i].error).toFixed(1)}`;
      parts.push(`<path d="${d}" fill="none" stroke="${style.colour}" stroke-width="1.5"/>`);
    }
    for (const p of mine) parts.push(`<g>${style.marker(x(p.x), y(p.error), style.colour)}<title>${esc(`${p.label}: error ${fmt(p.error)}, ${fmt(p.x)}`)}</title></g>`);
    parts.push(style.marker(f.x1 - 90, f.y1 + 6 + r * 16, style.colour) + `<text x="${f.x1 - 80}" y="${f.y1 + 10 + r * 16}">${esc(reg)}</text>`);
  });
  return svgDoc(580, 330, parts.join(""), `error vs ${xLabel}`);
}
