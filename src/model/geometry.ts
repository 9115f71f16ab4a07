// Positions of hidden neurons and the distance matrix D of the connection cost (SPEC §1.5, §6.4).
import type { Grid } from "./types.js";

/** Number of hidden neurons a grid holds. */
export function gridSize(grid: Grid): number {
  if (Array.isArray(grid)) return grid[0] * grid[1];
  return (grid as { line: number }).line;
}

/** Checks a grid description; throws an Error naming the field and what is allowed. */
export function validateGrid(grid: Grid): void {
  if (Array.isArray(grid)) {
    const [r, c] = grid;
    if (grid.length !== 2 || !Number.isInteger(r) || !Number.isInteger(c) || r < 1 || c < 1) {
      throw new Error(`grid: ${JSON.stringify(grid)} — rows and cols must be integers ≥ 1`);
    }
    return;
  }
  const n = (grid as { line?: unknown }).line;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new Error(`grid: ${JSON.stringify(grid)} — line length must be an integer ≥ 1`);
  }
}

/**
 * D[i*n + j] = distance between the cells of hidden neurons i and j.
 * 2D: neuron i at (⌊i/cols⌋/rows, (i mod cols)/cols), L1 distance. 1D: neuron i at i/N, |i−j|/N.
 */
export function distanceMatrix(grid: Grid): Float64Array {
  validateGrid(grid);
  const n = gridSize(grid);
  const D = new Float64Array(n * n);
  if (Array.isArray(grid)) {
    const [rows, cols] = grid;
    for (let i = 0; i < n; i++) {
      const ri = Math.floor(i / cols), ci = i % cols;
      for (let j = 0; j < n; j++) {
        const rj = Math.floor(j / cols), cj = j % cols;
        D[i * n + j] = Math.abs(ri - rj) / rows + Math.abs(ci - cj) / cols;
      }
    }
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[i * n + j] = Math.abs(i - j) / n;
  }
  return D;
}
