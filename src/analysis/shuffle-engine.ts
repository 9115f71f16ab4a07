// Both label-shuffle baselines (isolated fraction, cluster spread) computed on the engine's threads by the
// shuffle_metrics kernel, and its plain-TS reference (the same counter-based Fisher–Yates, the same sums in the
// same order), which the tests hold the kernel to, bit for bit. The kernel takes two lattice coordinates per cell
// (row, col; a 1D layout has row 0): 3D positions run on the reference instead (single-threaded, same series).
import type { EngineCore } from "../engine/engine.js";
import { runKernel } from "../engine/kernel-calls.js";
import { fmix32 } from "../tasks/rng.js";
import { neighboursOf, type Positions } from "../model/geometry.js";
import { baselineStats, clusterSpread, isolatedFraction, type Baseline } from "./anatomy.js";

/**
 * The important cells of a labelling, their labels, neighbour lists (CSR, as indices into them) and lattice
 * coordinates, one array per axis: [row, col] for d ≤ 2 (row = 0 in 1D, as the kernel takes them), [x, y, z] in 3D.
 */
function prepare(labels: Int32Array, g: Positions) {
  const cells: number[] = [];
  labels.forEach((l, i) => l >= 0 && cells.push(i));
  const index = new Map(cells.map((c, j) => [c, j]));
  const nbOff = new Int32Array(cells.length + 1);
  const list: number[] = [];
  cells.forEach((c, j) => {
    for (const x of neighboursOf(g, c)) if (index.has(x)) list.push(index.get(x)!);
    nbOff[j + 1] = list.length;
  });
  const lab = Int32Array.from(cells.map((c) => labels[c]));
  const axis = (k: number) => Float64Array.from(cells.map((c) => (k < 0 ? 0 : g.lattice[c * g.d + k])));
  const axes = g.d === 1 ? [axis(-1), axis(0)] : Array.from({ length: g.d }, (_, k) => axis(k));
  return {
    m: cells.length,
    k: lab.length ? Math.max(...lab) + 1 : 0,
    lab,
    nbOff,
    nbList: Int32Array.from(list),
    axes,
  };
}

/** Reference of the kernel: [isolated fraction, spread] per shuffle, interleaved (length 2·count). */
export function shuffleSeriesReference(labels: Int32Array, g: Positions, count: number, seed: number): Float64Array {
  const p = prepare(labels, g);
  const out = new Float64Array(2 * count);
  const perm = new Int32Array(p.m);
  const na = p.axes.length,
    w = 1 + 2 * na; // per cluster: count, Σx per axis, Σx² per axis
  const acc = new Float64Array(w * p.k);
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
      for (let q = p.nbOff[j]; q < p.nbOff[j + 1]; q++)
        if (perm[p.nbList[q]] === perm[j]) {
          alone = 0;
          break;
        }
      iso += alone;
    }
    acc.fill(0);
    for (let j = 0; j < p.m; j++) {
      const a = w * perm[j];
      acc[a] += 1;
      for (let x = 0; x < na; x++) {
        const v = p.axes[x][j];
        acc[a + 1 + x] += v;
        acc[a + 1 + na + x] += v * v;
      }
    }
    let spread = 0;
    let used = 0;
    for (let q = 0; q < p.k; q++) {
      const n = acc[w * q];
      if (n === 0) continue;
      used++;
      // ((Σr²/n − mr²) + Σc²/n) − mc², left to right as the kernel sums it
      let t = 0;
      for (let x = 0; x < na; x++) {
        const mx = acc[w * q + 1 + x] / n;
        t = t + acc[w * q + 1 + na + x] / n - mx * mx;
      }
      spread += t;
    }
    out[2 * s] = p.m > 0 ? iso / p.m : 0;
    out[2 * s + 1] = used > 0 ? spread / used : 0;
  }
  return out;
}

/**
 * The kernel's series: [isolated fraction, spread] per shuffle, interleaved. 3D positions: the reference's series
 * (the kernel takes two coordinates per cell).
 */
export function shuffleSeries(
  engine: EngineCore,
  labels: Int32Array,
  g: Positions,
  count: number,
  seed: number,
): Float64Array {
  if (g.d > 2) return shuffleSeriesReference(labels, g, count, seed);
  const p = prepare(labels, g);
  const [row, col] = p.axes;
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
    arena.f64(bufs.row, p.m).set(row);
    arena.f64(bufs.col, p.m).set(col);
    runKernel(pool, "shuffle_metrics", {
      labels: bufs.lab,
      m: p.m,
      k: p.k,
      nbOff: bufs.nbOff,
      nbList: bufs.nbList,
      row: bufs.row,
      col: bufs.col,
      count,
      seed: seed >>> 0,
      scratch: bufs.scratch,
      blockBytes,
      out: bufs.out,
    });
    return arena.f64(bufs.out, 2 * count).slice();
  } finally {
    for (const b of Object.values(bufs)) arena.release(b);
  }
}

/** Both baselines (docs/spec.md §6.14) from `shuffles` label shuffles run on the engine's threads. */
export function shuffleBaselines(
  engine: EngineCore,
  labels: Int32Array,
  g: Positions,
  o: { shuffles?: number; seed: number; bins?: number },
): { isolatedFraction: Baseline; clusterSpread: Baseline } {
  const count = o.shuffles ?? 10_000;
  const series = shuffleSeries(engine, labels, g, count, o.seed);
  const iso = new Float64Array(count),
    spread = new Float64Array(count);
  for (let s = 0; s < count; s++) ((iso[s] = series[2 * s]), (spread[s] = series[2 * s + 1]));
  return {
    isolatedFraction: baselineStats(isolatedFraction(labels, g), iso, o.bins ?? 40),
    clusterSpread: baselineStats(clusterSpread(labels, g), spread, o.bins ?? 40),
  };
}
