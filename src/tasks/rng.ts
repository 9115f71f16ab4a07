// Every random generator and seed-mixing function of gyrus, in the lowest folder so every layer can import them.
// Each one's output sequence is fixed: committed models and results depend on them bit for bit.
//
// Rng: xoshiro128** (Blackman & Vigna 2018), 128-bit state of four uint32 words, 32-bit outputs — tasks, init,
// analysis. Seeding: the seed (any finite number; its low and high 32-bit halves are used) and an optional stream id
// are hashed with the splitmix32 finaliser; a splitmix32 sequence started from that hash fills the four
// state words. Different (seed, stream) pairs therefore give unrelated child generators (stream ids: STREAMS).
// Floats: uniform() = next() / 2^32 (32-bit resolution, in [0, 1)).
// Integers: int(n) uses rejection sampling, so it is exactly uniform.
// Normals: Box–Muller, two uniforms per normal, no cached spare (so the state is just the four words).
//
// Also: mulberry32 (the small generator of the synthetic workload and test fixtures), noiseSeeds (the two seeds of
// the kernels' recurrent noise), fmix32 (murmur3's finaliser, the hash of the noise and shuffle kernels), fnv1a32.

/** splitmix32 output function (the finaliser of Java's SplittableRandom, 32-bit variant) of x + golden ratio. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** murmur3's 32-bit finaliser (bijective, full avalanche) as uint32: mix32 of assembly/shuffle.ts, vmix32 of assembly/inline/vmath.ts. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The lowbias32 integer hash (C. Wellons' 0x7feb352d / 0x846ca68b), as a signed int32. */
export function lowbias32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * The two 32-bit seeds (seedA, seedB) of fill_bias_noise from one user seed (lowbias32 of two offset copies, so
 * nearby seeds give unrelated noise). The seed's integer part is used, wrapped to int32.
 */
export function noiseSeeds(seed: number): [number, number] {
  const s = Math.floor(seed) | 0;
  return [lowbias32(s ^ 0x243f6a88), lowbias32((s + 0x9e3779b9) ^ 0x85a308d3)];
}

/** mulberry32: a small deterministic generator of floats in [0, 1) (the synthetic workload's and tests' fixtures). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string's UTF-16 code units, as uint32. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Stream ids of the Rng(seed, stream) generators, apart from the training streams 0…B−1 (one per batch element) and
 * from each other: a fixed id, or a base to which a small index is added (kmeans: + k; noise: + step; eval: + the
 * FNV-1a hash of the task's name). The values spell their names in ASCII.
 */
export const STREAMS = {
  /** The initial parameters (train/init.ts). */
  init: 0x494e_4954_0000, // "INIT"
  /** Base of the per-step seeds of the recurrent noise (+ step; train/trainer.ts). */
  noise: 0x4e4f_4953_0000, // "NOIS"
  /** Base of the evaluation trials of a task (+ fnv1a32(name) < 2³²; tasks/evaluate.ts). */
  evaluation: 0x4556_0000_0000, // "EV"
  /** Mod_Cog's frozen match delays (tasks/modcog.ts). */
  modcogFrozen: 0x4d4f_4447_0000, // "MODG"
  /** Base of the k-means restarts for k clusters (+ k; analysis/kmeans.ts). */
  kmeans: 0x4b4d_0000, // "KM"
  /** The label shuffles of the anatomy baselines (analysis/anatomy.ts). */
  shuffle: 0x5348_0000, // "SH"
  /**
   * Base of the fixed trial pool (tasks/generate.ts): pooled trial i of task t comes from stream pool + t·2²⁰ + i
   * (t < 2¹², i < 2²⁰).
   */
  pool: 0x504f_0000_0000, // "PO"
  /** The neuron types of Dale's law (model/dale.ts). */
  dale: 0x4441_4c45_0000, // "DALE"
  /** Base of the graph analyses' draws (+ 0 Louvain, + 1 random graphs; analysis/graph.ts). */
  graph: 0x4752_4146_0000, // "GRAF"
  /** The trials validateTaskSpec draws to check a task (tasks/validate.ts). */
  validation: 0x5641_4c49_0000, // "VALI"
} as const;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Hash a number (integer part, low and high 32 bits) to a uint32. */
function hashNumber(v: number): number {
  if (!Number.isFinite(v)) throw new Error(`Rng: seed/stream must be finite, got ${v}`);
  const i = Math.trunc(v);
  const lo = i >>> 0;
  const hi = Math.floor(i / 4294967296) >>> 0;
  return splitmix32(splitmix32(lo) ^ hi);
}

/** The generator's four uint32 state words. */
export type RngState = [number, number, number, number];

/** The seedable, serialisable xoshiro128** generator every random draw of gyrus comes from. */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** Generator for `seed`, stream 0 unless given. */
  constructor(seed: number, stream = 0) {
    let x = splitmix32(hashNumber(seed) ^ splitmix32(hashNumber(stream) + 0x632be5ab));
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      w.push(splitmix32(x));
    }
    this.setState([w[0], w[1], w[2], w[3]]);
  }

  /** Independent child generator derived from (seed, stream id). */
  static derive(seed: number, stream: number): Rng {
    return new Rng(seed, stream);
  }

  /** Generator with exactly this state (e.g. the xoshiro reference vector [1, 2, 3, 4]). */
  static fromState(state: readonly number[]): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
      throw new Error("Rng.setState: expected four uint32 words");
    }
    if (state.every((v) => v === 0)) throw new Error("Rng.setState: the all-zero state is invalid");
    [this.s0, this.s1, this.s2, this.s3] = state as RngState;
  }

  /** Next raw uint32 (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n), exactly uniform (rejection), 1 ≤ n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new Error(`Rng.int: bad n ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Uniformly chosen element of a non-empty list. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.choice: empty list");
    return items[this.int(items.length)];
  }

  /** Standard normal (or N(mean, std²)) by Box–Muller, consuming two uniforms. */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
