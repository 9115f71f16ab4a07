// seRNN's communicability cost on the engine (docs/wiring-costs.md): the same recursion as the float64 reference
// (src/model/sernn-cost.ts, src/model/expm.ts) with every n×n product on the wasm GEMM kernels, in float32, split
// among the pool's threads (each output element is one thread's fixed-order sum, so the bits do not depend on the
// thread count). The O(n²) elementwise steps run in TS between the products.
//
// With a gradient, one pass computes e^{Mᵀ} and the Fréchet derivative L(Mᵀ, G) together (3 products per Taylor
// degree and per squaring); C is read off e^{Mᵀ} transposed, so the value needs no second exponential.
import { runKernel } from "./kernel-calls.js";
import type { EngineCore } from "./engine.js";
import { EXPM_DEGREE } from "../model/expm.js";
import { sernnBackward } from "../model/sernn-cost.js";

/** What sernnOnEngine needs of a network: its W, D and W-gradient slots in the arena (byte pointers). */
export interface SernnSlots {
  n: number;
  W: number;
  D: number;
  /** Where λ·∂ℓ/∂W is added (ignored when lambda is 0). */
  gradW: number;
}

/**
 * ℓ = Σ |W| ⊙ C ⊙ D, C = expm(S^{-1/2}|W|S^{-1/2}) off the diagonal (s_j = Σ_i |W_ij|, + epsilon); with lambda ≠ 0
 * adds λ·∂ℓ/∂W into the gradient slot — exact, or with throughC false the gradient with C held constant
 * (λ·C ⊙ D ⊙ sign W: one product per Taylor degree instead of three). Returns ℓ.
 */
export function sernnOnEngine(
  core: EngineCore,
  slots: SernnSlots,
  epsilon: number,
  lambda: number,
  throughC = true,
): number {
  const { arena, pool } = core;
  const { n } = slots;
  const nn = n * n,
    bytes = nn * 4;
  const names = ["X", "G", "P", "dP", "t"] as const;
  const buf = Object.fromEntries(names.map((k) => [k, arena.alloc(bytes)])) as Record<(typeof names)[number], number>;
  // gemm_nn walks an explicit k list: 0, 1, …, n − 1 for a dense product.
  const idx = arena.alloc(n * 4);
  arena.i32(idx, n).set(Int32Array.from({ length: n }, (_, k) => k));
  const view = (p: number) => arena.f32(p, nn);
  // c = a·b, or c += a·b with accumulate (a sum of products needs no second buffer).
  const gemm = (a: number, b: number, c: number, accumulate = 0) =>
    runKernel(pool, "par_gemm_nn", {
      m: n,
      n,
      idx,
      nk: n,
      a,
      ars: n * 4,
      aks: 4,
      b,
      ldb: n * 4,
      c,
      ldc: n * 4,
      accumulate,
      splitCols: 0,
    });
  try {
    const W = view(slots.W),
      D = view(slots.D);
    const A = new Float32Array(nn);
    for (let k = 0; k < nn; k++) A[k] = Math.abs(W[k]);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[j] += A[i * n + j];
    const inv = Float64Array.from(s, (x) => 1 / Math.sqrt(x + epsilon));
    // X = Mᵀ / 2^q (the exponent of the pass), G = (|W| ⊙ D off the diagonal) / 2^q.
    const MT = new Float64Array(nn);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) MT[j * n + i] = inv[i] * A[i * n + j] * inv[j];
    let norm = 0;
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let i = 0; i < n; i++) c += Math.abs(MT[i * n + j]);
      norm = Math.max(norm, c);
    }
    const q = norm <= 1 ? 0 : Math.ceil(Math.log2(norm));
    const scale = 2 ** -q;
    const withGrad = lambda !== 0 && throughC;
    {
      const X = view(buf.X),
        G = view(buf.G);
      for (let k = 0; k < nn; k++) X[k] = MT[k] * scale;
      if (withGrad)
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) G[i * n + j] = i === j ? 0 : A[i * n + j] * D[i * n + j] * scale;
      const P = view(buf.P);
      P.fill(0);
      for (let i = 0; i < n; i++) P[i * n + i] = 1;
      if (withGrad) view(buf.dP).fill(0);
    }
    // Horner: dP ← (G·P + X·dP)/k, P ← I + X·P/k, for k = m … 1.
    for (let k = EXPM_DEGREE; k >= 1; k--) {
      if (withGrad) {
        gemm(buf.G, buf.P, buf.t);
        gemm(buf.X, buf.dP, buf.t, 1);
        const t = view(buf.t),
          dP = view(buf.dP);
        for (let e = 0; e < nn; e++) dP[e] = t[e] / k;
      }
      gemm(buf.X, buf.P, buf.t);
      const t = view(buf.t),
        P = view(buf.P);
      for (let e = 0; e < nn; e++) P[e] = t[e] / k;
      for (let i = 0; i < n; i++) P[i * n + i] += 1;
    }
    // Squarings: dP ← P·dP + dP·P, P ← P·P.
    for (let r = 0; r < q; r++) {
      if (withGrad) {
        gemm(buf.P, buf.dP, buf.t);
        gemm(buf.dP, buf.P, buf.t, 1);
        view(buf.dP).set(view(buf.t));
      }
      gemm(buf.P, buf.P, buf.t);
      view(buf.P).set(view(buf.t));
    }
    // C = (e^{Mᵀ})ᵀ off the diagonal; ℓ = Σ A ⊙ C ⊙ D (summed in float64, row by row).
    const ET = view(buf.P);
    const C = new Float32Array(nn);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) C[i * n + j] = ET[j * n + i];
    let value = 0;
    for (let k = 0; k < nn; k++) value += A[k] * C[k] * D[k];
    if (lambda !== 0)
      sernnBackward(n, A, inv, s, C, D, withGrad ? view(buf.dP) : null, W, view(slots.gradW), lambda, epsilon);
    return value;
  } finally {
    for (const k of names) arena.release(buf[k]);
    arena.release(idx);
  }
}
