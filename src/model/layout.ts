// The five parameter tensors' shapes from Dims (paramShapes), the one check of parameters against them
// (checkParamShapes, checkParams), and where each tensor sits inside one contiguous block of floats. Parameters,
// gradients and both Adam moments share this layout, so clipping, Adam and the L1 cost run over one block; gaps are
// zero.
import type { Dims, ParamName, Params } from "./types.js";
import { PARAM_NAMES } from "./types.js";

export interface TensorSlot {
  name: ParamName;
  /** offset in floats from the block start (a multiple of 16, i.e. 64 bytes) */
  offset: number;
  shape: readonly number[];
  size: number;
}

export interface ParamLayout {
  slots: Record<ParamName, TensorSlot>;
  /** floats in the block, gaps included */
  total: number;
}

/** Shapes of the five parameter tensors (row-major, PyTorch Linear layout), fresh arrays on every call. */
export function paramShapes(d: Dims): Record<ParamName, number[]> {
  return {
    W_in: [d.nHidden, d.nInput],
    W: [d.nHidden, d.nHidden],
    b_h: [d.nHidden],
    W_out: [d.nOutput, d.nHidden],
    b_o: [d.nOutput],
  };
}

/** Elements a shape holds (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Block order: W first (the kernels of the distance cost and the swaps address it), then W_in, b_h, W_out, b_o. */
export function paramLayout(d: Dims): ParamLayout {
  const shapes = paramShapes(d);
  const order: ParamName[] = ["W", "W_in", "b_h", "W_out", "b_o"];
  const slots = {} as Record<ParamName, TensorSlot>;
  let offset = 0;
  for (const name of order) {
    const size = shapeSize(shapes[name]);
    slots[name] = { name, offset, shape: shapes[name], size };
    offset += Math.ceil(size / 16) * 16;
  }
  return { slots, total: offset };
}

/**
 * Checks that every tensor of params holds as many values as its shape for d (any array type): throws an Error
 * naming the first tensor that does not — `${what}.${name}: expected N values [shape], got L` (or "nothing").
 */
export function checkParamShapes(
  params: Partial<Record<ParamName, ArrayLike<number>>>,
  d: Dims,
  what = "params",
): void {
  const shapes = paramShapes(d);
  for (const name of PARAM_NAMES) {
    const t = params[name],
      want = shapeSize(shapes[name]);
    if (t === undefined || t === null || t.length !== want) {
      throw new Error(
        `${what}.${name}: expected ${want} values [${shapes[name].join(", ")}], got ${t == null ? "nothing" : t.length}`,
      );
    }
  }
}

/**
 * Checks Params for d: every tensor a Float32Array of its shape's size (checkParamShapes), and no other key. Throws
 * an Error naming the tensor, its expected size and shape, and what it got.
 */
export function checkParams(params: Partial<Params>, d: Dims, what = "params"): asserts params is Params {
  const shapes = paramShapes(d);
  for (const name of PARAM_NAMES) {
    const t = params[name];
    if (t !== undefined && !(t instanceof Float32Array)) {
      throw new Error(
        `${what}.${name}: expected a Float32Array of ${shapeSize(shapes[name])} values [${shapes[name].join(", ")}], got ${typeof t}`,
      );
    }
  }
  checkParamShapes(params, d, what);
  const extra = Object.keys(params).filter((k) => !(PARAM_NAMES as readonly string[]).includes(k));
  if (extra.length)
    throw new Error(
      `${what}: unknown tensor ${extra.map((e) => JSON.stringify(e)).join(", ")}; allowed: ${PARAM_NAMES.join(", ")}`,
    );
}

/** Dims implied by a parameter set in any array type (b_h, b_o and W_in give all three); checks no other tensor. */
export function dimsOf(params: Partial<Record<ParamName, ArrayLike<number>>>): Dims {
  const nHidden = params.b_h?.length ?? 0;
  if (!nHidden) throw new Error("params.b_h: expected a non-empty Float32Array [nHidden]");
  const nInput = (params.W_in?.length ?? 0) / nHidden;
  const nOutput = params.b_o?.length ?? 0;
  if (!Number.isInteger(nInput) || nInput < 1) {
    throw new Error(
      `params.W_in: expected nHidden·nInput values with nHidden = ${nHidden}, got ${params.W_in?.length}`,
    );
  }
  if (nOutput < 1) throw new Error("params.b_o: expected a non-empty Float32Array [nOutput]");
  return { nInput, nHidden, nOutput };
}
