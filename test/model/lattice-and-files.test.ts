// 3D lattices (latticePositions, geometry kind "lattice", --lattice) and positions from files (parsePositions,
// --positions): distances, neighbourhoods, the layer panels of the figures, and the errors on bad input.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  distanceMatrix,
  figureCoords,
  GeometryError,
  hiddenCount,
  latticePositions,
  neighboursOf,
  positionsOf,
} from "../../src/model/geometry.js";
import { parsePositions, positionFormatOf } from "../../src/model/positions-file.js";
import { resolveCliConfig } from "../../src/cli/config-flags.js";

describe("3D lattice", () => {
  const p = latticePositions(5, 5, 4);

  it("cell i = (k·y + j)·x + l at integer (l, j, k); Euclidean distances by default, ℓ1 on request", () => {
    expect(p.n).toBe(100);
    expect(p.d).toBe(3);
    expect(Array.from(p.coords.subarray(3 * 37, 3 * 37 + 3))).toEqual([2, 2, 1]); // 37 = 1·25 + 2·5 + 2
    const D = distanceMatrix(p);
    expect(D[0 * 100 + 99]).toBeCloseTo(Math.sqrt(16 + 16 + 9), 12); // (0,0,0) to (4,4,3)
    expect(D[0 * 100 + 26]).toBeCloseTo(Math.SQRT2, 12); // (0,0,0) to (1,0,1)
    const L1 = distanceMatrix(latticePositions(5, 5, 4, "l1"));
    expect(L1[99]).toBe(11);
  });

  it("neighbours: the 26 cells of the 3×3×3 block inside, 7 at a corner, 17 on a face edge… none outside the lattice", () => {
    const count = (l: number, j: number, k: number) => neighboursOf(p, (k * 5 + j) * 5 + l).length;
    expect(count(2, 2, 1)).toBe(26);
    expect(count(0, 0, 0)).toBe(7);
    expect(count(2, 0, 0)).toBe(11);
    expect(count(2, 2, 0)).toBe(17);
    for (let i = 0; i < p.n; i++)
      for (const j of neighboursOf(p, i)) {
        const d = [0, 1, 2].map((a) => Math.abs(p.coords[3 * i + a] - p.coords[3 * j + a]));
        expect(Math.max(...d)).toBe(1);
        expect(neighboursOf(p, j)).toContain(i); // symmetric
      }
  });

  it("figures draw one panel per layer, left to right, without overlap", () => {
    const g = { kind: "lattice", x: 5, y: 5, z: 4, metric: "euclidean" } as const;
    expect(hiddenCount(g)).toBe(100);
    const xy = figureCoords(g);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const k = Math.floor(i / 25);
      expect(xy[2 * i]).toBe((i % 5) + k * 6);
      seen.add(`${xy[2 * i]},${xy[2 * i + 1]}`);
    }
    expect(seen.size).toBe(100);
    expect(positionsOf(g).n).toBe(100);
  });

  it("--lattice XxYxZ (and --metric) make the geometry; bad values name the flag", () => {
    expect(resolveCliConfig({ flags: { lattice: "10x10x4" } }).geometry).toEqual({
      kind: "lattice",
      x: 10,
      y: 10,
      z: 4,
      metric: "euclidean",
    });
    expect(resolveCliConfig({ flags: { lattice: "5x5x4", metric: "l1" } }).geometry).toMatchObject({ metric: "l1" });
    expect(() => resolveCliConfig({ flags: { lattice: "5x5" } })).toThrow(/lattice: "5x5" — must be XxYxZ/);
    expect(() => resolveCliConfig({ flags: { lattice: "0x5x4" } })).toThrow(/x, y and z must be integers ≥ 1/);
    expect(() => resolveCliConfig({ flags: { lattice: "20x20x20" } })).toThrow(/from 2 to 4096/);
    expect(() => resolveCliConfig({ flags: { lattice: "5x5x4", metric: "cosine" } })).toThrow(/allowed: l1, euclidean/);
    expect(() => resolveCliConfig({ file: { geometry: { kind: "lattice", x: 5, y: 5, z: 4 } } })).toThrow(/metric/);
  });
});

describe("positions from a file", () => {
  it("JSON rows, {positions: …}, 1D numbers and CSV with a header, comments and blank lines give the same points", () => {
    const want = { kind: "points", d: 3, coords: [0, 0, 0, 1, 0, 0, 0, 1, 0.5], metric: "euclidean" };
    expect(parsePositions("[[0,0,0],[1,0,0],[0,1,0.5]]", "json")).toEqual(want);
    expect(parsePositions('{"positions": [[0,0,0],[1,0,0],[0,1,0.5]]}', "json")).toEqual(want);
    expect(parsePositions("x,y,z\n0,0,0\n# a comment\n\n1,0,0\r\n0, 1, 0.5\n", "csv")).toEqual(want);
    expect(parsePositions("0\t0\t0\n1\t0\t0\n0\t1\t0.5", "csv", "l1")).toEqual({ ...want, metric: "l1" });
    expect(parsePositions("[0, 0.5, 2]", "json")).toEqual({
      kind: "points",
      d: 1,
      coords: [0, 0.5, 2],
      metric: "euclidean",
    });
  });

  it("bad files: the row and what is allowed", () => {
    const err = (text: string, format: "json" | "csv") => {
      try {
        parsePositions(text, format);
      } catch (e) {
        expect(e).toBeInstanceOf(GeometryError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err("0,0\n1,0,0\n", "csv")).toMatch(/^positions\[1\]: \[1,0,0\] — must have 2 coordinates/);
    expect(err("0,0\n1,x\n", "csv")).toMatch(/^positions\[1\].*must hold finite numbers/);
    expect(err("[[0,0,0,0],[1,1,1,1]]", "json")).toMatch(/^positions\[0\].*1, 2 or 3 coordinates/);
    expect(err("[[0,0],[1,1],[0,0]]", "json")).toMatch(/^positions\[2\].*points must be distinct/);
    expect(err("{not json", "json")).toMatch(/must be JSON/);
    expect(err("", "csv")).toMatch(/one row per neuron/);
    expect(err("[[0,0]]", "json")).toMatch(/2 to 4096 points/);
    expect(positionFormatOf("a/b.CSV")).toBe("csv");
    expect(positionFormatOf("pos.json")).toBe("json");
    expect(positionFormatOf("pos.txt")).toBeNull();
  });

  it("--positions FILE reads it (the format from the extension); one layout flag at a time", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-pos-"));
    const f = path.join(dir, "p.csv");
    fs.writeFileSync(f, "0,0\n1,0\n0,1\n1,1\n");
    expect(resolveCliConfig({ flags: { positions: f, metric: "l1" } }).geometry).toEqual({
      kind: "points",
      d: 2,
      coords: [0, 0, 1, 0, 0, 1, 1, 1],
      metric: "l1",
    });
    expect(() => resolveCliConfig({ flags: { positions: path.join(dir, "p.txt") } })).toThrow(
      /must be a \.json or \.csv/,
    );
    expect(() => resolveCliConfig({ flags: { positions: path.join(dir, "none.csv") } })).toThrow(/cannot be read/);
    expect(() => resolveCliConfig({ flags: { positions: f, grid: "2x2" } })).toThrow(/cannot be combined/);
    expect(() => resolveCliConfig({ flags: { metric: "l1" } })).toThrow(/goes with --lattice or --positions/);
  });
});
