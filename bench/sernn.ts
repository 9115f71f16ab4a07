// seRNN's communicability cost (value + exact gradient) on the engine at n 100, 400 and 1024, against the float64
// TypeScript reference at n 100 (the reference's cost grows as n³ in plain JS). `npm run bench` includes these rows;
// `node dist/bench/sernn.js` runs them alone.
import { fileURLToPath } from "node:url";
import { createEngine, type Engine } from "../src/index.js";
import { latticePositions, distanceMatrix } from "../src/model/geometry.js";
import { communicability, sernnCost, sernnGradient } from "../src/model/sernn-cost.js";
import { measure } from "./measure.js";

export interface SernnRow {
  n: number;
  threads: number;
  /** Median ms of value + gradient on the engine. */
  ms: number;
  /** The same in the float64 TS reference (measured at n ≤ 100 only). */
  referenceMs?: number;
}

const LAYOUTS: Record<number, [number, number, number]> = { 100: [5, 5, 4], 400: [10, 10, 4], 1024: [16, 16, 4] };

export function sernnRows(engine: Engine, maxTime: number, sizes = [100, 400, 1024]): SernnRow[] {
  const rows: SernnRow[] = [];
  for (const n of sizes) {
    const [x, y, z] = LAYOUTS[n];
    const positions = latticePositions(x, y, z);
    const net = engine.network({ nInput: 8, nHidden: n, nOutput: 4, positions, activation: "relu" });
    try {
      const p = net.getParams();
      for (let k = 0; k < p.W.length; k++) p.W[k] = Math.sin(k * 0.7) / Math.sqrt(n);
      net.setParams(p);
      const cost = sernnCost();
      const ms = measure(`sernn ${n}`, () => void net.connectionCost(0.3, cost), { maxTime, minSamples: 3 }).ms;
      const row: SernnRow = { n, threads: engine.threads, ms };
      if (n <= 100) {
        const D = distanceMatrix(positions);
        const g = new Float64Array(n * n);
        row.referenceMs = measure(`sernn ref ${n}`, () => sernnGradient(communicability(p.W, n), p.W, D, g, 0.3), {
          maxTime,
          minSamples: 3,
        }).ms;
      }
      rows.push(row);
    } finally {
      net.dispose();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  console.log("| n | threads | engine ms (value + gradient) | float64 TS reference ms |");
  console.log("|---|---|---|---|");
  for (const threads of [1, 2]) {
    const engine = await createEngine({ threads });
    try {
      for (const r of sernnRows(engine, 2))
        console.log(`| ${r.n} | ${r.threads} | ${r.ms.toFixed(1)} | ${r.referenceMs?.toFixed(1) ?? "–"} |`);
    } finally {
      await engine.close();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
