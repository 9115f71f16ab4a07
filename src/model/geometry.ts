// The single home of neuron positions (docs/geometry.md): the JSON-serializable Geometry a config holds, and from it
// the Positions every consumer reads (distances, neighbourhoods, lattice coordinates); see positions.ts.
import {
  gridPositions,
  linePositions,
  pointPositions,
  type DistanceMetric,
  type Dimension,
  type Positions,
} from "./positions.js";

export {
  DISTANCE_METRICS,
  GeometryError,
  MAX_HIDDEN,
  NEIGHBOUR_FACTOR,
  distanceMatrix,
  gridPositions,
  linePositions,
  neighboursOf,
  planarCoords,
  pointPositions,
  pointsIssue,
  validatePositions,
} from "./positions.js";
export type { Dimension, DistanceMetric, Positions } from "./positions.js";

/**
 * Where the hidden neurons sit, as configs and checkpoints store it: a rows×cols grid, a line of n, or user points
 * (n·d numbers, point i at coords[i·d … i·d + d − 1], distances under `metric`).
 */
export type Geometry =
  | { kind: "grid"; rows: number; cols: number }
  | { kind: "line"; n: number }
  | { kind: "points"; d: Dimension; coords: number[]; metric: DistanceMetric };

/** Number of hidden neurons of a geometry. */
export function hiddenCount(g: Geometry): number {
  return g.kind === "grid" ? g.rows * g.cols : g.kind === "line" ? g.n : g.coords.length / g.d;
}

/** "20x20", "line 400" or "64 points in 3D (euclidean)". */
export function formatGeometry(g: Geometry): string {
  if (g.kind === "grid") return `${g.rows}x${g.cols}`;
  if (g.kind === "line") return `line ${g.n}`;
  return `${hiddenCount(g)} points in ${g.d}D (${g.metric})`;
}

/** The Positions of a geometry (throws a GeometryError for an invalid one). */
export function positionsOf(g: Geometry): Positions {
  if (g.kind === "grid") return gridPositions(g.rows, g.cols);
  if (g.kind === "line") return linePositions(g.n);
  return pointPositions(g.coords, g.d, g.metric);
}
