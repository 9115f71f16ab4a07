// Shared fast-check arbitraries for small gyrus problems, plus expectClose for readable numeric failures.
import fc from "fast-check";
import { gridPositions, linePositions, pointPositions, type Positions } from "../../src/model/geometry.js";
import type { Activation, Batch, Params } from "../../src/model/types.js";

export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "softplus"];

export interface Problem {
  dims: { nInput: number; nHidden: number; nOutput: number; T: number; B: number };
  positions: Positions;
  activation: Activation;
  lambda: number;
  A: number;
  params: Params;
  batch: Batch;
  /** [T, B, nHidden] recurrent noise, or undefined for none. */
  noise?: Float64Array;
}

export interface ProblemConstraints {
  nHidden?: { min: number; max: number };
  nInput?: { min: number; max: number };
  nOutput?: { min: number; max: number };
  B?: { min: number; max: number };
  T?: { min: number; max: number };
  activations?: readonly Activation[];
  /**
   * Smallest |w| of a generated parameter. The default 1e-3 keeps every |w| differentiable for finite
   * differences; 0 allows exact zeros (about one entry in eight), which swap tests want.
   */
  minAbs?: number;
  /** Noise: "maybe" (default), "always" or "never". */
  noise?: "maybe" | "always" | "never";
}

/**
 * Every layout of n neurons the tests use: the line, each rows×cols factorisation, and (n ≥ 2) user points — a ring in
 * 2D under ℓ1 and a jittered helix in 3D under the Euclidean metric.
 */
export function positionsFor(n: number): Positions[] {
  const out: Positions[] = [linePositions(n)];
  for (let r = 1; r <= n; r++) if (n % r === 0) out.push(gridPositions(r, n / r));
  if (n >= 2) {
    const ring = Array.from({ length: n }, (_, i) => [
      Math.cos((2 * Math.PI * i) / n),
      Math.sin((2 * Math.PI * i) / n),
    ]).flat();
    const helix = Array.from({ length: n }, (_, i) => [
      Math.cos(i),
      Math.sin(i),
      0.3 * i + 0.01 * Math.sin(7 * i),
    ]).flat();
    out.push(pointPositions(ring, 2, "l1"), pointPositions(helix, 3, "euclidean"));
  }
  return out;
}

/** A random layout of n neurons (one of positionsFor(n)). */
export function positionsArb(n: number): fc.Arbitrary<Positions> {
  return fc.constantFrom(...positionsFor(n));
}

/** `length` values with |v| in [minAbs, maxAbs] and random sign (exact 0 about 1 in 8 when minAbs = 0). */
export function signedValuesArb(length: number, maxAbs: number, minAbs: number): fc.Arbitrary<number[]> {
  const steps = 1000;
  const value = fc
    .tuple(fc.integer({ min: 0, max: steps }), fc.boolean(), fc.integer({ min: 0, max: 7 }))
    .map(([m, neg, z]) => {
      if (minAbs === 0 && z === 0) return 0;
      const mag = minAbs + ((maxAbs - minAbs) * m) / steps;
      return neg ? -mag : mag;
    });
  return fc.array(value, { minLength: length, maxLength: length });
}

function f32(values: number[]): Float32Array {
  return Float32Array.from(values);
}

/** Random Params for the dims, entries scaled like a PyTorch init (≈ 1/√fan_in) so activations stay O(1). */
export function paramsArb(
  dims: { nInput: number; nHidden: number; nOutput: number },
  minAbs = 1e-3,
): fc.Arbitrary<Params> {
  const { nInput: nu, nHidden: nh, nOutput: no } = dims;
  const sIn = Math.max(1 / Math.sqrt(nu), 2 * minAbs);
  const sH = Math.max(1 / Math.sqrt(nh), 2 * minAbs);
  return fc
    .record({
      W_in: signedValuesArb(nh * nu, sIn, minAbs),
      W: signedValuesArb(nh * nh, 1.2 * sH, minAbs),
      b_h: signedValuesArb(nh, 0.5, minAbs),
      W_out: signedValuesArb(no * nh, 1.5 * sH, minAbs),
      b_o: signedValuesArb(no, 0.5, minAbs),
    })
    .map((r) => ({ W_in: f32(r.W_in), W: f32(r.W), b_h: f32(r.b_h), W_out: f32(r.W_out), b_o: f32(r.b_o) }));
}

/** A complete small problem: dims, positions, activation, lambda, A, params, batch and optional noise. */
export function problemArb(c: ProblemConstraints = {}): fc.Arbitrary<Problem> {
  const range = (r: { min: number; max: number } | undefined, min: number, max: number) =>
    fc.integer(r ?? { min, max });
  const minAbs = c.minAbs ?? 1e-3;
  const noiseMode = c.noise ?? "maybe";
  return fc
    .record({
      nHidden: range(c.nHidden, 1, 12),
      nInput: range(c.nInput, 1, 6),
      nOutput: range(c.nOutput, 2, 5),
      B: range(c.B, 1, 5),
      T: range(c.T, 1, 6),
      activation: fc.constantFrom(...(c.activations ?? ACTIVATIONS)),
      lambda: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 0.1, noNaN: true })),
      A: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 2, noNaN: true })),
      withNoise: noiseMode === "maybe" ? fc.boolean() : fc.constant(noiseMode === "always"),
    })
    .chain((s) => {
      const dims = { nInput: s.nInput, nHidden: s.nHidden, nOutput: s.nOutput, T: s.T, B: s.B };
      const steps = s.T * s.B;
      return fc
        .record({
          positions: positionsArb(s.nHidden),
          params: paramsArb(dims, minAbs),
          inputs: fc.array(fc.integer({ min: -1000, max: 1000 }), {
            minLength: steps * s.nInput,
            maxLength: steps * s.nInput,
          }),
          labels: fc.array(fc.integer({ min: 0, max: s.nOutput - 1 }), { minLength: steps, maxLength: steps }),
          noise: s.withNoise
            ? fc.array(fc.integer({ min: -1000, max: 1000 }), {
                minLength: steps * s.nHidden,
                maxLength: steps * s.nHidden,
              })
            : fc.constant(undefined),
        })
        .map((r): Problem => ({
          dims,
          positions: r.positions,
          activation: s.activation,
          lambda: s.lambda,
          A: s.A,
          params: r.params,
          batch: { inputs: Float32Array.from(r.inputs, (v) => v / 1000), labels: Int32Array.from(r.labels) },
          noise: r.noise === undefined ? undefined : Float64Array.from(r.noise, (v) => (0.2 * v) / 1000),
        }));
    });
}

/** fast-check run parameters: numRuns, and the seed from FC_SEED when set (to replay a failure). */
export function propertyConfig(numRuns: number): { numRuns: number; seed?: number } {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns } : { numRuns, seed: Number(seed) };
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Throws unless |actual[i] − expected[i]| ≤ atol + rtol·|expected[i]| for every i (NaN never matches).
 * The message names the label, how many entries fail, and the first and the worst failing index with values.
 */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tol: Tolerance,
  label: string,
): void {
  const a = typeof actual === "number" ? [actual] : actual;
  const e = typeof expected === "number" ? [expected] : expected;
  if (a.length !== e.length) throw new Error(`${label}: length ${a.length}, expected ${e.length}`);
  let fails = 0;
  let first = -1;
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < a.length; i++) {
    const allowed = tol.atol + tol.rtol * Math.abs(e[i]);
    const diff = Math.abs(a[i] - e[i]);
    if (!(diff <= allowed)) {
      fails++;
      if (first < 0) first = i;
      const ratio = Number.isNaN(diff) ? Infinity : diff / allowed;
      if (worst < 0 || ratio > worstRatio) {
        worst = i;
        worstRatio = ratio;
      }
    }
  }
  if (fails === 0) return;
  const describe = (i: number) => {
    const diff = Math.abs(a[i] - e[i]);
    return `[${i}] actual ${a[i]} expected ${e[i]} |diff| ${diff.toExponential(3)} allowed ${(tol.atol + tol.rtol * Math.abs(e[i])).toExponential(3)}`;
  };
  throw new Error(
    `${label}: ${fails} of ${a.length} entries differ (rtol ${tol.rtol}, atol ${tol.atol}); ` +
      `first ${describe(first)}; worst ${describe(worst)}`,
  );
}
