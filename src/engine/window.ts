// The shared-memory buffers of one training window of T steps × B sequences, and the checks on a batch.
import type { EngineCore } from "./engine.js";
import type { Batch, Dims } from "../model/types.js";

/** T and B of a batch, checked against its arrays; throws naming the field and what was expected. */
export function windowShape(batch: Batch, d: Dims): { T: number; B: number } {
  if (!(batch.inputs instanceof Float32Array)) throw new Error("batch.inputs: expected a Float32Array [T, B, nInput]");
  if (!(batch.labels instanceof Int32Array)) throw new Error("batch.labels: expected an Int32Array [T, B]");
  const steps = batch.labels.length;
  let { T, B } = batch;
  if (T === undefined && B === undefined)
    throw new Error("batch.T / batch.B: give T or B — the flat arrays cannot tell them apart");
  if (T === undefined) T = steps / B!;
  if (B === undefined) B = steps / T;
  if (!Number.isInteger(T) || T < 1 || !Number.isInteger(B) || B < 1 || T * B !== steps) {
    throw new Error(
      `batch.labels: ${steps} values do not make [T=${batch.T ?? "?"}, B=${batch.B ?? "?"}] with integer T, B ≥ 1`,
    );
  }
  if (batch.inputs.length !== steps * d.nInput) {
    throw new Error(
      `batch.inputs: expected ${steps * d.nInput} values [T=${T}, B=${B}, nInput=${d.nInput}], got ${batch.inputs.length}`,
    );
  }
  for (let i = 0; i < steps; i++) {
    const c = batch.labels[i];
    if (!Number.isInteger(c) || c < -1 || c >= d.nOutput) {
      throw new Error(
        `batch.labels[${i}]: ${c} — classes must be in 0…${d.nOutput - 1}, or −1 for a step without a target`,
      );
    }
  }
  return { T, B };
}

/**
 * Step-major buffers: every per-step quantity is one contiguous [rows × B] block per step (row stride 4B bytes,
 * step t at (t−1)·rows·B floats), so a step's products touch a few pages instead of one page per row.
 */
export class WindowBuffers {
  readonly U: number; // [T·B × nu] inputs as given
  readonly UT: number; // [T][nu × B]
  readonly labels: number; // [T·B] i32
  readonly P: number; // [T][nh × B] pre-activations
  readonly H: number; // [T][nh × B] hidden states h_1 … h_T
  readonly G: number; // [T][nh × B] dL/dh, then dL/dpre
  readonly O: number; // [T][no × B] logits, then dL/dlogits
  readonly GT: number; // [T·B × nh] dL/dpre transposed
  readonly HT: number; // [T·B × nh] h transposed
  readonly OT: number; // [T·B × no] dL/dlogits transposed
  readonly biasH: number; // [T·nh] b_h repeated per step
  readonly biasO: number; // [T·no] b_o repeated per step
  readonly sums: number; // [T·max(nh, no)] per-step row sums
  readonly losses: number; // [T·B] f32
  readonly statsF: number; // [T] i32
  readonly statsB: number; // [T] i32
  private readonly all: number[];

  constructor(
    private readonly engine: EngineCore,
    d: Dims,
    readonly T: number,
    readonly B: number,
  ) {
    const { arena } = engine;
    const TB = T * B,
      nh = d.nHidden,
      no = d.nOutput;
    const a = (floats: number) => arena.alloc(floats * 4);
    this.U = a(TB * d.nInput);
    this.UT = a(TB * d.nInput);
    this.labels = a(TB);
    this.P = a(nh * TB);
    this.H = a(nh * TB);
    this.G = a(nh * TB);
    this.O = a(no * TB);
    this.GT = a(TB * nh);
    this.HT = a(TB * nh);
    this.OT = a(TB * no);
    this.biasH = a(T * nh);
    this.biasO = a(T * no);
    this.sums = a(T * Math.max(nh, no));
    this.losses = a(TB);
    this.statsF = a(T);
    this.statsB = a(T);
    this.all = [
      this.U,
      this.UT,
      this.labels,
      this.P,
      this.H,
      this.G,
      this.O,
      this.GT,
      this.HT,
      this.OT,
      this.biasH,
      this.biasO,
      this.sums,
      this.losses,
      this.statsF,
      this.statsB,
    ];
  }

  load(batch: Batch): void {
    const { arena } = this.engine;
    arena.f32(this.U, batch.inputs.length).set(batch.inputs);
    arena.i32(this.labels, batch.labels.length).set(batch.labels);
  }

  /** Writes `bias` once per step into a [T × bias.length] buffer. */
  repeatBias(ptr: number, bias: Float32Array): void {
    const out = this.engine.arena.f32(ptr, this.T * bias.length);
    for (let t = 0; t < this.T; t++) out.set(bias, t * bias.length);
  }

  release(): void {
    for (const p of this.all) this.engine.arena.release(p);
  }
}
