// Colour scales for the SVG pictures: a viridis-like sequential map (piecewise linear between a few anchor colours
// of matplotlib's viridis, which is perceptually ordered) and a cyclic hue scale for the 16 ring directions.

/** Anchor colours of the sequential map at 0, 1/8, …, 1. */
export const SEQUENTIAL_ANCHORS: readonly string[] = [
  "#440154",
  "#472d7b",
  "#3b528b",
  "#2c728e",
  "#21918c",
  "#28ae80",
  "#5ec962",
  "#addc30",
  "#fde725",
];

type Rgb = [number, number, number];

const parseHex = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;

export function toHex([r, g, b]: readonly number[]): string {
  return (
    "#" +
    [r, g, b]
      .map((v) =>
        Math.round(Math.min(255, Math.max(0, v)))
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")
  );
}

/** Piecewise-linear interpolation (in sRGB) between evenly spaced anchor colours, u ∈ [0, 1] clamped. */
export function ramp(anchors: readonly string[]): (u: number) => string {
  const rgb = anchors.map(parseHex);
  return (u: number) => {
    const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * (rgb.length - 1);
    const i = Math.min(rgb.length - 2, Math.floor(x));
    const f = x - i;
    return toHex([0, 1, 2].map((k) => rgb[i][k] + f * (rgb[i + 1][k] - rgb[i][k])));
  };
}

/** Sequential colour of u ∈ [0, 1] (values outside are clamped). */
export const sequential: (u: number) => string = ramp(SEQUENTIAL_ANCHORS);

/** RGB (0–255) of an HSL colour, h in degrees, s and l in [0, 1]. */
function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = (((h % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b]: Rgb =
    hp < 1 ? [c, x, 0] : hp < 2 ? [x, c, 0] : hp < 3 ? [0, c, x] : hp < 4 ? [0, x, c] : hp < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/** Colour of ring direction k of n (0-based), evenly spaced around the hue circle so that k and k ± 1 look alike. */
export function cyclic(k: number, n: number): string {
  return toHex(hsl((360 * k) / n, 0.65, 0.6));
}

/** Black or white, whichever reads better on the given background. */
export function textOn(hex: string): string {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? "#000000" : "#ffffff";
}
