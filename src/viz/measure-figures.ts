// Performance, sparsity and locality of one network (paper Fig. 1d, 1e, 1f): per-task accuracy bars, Σ task
// variance per neuron sorted with the importance threshold, and |W_ij| against the distance D_ij.
import type { Analysis } from "../analysis/analyze.js";
import { distanceProfile, tvSums } from "./analysis-view.js";
import { axes, esc, fmt, linearScale, logScale, px, svgDoc, text, type Frame } from "./svg.js";

const BAR = "#4c72b0";
const MARK = "#c44e52";

/** Fig. 1d: accuracy of every task in % (0–100), with the mean as a dashed line. */
export function accuracyBarsSvg(a: Analysis): string {
  const tasks = a.run.tasks;
  const bw = Math.min(30, Math.max(6, 760 / Math.max(1, tasks.length)));
  const f: Frame = { left: 64, right: 64 + tasks.length * bw, top: 34, bottom: 234 };
  const y = linearScale(0, 100, f.bottom, f.top);
  const parts: string[] = [axes(linearScale(0, 1, f.left, f.right, 0), y, f, "", "accuracy (%)")];
  tasks.forEach((t, i) => {
    const v = 100 * (a.accuracy.tasks[t] ?? NaN);
    const x = f.left + i * bw;
    if (Number.isFinite(v))
      parts.push(
        `<rect x="${px(x + 1)}" y="${px(y(v))}" width="${px(bw - 2)}" height="${px(f.bottom - y(v))}" fill="${BAR}"><title>${esc(`${t}: ${fmt(v)} %`)}</title></rect>`,
      );
    parts.push(
      `<text transform="translate(${px(x + bw / 2 - 3)},${f.bottom + 8}) rotate(60)" font-size="${px(Math.min(10, bw))}">${esc(t)}</text>`,
    );
  });
  const mean = 100 * a.accuracy.mean;
  parts.push(
    `<line x1="${f.left}" y1="${px(y(mean))}" x2="${f.right}" y2="${px(y(mean))}" stroke="${MARK}" stroke-dasharray="5 3"/>`,
  );
  parts.push(
    text(
      f.left,
      18,
      `per-task accuracy: ${a.accuracy.trials} trials per task, rule ${a.accuracy.rule}; dashed: mean ${fmt(mean)} %`,
    ),
  );
  const labelH = 0.87 * 6 * Math.max(0, ...tasks.map((t) => t.length)) + 20;
  return svgDoc(Math.max(f.right + 30, 420), f.bottom + labelH, parts.join(""), "per-task accuracy");
}

/** Fig. 1e: Σ_tasks TV of every hidden neuron, sorted descending, log y; the importance threshold and the count. */
export function tvSortedSvg(a: Analysis): string {
  const sums = tvSums(a).sort((p, q) => q - p);
  const n = sums.length;
  const thr = a.taskVariance.threshold;
  const positive = sums.filter((v) => v > 0);
  const hi = 10 ** Math.ceil(Math.log10(Math.max(thr * 10, positive[0] ?? 0)));
  // floor: the smallest positive sum's decade, but no more than 12 decades below the top and at least one below thr
  const lo = Math.min(
    thr / 10,
    Math.max(hi * 1e-12, 10 ** Math.floor(Math.log10(positive[positive.length - 1] ?? thr / 10))),
  );
  const f: Frame = { left: 70, right: 560, top: 34, bottom: 254 };
  const x = linearScale(0, Math.max(1, n), f.left, f.right);
  const y = logScale(lo, hi, f.bottom, f.top);
  const pts = sums.map((v, i) => `${px(x(i + 0.5))},${px(y(Math.max(v, lo)))}`).join(" ");
  const nImp = a.important.length;
  return svgDoc(
    600,
    300,
    axes(x, y, f, "hidden neurons, ranked by Σ task variance", "Σ over tasks of task variance") +
      `<polyline points="${pts}" fill="none" stroke="${BAR}" stroke-width="1.5"/>` +
      `<line x1="${f.left}" y1="${px(y(thr))}" x2="${f.right}" y2="${px(y(thr))}" stroke="${MARK}" stroke-dasharray="5 3"/>` +
      `<line x1="${px(x(nImp))}" y1="${f.top}" x2="${px(x(nImp))}" y2="${f.bottom}" stroke="#999" stroke-dasharray="2 3"/>` +
      text(
        f.right,
        y(thr) - 6,
        `threshold ${fmt(thr)}: ${nImp} important of ${n}`,
        `text-anchor="end" fill="${MARK}"`,
      ) +
      text(
        f.left,
        18,
        `Σ task variance per neuron, sorted (log scale${sums.some((v) => v < lo) ? `; values below ${fmt(lo)} drawn at the floor` : ""})`,
      ),
    "sorted task variance",
  );
}

/**
 * Fig. 1f: sampled |W_ij| (dots) against D_ij and the mean |W| per distance bin (line), on a log y axis: the means fall
 * by orders of magnitude with distance, which a linear axis flattens into the x axis.
 */
export function weightDistanceSvg(a: Analysis): string {
  const { bins, samples } = distanceProfile(a);
  const used = bins.filter((b) => b.count > 0 && b.meanAbs > 0);
  const maxD = Math.max(1e-9, ...bins.map((b) => b.hi), ...samples.map((s) => s.d));
  const top = Math.max(1e-9, ...samples.map((s) => s.w), ...used.map((b) => b.meanAbs));
  const hi = 10 ** Math.ceil(Math.log10(top));
  const lo = Math.max(hi * 1e-6, 10 ** Math.floor(Math.log10(Math.min(top, ...used.map((b) => b.meanAbs)) / 10)));
  const f: Frame = { left: 70, right: 560, top: 34, bottom: 254 };
  const x = linearScale(0, maxD, f.left, f.right);
  const y = logScale(lo, hi, f.bottom, f.top);
  // zero-length subpaths with round caps draw as dots: ~12 bytes per sample instead of a <circle>
  const dots = samples.map((s) => `M${px(x(s.d))} ${px(y(Math.max(s.w, lo)))}h0`).join("");
  const line = used.map((b) => `${px(x((b.lo + b.hi) / 2))},${px(y(b.meanAbs))}`).join(" ");
  return svgDoc(
    600,
    300,
    axes(x, y, f, "distance (grid units / side)", "|W_ij|") +
      (dots
        ? `<path d="${dots}" stroke="${BAR}" stroke-opacity="0.35" stroke-width="3" stroke-linecap="round" fill="none"/>`
        : "") +
      (line ? `<polyline points="${line}" fill="none" stroke="${MARK}" stroke-width="2"/>` : "") +
      text(
        f.left,
        18,
        `dots: ${samples.length} sampled weights (< ${fmt(lo)} at the floor); line: mean |W| per distance bin`,
      ),
    "weight against distance",
  );
}
