// Anatomical modularity across runs (paper Fig. 2 over seeds): for each configuration a row, for each of its runs
// a dot at the z score of the isolated fraction (left panel) and of the cluster spread (right panel) against the
// label shuffles. z < 0 is more modular than chance; filled dots are p ≤ 0.05, hollow ones are not, and the grey
// band is |z| < 1.96, where a run is inside the shuffle distribution.
import { axes, esc, fmt, linearScale, px, REG_COLOURS, svgDoc, text, type Frame } from "./svg.js";

/** One run in the modularity plot: its regularizer, λ and the shuffle z of both anatomy metrics. */
export interface ModularityPoint {
  /** The row it belongs to, e.g. "bimt λ 1e-5". */
  config: string;
  reg: string;
  label: string;
  isolatedZ: number;
  isolatedP: number;
  spreadZ: number;
  spreadP: number;
}

const BAND = 1.96;

/** Two panels (isolated fraction, cluster spread) of z per run, one row per configuration in first-seen order. */
export function modularityZSvg(points: readonly ModularityPoint[]): string {
  const title = "anatomical modularity: z against the label shuffles";
  if (points.length === 0) return svgDoc(420, 50, text(10, 30, `${title}: no analysed runs`), title);
  const configs = [...new Set(points.map((p) => p.config))];
  const zs = points.flatMap((p) => [p.isolatedZ, p.spreadZ]).filter(Number.isFinite);
  const lim = Math.ceil(Math.max(3, ...zs.map(Math.abs)));
  const rowH = 26,
    labelW = 130,
    panelW = 250,
    gap = 40,
    top = 66;
  const bottom = top + configs.length * rowH;
  const panels: { name: string; z: (p: ModularityPoint) => number; p: (p: ModularityPoint) => number }[] = [
    { name: "isolated fraction", z: (p) => p.isolatedZ, p: (p) => p.isolatedP },
    { name: "cluster spread", z: (p) => p.spreadZ, p: (p) => p.spreadP },
  ];
  const parts: string[] = [];
  panels.forEach((panel, k) => {
    const left = labelW + k * (panelW + gap);
    const f: Frame = { left, right: left + panelW, top, bottom };
    const x = linearScale(-lim, lim, f.left, f.right);
    parts.push(
      `<rect x="${px(x(-BAND))}" y="${top}" width="${px(x(BAND) - x(-BAND))}" height="${bottom - top}" fill="#f0f0f0"/>`,
    );
    parts.push(axes(x, linearScale(0, 1, bottom, top, 0), f, `z (${panel.name})`, ""));
    parts.push(
      `<line x1="${px(x(0))}" y1="${top}" x2="${px(x(0))}" y2="${bottom}" stroke="#999" stroke-dasharray="3 3"/>`,
    );
    parts.push(text((f.left + f.right) / 2, top - 8, panel.name, `text-anchor="middle" font-weight="bold"`));
    configs.forEach((config, row) => {
      const mine = points.filter((p) => p.config === config);
      mine.forEach((p, i) => {
        const z = panel.z(p);
        if (!Number.isFinite(z)) return;
        const cx = x(Math.max(-lim, Math.min(lim, z)));
        // seeds of one row side by side vertically, so equal z values stay visible
        const cy = top + row * rowH + rowH / 2 + (i - (mine.length - 1) / 2) * 5;
        const colour = REG_COLOURS[p.reg] ?? "#555";
        const significant = panel.p(p) <= 0.05;
        parts.push(
          `<circle cx="${px(cx)}" cy="${px(cy)}" r="4" fill="${significant ? colour : "white"}" stroke="${colour}" stroke-width="1.5">` +
            `<title>${esc(`${p.label}: ${panel.name} z ${fmt(z)}, p ${fmt(panel.p(p))}`)}</title></circle>`,
        );
      });
    });
  });
  configs.forEach((config, row) =>
    parts.push(text(labelW - 12, top + row * rowH + rowH / 2 + 4, config, `text-anchor="end"`)),
  );
  parts.push(
    text(10, 18, title, `font-weight="bold"`),
    text(10, 34, `one dot per run; filled: p ≤ 0.05; grey: |z| < ${BAND}; left of 0: more modular than chance`),
  );
  return svgDoc(labelW + 2 * panelW + gap + 20, bottom + 44, parts.join(""), title);
}
