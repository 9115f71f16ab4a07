// The single home of neuron positions (docs/geometry.md): the JSON-serializable Geometry a config holds, and from it
// the Positions every consumer reads (distances, neighbourhoods, lattice coordinates); see positions.ts.
import {
  gridPositions,
  latticePositions,
  linePositions,
  planarCoords,
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
  latticePositions,
  linePositions,
  neighboursOf,
  planarCoords,
  pointPositions,
  pointsIssue,
  validatePositions,
} from "./positions.js";
export type { Dimension, DistanceMetric, Positions } from "./positions.js";

/**
 * Where the hidden neurons sit, as configs and checkpoints store it: a rows×cols grid, a line of n, an x×y×z
 * lattice (unit spacing), or user points (n·d numbers, point i at coords[i·d … i·d + d − 1], distances under
 * `metric`).
 */
export type Geometry =
  | { kind: "grid"; rows: number; cols: number }
  | { kind: "line"; n: number }
  | { kind: "lattice"; x: number; y: number; z: number; metric: DistanceMetric }
  | { kind: "points"; d: Dimension; coords: number[]; metric: DistanceMetric };

/** Number of hidden neurons of a geometry. */
export function hiddenCount(g: Geometry): number {
  if (g.kind === "grid") return g.rows * g.cols;
  if (g.kind === "line") return g.n;
  if (g.kind === "lattice") return g.x * g.y * g.z;
  return g.coords.length / g.d;
}

/** "20x20", "line 400", "5x5x4 lattice (euclidean)" or "64 points in 3D (euclidean)". */
export function formatGeometry(g: Geometry): string {
  if (g.kind === "grid") return `${g.rows}x${g.cols}`;
  if (g.kind === "line") return `line ${g.n}`;
  if (g.kind === "lattice") return `${g.x}x${g.y}x${g.z} lattice (${g.metric})`;
  return `${hiddenCount(g)} points in ${g.d}D (${g.metric})`;
}

/** The Positions of a geometry (throws a GeometryError for an invalid one). */
export function positionsOf(g: Geometry): Positions {
  if (g.kind === "grid") return gridPositions(g.rows, g.cols);
  if (g.kind === "line") return linePositions(g.n);
  if (g.kind === "lattice") return latticePositions(g.x, g.y, g.z, g.metric);
  return pointPositions(g.coords, g.d, g.metric);
}

/** Where figures draw each cell (planarCoords): a lattice's layers side by side, other layouts as they are. */
export function figureCoords(g: Geometry): number[] {
  return planarCoords(positionsOf(g), g.kind === "lattice" ? g.z : 0);
}
