// One trial as a self-contained SVG 1.1 picture: a heat map of the input channels over time (fixation, ring 1,
// ring 2, the suite's rule block), a strip with the label of each step, and the period boundaries. Pure: it returns
// the SVG text and the caller writes it.
import { esc } from "./svg.js";
import type { Trial } from "../tasks/generate.js";
import { RING, type Suite } from "../tasks/spec.js";
import { cyclic, sequential, SEQUENTIAL_ANCHORS, textOn } from "./colour.js";

/** Options of trialSvg(). */
export interface TrialSvgOptions {
  /** The seed the trial was drawn with (shown in the title). */
  seed: number;
  /** True if this is an analysis trial (no noise, fixed periods); shown under the title. */
  analysis?: boolean;
}

const num = (v: number): string => String(Math.round(v * 100) / 100);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
/** Rough width of sans-serif text (px): good enough to decide whether a period name fits its span. */
const textWidth = (s: string, size: number): number => s.length * size * 0.6;

interface Group {
  label: string;
  first: number;
  count: number;
  rowH: number;
}

const GAP = 4;
const LEFT = 100;
const FONT = 11;

/** One trial as a figure: its input channels, labels and periods against time. */
export function trialSvg(trial: Trial, suite: Suite, opts: TrialSvgOptions): string {
  const { T, inputs, labels, periods } = trial;
  const nU = suite.nInput;
  const nTasks = suite.tasks.length;
  const task = suite.tasks[trial.taskIndex];
  if (!task) throw new Error(`trialSvg: no task ${trial.taskIndex} in suite ${suite.name}`);
  if (inputs.length !== T * nU)
    throw new Error(`trialSvg: inputs have ${inputs.length} values, expected T·n_u = ${T * nU}`);

  const cw = clamp(Math.floor(720 / Math.max(T, 1)), 8, 22);
  const heatW = T * cw;
  // Rule rows get thinner as the suite grows (Mod-Cog has 82–93 of them); only one of them is ever on.
  const groups: Group[] = [
    { label: "fixation", first: 0, count: 1, rowH: 10 },
    { label: "ring 1", first: 1, count: RING, rowH: 6 },
    { label: "ring 2", first: 1 + RING, count: RING, rowH: 6 },
    { label: "rule", first: suite.nTaskChannels, count: nTasks, rowH: clamp(96 / nTasks, 1.5, 6) },
  ];

  // Period names: horizontal when they fit their span, else vertical; the band above the map makes room for them.
  const named = periods.filter((p) => p.end > p.start);
  const vertical = (p: { name: string; start: number; end: number }) =>
    textWidth(p.name, 10) > (p.end - p.start) * cw - 2;
  const nameBand = Math.max(16, ...named.filter(vertical).map((p) => textWidth(p.name, 10) + 8));
  const titleH = 46;
  const heatTop = titleH + nameBand;

  const rowY = new Float64Array(nU);
  const rowH = new Float64Array(nU);
  let y = heatTop;
  const groupSpans: { g: Group; top: number; bottom: number }[] = [];
  for (const g of groups) {
    const top = y;
    for (let i = 0; i < g.count; i++) {
      rowY[g.first + i] = y;
      rowH[g.first + i] = g.rowH;
      y += g.rowH;
    }
    groupSpans.push({ g, top, bottom: y });
    y += GAP;
  }
  const heatBottom = y - GAP;
  const stripTop = heatBottom + 10;
  const stripH = 16;
  const stripBottom = stripTop + stripH;
  const axisY = stripBottom;
  const legendTop = axisY + 56;

  // A line about the trial under the title.
  const modality = task.alternatesModality ? ` · stimuli on ring ${trial.plan.modality + 1}` : "";
  const kind = opts.analysis ? "analysis trial (no noise, fixed periods)" : "training trial (with input noise)";
  const empty = periods.filter((p) => p.end === p.start).map((p) => p.name);
  const emptyNote = empty.length ? ` · empty: ${empty.join(", ")}` : "";
  const subtitle = `T ${T} steps (${T * 100} ms) · n_u ${nU} · ${kind}${modality} · target class ${trial.plan.target}${trial.plan.target === 0 ? " (fixate)" : ""}${emptyNote}`;
  const width = Math.max(LEFT + heatW + 170, LEFT + textWidth(subtitle, FONT) + 20, 600);
  const height = legendTop + 82;

  // The colour scale runs from 0 to the largest value (at least 1); negative values (input noise) are clamped.

  let vmax = 1;
  let negatives = 0;
  for (const v of inputs) {
    if (v > vmax) vmax = v;
    if (v < 0) negatives++;
  }

  const out: string[] = [];
  const title = `${suite.name} / ${task.name} — seed ${opts.seed}`;
  out.push(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(`<title>${esc(title)}</title>`);
  out.push(
    `<defs><linearGradient id="scale" x1="0" y1="0" x2="1" y2="0">${SEQUENTIAL_ANCHORS.map((c, i) => `<stop offset="${num(i / (SEQUENTIAL_ANCHORS.length - 1))}" stop-color="${c}"/>`).join("")}</linearGradient></defs>`,
  );
  out.push(`<rect x="0" y="0" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`);

  out.push(`<text x="${LEFT}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="${LEFT}" y="37" fill="#444444">${esc(subtitle)}</text>`);

  // Heat map: one cell per (step, channel).
  out.push(`<g class="heatmap" shape-rendering="crispEdges">`);
  for (let c = 0; c < nU; c++) {
    for (let t = 0; t < T; t++) {
      const v = inputs[t * nU + c];
      out.push(
        `<rect x="${num(LEFT + t * cw)}" y="${num(rowY[c])}" width="${cw}" height="${num(rowH[c])}" fill="${sequential(v / vmax)}"/>`,
      );
    }
  }
  out.push(`</g>`);

  // Group labels on the left, unit numbers at the ring ends, the active rule row named on the right.
  out.push(`<g class="channels" fill="#000000">`);
  for (const { g, top, bottom } of groupSpans) {
    const mid = (top + bottom) / 2;
    out.push(
      `<text x="${LEFT - 22}" y="${num(mid + 4)}" text-anchor="end">${esc(g.count > 1 ? `${g.label} (${g.count})` : g.label)}</text>`,
    );
    if (g.label.startsWith("ring")) {
      out.push(`<text x="${LEFT - 4}" y="${num(top + 6)}" text-anchor="end" font-size="7">1</text>`);
      out.push(`<text x="${LEFT - 4}" y="${num(bottom)}" text-anchor="end" font-size="7">${g.count}</text>`);
    }
  }
  const ruleRow = suite.nTaskChannels + trial.taskIndex;
  const ruleMid = rowY[ruleRow] + rowH[ruleRow] / 2;
  out.push(
    `<line x1="${num(LEFT + heatW + 2)}" y1="${num(ruleMid)}" x2="${num(LEFT + heatW + 12)}" y2="${num(ruleMid)}" stroke="#000000"/>`,
  );
  out.push(
    `<text x="${num(LEFT + heatW + 15)}" y="${num(ruleMid + 4)}">${esc(`${task.name} (index ${trial.taskIndex} of ${nTasks})`)}</text>`,
  );
  out.push(`</g>`);

  // Label strip: the class of each step, coloured by direction; class 0 (fixate) is left blank.
  out.push(`<text x="${LEFT - 22}" y="${num(stripTop + 12)}" text-anchor="end">label</text>`);
  out.push(`<g class="labels" shape-rendering="crispEdges">`);
  const labelFont = Math.min(10, cw * 0.7);
  for (let t = 0; t < T; t++) {
    const k = labels[t];
    const fill = k === 0 ? "#eeeeee" : cyclic(k - 1, RING);
    out.push(
      `<rect x="${num(LEFT + t * cw)}" y="${num(stripTop)}" width="${cw}" height="${stripH}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"/>`,
    );
  }
  for (let t = 0; t < T; t++) {
    const k = labels[t];
    if (k === 0) continue;
    out.push(
      `<text x="${num(LEFT + (t + 0.5) * cw)}" y="${num(stripTop + stripH / 2 + labelFont / 3)}" text-anchor="middle" font-size="${num(labelFont)}" fill="${textOn(cyclic(k - 1, RING))}">${k}</text>`,
    );
  }
  out.push(`</g>`);

  // Period boundaries and names.
  out.push(`<g class="periods">`);
  for (const p of periods) {
    if (p.start > 0 && p.start < T) {
      const x = num(LEFT + p.start * cw);
      out.push(
        `<line x1="${x}" y1="${num(heatTop)}" x2="${x}" y2="${num(heatBottom)}" stroke="#ffffff" stroke-width="1.5" stroke-dasharray="4,2"/>`,
      );
      out.push(`<line x1="${x}" y1="${num(heatTop - 6)}" x2="${x}" y2="${num(heatTop)}" stroke="#000000"/>`);
      out.push(
        `<line x1="${x}" y1="${num(stripTop - 3)}" x2="${x}" y2="${num(stripBottom + 3)}" stroke="#333333" stroke-width="1.5"/>`,
      );
    }
  }
  for (const p of named) {
    const cx = LEFT + ((p.start + p.end) / 2) * cw;
    if (vertical(p)) {
      out.push(
        `<text x="${num(cx + 3)}" y="${num(heatTop - 4)}" font-size="10" transform="rotate(-90 ${num(cx + 3)} ${num(heatTop - 4)})">${esc(p.name)}</text>`,
      );
    } else {
      out.push(
        `<text x="${num(cx)}" y="${num(heatTop - 5)}" font-size="10" text-anchor="middle">${esc(p.name)}</text>`,
      );
    }
  }
  out.push(`</g>`);

  // Time axis: ticks at step boundaries.
  const every = T <= 30 ? 5 : 10;
  out.push(`<g class="axis">`);
  out.push(
    `<line x1="${LEFT}" y1="${num(axisY + 4)}" x2="${num(LEFT + heatW)}" y2="${num(axisY + 4)}" stroke="#000000"/>`,
  );
  for (let t = 0; t <= T; t += every) {
    const x = num(LEFT + t * cw);
    out.push(`<line x1="${x}" y1="${num(axisY + 4)}" x2="${x}" y2="${num(axisY + 8)}" stroke="#000000"/>`);
    out.push(`<text x="${x}" y="${num(axisY + 18)}" text-anchor="middle" font-size="9">${t}</text>`);
  }
  out.push(`<text x="${num(LEFT + heatW / 2)}" y="${num(axisY + 32)}" text-anchor="middle">time step (100 ms)</text>`);
  out.push(`</g>`);

  // Legends, stacked: the input colour scale (negative noise clamped to 0), then the direction hues of the labels.
  const barW = 180;
  const barY = legendTop + 6;
  const clampNote = negatives ? `${negatives} of ${T * nU} values < 0 (input noise) drawn as 0` : "no values < 0";
  out.push(`<g class="legend">`);
  out.push(
    `<text x="${LEFT}" y="${num(legendTop)}" font-size="10">${esc(`input value 0–${num(vmax)}; ${clampNote}`)}</text>`,
  );
  out.push(
    `<rect x="${LEFT}" y="${num(barY)}" width="${barW}" height="10" fill="url(#scale)" stroke="#888888" stroke-width="0.5"/>`,
  );
  const ticks = vmax > 1.05 ? [0, 0.5, 1, vmax] : [0, 0.5, 1];
  for (const v of ticks) {
    const x = num(LEFT + (v / vmax) * barW);
    out.push(`<line x1="${x}" y1="${num(barY + 10)}" x2="${x}" y2="${num(barY + 13)}" stroke="#000000"/>`);
    out.push(`<text x="${x}" y="${num(barY + 22)}" text-anchor="middle" font-size="9">${num(v)}</text>`);
  }
  const dirY = barY + 44;
  const sw = 14;
  out.push(
    `<text x="${LEFT}" y="${num(dirY - 6)}" font-size="10">label: direction class 1–16 (cyclic hue); blank = fixate (class 0)</text>`,
  );
  for (let k = 1; k <= RING; k++) {
    const fill = cyclic(k - 1, RING);
    out.push(`<rect x="${num(LEFT + (k - 1) * sw)}" y="${num(dirY)}" width="${sw}" height="12" fill="${fill}"/>`);
    out.push(
      `<text x="${num(LEFT + (k - 0.5) * sw)}" y="${num(dirY + 9)}" text-anchor="middle" font-size="7" fill="${textOn(fill)}">${k}</text>`,
    );
  }
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
