// Positions: the line and grid constructors reproduce the pre-Positions formulas bit for bit (distance matrix,
// neighbourhoods, checkpoint coordinates, cluster spread, the shuffle reference); user points get the documented
// neighbourhood, distances and validation; Geometry ↔ Positions.
import { describe, expect, it } from "vitest";
import { clusterSpread, isolatedFraction } from "../../src/analysis/anatomy.js";
import { shuffleSeriesReference } from "../../src/analysis/shuffle-engine.js";
import {
  distanceMatrix,
  formatGeometry,
  GeometryError,
  gridPositions,
  hiddenCount,
  linePositions,
  MAX_HIDDEN,
  NEIGHBOUR_FACTOR,
  neighboursOf,
  pointPositions,
  pointsIssue,
  positionsOf,
  validatePositions,
  type Geometry,
  type Positions,
} from "../../src/model/geometry.js";
import { Rng } from "../../src/tasks/rng.js";

// ---- the formulas as they were before Positions (copied from src/model/geometry.ts, src/analysis/anatomy.ts,
// src/train/checkpoint.ts and src/analysis/shuffle-engine.ts at commit 0cdfa0d) ----
type OldGrid = readonly [number, number] | { readonly line: number };
function oldDistanceMatrix(grid: OldGrid): Float64Array {
  const n = Array.isArray(grid) ? grid[0] * grid[1] : (grid as { line: number }).line;
  const D = new Float64Array(n * n);
  if (Array.isArray(grid)) {
    const [rows, cols] = grid;
    for (let i = 0; i < n; i++) {
      const ri = Math.floor(i / cols),
        ci = i % cols;
      for (let j = 0; j < n; j++) {
        const rj = Math.floor(j / cols),
          cj = j % cols;
        D[i * n + j] = Math.abs(ri - rj) / rows + Math.abs(ci - cj) / cols;
      }
    }
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[i * n + j] = Math.abs(i - j) / n;
  }
  return D;
}
type OldGeometry = { kind: "grid"; rows: number; cols: number } | { kind: "line"; n: number };
function oldNeighbours(cell: number, g: OldGeometry): number[] {
  const out: number[] = [];
  if (g.kind === "line") {
    if (cell > 0) out.push(cell - 1);
    if (cell < g.n - 1) out.push(cell + 1);
    return out;
  }
  const r = Math.floor(cell / g.cols),
    c = cell % g.cols;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const rr = r + dr,
        cc = c + dc;
      if ((dr || dc) && rr >= 0 && rr < g.rows && cc >= 0 && cc < g.cols) out.push(rr * g.cols + cc);
    }
  }
  return out;
}
function oldPosition(cell: number, g: OldGeometry): [number, number] {
  return g.kind === "line" ? [0, cell] : [Math.floor(cell / g.cols), cell % g.cols];
}
function oldClusterSpread(labels: Int32Array, g: OldGeometry): number {
  const acc = new Map<number, { n: number; r: number; c: number; rr: number; cc: number }>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    const [r, c] = oldPosition(i, g);
    const a = acc.get(labels[i]) ?? { n: 0, r: 0, c: 0, rr: 0, cc: 0 };
    (a.n++, (a.r += r), (a.c += c), (a.rr += r * r), (a.cc += c * c));
    acc.set(labels[i], a);
  }
  if (acc.size === 0) return 0;
  let s = 0;
  for (const a of acc.values()) s += a.rr / a.n - (a.r / a.n) ** 2 + a.cc / a.n - (a.c / a.n) ** 2;
  return s / acc.size;
}
function oldIsolatedFraction(labels: Int32Array, g: OldGeometry): number {
  let important = 0,
    isolated = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    important++;
    if (!oldNeighbours(i, g).some((j) => labels[j] === labels[i])) isolated++;
  }
  return important ? isolated / important : 0;
}
function oldCellCoordinates(g: OldGeometry): Float32Array {
  const n = g.kind === "grid" ? g.rows * g.cols : g.n;
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (g.kind === "grid") {
      xy[2 * i] = Math.floor(i / g.cols) / g.rows;
      xy[2 * i + 1] = (i % g.cols) / g.cols;
    } else xy[2 * i] = i / g.n;
  }
  return xy;
}
const mix32 = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};
function oldShuffleSeries(labels: Int32Array, g: OldGeometry, count: number, seed: number): Float64Array {
  const cells: number[] = [];
  labels.forEach((l, i) => l >= 0 && cells.push(i));
  const index = new Map(cells.map((c, j) => [c, j]));
  const nbOff = new Int32Array(cells.length + 1);
  const nbList: number[] = [];
  cells.forEach((c, j) => {
    for (const x of oldNeighbours(c, g)) if (index.has(x)) nbList.push(index.get(x)!);
    nbOff[j + 1] = nbList.length;
  });
  const lab = Int32Array.from(cells.map((c) => labels[c]));
  const m = cells.length,
    k = lab.length ? Math.max(...lab) + 1 : 0;
  const row = cells.map((c) => oldPosition(c, g)[0]),
    col = cells.map((c) => oldPosition(c, g)[1]);
  const out = new Float64Array(2 * count),
    perm = new Int32Array(m),
    acc = new Float64Array(5 * k);
  for (let s = 0; s < count; s++) {
    perm.set(lab);
    const key = mix32((seed ^ mix32((Math.imul(s, 0x9e3779b9) + 0x632be5ab) >>> 0)) >>> 0);
    for (let i = m - 1; i > 0; i--) {
      const h = mix32((key + Math.imul(i, 0x85ebca77)) >>> 0);
      const j = Math.floor((h * (i + 1)) / 4294967296);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    let iso = 0;
    for (let j = 0; j < m; j++) {
      let alone = 1;
      for (let q = nbOff[j]; q < nbOff[j + 1]; q++)
        if (perm[nbList[q]] === perm[j]) {
          alone = 0;
          break;
        }
      iso += alone;
    }
    acc.fill(0);
    for (let j = 0; j < m; j++) {
      const a = 5 * perm[j],
        r = row[j],
        c = col[j];
      ((acc[a] += 1), (acc[a + 1] += r), (acc[a + 2] += c), (acc[a + 3] += r * r), (acc[a + 4] += c * c));
    }
    let spread = 0,
      used = 0;
    for (let q = 0; q < k; q++) {
      const n = acc[5 * q];
      if (n === 0) continue;
      used++;
      const mr = acc[5 * q + 1] / n,
        mc = acc[5 * q + 2] / n;
      spread += acc[5 * q + 3] / n - mr * mr + acc[5 * q + 4] / n - mc * mc;
    }
    out[2 * s] = m > 0 ? iso / m : 0;
    out[2 * s + 1] = used > 0 ? spread / used : 0;
  }
  return out;
}
// ---- end of the old formulas ----

const OLD_LAYOUTS: OldGeometry[] = [
  { kind: "grid", rows: 20, cols: 20 },
  { kind: "grid", rows: 7, cols: 9 },
  { kind: "grid", rows: 1, cols: 5 },
  { kind: "grid", rows: 6, cols: 1 },
  { kind: "grid", rows: 3, cols: 13 },
  { kind: "line", n: 1 },
  { kind: "line", n: 50 },
  { kind: "line", n: 400 },
];
const oldGridOf = (g: OldGeometry): OldGrid => (g.kind === "grid" ? [g.rows, g.cols] : { line: g.n });
const cellsOf = (g: OldGeometry) => (g.kind === "grid" ? g.rows * g.cols : g.n);
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`entry ${i}: ${a[i]} vs ${b[i]}`);
};
function randomLabels(n: number, k: number, pUnimportant: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  return new Int32Array(n).map(() => (rng.uniform() < pUnimportant ? -1 : rng.int(k)));
}

describe("line and grid positions = the old formulas, bit for bit", () => {
  for (const g of OLD_LAYOUTS) {
    const label = g.kind === "grid" ? `${g.rows}×${g.cols} grid` : `line of ${g.n}`;
    it(`${label}: distance matrix, neighbourhoods, checkpoint coordinates`, () => {
      const p = positionsOf(g);
      expect(p.n).toBe(cellsOf(g));
      expect(p.d).toBe(g.kind === "grid" ? 2 : 1);
      expect(p.metric).toBe("l1");
      sameBits(distanceMatrix(p), oldDistanceMatrix(oldGridOf(g)));
      for (let i = 0; i < p.n; i++) expect(Array.from(neighboursOf(p, i))).toEqual(oldNeighbours(i, g));
      // the coordinates tensor: a grid's is unchanged; a line's is now [n, 1], the old [n, 2]'s first column
      const old = oldCellCoordinates(g),
        now = Float32Array.from(p.coords);
      sameBits(now, g.kind === "grid" ? old : old.filter((_, k) => k % 2 === 0));
    });

    it(`${label}: isolated fraction, cluster spread and the shuffle series`, () => {
      const p = positionsOf(g);
      for (const [k, pu, seed] of [
        [1, 0, 1],
        [3, 0.3, 2],
        [6, 0.7, 3],
        [2, 1, 4],
      ] as const) {
        const labels = randomLabels(p.n, k, pu, seed);
        expect(Object.is(isolatedFraction(labels, p), oldIsolatedFraction(labels, g))).toBe(true);
        expect(Object.is(clusterSpread(labels, p), oldClusterSpread(labels, g))).toBe(true);
        sameBits(shuffleSeriesReference(labels, p, 97, seed), oldShuffleSeries(labels, g, 97, seed));
      }
    });
  }
});

describe("constructors", () => {
  it("line and grid: coordinates, lattice, unit", () => {
    const l = linePositions(4);
    expect(Array.from(l.coords)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(l.lattice)).toEqual([0, 1, 2, 3]);
    const g = gridPositions(2, 3);
    expect(Array.from(g.coords)).toEqual([0, 0, 0, 1 / 3, 0, 2 / 3, 0.5, 0, 0.5, 1 / 3, 0.5, 2 / 3]);
    expect(Array.from(g.lattice)).toEqual([0, 0, 0, 1, 0, 2, 1, 0, 1, 1, 1, 2]);
    expect(Array.from(g.unit)).toEqual([2, 3]);
  });

  it("bad sizes name the argument", () => {
    expect(() => gridPositions(0, 3)).toThrow(/^rows: 0 — must be an integer ≥ 1$/);
    expect(() => gridPositions(2, 1.5)).toThrow(/^cols: 1\.5 — must be an integer ≥ 1$/);
    expect(() => linePositions(-1)).toThrow(/^n: -1 — must be an integer ≥ 1$/);
    expect(() => validatePositions({ n: 3 } as unknown as Positions)).toThrow(GeometryError);
  });

  it("points: the coordinates as given, distances under the metric", () => {
    const coords = [0, 0, 0, 3, 4, 0, 1, 1, 1];
    const e = pointPositions(coords, 3, "euclidean"),
      m = pointPositions(coords, 3, "l1");
    expect(Array.from(e.coords)).toEqual(coords);
    expect(Array.from(e.lattice)).toEqual(coords);
    const De = distanceMatrix(e),
      Dm = distanceMatrix(m);
    expect(De[1]).toBe(5);
    expect(Dm[1]).toBe(7);
    expect(De[2]).toBeCloseTo(Math.sqrt(3), 15);
    expect(Dm[2]).toBe(3);
    expect(De[1 * 3 + 2]).toBeCloseTo(Math.sqrt(4 + 9 + 1), 15);
    for (let i = 0; i < 3; i++) {
      expect(De[i * 4]).toBe(0);
      for (let j = 0; j < 3; j++) expect(De[i * 3 + j]).toBe(De[j * 3 + i]);
    }
  });

  it("points: neighbours within NEIGHBOUR_FACTOR × the median nearest-neighbour distance", () => {
    expect(NEIGHBOUR_FACTOR).toBe(1.5);
    // a square lattice as points: the 8-neighbourhood under Euclidean distance, the 4-neighbourhood under ℓ1
    const lattice = Array.from({ length: 25 }, (_, i) => [Math.floor(i / 5), i % 5]).flat();
    const euclid = pointPositions(lattice, 2, "euclidean"),
      l1 = pointPositions(lattice, 2, "l1");
    const grid = gridPositions(5, 5);
    for (let i = 0; i < 25; i++) {
      expect(Array.from(neighboursOf(euclid, i))).toEqual(Array.from(neighboursOf(grid, i)).sort((a, b) => a - b));
      const r = Math.floor(i / 5),
        c = i % 5;
      const four = [
        [r - 1, c],
        [r, c - 1],
        [r, c + 1],
        [r + 1, c],
      ]
        .filter(([y, x]) => y >= 0 && y < 5 && x >= 0 && x < 5)
        .map(([y, x]) => y * 5 + x);
      expect(Array.from(neighboursOf(l1, i))).toEqual(four);
    }
    // the median, not the minimum: one close pair does not leave the rest without neighbours
    const row = [0, 1, 2, 3, 4, 5, 5.01];
    const p = pointPositions(row, 1, "l1");
    expect(Array.from(neighboursOf(p, 2))).toEqual([1, 3]); // radius 1.5: ±1 only
    expect(Array.from(neighboursOf(p, 5))).toEqual([4, 6]);
    // neighbourhoods are symmetric
    const rng = new Rng(3);
    const cloud = pointPositions(
      Array.from({ length: 3 * 60 }, () => rng.uniform()),
      3,
      "euclidean",
    );
    for (let i = 0; i < 60; i++)
      for (const j of neighboursOf(cloud, i)) expect(Array.from(neighboursOf(cloud, j))).toContain(i);
  });

  it("points: cluster spread = Σ over dimensions of the variance of the coordinates (mean over clusters)", () => {
    const coords = [0, 0, 0, 2, 0, 0, 0, 4, 6, 10, 10, 10];
    const p = pointPositions(coords, 3, "euclidean");
    // cluster 0 = points 0, 1: var x = 1; cluster 1 = points 2, 3: var x 25, var y 9, var z 4
    expect(clusterSpread(Int32Array.from([0, 0, 1, 1]), p)).toBe((1 + 25 + 9 + 4) / 2);
  });
});

describe("points validation", () => {
  const issue = (coords: unknown[], d: unknown = 2, metric: unknown = "euclidean") => {
    const e = pointsIssue(coords, d, metric);
    return e && e.message;
  };
  it("accepts a valid layout", () => {
    expect(issue([0, 0, 1, 0, 0, 1])).toBeNull();
    expect(issue([0, 1], 1, "l1")).toBeNull();
  });
  it("names the field, the value and what is allowed", () => {
    expect(issue([0, 0, 1, 1], 4)).toBe("d: 4 — allowed: 1, 2, 3");
    expect(issue([0, 0, 1, 1], 2, "cosine")).toBe('metric: "cosine" — allowed: l1, euclidean');
    expect(issue([0, 0, 1, NaN])).toBe("coords[3]: NaN — must be a finite number");
    expect(issue([0, 0, "1", 1])).toBe('coords[2]: "1" — must be a finite number');
    expect(issue([0, 0, 1, 1, 2])).toBe(
      'coords: "5 numbers" — the length must be a multiple of d = 2 (n·d numbers, point i at coords[i·d … i·d + d − 1])',
    );
    expect(issue([0, 0])).toBe(`coords: "1 points" — must hold 2 to ${MAX_HIDDEN} points`);
    expect(
      issue(
        new Array((MAX_HIDDEN + 1) * 1).fill(0).map((_, i) => i),
        1,
      ),
    ).toBe(`coords: "${MAX_HIDDEN + 1} points" — must hold 2 to ${MAX_HIDDEN} points`);
    expect(issue([0, 0, 1, 1, 0, 0])).toBe("coords[4]: [0,0] — points must be distinct (points 0 and 2 coincide)");
    expect(issue([0, 0, -0, 0])).toBe("coords[2]: [0,0] — points must be distinct (points 0 and 1 coincide)");
    expect(() => pointPositions([1, 2, 1, 2], 2)).toThrow("points must be distinct");
  });
});

describe("Geometry", () => {
  it("positionsOf, hiddenCount, formatGeometry for the three kinds", () => {
    const pts: Geometry = { kind: "points", d: 3, coords: [0, 0, 0, 1, 0, 0, 0, 1, 0], metric: "euclidean" };
    const cases: [Geometry, number, string, number][] = [
      [{ kind: "grid", rows: 4, cols: 5 }, 20, "4x5", 2],
      [{ kind: "line", n: 7 }, 7, "line 7", 1],
      [pts, 3, "3 points in 3D (euclidean)", 3],
    ];
    for (const [g, n, text, d] of cases) {
      expect(hiddenCount(g)).toBe(n);
      expect(formatGeometry(g)).toBe(text);
      const p = positionsOf(g);
      expect([p.n, p.d]).toEqual([n, d]);
    }
    // JSON round trip: the geometry is plain data
    const back = JSON.parse(JSON.stringify(pts));
    expect(distanceMatrix(positionsOf(back))).toEqual(distanceMatrix(positionsOf(pts)));
  });
});
