// Both label-shuffle baselines (isolated fraction, cluster spread) computed on the engine's threads by the
// shuffle_metrics kernel, and its plain-TS reference (the same counter-based Fisher–Yates, the same sums in the
// same order), which the tests hold the kernel to, bit for bit.
import type { EngineCore } from "../engine/engine.js";
import { runKernel } from "../engine/kernel-calls.js";
import { fmix32 } from "../tasks/rng.js";
import type { Geometry } from "../train/config.js";
import { baselineStats, clusterSpread, isolatedFraction, neighbours, position, type Baseline } from "./anatomy.js";

/** The important cells of a labelling, their labels, neighbour lists (CSR, as indices into them) and positions. */
function prepare(labels: Int32Array, g: Geometry) {
  const cells: number[] = [];
  labels.forEach((l, i) => l >= 0 && cells.push(i));
  const index = new Map(cells.map((c, j) => [c, j]));
  const nbOff = new Int32Array(cells.length + 1);
  const list: number[] = [];
  cells.forEach((c, j) => {
    for (const x of neighbours(c, g)) if (index.has(x)) list.push(index.get(x)!);
    nbOff[j + 1] = list.length;
  });
  const lab = Int32Array.from(cells.map((c) => labels[c]));
  return {
    m: cells.length,
    k: lab.length ? Math.max(...lab) + 1 : 0,
    lab,
    nbOff,
    nbList: Int32Array.from(list),
    row: Float64Array.from(cells.map((c) => position(c, g)[0])),
    col: Float64Array.from(cells.map((c) => position(c, g)[1])),
  };
}

/** Reference of the kernel: [isolated fraction, spread] per shuffle, interleaved (length 2·count). */
export function shuffleSeriesReference(labels: Int32Array, g: Geometry, count: number, seed: number): Float64Array {
  const p = prepare(labels, g);
  const out = new Float64Array(2 * count);
  const perm = new Int32Array(p.m);
  const acc = new Float64Array(5 * p.k);
  for (let s = 0; s < count; s++) {
    perm.set(p.lab);
    const key = fmix32((seed ^ fmix32((Math.imul(s, 0x9e3779b9) + 0x632be5ab) >>> 0)) >>> 0);
    for (let i = p.m - 1; i > 0; i--) {
      const h = fmix32((key + Math.imul(i, 0x85ebca77)) >>> 0);
      const j = Math.floor((h * (i + 1)) / 4294967296);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    let iso = 0;
    for (let j = 0; j < p.m; j++) {
      let alone = 1;
      for (let q = p.nbOff[j]; q < p.nbOff[j + 1]; q++) if (perm[p.nbList[q]] === perm[j]) { alone = 0; break; }
      iso += alone;
    }
    acc.fill(0);
    for (let j = 0; j < p.m; j++) {
      const a = 5 * perm[j];
      const r = p.row[j], c = p.col[j];
      acc[a] += 1;
      acc[a + 1] += r;
      acc[a + 2] += c;
      acc[a + 3] += r * r;
      acc[a + 4] += c * c;
    }
    let spread = 0;
    let used = 0;
    for (let q = 0; q < p.k; q++) {
      const n = acc[5 * q];
      if (n === 0) continue;
      used++;
      const mr = acc[5 * q + 1] / n, mc = acc[5 * q + 2] / n;
      spread += acc[5 * q + 3] / n - mr * mr + acc[5 * q + 4] / n - mc * mc;
    }
    out[2 * s] = p.m > 0 ? iso / p.m : 0;
    out[2 * s + 1] = used > 0 ? spread / used : 0;
  }
  return out;
}

/** The kernel's series: [isolated fraction, spread] per shuffle, interleaved. */
export function shuffleSeries(engine: EngineCore, labels: Int32Array, g: Geometry, count: number, seed: number): Float64Array {
  const p = prepare(labels, g);
  const { arena, pool } = engine;
  const blockBytes = ((p.m * 4 + 7) & ~7) + 40 * Math.max(1, p.k);
  const bufs = {
    lab: arena.alloc(Math.max(4, p.m * 4)),
    nbOff: arena.alloc((p.m + 1) * 4),
    nbList: arena.alloc(Math.max(4, p.nbList.length * 4)),
    row: arena.alloc(Math.max(8, p.m * 8)),
    col: arena.alloc(Math.max(8, p.m * 8)),
    scratch: arena.alloc(engine.threads * blockBytes),
    out: arena.alloc(Math.max(16, count * 16)),
  };
  try {
    new Int32Array(engine.memory.buffer, bufs.lab, p.m).set(p.lab);
    new Int32Array(engine.memory.buffer, bufs.nbOff, p.m + 1).set(p.nbOff);
    new Int32Array(engine.memory.buffer, bufs.nbList, p.nbList.length).set(p.nbList);
    arena.f64(bufs.row, p.m).set(p.row);
    arena.f64(bufs.col, p.m).set(p.col);
    runKernel(pool, "shuffle_metrics", {
      labels: bufs.lab, m: p.m, k: p.k, nbOff: bufs.nbOff, nbList: bufs.nbList, row: bufs.row, col: bufs.col, count,
      seed: seed >>> 0, scratch: bufs.scratch, blockBytes, out: bufs.out,
    });
    return arena.f64(bufs.out, 2 * count).slice();
  } finally {
    for (const b of Object.values(bufs)) arena.release(b);
  }
}

/** Both baselines (SPEC §6.14) from `shuffles` label shuffles run on the engine's threads. */
export function shuffleBaselines(engine: EngineCore, labels: Int32Array, g: Geometry, o: { shuffles?: number; seed: number; bins?: number }): { isolatedFraction: Baseline; clusterSpread: Baseline } {
  const count = o.shuffles ?? 10_000;
  const series = shuffleSeries(engine, labels, g, count, o.seed);
  const iso = new Float64Array(count), spread = new Float64Array(count);
  for (let s = 0; s < count; s++) (iso[s] = series[2 * s]), (spread[s] = series[2 * s + 1]);
  return {
    isolatedFraction: baselineStats(isolatedFraction(labels, g), iso, o.bins ?? 40),
    clusterSpread: baselineStats(clusterSpread(labels, g), spread, o.bins ?? 40),
  };
}
