// Anatomical modularity against chance (paper Fig. 2b / 5b): the histogram of a metric over random shuffles of the
// cluster labels, the trained network's value as a vertical line, and the summary statistics.
import { testable, type Baseline } from "../analysis/anatomy.js";
import { histogramBars } from "./analysis-view.js";
import { axes, esc, fmt, linearScale, px, svgDoc, text, type Frame } from "./svg.js";

/** Histogram of `baseline`'s shuffled values with the observed value marked; `xLabel` should carry the unit. */
export function shuffleHistogramSvg(baseline: Baseline, title: string, xLabel: string): string {
  const bars = histogramBars(baseline);
  const f: Frame = { left: 70, right: 560, top: 62, bottom: 262 };
  // the domain covers the histogram and the observed value (a strongly modular network lies far left of it)
  const lo = Math.min(baseline.histogram.min, baseline.observed),
    hi = Math.max(baseline.histogram.max, baseline.observed);
  const span = hi - lo || 1;
  const x = linearScale(lo - 0.03 * span, hi + 0.03 * span, f.left, f.right);
  const y = linearScale(0, Math.max(1, ...bars.map((b) => b.count)) * 1.05, f.bottom, f.top);
  const parts: string[] = [axes(x, y, f, xLabel, "shuffles per bin")];
  for (const b of bars) {
    if (b.count === 0) continue;
    const x0 = x(b.lo),
      x1 = x(b.hi);
    parts.push(
      `<rect x="${px(x0)}" y="${px(y(b.count))}" width="${px(Math.max(0.6, x1 - x0 - 0.4))}" height="${px(f.bottom - y(b.count))}" fill="#8da0cb"><title>${esc(`[${fmt(b.lo)}, ${fmt(b.hi)}): ${b.count}`)}</title></rect>`,
    );
  }
  const ox = x(baseline.observed);
  parts.push(
    `<line x1="${px(ox)}" y1="${f.top - 4}" x2="${px(ox)}" y2="${f.bottom}" stroke="#c44e52" stroke-width="2"/>`,
  );
  parts.push(
    text(
      ox + (ox > (f.left + f.right) / 2 ? -4 : 4),
      f.top + 8,
      `trained: ${fmt(baseline.observed)}`,
      `fill="#c44e52" text-anchor="${ox > (f.left + f.right) / 2 ? "end" : "start"}"`,
    ),
  );
  parts.push(text(f.left, 18, title, `font-weight="bold"`));
  parts.push(
    text(
      f.left,
      34,
      `observed ${fmt(baseline.observed)}; ${baseline.shuffles} shuffles: mean ${fmt(baseline.mean)} ± ${fmt(baseline.std)} (s.d.)`,
    ),
  );
  parts.push(
    text(
      f.left,
      50,
      testable(baseline)
        ? `z = ${fmt(baseline.z)}, p = ${fmt(baseline.p)} (one-sided: share of shuffles ≤ observed)`
        : "every shuffle gives the observed value: no test",
    ),
  );
  return svgDoc(600, 306, parts.join(""), title);
}
