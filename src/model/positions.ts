// Where the hidden neurons sit (docs/spec.md §6.4, docs/geometry.md): the Positions value — coordinates, the distance
// metric of the connection cost, the neighbourhood and lattice coordinates of the anatomy metrics — its three
// constructors (line, grid, user points) and the distance matrix D.
import { showValue } from "../io/show-value.js";

/** How distances between neurons are measured: ℓ1 (the paper's) or Euclidean. */
export const DISTANCE_METRICS = ["l1", "euclidean"] as const;
/** A distance metric: "l1" or "euclidean". */
export type DistanceMetric = (typeof DISTANCE_METRICS)[number];
/** Dimension of a neuron layout. */
export type Dimension = 1 | 2 | 3;

/**
 * Positions of n hidden neurons in d dimensions, and what the metrics of docs/spec.md §5 need. Build one with
 * linePositions, gridPositions or pointPositions (or positionsOf a config Geometry); treat it as read-only.
 */
export interface Positions {
  /** Number of neurons (cells). */
  readonly n: number;
  /** Dimension: 1, 2 or 3. */
  readonly d: Dimension;
  /** n×d row-major: coords[i*d + k] = coordinate k of cell i (= lattice / unit). */
  readonly coords: Float64Array;
  /** The metric of the distance matrix D. */
  readonly metric: DistanceMetric;
  /**
   * n×d lattice coordinates, the units the cluster spread is measured in: (row, col) on a grid, the index on a line,
   * the coordinates themselves for user points.
   */
  readonly lattice: Float64Array;
  /** Per-dimension divisor, coords = lattice / unit: [rows, cols] on a grid, [n] on a line, ones for points. */
  readonly unit: Float64Array;
  /** Neighbours of cell i: neighbourList[neighbourStart[i] … neighbourStart[i+1]) (length n + 1). */
  readonly neighbourStart: Int32Array;
  /** All neighbour lists, concatenated (ascending cell order within each list for points and lines). */
  readonly neighbourList: Int32Array;
}

/** Largest number of hidden neurons a geometry holds. */
export const MAX_HIDDEN = 4096;
/**
 * User points: j is a neighbour of i when their distance is at most NEIGHBOUR_FACTOR × the median over all points of
 * the distance to the nearest other point (docs/geometry.md). 1.5 gives the 8-neighbourhood of a square lattice
 * under the Euclidean metric (diagonals at √2 ≈ 1.41 < 1.5 < 2) and its 4-neighbourhood under ℓ1 (diagonals at 2).
 */
export const NEIGHBOUR_FACTOR = 1.5;

/** A bad geometry value: `field` names it, `allowed` says what would be accepted. */
export class GeometryError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: ${showValue(value)} — ${allowed}`);
    this.name = "GeometryError";
  }
}

function checkCount(field: string, v: unknown, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min)
    throw new GeometryError(field, v, `must be an integer ≥ ${min}`);
}

/** n neurons on a line: cell i at i/n, neighbours i ± 1, lattice coordinate i, ℓ1 distance |i − j|/n. */
export function linePositions(n: number): Positions {
  checkCount("n", n, 1);
  const lattice = Float64Array.from({ length: n }, (_, i) => i);
  const start = new Int32Array(n + 1),
    list: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) list.push(i - 1);
    if (i < n - 1) list.push(i + 1);
    start[i + 1] = list.length;
  }
  return make(1, "l1", lattice, Float64Array.of(n), start, Int32Array.from(list));
}

/**
 * A rows×cols grid: cell i at row ⌊i/cols⌋, column i mod cols, coordinates (row/rows, col/cols), ℓ1 distance,
 * 8-neighbourhood without wrap-around, lattice coordinates (row, col).
 */
export function gridPositions(rows: number, cols: number): Positions {
  checkCount("rows", rows, 1);
  checkCount("cols", cols, 1);
  const n = rows * cols;
  const lattice = new Float64Array(2 * n);
  const start = new Int32Array(n + 1),
    list: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / cols),
      c = i % cols;
    ((lattice[2 * i] = r), (lattice[2 * i + 1] = c));
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr,
          cc = c + dc;
        if ((dr || dc) && rr >= 0 && rr < rows && cc >= 0 && cc < cols) list.push(rr * cols + cc);
      }
    }
    start[i + 1] = list.length;
  }
  return make(2, "l1", lattice, Float64Array.of(rows, cols), start, Int32Array.from(list));
}

/**
 * An x×y×z lattice (seRNN's 5×5×4, docs/geometry.md): cell i = (k·y + j)·x + l sits at integer coordinates
 * (l, j, k) — unit spacing, as in seRNN — under `metric` (Euclidean by default, as seRNN); neighbours are the 26
 * cells of the 3×3×3 block around it (no wrap-around), the 3D analogue of the grid's 8-neighbourhood. The spread is
 * measured in the same lattice units.
 */
export function latticePositions(x: number, y: number, z: number, metric: DistanceMetric = "euclidean"): Positions {
  checkCount("x", x, 1);
  checkCount("y", y, 1);
  checkCount("z", z, 1);
  if (!DISTANCE_METRICS.includes(metric))
    throw new GeometryError("metric", metric, `allowed: ${DISTANCE_METRICS.join(", ")}`);
  const n = x * y * z;
  const lattice = new Float64Array(3 * n);
  const start = new Int32Array(n + 1),
    list: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = i % x,
      j = Math.floor(i / x) % y,
      k = Math.floor(i / (x * y));
    lattice.set([l, j, k], 3 * i);
    for (let dk = -1; dk <= 1; dk++)
      for (let dj = -1; dj <= 1; dj++)
        for (let dl = -1; dl <= 1; dl++) {
          const [ll, jj, kk] = [l + dl, j + dj, k + dk];
          if ((dl || dj || dk) && ll >= 0 && ll < x && jj >= 0 && jj < y && kk >= 0 && kk < z)
            list.push((kk * y + jj) * x + ll);
        }
    start[i + 1] = list.length;
  }
  return make(3, metric, lattice, Float64Array.of(1, 1, 1), start, Int32Array.from(list));
}

/**
 * The problem with user points, or null: d in 1…3, a known metric, finite coordinates, a length that is a multiple
 * of d, 2 … MAX_HIDDEN points, no two at the same place. Fields are named `d`, `metric`, `coords` and `coords[i]`.
 */
export function pointsIssue(coords: ArrayLike<unknown>, d: unknown, metric: unknown): GeometryError | null {
  if (d !== 1 && d !== 2 && d !== 3) return new GeometryError("d", d, "allowed: 1, 2, 3");
  if (!DISTANCE_METRICS.includes(metric as DistanceMetric))
    return new GeometryError("metric", metric, `allowed: ${DISTANCE_METRICS.join(", ")}`);
  for (let i = 0; i < coords.length; i++) {
    const x = coords[i];
    if (typeof x !== "number" || !Number.isFinite(x))
      return new GeometryError(`coords[${i}]`, x, "must be a finite number");
  }
  const what = `${coords.length} numbers`;
  if (coords.length % d !== 0)
    return new GeometryError(
      "coords",
      what,
      `the length must be a multiple of d = ${d} (n·d numbers, point i at coords[i·d … i·d + d − 1])`,
    );
  const n = coords.length / d;
  if (n < 2 || n > MAX_HIDDEN) return new GeometryError("coords", `${n} points`, `must hold 2 to ${MAX_HIDDEN} points`);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = Array.from({ length: d }, (_, k) => coords[i * d + k] as number);
    const key = p.map(String).join(",");
    const j = seen.get(key);
    if (j !== undefined)
      return new GeometryError(`coords[${i * d}]`, p, `points must be distinct (points ${j} and ${i} coincide)`);
    seen.set(key, i);
  }
  return null;
}

/**
 * User-supplied positions: n = coords.length / d points (point i at coords[i·d … i·d + d − 1]) with the given metric.
 * Lattice coordinates are the coordinates; neighbours as NEIGHBOUR_FACTOR says. Throws a GeometryError (pointsIssue).
 */
export function pointPositions(
  coords: ArrayLike<number>,
  d: Dimension,
  metric: DistanceMetric = "euclidean",
): Positions {
  const issue = pointsIssue(coords, d, metric);
  if (issue) throw issue;
  const lattice = Float64Array.from(coords);
  const n = lattice.length / d;
  const unit = new Float64Array(d).fill(1);
  const dist = (i: number, j: number) => pairDistance(lattice, unit, d, metric, i, j);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) nearest[i] = Math.min(nearest[i], dist(i, j));
  const sorted = nearest.slice().sort();
  const radius = NEIGHBOUR_FACTOR * sorted[(n - 1) >> 1];
  const start = new Int32Array(n + 1),
    list: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (j !== i && dist(i, j) <= radius) list.push(j);
    start[i + 1] = list.length;
  }
  return make(d, metric, lattice, unit, start, Int32Array.from(list));
}

function make(
  d: Dimension,
  metric: DistanceMetric,
  lattice: Float64Array,
  unit: Float64Array,
  neighbourStart: Int32Array,
  neighbourList: Int32Array,
): Positions {
  const n = lattice.length / d;
  const coords = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) coords[i * d + k] = lattice[i * d + k] / unit[k];
  return { n, d, coords, metric, lattice, unit, neighbourStart, neighbourList };
}

/** Distance from lattice differences divided by the unit (so a grid's is |Δrow|/rows + |Δcol|/cols exactly). */
function pairDistance(
  lattice: Float64Array,
  unit: Float64Array,
  d: number,
  metric: DistanceMetric,
  i: number,
  j: number,
): number {
  if (metric === "l1") {
    let s = Math.abs(lattice[i * d] - lattice[j * d]) / unit[0];
    for (let k = 1; k < d; k++) s += Math.abs(lattice[i * d + k] - lattice[j * d + k]) / unit[k];
    return s;
  }
  let s = 0;
  for (let k = 0; k < d; k++) {
    const x = (lattice[i * d + k] - lattice[j * d + k]) / unit[k];
    s += x * x;
  }
  return Math.sqrt(s);
}

/** Checks that `p` is a consistent Positions value; throws a GeometryError naming `field` otherwise. */
export function validatePositions(p: Positions, field = "positions"): void {
  const ok =
    typeof p === "object" &&
    p !== null &&
    Number.isInteger(p.n) &&
    p.n >= 1 &&
    (p.d === 1 || p.d === 2 || p.d === 3) &&
    DISTANCE_METRICS.includes(p.metric) &&
    p.coords instanceof Float64Array &&
    p.coords.length === p.n * p.d &&
    p.lattice instanceof Float64Array &&
    p.lattice.length === p.n * p.d &&
    p.unit instanceof Float64Array &&
    p.unit.length === p.d &&
    p.neighbourStart instanceof Int32Array &&
    p.neighbourStart.length === p.n + 1 &&
    p.neighbourList instanceof Int32Array;
  if (!ok)
    throw new GeometryError(
      field,
      p,
      "must be a Positions value from linePositions, gridPositions, pointPositions or positionsOf",
    );
}

/** The neighbours of one cell (a view into p.neighbourList). */
export function neighboursOf(p: Positions, cell: number): Int32Array {
  return p.neighbourList.subarray(p.neighbourStart[cell], p.neighbourStart[cell + 1]);
}

/**
 * Where figures draw each cell, x0, y0, x1, y1, …: the first two coordinates (y = 0 in 1D; a 3D layout seen from
 * above). With `layers` (a 3D lattice's depth z), layer k is drawn as its own panel, shifted right by k·(width + 1).
 */
export function planarCoords(p: Positions, layers = 0): number[] {
  const out: number[] = [];
  let width = 0;
  if (layers > 0) for (let i = 0; i < p.n; i++) width = Math.max(width, p.coords[i * p.d]);
  for (let i = 0; i < p.n; i++) {
    const shift = layers > 0 && p.d === 3 ? p.coords[i * 3 + 2] * (width + 2) : 0;
    out.push(p.coords[i * p.d] + shift, p.d > 1 ? p.coords[i * p.d + 1] : 0);
  }
  return out;
}

/**
 * D[i*n + j] = distance between cells i and j under p.metric (docs/spec.md §6.4). On a grid that is
 * |Δrow|/rows + |Δcol|/cols, on a line |i − j|/n.
 */
export function distanceMatrix(p: Positions): Float64Array {
  validatePositions(p);
  const { n, d } = p;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) D[i * n + j] = pairDistance(p.lattice, p.unit, d, p.metric, i, j);
  return D;
}
