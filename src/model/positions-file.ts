// Neuron coordinates from a file's text (docs/geometry.md, "Positions from a file"): JSON or CSV, one row per neuron,
// 1–3 numbers per row. Platform-free: the caller reads the file (the CLI with node:fs, a page with fetch).
import { GeometryError, pointsIssue, type Dimension, type DistanceMetric } from "./positions.js";

/** The formats parsePositions reads. */
export const POSITION_FORMATS = ["json", "csv"] as const;
/** "json" or "csv". */
export type PositionFormat = (typeof POSITION_FORMATS)[number];

/** The `points` Geometry a positions file describes. */
export interface PointsGeometry {
  kind: "points";
  d: Dimension;
  coords: number[];
  metric: DistanceMetric;
}

/** "json" for a name ending in .json, "csv" for .csv (case-insensitive), else null. */
export function positionFormatOf(name: string): PositionFormat | null {
  const m = /\.(json|csv)$/i.exec(name);
  return m ? (m[1].toLowerCase() as PositionFormat) : null;
}

function rowsFromJson(text: string): unknown[][] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new GeometryError("positions", "the file", `must be JSON: ${(e as Error).message}`);
  }
  const rows = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as { positions?: unknown }).positions : v;
  if (!Array.isArray(rows))
    throw new GeometryError("positions", v, 'must be a list of rows, [[x, y, z], …], or {"positions": [[…], …]}');
  return rows.map((r, i) => {
    if (typeof r === "number") return [r];
    if (!Array.isArray(r)) throw new GeometryError(`positions[${i}]`, r, "must be a list of 1 to 3 numbers");
    return r;
  });
}

function rowsFromCsv(text: string): unknown[][] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const rows: unknown[][] = [];
  lines.forEach((line, i) => {
    if (line === "" || line.startsWith("#")) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    const nums = cells.map((c) => (c === "" ? NaN : Number(c)));
    // A first line that is not numbers at all is a header (x,y,z).
    if (rows.length === 0 && nums.every((x) => Number.isNaN(x))) return;
    rows.push(nums.map((x, k) => (Number.isFinite(x) ? x : `line ${i + 1}: "${cells[k]}"`)));
  });
  return rows;
}

/**
 * A points Geometry from the text of a positions file: one row per neuron (neuron i = row i), each 1, 2 or 3
 * numbers, the same count in every row. JSON: `[[x, y, z], …]` (or `[x, …]` in 1D, or `{"positions": …}`); CSV:
 * comma-, semicolon- or tab-separated, an optional header line, blank lines and `#` comments skipped. Throws a
 * GeometryError naming the row (`positions[i]`) and what is allowed.
 */
export function parsePositions(
  text: string,
  format: PositionFormat,
  metric: DistanceMetric = "euclidean",
): PointsGeometry {
  if (!POSITION_FORMATS.includes(format))
    throw new GeometryError("format", format, `allowed: ${POSITION_FORMATS.join(", ")}`);
  const rows = format === "json" ? rowsFromJson(text) : rowsFromCsv(text);
  if (rows.length === 0) throw new GeometryError("positions", "no rows", "must hold one row per neuron");
  const d = rows[0].length;
  if (d < 1 || d > 3)
    throw new GeometryError("positions[0]", rows[0], "must have 1, 2 or 3 coordinates (one row per neuron)");
  const coords: number[] = [];
  rows.forEach((r, i) => {
    if (r.length !== d) throw new GeometryError(`positions[${i}]`, r, `must have ${d} coordinates, like the first row`);
    for (const x of r) {
      if (typeof x !== "number" || !Number.isFinite(x))
        throw new GeometryError(`positions[${i}]`, r, "must hold finite numbers");
      coords.push(x);
    }
  });
  const issue = pointsIssue(coords, d, metric);
  if (issue) {
    // Name the row for coordinate-level problems (coincident points).
    const m = /^coords\[(\d+)\]$/.exec(issue.field);
    throw m
      ? new GeometryError(`positions[${Math.floor(Number(m[1]) / d)}]`, issue.value, issue.allowed)
      : new GeometryError("positions", issue.value, issue.allowed);
  }
  return { kind: "points", d: d as Dimension, coords, metric };
}
