// The matrix exponential and its Fréchet derivative in float64 (the reference of seRNN's communicability cost,
// docs/spec.md §6.7, docs/wiring-costs.md): scaling and squaring with a degree-18 Taylor polynomial.
//
// Why Taylor rather than Padé: after scaling so that ‖X/2^s‖₁ ≤ 1, the remainder of the degree-18 Taylor series is
// below e/19! ≈ 2e-17 relative, float64's own rounding; the polynomial and its derivative need nothing but matrix
// products (no linear solve), so the same recursion runs on the engine's GEMM kernels, and the derivative follows the
// value step by step (Horner for both, then the product rule through the squarings).

/** Degree of the Taylor polynomial after scaling. */
export const EXPM_DEGREE = 18;

/** C = A·B for n×n row-major matrices (C must not alias A or B). */
export function matmul(A: Float64Array, B: Float64Array, n: number, C = new Float64Array(n * n)): Float64Array {
  C.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const a = A[ci + k];
      if (a === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bk + j];
    }
  }
  return C;
}

/** The maximum absolute column sum ‖X‖₁. */
export function norm1(X: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(X[i * n + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** The squarings s with ‖X‖₁ / 2^s ≤ 1. */
export function expmSquarings(X: Float64Array, n: number): number {
  const nrm = norm1(X, n);
  if (!Number.isFinite(nrm)) throw new Error(`expm: the matrix has a non-finite entry (‖X‖₁ = ${nrm})`);
  return nrm <= 1 ? 0 : Math.ceil(Math.log2(nrm));
}

/**
 * e^X for an n×n row-major X, and, given a direction G, the Fréchet derivative L(X, G) = d/dt e^{X + tG} at t = 0.
 * Returns { E, L } (L only when G is given).
 */
export function expmFrechet(X: Float64Array, n: number, G?: Float64Array): { E: Float64Array; L?: Float64Array } {
  const s = expmSquarings(X, n);
  const scale = 2 ** -s;
  const Xs = X.map((x) => x * scale);
  const Gs = G?.map((g) => g * scale);
  // Horner: P ← I + Xs·P/k for k = m … 1, and dP ← (Gs·P_old + Xs·dP_old)/k alongside.
  let P = identity(n);
  let dP = Gs ? new Float64Array(n * n) : undefined;
  const t1 = new Float64Array(n * n),
    t2 = new Float64Array(n * n);
  for (let k = EXPM_DEGREE; k >= 1; k--) {
    if (Gs && dP) {
      matmul(Gs, P, n, t1);
      matmul(Xs, dP, n, t2);
      const next = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) next[i] = (t1[i] + t2[i]) / k;
      dP = next;
    }
    matmul(Xs, P, n, t1);
    const next = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) next[i] = t1[i] / k;
    for (let i = 0; i < n; i++) next[i * n + i] += 1;
    P = next;
  }
  // Squaring: E ← E², L ← E·L + L·E.
  for (let j = 0; j < s; j++) {
    if (dP) {
      matmul(P, dP, n, t1);
      matmul(dP, P, n, t2);
      const next = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) next[i] = t1[i] + t2[i];
      dP = next;
    }
    P = matmul(P, P, n);
  }
  return dP ? { E: P, L: dP } : { E: P };
}

function identity(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}
