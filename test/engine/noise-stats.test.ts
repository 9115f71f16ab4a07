// The recurrent noise as a distribution (docs/results.md, fidelity: "the noise"): the engine's counter-based
// Box–Muller normals are N(0, σ²) — mean, variance, skew and kurtosis, the Kolmogorov–Smirnov distance to the normal
// CDF — and independent across steps, batch elements and neurons (lag-1 correlations) and across seeds. So a
// different generator (PyTorch's, say) gives other draws from the same distribution, not a different training.
import { describe, expect, it } from "vitest";
import { gridPositions } from "../../src/model/geometry.js";
import { useEngines } from "../helpers/engines.js";

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sa = 0,
    sb = 0,
    sab = 0,
    saa = 0,
    sbb = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n,
    mb = sb / n;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("recurrent noise statistics", () => {
  const engines = useEngines(2);
  const [T, B, n, sigma] = [100, 16, 400, 0.0707];
  /** The noise lossAndGradients would add for (T, B, std, seed) on a 20×20 network, as [T, B, n]. */
  const noise = (std: number, seed: number) => {
    const net = engines[2].network({
      nInput: 3,
      nHidden: n,
      nOutput: 2,
      positions: gridPositions(20, 20),
      activation: "relu",
    });
    try {
      return net.sampleNoise(T, B, std, seed);
    } finally {
      net.dispose();
    }
  };

  it("N(0, σ²): moments and Kolmogorov–Smirnov distance over 640,000 draws, at the paper's σ", () => {
    const x = noise(sigma, 12345);
    const N = x.length;
    expect(N).toBe(640_000);
    let m = 0;
    for (const v of x) m += v;
    m /= N;
    let m2 = 0,
      m3 = 0,
      m4 = 0;
    for (const v of x) {
      const d = v - m;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= N;
    m3 /= N;
    m4 /= N;
    const sd = Math.sqrt(m2);
    // Standard errors at N = 640,000: mean σ/800, sd σ/1131, skew 0.003, kurtosis 0.006; bounds at ≈ 5 s.e.
    expect(Math.abs(m)).toBeLessThan((5 * sigma) / 800);
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(5 / 1131);
    expect(Math.abs(m3 / sd ** 3)).toBeLessThan(0.016);
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(0.03);
    const z = Float64Array.from(x, (v) => v / sigma).sort();
    let ks = 0;
    z.forEach((v, i) => (ks = Math.max(ks, Math.abs(phi(v) - i / N), Math.abs(phi(v) - (i + 1) / N))));
    // The KS statistic's 0.1 % critical value is 1.95/√N = 0.0024.
    expect(ks).toBeLessThan(1.95 / Math.sqrt(N));
  });

  it("independent: lag-1 correlations along steps, batch elements and neurons, and between seeds, are ≈ 0", () => {
    const x = noise(1, 7); // [T, B, n]
    const y = noise(1, 8);
    const at = (t: number, b: number, i: number) => x[(t * B + b) * n + i];
    const pairs = (f: (t: number, b: number, i: number) => [number, number] | null) => {
      const a: number[] = [],
        c: number[] = [];
      for (let t = 0; t < T; t++)
        for (let b = 0; b < B; b++)
          for (let i = 0; i < n; i++) {
            const p = f(t, b, i);
            if (p) (a.push(p[0]), c.push(p[1]));
          }
      return corr(a, c);
    };
    // s.e. of a correlation over ≈ 600,000 pairs ≈ 0.0013: bound at ≈ 5 s.e.
    const bound = 0.0065;
    expect(Math.abs(pairs((t, b, i) => (t + 1 < T ? [at(t, b, i), at(t + 1, b, i)] : null)))).toBeLessThan(bound);
    expect(Math.abs(pairs((t, b, i) => (b + 1 < B ? [at(t, b, i), at(t, b + 1, i)] : null)))).toBeLessThan(bound);
    expect(Math.abs(pairs((t, b, i) => (i + 1 < n ? [at(t, b, i), at(t, b, i + 1)] : null)))).toBeLessThan(bound);
    // Box–Muller pairs: the cosine and sine halves of one pair sit 4 batch columns apart.
    expect(Math.abs(pairs((t, b, i) => (b + 4 < B ? [at(t, b, i), at(t, b + 4, i)] : null)))).toBeLessThan(bound);
    expect(Math.abs(corr(x, y))).toBeLessThan(bound);
  });
});
