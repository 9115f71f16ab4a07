// Argument checks at the public API's boundary: each throws an ArgumentError naming the argument.
import type { LoadedModel } from "../train/checkpoint.js";
import type { Engine } from "../engine/api.js";
import { ArgumentError } from "./errors.js";

export function checkObject(name: string, v: unknown): asserts v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ArgumentError(name, v, "must be an object");
}

export function checkOptionalInt(name: string, v: unknown, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new ArgumentError(name, v, `must be an integer from ${min} to ${max}`);
  }
}

export function checkOptionalFunction(name: string, v: unknown): void {
  if (v !== undefined && typeof v !== "function") throw new ArgumentError(name, v, "must be a function");
}

export function checkOptionalSignal(name: string, v: unknown): void {
  if (v === undefined) return;
  const ok =
    typeof v === "object" &&
    v !== null &&
    typeof (v as AbortSignal).aborted === "boolean" &&
    typeof (v as AbortSignal).addEventListener === "function";
  if (!ok) throw new ArgumentError(name, v, "must be an AbortSignal");
}

export function checkOptionalEngine(name: string, v: unknown): asserts v is Engine | undefined {
  if (v === undefined) return;
  const ok =
    typeof v === "object" &&
    v !== null &&
    typeof (v as Engine).network === "function" &&
    typeof (v as Engine).close === "function";
  if (!ok) throw new ArgumentError(name, v, "must be an Engine from createEngine()");
}

/** A model as readModel returns it: config, step, dims, the five parameter tensors and the cell → neuron permutation. */
export function checkModel(name: string, v: unknown): asserts v is LoadedModel {
  checkObject(name, v);
  for (const k of ["config", "params"] as const) checkObject(`${name}.${k}`, v[k]);
  for (const k of ["step", "nInput", "nOutput"] as const) {
    if (typeof v[k] !== "number" || !Number.isSafeInteger(v[k]))
      throw new ArgumentError(`${name}.${k}`, v[k], "must be an integer");
  }
  if (!(v.perm instanceof Int32Array))
    throw new ArgumentError(`${name}.perm`, v.perm, "must be an Int32Array (cell → neuron id)");
}
