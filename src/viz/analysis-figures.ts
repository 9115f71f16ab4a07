// Figures drawn from analysis.json: task-variance heat map (Fig. 1b), clusters on the grid (1c), per-task accuracy
// (1d), sorted Σ TV with the threshold (1e), |W| against distance (1f) and the shuffle histograms (2b/5b).
import type { Analysis } from "../analysis/analyze.js";
import type { Baseline } from "../analysis/anatomy.js";
import { sequential } from "./colour.js";
import { axes, categorical, esc, fmt, linear, logScale, svgDoc } from "./plot.js";

/** Important neurons in cluster order (stable within a cluster), with their column in normalizedTV. */
function clusterOrder(a: Analysis): number[] {
  return a.important.map((_, j) => j).sort((x, y) => a.clustering.labels[x] - a.clustering.labels[y] || x - y);
}

/** Top task (largest summed normalised TV) of every cluster. */
export function clusterTopTasks(a: Analysis): string[] {
  const sums: number[][] = Array.from({ length: a.clustering.k }, () => new Array(a.run.tasks.length).fill(0));
  a.normalizedTV.forEach((row, j) => row.forEach((v, t) => (sums[a.clustering.labels[j]][t] += v)));
  return sums.map((s) => a.run.tasks[s.indexOf(Math.max(...s))] ?? "");
}

export function tvHeatmapSvg(a: Analysis): string {
  const order = clusterOrder(a);
  const nT = a.run.tasks.length;
  const left = 110, top = 30;
  const cw = Math.max(2, Math.min(12, 700 / Math.max(1, order.length)));
  const ch = Math.max(6, Math.min(16, 500 / nT));
  const W = left + order.length * cw + 80, H = top + nT * ch + 60;
  const parts: string[] = [];
  order.forEach((j, x) => {
    a.run.tasks.forEach((_, t) => {
      parts.push(`<rect x="${(left + x * cw).toFixed(1)}" y="${top + t * ch}" width="${cw.toFixed(2)}" height="${ch}" fill="${sequential(a.normalizedTV[j][t])}"/>`);
    });
  });
  a.run.tasks.forEach((name, t) => parts.push(`<text x="${left - 5}" y="${top + t * ch + ch * 0.75}" text-anchor="end" font-size="${Math.min(11, ch)}">${esc(name)}</text>`));
  // cluster boundaries and numbers
  let x = 0;
  for (let c = 0; c < a.clustering.k; c++) {
    const size = order.filter((j) => a.clustering.labels[j] === c).length;
    parts.push(`<rect x="${(left + x * cw).toFixed(1)}" y="${top + nT * ch + 3}" width="${(size * cw).toFixed(1)}" height="8" fill="${categorical(c)}"/>`);
    if (x > 0) parts.push(`<line x1="${(left + x * cw).toFixed(1)}" y1="${top}" x2="${(left + x * cw).toFixed(1)}" y2="${top + nT * ch}" stroke="white" stroke-width="1.5"/>`);
    x += size;
  }
  parts.push(`<text x="${left}" y="${top + nT * ch + 28}">important neurons (${order.length}) sorted by cluster (k = ${a.clustering.k})</text>`);
  parts.push(`<text x="${left}" y="${top - 10}">normalised task variance (per-neuron max = 1)</text>`);
  // colour bar
  const bx = left + order.length * cw + 20;
  for (let i = 0; i < 20; i++) parts.push(`<rect x="${bx}" y="${top + (19 - i) * ((nT * ch) / 20)}" width="12" height="${((nT * ch) / 20 + 0.5).toFixed(1)}" fill="${sequential(i / 19)}"/>`);
  parts.push(`<text x="${bx + 16}" y="${top + 8}">1</text><text x="${bx + 16}" y="${top + nT * ch}">0</text>`);
  return svgDoc(W, H, parts.join(""), "task variance");
}

export function clusterGridSvg(a: Analysis): string {
  const rows = a.run.rows, cols = a.run.cols;
  const cell = Math.max(6, Math.min(24, 480 / Math.max(rows, cols)));
  const pad = 20;
  const tops = clusterTopTasks(a);
  const legendX = pad + cols * cell + 20;
  const W = legendX + 180, H = Math.max(pad * 2 + rows * cell, 30 + a.clustering.k * 16);
  const parts: string[] = [];
  a.clustering.cellLabels.forEach((lab, i) => {
    const r = Math.floor(i / cols), c = i % cols;
    parts.push(`<rect x="${pad + c * cell}" y="${pad + r * cell}" width="${cell - 1}" height="${cell - 1}" fill="${lab >= 0 ? categorical(lab) : "white"}" stroke="${lab >= 0 ? "none" : "#ddd"}"/>`);
  });
  tops.forEach((task, c) => {
    parts.push(`<rect x="${legendX}" y="${pad + c * 16}" width="12" height="12" fill="${categorical(c)}"/><text x="${legendX + 18}" y="${pad + c * 16 + 10}">${esc(`cluster ${c}: ${task}`)}</text>`);
  });
  return svgDoc(W, H, parts.join(""), "clusters on the grid");
}

export function accuracyBarsSvg(a: Analysis): string {
  const tasks = a.run.tasks;
  const bw = Math.max(6, Math.min(28, 760 / tasks.length));
  const f = { x0: 60, x1: 60 + tasks.length * bw, y0: 260, y1: 20 };
  const y = linear(0, 100, f.y0, f.y1);
  const parts: string[] = [axes(linear(0, 1, f.x0, f.x1, 0), y, f, "", "accuracy (%)")];
  tasks.forEach((t, i) => {
    const v = 100 * (a.accuracy.tasks[t] ?? 0);
    parts.push(`<rect x="${f.x0 + i * bw + 1}" y="${y(v).toFixed(1)}" width="${bw - 2}" height="${(f.y0 - y(v)).toFixed(1)}" fill="#4c72b0"><title>${esc(`${t}: ${fmt(v)}%`)}</title></rect>`);
    parts.push(`<text transform="translate(${f.x0 + i * bw + bw / 2 + 3},${f.y0 + 6}) rotate(60)" font-size="${Math.min(10, bw)}">${esc(t)}</text>`);
  });
  parts.push(`<text x="${f.x0}" y="14">per-task accuracy, ${a.accuracy.trials} noise-free trials each (rule ${esc(a.accuracy.rule)}), mean ${fmt(100 * a.accuracy.mean)}%</text>`);
  return svgDoc(f.x1 + 40, 340, parts.join(""), "accuracy");
}

export function tvSortedSvg(a: Analysis): string {
  const n = a.run.nHidden;
  const sums = Array.from({ length: n }, (_, i) => a.taskVariance.values.reduce((s, row) => s + row[i], 0)).sort((p, q) => q - p);
  const f = { x0: 70, x1: 560, y0: 260, y1: 20 };
  const lo = 1e-6, hi = Math.max(1e-2, sums[0] ?? 1);
  const x = linear(0, n, f.x0, f.x1);
  const y = logScale(lo, hi, f.y0, f.y1);
  const pts = sums.map((v, i) => `${x(i + 0.5).toFixed(1)},${y(Math.max(v, lo)).toFixed(1)}`).join(" ");
  const thr = y(a.taskVariance.threshold);
  return svgDoc(600, 310, axes(x, y, f, "neurons, sorted", "Σ over tasks of task variance") +
    `<polyline points="${pts}" fill="none" stroke="#4c72b0" stroke-width="1.5"/>` +
    `<line x1="${f.x0}" y1="${thr.toFixed(1)}" x2="${f.x1}" y2="${thr.toFixed(1)}" stroke="#c44e52" stroke-dasharray="4 3"/>` +
    `<text x="${f.x1}" y="${(thr - 5).toFixed(1)}" text-anchor="end" fill="#c44e52">threshold ${fmt(a.taskVariance.threshold)}: ${a.important.length} important of ${n}</text>`, "sorted task variance");
}

export function weightDistanceSvg(a: Analysis): string {
  const wd = a.weightDistance;
  const maxD = wd.bins.length ? wd.bins[wd.bins.length - 1].hi : 1;
  const maxW = Math.max(1e-6, ...wd.samples.map((s) => s.w), ...wd.bins.map((b) => b.maxAbs));
  const f = { x0: 70, x1: 560, y0: 260, y1: 20 };
  const x = linear(0, maxD, f.x0, f.x1);
  const y = linear(0, maxW, f.y0, f.y1);
  const dots = wd.samples.map((s) => `<circle cx="${x(s.d).toFixed(1)}" cy="${y(s.w).toFixed(1)}" r="1.2" fill="#4c72b0" fill-opacity="0.4"/>`).join("");
  const line = wd.bins.filter((b) => b.count).map((b) => `${x((b.lo + b.hi) / 2).toFixed(1)},${y(b.meanAbs).toFixed(1)}`).join(" ");
  return svgDoc(600, 310, axes(x, y, f, "distance D_ij (grid units / side)", "|W_ij|") + dots +
    `<polyline points="${line}" fill="none" stroke="#c44e52" stroke-width="2"/>` +
    `<text x="${f.x1}" y="${f.y1 + 10}" text-anchor="end">dots: ${wd.samples.length} sampled connections; red: mean |W| per distance bin</text>`, "|W| vs distance");
}

export function shuffleHistogramSvg(b: Baseline, title: string, xLabel: string): string {
  const f = { x0: 70, x1: 560, y0: 250, y1: 30 };
  const counts = b.histogram.counts;
  const x = linear(b.histogram.min, b.histogram.max, f.x0, f.x1);
  const y = linear(0, Math.max(1, ...counts), f.y0, f.y1);
  const w = (b.histogram.max - b.histogram.min) / counts.length;
  const bars = counts.map((c, i) => {
    const x0 = x(b.histogram.min + i * w), x1 = x(b.histogram.min + (i + 1) * w);
    return `<rect x="${x0.toFixed(1)}" y="${y(c).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 0.5).toFixed(1)}" height="${(f.y0 - y(c)).toFixed(1)}" fill="#8da0cb"/>`;
  }).join("");
  const ox = x(b.observed);
  return svgDoc(600, 300, axes(x, y, f, xLabel, "shuffles") + bars +
    `<line x1="${ox.toFixed(1)}" y1="${f.y0}" x2="${ox.toFixed(1)}" y2="${f.y1}" stroke="#c44e52" stroke-width="2"/>` +
    `<text x="${f.x0}" y="16">${esc(`${title}: observed ${fmt(b.observed)}; ${b.shuffles} shuffles ${fmt(b.mean)} ± ${fmt(b.std)}; z ${fmt(b.z)}; p ${fmt(b.p)}`)}</text>`, title);
}
