// The connection cost ℓ_cc as an extension point: an interface for a regularizer's value and subgradient, and the two built-ins (L1, BIMT's distance-weighted L1).
import type { Params64, ParamsLike } from "./reference.js";
import { PARAM_NAMES } from "./types.js";

/**
 * Which wasm kernels compute a built-in cost; set only by {@link l1Cost}, {@link bimtCost} and sernnCost. The engine runs the
 * kernels for a cost with this tag instead of its TS methods, so a tagged cost's value and subgradient must be the
 * float64 reference of exactly what the kernels compute.
 */
export type CostKernel =
  | { readonly kind: "l1" }
  | { readonly kind: "bimt"; readonly A: number }
  | { readonly kind: "sernn"; readonly epsilon: number };

/**
 * A connection cost ℓ(params, D) ≥ 0 that training adds to the task loss as λ·ℓ (docs/spec.md Eq. 3), given by its
 * float64 value and a subgradient, forward beside backward.
 *
 * It sees every parameter tensor — W_in [nHidden, nInput], W [nHidden, nHidden], b_h [nHidden],
 * W_out [nOutput, nHidden], b_o [nOutput], row-major as in Params — and D, the nHidden × nHidden distance matrix
 * between the hidden neurons' places (D[i·nHidden + j] between neurons i and j, row-major; float32 values in the
 * engine). The built-ins follow today's ℓ_cc: plain L1 covers all five tensors (biases included), the distance term
 * only the recurrent W.
 */
export interface ConnectionCost {
  /** Non-empty identifier; a run with a user-supplied cost records it in config.json as `cost`. */
  readonly name: string;
  /**
   * True if BIMT's neuron swap rounds (docs/spec.md §6.9) should run with this cost. The rounds rank pairs by the
   * change of Σ D⊙|W| (the exact change of ℓ for {@link bimtCost}; a heuristic for other distance-based costs).
   */
  readonly swaps: boolean;
  /** ℓ(params, D) in float64, whatever the array types. Must not modify its arguments. */
  value(params: ParamsLike, D: ArrayLike<number>): number;
  /**
   * Adds scale·∂ℓ/∂p to out[name][i] for every parameter p = params[name][i] (a subgradient where ℓ has no
   * derivative; the built-ins use sign(0) = 0). `scale` is the upstream gradient ∂loss/∂ℓ, i.e. λ. Must not modify
   * params or D, and must write nothing but out.
   */
  subgradient(params: ParamsLike, D: ArrayLike<number>, out: Params64, scale: number): void;
  /** Built-ins only: the wasm kernels that compute this cost in the engine. Leave unset in a user-supplied cost. */
  readonly kernel?: CostKernel;
}

/** A malformed connection cost or argument: `field` names it ("cost.name", "A", …). */
export class ConnectionCostError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: ${describe(value)} — ${allowed}`);
    this.name = "ConnectionCostError";
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (typeof v === "function") return "a function";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return typeof v;
  }
}

/** Throws ConnectionCostError naming the first field of `cost` that does not fit the ConnectionCost interface. */
export function checkConnectionCost(cost: unknown, field = "cost"): asserts cost is ConnectionCost {
  if (typeof cost !== "object" || cost === null)
    throw new ConnectionCostError(field, cost, "must be a ConnectionCost object");
  const c = cost as Record<string, unknown>;
  if (typeof c.name !== "string" || c.name.trim() === "")
    throw new ConnectionCostError(`${field}.name`, c.name, "must be a non-empty string");
  if (typeof c.swaps !== "boolean") throw new ConnectionCostError(`${field}.swaps`, c.swaps, "must be true or false");
  for (const m of ["value", "subgradient"] as const) {
    if (typeof c[m] !== "function") throw new ConnectionCostError(`${field}.${m}`, c[m], "must be a function");
  }
  const k = c.kernel as Record<string, unknown> | undefined;
  if (k === undefined) return;
  const ok =
    typeof k === "object" &&
    k !== null &&
    (k.kind === "l1" ||
      (k.kind === "bimt" && typeof k.A === "number" && Number.isFinite(k.A) && k.A >= 0) ||
      (k.kind === "sernn" && typeof k.epsilon === "number" && Number.isFinite(k.epsilon) && k.epsilon > 0));
  if (!ok)
    throw new ConnectionCostError(
      `${field}.kernel`,
      k,
      `must be {"kind":"l1"}, {"kind":"bimt","A":x} with x ≥ 0 or {"kind":"sernn","epsilon":e} with e > 0 (set only by l1Cost, bimtCost and sernnCost)`,
    );
}

// ---------------------------------------------------------------------------------------------------
// The L1 op, forward next to backward.

/** Σ weight·|x| (weight 1 if no per-entry weights). */
export function l1Forward(x: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (weights === undefined ? 1 : weights[i]) * Math.abs(x[i]);
  return s;
}
/** Backward of l1Forward scaled by `scale`: g[i] += scale·weight·sign(x[i]), sign(0) = 0. */
export function l1Backward(x: ArrayLike<number>, scale: number, g: Float64Array, weights?: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    g[i] += scale * (weights === undefined ? 1 : weights[i]) * Math.sign(x[i]);
  }
}

function expectSameSize(W: ArrayLike<number>, D: ArrayLike<number>): void {
  if (W.length !== D.length) throw new Error(`D: expected ${W.length} elements (same as W), got ${D.length}`);
}

/** Σ_ij D_ij·|W_ij| (the distance term of BIMT's ℓ_cc without A). */
export function distanceCost(W: ArrayLike<number>, D: ArrayLike<number>): number {
  expectSameSize(W, D);
  return l1Forward(W, D);
}

function allL1(params: ParamsLike): number {
  let c = 0;
  for (const name of PARAM_NAMES) c += l1Forward(params[name]);
  return c;
}

// ---------------------------------------------------------------------------------------------------
// Built-ins

const L1: ConnectionCost = Object.freeze({
  name: "l1",
  swaps: false,
  kernel: Object.freeze({ kind: "l1" as const }),
  value: (params: ParamsLike) => allL1(params),
  subgradient(params: ParamsLike, _D: ArrayLike<number>, out: Params64, scale: number): void {
    for (const name of PARAM_NAMES) l1Backward(params[name], scale, out[name]);
  },
});

/** Plain L1 of every parameter: ℓ = Σ|W_in| + Σ|W| + Σ|b_h| + Σ|W_out| + Σ|b_o| (reg "l1"; D unused; no swaps). */
export function l1Cost(): ConnectionCost {
  return L1;
}

/**
 * BIMT's ℓ_cc (docs/spec.md Eq. 2, sum form): the L1 of every parameter plus A·Σ_ij D_ij·|W_ij| over the
 * recurrent W (reg "bimt"). Swaps apply when A > 0. bimtCost(0) computes the same numbers as l1Cost().
 */
export function bimtCost(A: number): ConnectionCost {
  if (typeof A !== "number" || !Number.isFinite(A) || A < 0)
    throw new ConnectionCostError("A", A, "must be a finite number ≥ 0");
  return Object.freeze({
    name: "bimt",
    swaps: A > 0,
    kernel: Object.freeze({ kind: "bimt" as const, A }),
    value: (params: ParamsLike, D: ArrayLike<number>) => allL1(params) + A * distanceCost(params.W, D),
    subgradient(params: ParamsLike, D: ArrayLike<number>, out: Params64, scale: number): void {
      for (const name of PARAM_NAMES) l1Backward(params[name], scale, out[name]);
      expectSameSize(params.W, D);
      l1Backward(params.W, scale * A, out.W, D);
    },
  });
}

/**
 * The cost of the classic options: `cost` if given (then `A` must be absent), else bimtCost(A) — BIMT for A > 0,
 * plain L1 (same numbers as l1Cost()) for A = 0. Throws ConnectionCostError naming the bad or missing option.
 */
export function resolveCost(opts: { A?: number; cost?: ConnectionCost }): ConnectionCost {
  if (opts.cost !== undefined) {
    checkConnectionCost(opts.cost);
    if (opts.A !== undefined)
      throw new ConnectionCostError(
        "A",
        opts.A,
        "not allowed together with cost (the cost carries its own parameters)",
      );
    return opts.cost;
  }
  if (opts.A === undefined)
    throw new ConnectionCostError("A", undefined, "required when no cost is given (a finite number ≥ 0)");
  return bimtCost(opts.A);
}
