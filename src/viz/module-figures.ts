// Functional modules (paper Fig. 1b, 1c): the normalised task variance of the important neurons sorted by cluster,
// and the grid (line, or user points by their first two coordinates) of hidden neurons coloured by cluster label.
import type { Analysis } from "../analysis/analyze.js";
import { clusterNames } from "../analysis/cluster-names.js";
import { clusterOrder, clusterSizes } from "./analysis-view.js";
import { fitPoints } from "./point-layout.js";
import { categorical, cellPaths, colourBar, esc, fmt, px, sequential, svgDoc, text } from "./svg.js";

/** Colour levels of the heat map (the value is rounded to the nearest of LEVELS + 1 steps over [0, 1]). */
const LEVELS = 64;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function emptyFigure(title: string, message: string): string {
  return svgDoc(420, 60, text(10, 24, title, `font-weight="bold"`) + text(10, 44, message), title);
}

/** Fig. 1b: tasks (rows) × important neurons (columns, sorted by cluster); colour = normalised TV in [0, 1]. */
export function tvHeatmapSvg(a: Analysis): string {
  const title = "normalised task variance";
  const order = clusterOrder(a);
  const tasks = a.run.tasks;
  if (order.length === 0 || tasks.length === 0) return emptyFigure(title, "no important neurons");
  const cw = clamp(720 / order.length, 1.5, 14);
  const ch = clamp(560 / tasks.length, 5, 16);
  const left = 14 + 6.2 * Math.max(...tasks.map((t) => t.length));
  const top = 34;
  const w = order.length * cw,
    h = tasks.length * ch;
  const parts: string[] = [];
  parts.push(
    text(
      left,
      16,
      `${title} (per-neuron max = 1) of the ${order.length} important neurons, sorted by cluster (k = ${a.clustering.k})`,
    ),
  );
  const level = (r: number, c: number) => Math.round(clamp(a.normalizedTV[order[c]][r], 0, 1) * LEVELS);
  parts.push(
    `<g transform="translate(${px(left)},${top}) scale(${cw},${ch})" shape-rendering="crispEdges">${cellPaths(tasks.length, order.length, level, (l) => sequential(l / LEVELS))}</g>`,
  );
  const fs = Math.min(11, ch);
  tasks.forEach((t, r) =>
    parts.push(text(left - 5, top + (r + 0.5) * ch + fs * 0.35, t, `text-anchor="end" font-size="${px(fs)}"`)),
  );
  // cluster boundaries (white lines through the map) and a strip of cluster colours with their numbers below it
  let start = 0;
  clusterSizes(a).forEach((size, c) => {
    if (size === 0) return;
    const x = left + start * cw;
    if (start > 0)
      parts.push(`<line x1="${px(x)}" y1="${top}" x2="${px(x)}" y2="${px(top + h)}" stroke="white" stroke-width="2"/>`);
    parts.push(
      `<rect x="${px(x)}" y="${px(top + h + 3)}" width="${px(size * cw)}" height="10" fill="${categorical(c)}"/>`,
    );
    if (size * cw >= 12)
      parts.push(text(x + (size * cw) / 2, top + h + 25, String(c), `text-anchor="middle" font-size="10"`));
    start += size;
  });
  parts.push(
    text(
      left + w / 2,
      top + h + 42,
      "important neurons, sorted by cluster (cluster number below)",
      `text-anchor="middle"`,
    ),
  );
  parts.push(colourBar(left + w + 16, top, Math.min(h, 240), sequential, "0", "1", "normalised TV"));
  return svgDoc(left + w + 70, top + h + 54, parts.join(""), title);
}

/**
 * Fig. 1c: every hidden cell coloured by its cluster; unimportant cells blank with a light outline. 1D: a strip.
 * User points (analysis run.xy): a square per neuron where its first two coordinates put it.
 */
export function clusterGridSvg(a: Analysis): string {
  const title = "functional clusters in space";
  const { rows, cols } = a.run;
  const pts = a.run.xy ? fitPoints(a.run.xy) : null;
  const line = rows === 1 && !(pts && pts.span > 0);
  const n = a.clustering.cellLabels.length;
  // points: a box of side `side` (at most 480 high), cells sized as if on a √n × √n lattice
  const side = pts ? Math.min(pts.span > 0 ? 480 / pts.span : 900, 900) : 0;
  const cw = pts
    ? clamp((side / Math.ceil(Math.sqrt(n))) * 0.6, 2, 24)
    : line
      ? clamp(900 / cols, 2, 24)
      : clamp(480 / Math.max(rows, cols), 6, 28);
  const ch = line ? 28 : cw;
  const pad = 30;
  const parts: string[] = [
    text(
      pad,
      18,
      `${title}: ${a.important.length} important neurons in ${a.clustering.k} clusters; blank = unimportant`,
    ),
  ];
  a.clustering.cellLabels.forEach((l, i) => {
    const r = Math.floor(i / cols),
      c = i % cols;
    const fill = l >= 0 ? categorical(l) : "white";
    const stroke = l >= 0 ? "white" : "#d0d0d0";
    const x = pts ? pad + pts.xy[2 * i] * side : pad + c * cw,
      y = pts ? pad + pts.xy[2 * i + 1] * side : pad + r * ch;
    const where = pts ? `at (${fmt(a.run.xy![2 * i])}, ${fmt(a.run.xy![2 * i + 1])})` : `(row ${r}, col ${c})`;
    parts.push(
      `<rect x="${px(x)}" y="${px(y)}" width="${px(cw)}" height="${px(ch)}" fill="${fill}" stroke="${stroke}" stroke-width="0.5"><title>${esc(`cell ${i} ${where}: ${l >= 0 ? `cluster ${l}` : "unimportant"}`)}</title></rect>`,
    );
  });
  const gridW = pts ? side + cw : cols * cw,
    gridH = pts ? (line ? ch : pts.span * side + cw) : rows * ch;
  const note = pts
    ? `${n} points by their first two coordinates (${a.run.geometry})`
    : line
      ? `index 0 … ${cols - 1}`
      : `row 0 at the top, column 0 at the left (${rows} × ${cols})`;
  parts.push(text(pad, pad + gridH + 14, note, `font-size="10" fill="#666"`));
  // legend: cluster colour, number, name (its top task, or top two where clusters share one), size; to the right of a 2D grid, under a strip
  const tops = clusterNames(a),
    sizes = clusterSizes(a);
  const perCol = line
    ? Math.max(1, Math.ceil(tops.length / 4))
    : Math.max(1, Math.min(tops.length, Math.floor(Math.max(gridH, 320) / 16)));
  const lx = line ? pad : pad + gridW + 24,
    ly = line ? pad + gridH + 30 : pad;
  const labels = tops.map((name, c) => `cluster ${c}: ${name} (${fmt(sizes[c])})`);
  const colW = Math.max(190, 27 + 6.2 * Math.max(0, ...labels.map((l) => l.length))); // two-task names are wider
  labels.forEach((label, c) => {
    const x = lx + Math.floor(c / perCol) * colW,
      y = ly + (c % perCol) * 16;
    parts.push(
      `<rect x="${px(x)}" y="${px(y)}" width="12" height="12" fill="${categorical(c)}"/>`,
      text(x + 17, y + 10, label),
    );
  });
  const legendCols = Math.ceil(tops.length / perCol);
  const W = line ? Math.max(pad * 2 + gridW, lx + legendCols * colW) : lx + legendCols * colW;
  const H = line ? ly + perCol * 16 + 10 : Math.max(pad + gridH + 24, ly + perCol * 16 + 10);
  return svgDoc(W, H, parts.join(""), title);
}
