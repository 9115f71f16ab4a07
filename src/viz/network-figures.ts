// Figures drawn from the weights: the network drawing (paper Fig. 1a/3a/6a) and the recurrent matrix (Fig. 3c).
import type { LoadedModel } from "../train/checkpoint.js";
import { hiddenCount } from "../train/config.js";
import { categorical, diverging, esc, fmt, NEGATIVE, POSITIVE, svgDoc } from "./plot.js";

/** Most hidden→hidden lines drawn; the strongest are kept (a 400-neuron network has 160,000). */
export const MAX_RECURRENT_LINES = 6000;
/** Lines thinner than this (px) are not drawn at all. */
const MIN_WIDTH = 0.05;

/**
 * Every weight as a line, blue positive / red negative, width ∝ |w| / max|w| of its matrix; hidden neurons in their
 * grid (or on their line), inputs in a row below, outputs in a row above. cellLabels (−1 = none) colour the cells.
 */
export function networkSvg(model: LoadedModel, cellLabels?: readonly number[]): string {
  const g = model.config.geometry;
  const n = hiddenCount(g);
  const { nInput: nu, nOutput: no } = model;
  const W = 640, H = 700, pad = 40;
  const rows = g.kind === "grid" ? g.rows : 1;
  const cols = g.kind === "grid" ? g.cols : g.n;
  const gridTop = 110, gridBottom = H - 110;
  const cellW = (W - 2 * pad) / cols;
  const cellH = g.kind === "grid" ? (gridBottom - gridTop) / rows : 0;
  const hx = (i: number) => pad + ((i % cols) + 0.5) * cellW;
  const hy = (i: number) => (g.kind === "grid" ? gridTop + (Math.floor(i / cols) + 0.5) * cellH : (gridTop + gridBottom) / 2);
  const ix = (k: number) => pad + ((k + 0.5) * (W - 2 * pad)) / nu;
  const ox = (k: number) => pad + ((k + 0.5) * (W - 2 * pad)) / no;
  const iy = H - 40, oy = 40;
  const lines: string[] = [];
  const drawMatrix = (M: Float32Array, r: number, c: number, from: (j: number) => [number, number], to: (i: number) => [number, number], cap: number) => {
    let max = 0;
    for (const v of M) max = Math.max(max, Math.abs(v));
    if (max === 0) return 0;
    const idx: number[] = [];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if ((Math.abs(M[i * c + j]) / max) * 2 >= MIN_WIDTH) idx.push(i * c + j);
    idx.sort((a, b) => Math.abs(M[b]) - Math.abs(M[a]));
    const kept = idx.slice(0, cap);
    for (const e of kept.reverse()) {
      const i = Math.floor(e / c), j = e % c;
      const [x1, y1] = from(j), [x2, y2] = to(i);
      const w = (Math.abs(M[e]) / max) * 2;
      lines.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${M[e] > 0 ? POSITIVE : NEGATIVE}" stroke-width="${w.toFixed(2)}" stroke-opacity="0.7"/>`);
    }
    return idx.length - kept.length;
  };
  drawMatrix(model.params.W_in, n, nu, (j) => [ix(j), iy], (i) => [hx(i), hy(i)], Infinity);
  const dropped = drawMatrix(model.params.W, n, n, (j) => [hx(j), hy(j)], (i) => [hx(i), hy(i)], MAX_RECURRENT_LINES);
  drawMatrix(model.params.W_out, no, n, (j) => [hx(j), hy(j)], (i) => [ox(i), oy], Infinity);
  const dots: string[] = [];
  for (let i = 0; i < n; i++) {
    const lab = cellLabels?.[i] ?? -1;
    dots.push(`<circle cx="${hx(i).toFixed(1)}" cy="${hy(i).toFixed(1)}" r="${Math.max(1.5, Math.min(cellW, cellH || cellW) * 0.18).toFixed(1)}" fill="${lab >= 0 ? categorical(lab) : "#bbb"}"/>`);
  }
  for (let k = 0; k < nu; k++) dots.push(`<rect x="${(ix(k) - 2).toFixed(1)}" y="${iy - 2}" width="4" height="4" fill="#555"/>`);
  for (let k = 0; k < no; k++) dots.push(`<rect x="${(ox(k) - 3).toFixed(1)}" y="${oy - 3}" width="6" height="6" fill="#555"/>`);
  const text = [
    `<text x="${pad}" y="${iy + 22}">inputs (${nu}: fixation, ring 1, ring 2, rules)</text>`,
    `<text x="${pad}" y="${oy - 12}">outputs (${no}: fixate, 16 directions)</text>`,
    `<text x="${W - pad}" y="${iy + 22}" text-anchor="end" fill="#666">blue +, red −, width ∝ |w|; ${dropped > 0 ? `${MAX_RECURRENT_LINES} strongest recurrent weights of ${fmt(dropped + MAX_RECURRENT_LINES)} drawn` : "all weights drawn"}</text>`,
  ];
  return svgDoc(W, H, lines.join("") + dots.join("") + text.join(""), "network");
}

/** The recurrent matrix W in cell order as a heat map (diverging colours, scaled by max |w|). */
export function weightMatrixSvg(model: LoadedModel): string {
  const n = hiddenCount(model.config.geometry);
  const W = model.params.W;
  let max = 0;
  for (const v of W) max = Math.max(max, Math.abs(v));
  const size = 480, pad = 50;
  const px = size / n;
  // one <rect> per non-negligible entry; the background is the colour of 0
  const cells: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = max > 0 ? W[i * n + j] / max : 0;
      if (Math.abs(v) < 0.02) continue;
      cells.push(`<rect x="${(pad + j * px).toFixed(2)}" y="${(pad + i * px).toFixed(2)}" width="${px.toFixed(2)}" height="${px.toFixed(2)}" fill="${diverging(v)}"/>`);
    }
  }
  const body = `<rect x="${pad}" y="${pad}" width="${size}" height="${size}" fill="white" stroke="#999"/>${cells.join("")}` +
    `<text x="${pad + size / 2}" y="${pad - 10}" text-anchor="middle">${esc(`W (to row i from column j), cell order; colour ∝ w / max|w| = ${fmt(max)}`)}</text>` +
    `<text x="${pad + size / 2}" y="${pad + size + 20}" text-anchor="middle">presynaptic neuron j (cell index)</text>` +
    `<text transform="translate(${pad - 14},${pad + size / 2}) rotate(-90)" text-anchor="middle">postsynaptic neuron i</text>`;
  return svgDoc(size + 2 * pad, size + 2 * pad, body, "recurrent weights");
}
