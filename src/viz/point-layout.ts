// User-point layouts on the page: the first two coordinates of every neuron (y = 0 in 1D) scaled into the unit
// square, keeping their aspect ratio, for the figures that draw hidden neurons where they sit.

/** Planar positions in [0, 1]² (y down on the page) and `span` = drawn height / width of the box (0 for 1D). */
export interface PointLayout {
  /** 2·n numbers: x0, y0, x1, y1, … */
  xy: Float64Array;
  span: number;
}

/**
 * Scales points given as 2·n numbers (x0, y0, x1, y1, …) into [0, 1]²: both axes by the larger extent, so shapes
 * keep their proportions. One point, or all at one place: every point at the origin.
 */
export function fitPoints(xy: ArrayLike<number>): PointLayout {
  const n = xy.length >> 1;
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    ((x0 = Math.min(x0, xy[2 * i])), (x1 = Math.max(x1, xy[2 * i])));
    ((y0 = Math.min(y0, xy[2 * i + 1])), (y1 = Math.max(y1, xy[2 * i + 1])));
  }
  const s = Math.max(x1 - x0, y1 - y0) || 1;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) ((out[2 * i] = (xy[2 * i] - x0) / s), (out[2 * i + 1] = (xy[2 * i + 1] - y0) / s));
  return { xy: out, span: n ? (y1 - y0) / s : 0 };
}
