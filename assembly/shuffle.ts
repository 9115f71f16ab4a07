// Label-shuffle baselines (docs/spec.md §5.5, §6.14) on the pool's threads: shuffle s permutes the cluster labels of the m
// important cells with a Fisher–Yates whose draws come from a counter-based hash of (seed, s, step), so every shuffle
// is the same on any thread count; then both anatomy metrics are computed for it. Thread tid takes a fixed range
// of shuffles and its own scratch (m labels + 5·k accumulators), so nothing is allocated.
import { partBegin } from "./inline/split";

/** murmur3's 32-bit finaliser (bijective, full avalanche). */
@inline function mix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

/** Uniform index in [0, n) from a 32-bit hash by multiply-shift (bias < n / 2^32). */
@inline function below(h: u32, n: u32): u32 {
  return <u32>((<u64>h * <u64>n) >> 32);
}

/**
 * labels i32[m] (0…k−1); nbOff i32[m+1], nbList i32[…]: neighbours of important cell j, as indices into the m cells;
 * row, col f64[m]: grid positions; out f64[2·count]: (isolated fraction, cluster spread) per shuffle;
 * scratch: nth blocks of (m i32 + 5·k f64) bytes, 8-aligned.
 */
export function shuffle_metrics(
  labels: usize, m: i32, k: i32, nbOff: usize, nbList: usize, row: usize, col: usize,
  count: i32, seed: u32, scratch: usize, blockBytes: i32, out: usize, tid: i32, nth: i32,
): void {
  const s0 = partBegin(count, 1, tid, nth), s1 = partBegin(count, 1, tid + 1, nth);
  const perm = scratch + <usize>tid * <usize>blockBytes;
  const acc = perm + ((<usize>m * 4 + 7) & ~(<usize>7));
  for (let s = s0; s < s1; s++) {
    memory.copy(perm, labels, <usize>m << 2);
    const key = mix32(seed ^ mix32(<u32>s * 0x9e3779b9 + 0x632be5ab));
    for (let i = m - 1; i > 0; i--) {
      const j = below(mix32(key + <u32>i * 0x85ebca77), <u32>(i + 1));
      const pi = perm + (<usize>i << 2), pj = perm + (<usize>j << 2);
      const t = load<i32>(pi);
      store<i32>(pi, load<i32>(pj));
      store<i32>(pj, t);
    }
    // isolated fraction
    let iso = 0;
    for (let j = 0; j < m; j++) {
      const lj = load<i32>(perm + (<usize>j << 2));
      const q0 = load<i32>(nbOff + (<usize>j << 2)), q1 = load<i32>(nbOff + (<usize>(j + 1) << 2));
      let alone = 1;
      for (let q = q0; q < q1; q++) {
        if (load<i32>(perm + (<usize>load<i32>(nbList + (<usize>q << 2)) << 2)) == lj) { alone = 0; break; }
      }
      iso += alone;
    }
    // cluster spread: per cluster n, Σr, Σc, Σr², Σc²
    memory.fill(acc, 0, <usize>k * 40);
    for (let j = 0; j < m; j++) {
      const a = acc + <usize>load<i32>(perm + (<usize>j << 2)) * 40;
      const r = load<f64>(row + (<usize>j << 3)), c = load<f64>(col + (<usize>j << 3));
      store<f64>(a, load<f64>(a) + 1.0);
      store<f64>(a, load<f64>(a, 8) + r, 8);
      store<f64>(a, load<f64>(a, 16) + c, 16);
      store<f64>(a, load<f64>(a, 24) + r * r, 24);
      store<f64>(a, load<f64>(a, 32) + c * c, 32);
    }
    let spread = 0.0;
    let used = 0;
    for (let q = 0; q < k; q++) {
      const a = acc + <usize>q * 40;
      const n = load<f64>(a);
      if (n == 0) continue;
      used++;
      const mr = load<f64>(a, 8) / n, mc = load<f64>(a, 16) / n;
      spread += load<f64>(a, 24) / n - mr * mr + load<f64>(a, 32) / n - mc * mc;
    }
    store<f64>(out + (<usize>s << 4), m > 0 ? <f64>iso / <f64>m : 0.0);
    store<f64>(out + (<usize>s << 4), used > 0 ? spread / <f64>used : 0.0, 8);
  }
}
