// Seedable, serialisable random generator for the task suites (xoshiro128** seeded via splitmix32).
//
// Algorithm: xoshiro128** (Blackman & Vigna 2018), 128-bit state of four uint32 words, 32-bit outputs.
// Seeding: the seed (any finite number; its low and high 32-bit halves are used) and an optional stream id
// are hashed with the splitmix32 finaliser; a splitmix32 sequence started from that hash fills the four
// state words. Different (seed, stream) pairs therefore give unrelated child generators.
// Floats: uniform() = next() / 2^32 (32-bit resolution, in [0, 1)).
// Integers: int(n) uses rejection sampling, so it is exactly uniform.
// Normals: Box–Muller, two uniforms per normal, no cached spare (so the state is just the four words).

/** splitmix32 output function (the finaliser of Java's SplittableRandom, 32-bit variant). */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Hash a number (integer part, low and high 32 bits) to a uint32. */
function hashNumber(v: number): number {
  if (!Number.isFinite(v)) throw new Error(`Rng: seed/stream must be finite, got ${v}`);
  const i = Math.trunc(v);
  const lo = i >>> 0;
  const hi = Math.floor(i / 4294967296) >>> 0;
  return mix32(mix32(lo) ^ hi);
}

export type RngState = [number, number, number, number];

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** Generator for `seed`, stream 0 unless given. */
  constructor(seed: number, stream = 0) {
    let x = mix32(hashNumber(seed) ^ mix32(hashNumber(stream) + 0x632be5ab));
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      w.push(mix32(x));
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
