// Figures drawn from the weights: the network drawing (paper Fig. 1a / 3a / 6a: every weight a line, hidden neurons
// in their grid, inputs below, outputs above) and the recurrent matrix as a heat map (Fig. 3c).
import { figureCoords, hiddenCount } from "../model/geometry.js";
import { N_CLASSES, N_TASK_CHANNELS, RING } from "../tasks/spec.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { fitPoints } from "./point-layout.js";
import {
  categorical,
  cellPaths,
  colourBar,
  diverging,
  fmt,
  NEGATIVE,
  POSITIVE,
  px,
  svgDoc,
  text,
  textBlock,
} from "./svg.js";

/** At most this many hidden→hidden lines are drawn, the strongest (a 20×20 network has 160,000 weights). */
export const MAX_RECURRENT_LINES = 6000;
/** At most this many input→hidden (and, separately, hidden→output) lines, the strongest. */
export const MAX_IO_LINES = 20000;
/** Width (px) of the largest |w| of each matrix; the others scale linearly. */
const MAX_WIDTH = 2.5;
/** Lines are grouped by width rounded to this step; lines thinner than one step are not drawn. */
export const WIDTH_STEP = 0.05;

interface Xy {
  x: number;
  y: number;
}

interface Drawn {
  drawn: number;
  /** Entries of the matrix. */
  total: number;
  /** Entries at least WIDTH_STEP wide (drawn unless over the cap). */
  visible: number;
}

/**
 * Lines of one matrix M [rows × cols] (entry (i, j) = weight from source j to target i), added to `groups` keyed by
 * sign and width level; `segment` writes the path data of one line. Only the `cap` strongest visible ones are kept.
 */
function addMatrix(
  groups: Map<number, string[]>,
  M: Float32Array,
  rows: number,
  cols: number,
  cap: number,
  segment: (i: number, j: number) => string,
): Drawn {
  let max = 0;
  for (const v of M) max = Math.max(max, Math.abs(v));
  const visible: number[] = [];
  if (max > 0)
    for (let e = 0; e < rows * cols; e++) if ((Math.abs(M[e]) / max) * MAX_WIDTH >= WIDTH_STEP) visible.push(e);
  const kept = visible.length > cap ? visible.sort((a, b) => Math.abs(M[b]) - Math.abs(M[a])).slice(0, cap) : visible;
  for (const e of kept) {
    const level = Math.round(((Math.abs(M[e]) / max) * MAX_WIDTH) / WIDTH_STEP);
    const key = M[e] > 0 ? level : -level;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(segment(Math.floor(e / cols), e % cols));
  }
  return { drawn: kept.length, total: rows * cols, visible: visible.length };
}

/** Labelled brackets under/over a row of neurons: [name, count] groups laid out left to right. */
function brackets(groups: [string, number][], x: (k: number) => number, y: number, dy: number): string {
  let k = 0;
  return groups
    .map(([name, count]) => {
      const x0 = x(k) - 2,
        x1 = x(k + count - 1) + 2;
      k += count;
      return (
        `<path d="M${px(x0)} ${px(y)}v${dy}H${px(x1)}v${-dy}" fill="none" stroke="#999"/>` +
        text((x0 + x1) / 2, y + dy * 3.2 + (dy > 0 ? 3 : 0), name, `text-anchor="middle" font-size="10" fill="#555"`)
      );
    })
    .join("");
}

/** Options of networkSvg(). */
export interface NetworkSvgOptions {
  /** Cluster label of every hidden cell (−1 = none): fills the cells with the cluster colours. */
  cellLabels?: readonly number[];
}

/**
 * Fig. 1a / 3a: every weight as a line, blue positive / red negative, width ∝ |w| / max |w| of its matrix. 2D: the
 * hidden cells as a grid with straight hidden→hidden lines and self-connections as rings; 1D: the neurons in a row,
 * hidden→hidden as arcs (above the row for i > j, below for i < j). Inputs in a row below, outputs in a row above.
 */
export function networkSvg(model: LoadedModel, opts: NetworkSvgOptions = {}): string {
  const g = model.config.geometry;
  const n = hiddenCount(g);
  const { nInput: nu, nOutput: no } = model;
  const { W_in, W, W_out } = model.params;
  const width = 720,
    pad = 40;
  // a row of neurons (line, 1D points: hidden→hidden as arcs) or a plane (grid, 2D/3D points: straight lines)
  const pts = g.kind === "points" || g.kind === "lattice" ? fitPoints(figureCoords(g)) : null;
  const flat = g.kind === "line" || (pts !== null && pts.span === 0);
  const rows = g.kind === "grid" ? g.rows : 1,
    cols = g.kind === "grid" ? g.cols : n;
  // points: a box of side `side` (≤ 440 high) holding all of them, cells sized as if on a √n × √n lattice
  const side = pts ? Math.min(width - 2 * pad, pts.span > 0 ? 440 / pts.span : Infinity) : 0;
  const cell = pts
    ? Math.min(side / Math.ceil(Math.sqrt(n)), flat ? side / n : Infinity) * 0.8
    : g.kind === "grid"
      ? Math.min((width - 2 * pad) / cols, 440 / rows)
      : (width - 2 * pad) / cols;
  const gridLeft = pts ? (width - side) / 2 : (width - cols * cell) / 2;
  const outY = 74;
  const gridTop = !flat ? outY + 110 : outY + 170;
  const gridH = pts ? (flat ? 0 : Math.round(side * pts.span + cell)) : g.kind === "grid" ? rows * cell : 0;
  const inY = gridTop + gridH + (!flat ? 110 : 170);
  const hid = (i: number): Xy =>
    pts
      ? { x: gridLeft + pts.xy[2 * i] * side, y: gridTop + cell / 2 + pts.xy[2 * i + 1] * side }
      : {
          x: gridLeft + ((i % cols) + 0.5) * cell,
          y: g.kind === "grid" ? gridTop + (Math.floor(i / cols) + 0.5) * cell : gridTop,
        };
  const inp = (k: number): Xy => ({ x: pad + ((k + 0.5) * (width - 2 * pad)) / nu, y: inY });
  const out = (k: number): Xy => ({ x: pad + ((k + 0.5) * (width - 2 * pad)) / no, y: outY });
  const line = (a: Xy, b: Xy) => `M${px(a.x)} ${px(a.y)}L${px(b.x)} ${px(b.y)}`;
  const ringR = Math.max(1.5, Math.min(cell * 0.3, 8));
  const recurrent = (i: number, j: number): string => {
    const a = hid(j),
      b = hid(i);
    if (i === j)
      return `M${px(a.x - ringR)} ${px(a.y)}a${px(ringR)} ${px(ringR)} 0 1 0 ${px(2 * ringR)} 0a${px(ringR)} ${px(ringR)} 0 1 0 ${px(-2 * ringR)} 0`;
    if (!flat) return line(a, b);
    const h = Math.min(150, 12 + Math.abs(b.x - a.x) * 0.35) * (i > j ? -1 : 1);
    return `M${px(a.x)} ${px(a.y)}Q${px((a.x + b.x) / 2)} ${px(a.y + 2 * h)} ${px(b.x)} ${px(b.y)}`;
  };

  const groups = new Map<number, string[]>();
  const dIn = addMatrix(groups, W_in, n, nu, MAX_IO_LINES, (i, k) => line(inp(k), hid(i)));
  const dOut = addMatrix(groups, W_out, no, n, MAX_IO_LINES, (k, j) => line(hid(j), out(k)));
  const dRec = addMatrix(groups, W, n, n, MAX_RECURRENT_LINES, recurrent);
  // thin lines first, so the strong ones are on top
  const lines = [...groups.entries()]
    .sort((p, q) => Math.abs(p[0]) - Math.abs(q[0]))
    .map(
      ([key, d]) =>
        `<path stroke="${key > 0 ? POSITIVE : NEGATIVE}" stroke-width="${Math.round(Math.abs(key) * WIDTH_STEP * 100) / 100}" d="${d.join("")}"/>`,
    )
    .join("");

  const cells: string[] = [];
  const cw = cell * 0.84,
    chh = !flat ? cw : 8;
  for (let i = 0; i < n; i++) {
    const p = hid(i),
      l = opts.cellLabels?.[i] ?? -1;
    cells.push(
      `<rect x="${px(p.x - cw / 2)}" y="${px(p.y - chh / 2)}" width="${px(cw)}" height="${px(chh)}" fill="${l >= 0 ? categorical(l) : "#f2f2f2"}" stroke="${l >= 0 ? "none" : "#c8c8c8"}" stroke-width="0.5"/>`,
    );
  }
  const io: string[] = [];
  for (let k = 0; k < nu; k++) io.push(`<circle cx="${px(inp(k).x)}" cy="${inY}" r="2.5" fill="#444"/>`);
  for (let k = 0; k < no; k++) io.push(`<circle cx="${px(out(k).x)}" cy="${outY}" r="3.5" fill="#444"/>`);
  if (nu > N_TASK_CHANNELS)
    io.push(
      brackets(
        [
          ["fix.", 1],
          ["ring 1", RING],
          ["ring 2", RING],
          ["rule", nu - N_TASK_CHANNELS],
        ],
        (k) => inp(k).x,
        inY + 7,
        4,
      ),
    );
  if (no === N_CLASSES)
    io.push(
      brackets(
        [
          ["fix.", 1],
          ["response direction", RING],
        ],
        (k) => out(k).x,
        outY - 7,
        -4,
      ),
    );

  const shape =
    g.kind === "grid"
      ? `${rows} × ${cols} grid`
      : g.kind === "line"
        ? `line of ${n}`
        : g.kind === "lattice"
          ? `${g.x} × ${g.y} × ${g.z} lattice (one panel per layer, left to right)`
          : `layout of ${n} points in ${g.d}D${g.d > 2 ? " (drawn: the first two coordinates)" : ""}`;
  const count = (d: Drawn) =>
    d.drawn < d.visible
      ? `the ${fmt(d.drawn)} strongest of ${fmt(d.visible)} visible (of ${fmt(d.total)})`
      : `${fmt(d.drawn)} of ${fmt(d.total)}`;
  const head = textBlock(
    pad,
    20,
    `network: ${nu} input neurons (bottom), ${n} hidden neurons on a ${shape}, ${no} output neurons (top)${opts.cellLabels ? "; hidden cells coloured by functional cluster" : ""}`,
    110,
    14,
  );
  const caption = textBlock(
    pad,
    inY + 40,
    `Blue w > 0, red w < 0; width = ${MAX_WIDTH} px · |w| / max|w| of its matrix, rounded to ${WIDTH_STEP} px; ` +
      `lines thinner than ${WIDTH_STEP} px are not drawn (file size). Drawn: input→hidden ${count(dIn)}; ` +
      `hidden→hidden ${count(dRec)}, at most the ${MAX_RECURRENT_LINES} strongest (self-connections as rings${flat ? ", others as arcs" : ""}); ` +
      `hidden→output ${count(dOut)}.`,
    120,
    13,
    `font-size="10" fill="#555"`,
  );
  return svgDoc(
    width,
    inY + 34 + caption.height,
    cells.join("") +
      `<g fill="none" stroke-opacity="0.7" stroke-linecap="round">${lines}</g>` +
      io.join("") +
      head.svg +
      caption.svg,
    "network",
  );
}

/** Fig. 3c: the recurrent matrix in cell (index) order; colour = w / max|w| (diverging), near-zero entries blank. */
export function weightMatrixSvg(model: LoadedModel): string {
  const n = hiddenCount(model.config.geometry);
  const W = model.params.W;
  let max = 0;
  for (const v of W) max = Math.max(max, Math.abs(v));
  // above 200 neurons, one pixel per b×b block showing its largest-|w| entry (a 400-cell map would be 160,000 cells)
  const b = Math.ceil(n / 200),
    m = Math.ceil(n / b);
  const L = 20; // colour levels per sign; |w| below max/(2L) is left blank
  const level = (R: number, C: number): number => {
    let best = 0;
    for (let i = R * b; i < Math.min(n, (R + 1) * b); i++)
      for (let j = C * b; j < Math.min(n, (C + 1) * b); j++)
        if (Math.abs(W[i * n + j]) > Math.abs(best)) best = W[i * n + j];
    const l = max > 0 ? Math.round((best / max) * L) : 0;
    return l === 0 ? -1 : l + L;
  };
  const size = 480,
    left = 60,
    top = 54;
  const c = size / m;
  const parts: string[] = [
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="white" stroke="#999"/>`,
    `<g transform="translate(${left},${top}) scale(${Math.round(c * 1e4) / 1e4})" shape-rendering="crispEdges">${cellPaths(m, m, level, (l) => diverging((l - L) / L))}</g>`,
  ];
  const g = model.config.geometry;
  if (g.kind === "grid" && b === 1 && g.rows <= 40) {
    // thin lines between the grid's rows: blocks of `cols` consecutive cells are one grid row
    let d = "";
    for (let r = 1; r < g.rows; r++)
      d += `M${px(left + r * g.cols * c)} ${top}v${size}M${left} ${px(top + r * g.cols * c)}h${size}`;
    parts.push(`<path d="${d}" stroke="#ddd" stroke-width="0.5" fill="none"/>`);
  }
  parts.push(
    textBlock(
      left,
      16,
      `recurrent weights W_ij (from neuron j to neuron i) in cell order; max |w| = ${fmt(max)}; |w| < max/${2 * L} blank${b > 1 ? `; each pixel: the largest-|w| entry of a ${b}×${b} block` : ""}`,
      90,
      14,
    ).svg,
  );
  parts.push(
    text(left, top - 6, "0", `font-size="10"`),
    text(left + size, top - 6, String(n - 1), `text-anchor="end" font-size="10"`),
  );
  parts.push(text(left + size / 2, top + size + 18, "presynaptic neuron j (cell index)", `text-anchor="middle"`));
  parts.push(
    `<text transform="translate(${left - 14},${top + size / 2}) rotate(-90)" text-anchor="middle">postsynaptic neuron i (cell index)</text>`,
  );
  parts.push(colourBar(left + size + 16, top, 240, (u) => diverging(2 * u - 1), fmt(-max), fmt(max), "w"));
  return svgDoc(left + size + 70, top + size + 30, parts.join(""), "recurrent weight matrix");
}
