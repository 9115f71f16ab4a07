// Training curves from metrics.jsonl: four small panels against the step — loss (log), mean accuracy, connection
// cost ℓ_cc and cumulative swaps.
import type { MetricsLine } from "../train/loop.js";
import { axes, esc, linearScale, logScale, px, svgDoc, text, type Frame, type Scale } from "./svg.js";

interface Series {
  name: string;
  colour: string;
  xs: number[];
  ys: number[];
}

interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
  log?: boolean;
  range?: [number, number];
}

const PW = 340,
  PH = 220;

function panel(p: Panel, ox: number, oy: number, maxStep: number): string {
  const f: Frame = { left: ox + 66, right: ox + PW - 14, top: oy + 26, bottom: oy + PH - 44 };
  const x = linearScale(0, maxStep, f.left, f.right, 4);
  const ys = p.series.flatMap((s) => s.ys).filter(Number.isFinite);
  let y: Scale;
  if (p.range) y = linearScale(p.range[0], p.range[1], f.bottom, f.top, 4);
  else if (p.log && ys.length && Math.min(...ys) > 0)
    y = logScale(
      10 ** Math.floor(Math.log10(Math.min(...ys))),
      10 ** Math.ceil(Math.log10(Math.max(...ys))),
      f.bottom,
      f.top,
    );
  else y = linearScale(Math.min(0, ...ys), Math.max(1e-12, ...ys), f.bottom, f.top, 4);
  const parts = [text(f.left, oy + 14, p.title, `font-weight="bold"`), axes(x, y, f, "step", p.yLabel)];
  p.series.forEach((s, k) => {
    const pts = s.xs
      .map((v, i) => (Number.isFinite(s.ys[i]) ? `${px(x(v))},${px(y(s.ys[i]))}` : ""))
      .filter(Boolean)
      .join(" ");
    if (pts)
      parts.push(
        `<polyline points="${pts}" fill="none" stroke="${s.colour}" stroke-width="1.5"><title>${esc(s.name)}</title></polyline>`,
      );
    if (p.series.length > 1)
      parts.push(
        `<line x1="${f.right - 86}" y1="${f.top + 8 + 14 * k}" x2="${f.right - 70}" y2="${f.top + 8 + 14 * k}" stroke="${s.colour}" stroke-width="2"/>`,
        text(f.right - 66, f.top + 12 + 14 * k, s.name, `font-size="10"`),
      );
  });
  if (p.series.every((s) => s.xs.length === 0))
    parts.push(
      text((f.left + f.right) / 2, (f.top + f.bottom) / 2, "no values yet", `text-anchor="middle" fill="#999"`),
    );
  return parts.join("");
}

/** Four panels: total and task loss (log y), mean accuracy (%), connection cost ℓ_cc, cumulative swaps. */
export function trainingCurvesSvg(lines: readonly MetricsLine[]): string {
  const title = "training curves";
  if (lines.length === 0) return svgDoc(420, 50, text(10, 30, "training curves: metrics.jsonl has no lines"), title);
  const steps = lines.map((l) => l.step);
  let cum = 0;
  const swaps = lines.map((l) => (cum += l.swaps));
  // lines carry the latest evaluation forward; plot the lines where one ran (they have per-task values) if marked
  const withAcc = lines.filter((l) => l.accuracy !== null && l.accuracy !== undefined);
  const evals = withAcc.some((l) => l.tasks) ? withAcc.filter((l) => l.tasks) : withAcc;
  const panels: Panel[] = [
    {
      title: "loss: total = task + λ·ℓ_cc, and task",
      yLabel: "loss (nats)",
      log: true,
      series: [
        { name: "total", colour: "#4c72b0", xs: steps, ys: lines.map((l) => l.loss) },
        { name: "task", colour: "#dd8452", xs: steps, ys: lines.map((l) => l.taskLoss) },
      ],
    },
    {
      title: "mean accuracy over tasks",
      yLabel: "accuracy (%)",
      range: [0, 100],
      series: [
        {
          name: "accuracy",
          colour: "#55a868",
          xs: evals.map((l) => l.step),
          ys: evals.map((l) => 100 * (l.accuracy as number)),
        },
      ],
    },
    {
      title: "connection cost ℓ_cc",
      yLabel: "‖w‖₁ + A·Σ D|W|",
      series: [{ name: "ℓ_cc", colour: "#8172b3", xs: steps, ys: lines.map((l) => l.connectionCost) }],
    },
    {
      title: "neuron swaps (cumulative)",
      yLabel: "swaps",
      series: [{ name: "swaps", colour: "#937860", xs: steps, ys: swaps }],
    },
  ];
  const maxStep = Math.max(1, ...steps);
  return svgDoc(
    2 * PW,
    2 * PH,
    panels.map((p, k) => panel(p, (k % 2) * PW, Math.floor(k / 2) * PH, maxStep)).join(""),
    title,
  );
}

/** Swaps applied by every swap round, as bars against the step. */
export function swapRoundsSvg(rounds: readonly [number, number][], maxStep: number): string {
  const W = 680,
    H = 200;
  const f = { left: 66, right: W - 14, top: 26, bottom: H - 44 };
  const maxSwaps = Math.max(1, ...rounds.map((r) => r[1]));
  const x = linearScale(0, Math.max(1, maxStep), f.left, f.right, 5);
  const y = linearScale(0, maxSwaps, f.bottom, f.top, 4);
  const bars = rounds.map(([s, k]) => `M${px(x(s))} ${f.bottom}V${px(y(k))}`).join("");
  const body = [
    text(
      f.left,
      14,
      `neuron swaps per swap round (${rounds.length} rounds, ${rounds.reduce((s, r) => s + r[1], 0)} swaps)`,
      `font-weight="bold"`,
    ),
    axes(x, y, f, "step", "swaps"),
    bars
      ? `<path d="${bars}" stroke="#937860" stroke-width="${rounds.length > 150 ? 1 : 2}"/>`
      : text((f.left + f.right) / 2, (f.top + f.bottom) / 2, "no swap rounds yet", `text-anchor="middle" fill="#999"`),
  ];
  return svgDoc(W, H, body.join(""), "swaps per round");
}
