// seRNN's communicability cost (value + exact gradient) on the engine at n 100, 400 and 1024, against the float64
// TypeScript reference at n 100 (the reference's cost grows as n³ in plain JS). `npm run bench` includes these rows;
// `node dist/bench/sernn.js` runs them alone.
import { fileURLToPath } from "node:url";
import { createEngine, paperBatch, paperParams, type Engine } from "../src/index.js";
import { latticePositions, distanceMatrix } from "../src/model/geometry.js";
import { communicability, sernnCost, sernnGradient } from "../src/model/sernn-cost.js";
import { measure } from "./measure.js";

export interface SernnRow {
  n: number;
  threads: number;
  /** Median ms of value + exact gradient on the engine. */
  ms: number;
  /** Median ms of value + the gradient with C held constant (the cheap steps of --sernn-every). */
  directMs: number;
  /** The exact cost in the float64 TS reference (measured at n ≤ 100 only). */
  referenceMs?: number;
  /** One training iteration (T 100, B 16, 53 inputs, 17 outputs): BIMT's cost, seRNN's exact and direct. */
  iteration: { bimt: number; sernn: number; sernnDirect: number };
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
      const directMs = measure(`sernn direct ${n}`, () => void net.connectionCost(0.3, cost, "direct"), {
        maxTime,
        minSamples: 3,
      }).ms;
      const iteration = iterationMs(engine, positions, n, maxTime);
      const row: SernnRow = { n, threads: engine.threads, ms, directMs, iteration };
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

/** One training iteration's loss and gradients with each cost on a network of n neurons on `positions`. */
function iterationMs(engine: Engine, positions: ReturnType<typeof latticePositions>, n: number, maxTime: number) {
  const net = engine.network({ nInput: 53, nHidden: n, nOutput: 17, positions, activation: "relu" });
  try {
    const p = paperParams(3, 53, n, 17);
    for (let k = 0; k < p.W.length; k++) p.W[k] = Math.sin(k * 0.7) / Math.sqrt(n);
    net.setParams(p);
    const batch = paperBatch(100, 16, 5);
    const cost = sernnCost();
    const time = (name: string, f: () => void) => measure(name, f, { maxTime, minSamples: 3 }).ms;
    return {
      bimt: time(
        "iteration bimt",
        () => void net.lossAndGradients(batch, { lambda: 1e-5, A: 1, noiseStd: 0.07, seed: 1 }),
      ),
      sernn: time(
        "iteration sernn",
        () => void net.lossAndGradients(batch, { lambda: 0.3, cost, noiseStd: 0.07, seed: 1 }),
      ),
      sernnDirect: time(
        "iteration sernn direct",
        () => void net.lossAndGradients(batch, { lambda: 0.3, cost, noiseStd: 0.07, seed: 1, costGradient: "direct" }),
      ),
    };
  } finally {
    net.dispose();
  }
}

async function main(): Promise<void> {
  console.log(
    "| n | threads | seRNN cost, exact (ms) | seRNN cost, C held (ms) | float64 TS reference (ms) | iteration with BIMT / seRNN exact / seRNN C held (ms, T 100, B 16) |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const threads of [1, 2]) {
    const engine = await createEngine({ threads });
    try {
      for (const r of sernnRows(engine, 2))
        console.log(
          `| ${r.n} | ${r.threads} | ${r.ms.toFixed(1)} | ${r.directMs.toFixed(1)} | ${r.referenceMs?.toFixed(0) ?? "–"} | ${r.iteration.bimt.toFixed(1)} / ${r.iteration.sernn.toFixed(1)} / ${r.iteration.sernnDirect.toFixed(1)} |`,
        );
    } finally {
      await engine.close();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
