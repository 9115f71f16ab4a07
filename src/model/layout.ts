// Where each parameter tensor sits inside one contiguous block of floats. Parameters, gradients and both Adam
// moments share this layout, so clipping, Adam and the L1 cost run over one block; gaps are zero.
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

export function paramShapes(d: Dims): Record<ParamName, readonly number[]> {
  return {
    W_in: [d.nHidden, d.nInput],
    W: [d.nHidden, d.nHidden],
    b_h: [d.nHidden],
    W_out: [d.nOutput, d.nHidden],
    b_o: [d.nOutput],
  };
}

/** Block order: W first (the kernels of the distance cost and the swaps address it), then W_in, b_h, W_out, b_o. */
export function paramLayout(d: Dims): ParamLayout {
  const shapes = paramShapes(d);
  const order: ParamName[] = ["W", "W_in", "b_h", "W_out", "b_o"];
  const slots = {} as Record<ParamName, TensorSlot>;
  let offset = 0;
  for (const name of order) {
    const size = shapes[name].reduce((a, b) => a * b, 1);
    slots[name] = { name, offset, shape: shapes[name], size };
    offset += Math.ceil(size / 16) * 16;
  }
  return { slots, total: offset };
}

/** Throws an Error naming the tensor, its expected and its actual size, for the first tensor that does not fit. */
export function checkParams(params: Partial<Params>, d: Dims): asserts params is Params {
  const shapes = paramShapes(d);
  for (const name of PARAM_NAMES) {
    const t = params[name];
    const want = shapes[name].reduce((a, b) => a * b, 1);
    if (!(t instanceof Float32Array)) {
      throw new Error(`params.${name}: expected a Float32Array of ${want} values [${shapes[name].join(", ")}], got ${t === undefined ? "nothing" : typeof t}`);
    }
    if (t.length !== want) {
      throw new Error(`params.${name}: expected ${want} values [${shapes[name].join(", ")}], got ${t.length}`);
    }
  }
  const extra = Object.keys(params).filter((k) => !(PARAM_NAMES as readonly string[]).includes(k));
  if (extra.length) throw new Error(`params: unknown tensor ${extra.map((e) => JSON.stringify(e)).join(", ")}; allowed: ${PARAM_NAMES.join(", ")}`);
}

/** Dims implied by a parameter set (W_in and W_out give all three). */
export function dimsOf(params: Params): Dims {
  const nHidden = params.b_h?.length ?? 0;
  if (!nHidden) throw new Error("params.b_h: expected a non-empty Float32Array [nHidden]");
  const nInput = (params.W_in?.length ?? 0) / nHidden;
  const nOutput = params.b_o?.length ?? 0;
  if (!Number.isInteger(nInput) || nInput < 1) {
    throw new Error(`params.W_in: expected nHidden·nInput values with nHidden = ${nHidden}, got ${params.W_in?.length}`);
  }
  if (nOutput < 1) throw new Error("params.b_o: expected a non-empty Float32Array [nOutput]");
  return { nInput, nHidden, nOutput };
}
