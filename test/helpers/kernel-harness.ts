// One helper to run a kernel on operands in shared memory and check it against a reference (tinygrad test_ops style).
//
// checkKernel(engine, { kernel, operands, args, reference, tol }) allocates every operand with guard bands around it,
// writes it (padding included), runs the kernel (serially on this thread, or with pool.run if it is parallel),
// reads everything back and checks: guard bands and every non-output operand are byte-for-byte unchanged, the
// padding of outputs is byte-for-byte unchanged, and the logical elements of outputs match the reference (which gets
// float64 copies of all operands, padding included, and writes its outputs in place) within rtol/atol or exactly.
// It then releases the memory and returns the outputs, so tests can also compare runs bit for bit.
import fc from "fast-check";
import type { EngineCore } from "../../src/engine/engine.js";
import { checkedArgs } from "../../src/engine/kernel-calls.js";
import { isParallelKernel, type KernelName, type ParallelKernel } from "../../src/engine/kernels.js";
import { mulberry32 } from "../../src/tasks/rng.js";

export type Tol = { readonly rtol: number; readonly atol: number } | "exact";
export type ElemType = "f32" | "i32" | "f64";
export type Buffer32 = Float32Array | Int32Array | Float64Array;

export interface Operand {
  readonly type: ElemType;
  /** Every element of the region, padding included. */
  readonly data: Buffer32;
  /** 1 for a logical element, 0 for padding; absent: all logical. */
  readonly mask?: Uint8Array;
  /** Elements per row (for readable messages). */
  readonly ld?: number;
  /** Marks an output: its logical elements are compared with this tolerance (true: the case's tol). */
  readonly out?: Tol | true;
  /** Extra bytes (a multiple of 4) between the 64-byte aligned start and the pointer the kernel gets. */
  readonly misalign?: number;
}

export interface KernelCase<K extends string> {
  readonly kernel: KernelName;
  readonly operands: Record<K, Operand>;
  /**
   * The kernel's arguments given the operands' byte pointers (without tid, nth for parallel kernels); their count is
   * checked against the kernel's argument list (src/engine/kernels.ts) before the run.
   */
  args(ptr: Record<K, number>): readonly number[];
  /** Writes the expected outputs into float64 copies of the operands (padding included). */
  reference?(ref: Record<K, Float64Array>): void;
  /** Default tolerance of outputs. */
  readonly tol?: Tol;
}

export interface Outcome<K extends string> {
  /** Copies of every operand after the run. */
  readonly outputs: Record<K, Buffer32>;
  /** Logical output elements compared against the reference. */
  readonly compared: number;
}

/** Bytes of guard band before and after every operand. */
export const GUARD_BYTES = 64;
/** The f32 bit pattern of the guard bands: a quiet NaN with a payload, so a leak shows. */
const GUARD_WORD = 0x7fc5a5a5;

export function isParallel(kernel: KernelName): kernel is ParallelKernel {
  return isParallelKernel(kernel);
}

function bytesOf(a: Buffer32): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function makeLike(type: ElemType, n: number): Buffer32 {
  return type === "f32" ? new Float32Array(n) : type === "i32" ? new Int32Array(n) : new Float64Array(n);
}

function where(op: Operand, e: number): string {
  return op.ld ? `[${Math.floor(e / op.ld)}, ${e % op.ld}] (element ${e})` : `[${e}]`;
}

/** Runs a case on an engine and checks it; throws an Error describing the first mismatches. */
export function checkKernel<K extends string>(engine: EngineCore, c: KernelCase<K>): Outcome<K> {
  const names = Object.keys(c.operands) as K[];
  const arena = engine.arena;
  const base = {} as Record<K, number>;
  const ptr = {} as Record<K, number>;
  try {
    for (const name of names) {
      const op = c.operands[name];
      const mis = op.misalign ?? 0;
      if (mis % 4 !== 0 || mis < 0 || mis >= GUARD_BYTES)
        throw new Error(`${name}: misalign ${mis} must be 0, 4, … 60`);
      base[name] = arena.alloc(GUARD_BYTES + mis + op.data.byteLength + GUARD_BYTES);
      ptr[name] = base[name] + GUARD_BYTES + mis;
    }
    // Views only after all allocations: growing the memory replaces its buffer.
    const mem = new Uint8Array(engine.memory.buffer);
    const before = {} as Record<K, Uint8Array>;
    for (const name of names) {
      const op = c.operands[name];
      const total = GUARD_BYTES + (op.misalign ?? 0) + op.data.byteLength + GUARD_BYTES;
      new Uint32Array(engine.memory.buffer, base[name], total / 4).fill(GUARD_WORD);
      mem.set(bytesOf(op.data), ptr[name]);
      before[name] = mem.slice(base[name], base[name] + total);
    }

    const args = c.args(ptr);
    const kernel = c.kernel;
    if (isParallel(kernel)) engine.pool.run(kernel, checkedArgs(kernel, args));
    else (engine.kernels[kernel] as (...a: number[]) => void)(...checkedArgs(kernel, args));

    const after = new Uint8Array(engine.memory.buffer);
    const outputs = {} as Record<K, Buffer32>;
    const problems: string[] = [];
    for (const name of names) {
      const op = c.operands[name];
      const lead = GUARD_BYTES + (op.misalign ?? 0),
        len = op.data.byteLength;
      const got = after.slice(base[name], base[name] + lead + len + GUARD_BYTES);
      const was = before[name];
      for (let i = 0; i < lead; i++) {
        if (got[i] !== was[i]) {
          problems.push(`${name}: guard band before the operand changed at byte −${lead - i}`);
          break;
        }
      }
      for (let i = lead + len; i < got.length; i++) {
        if (got[i] !== was[i]) {
          problems.push(`${name}: guard band after the operand changed at byte +${i - lead - len}`);
          break;
        }
      }
      const out = makeLike(op.type, op.data.length);
      bytesOf(out).set(got.subarray(lead, lead + len));
      outputs[name] = out;
      // Inputs entirely, and the padding of outputs, must keep their bits.
      const size = out.BYTES_PER_ELEMENT;
      for (let e = 0, bad = 0; e < out.length && bad < 3; e++) {
        if (op.out && (!op.mask || op.mask[e])) continue;
        for (let b = 0; b < size; b++) {
          if (got[lead + e * size + b] !== was[lead + e * size + b]) {
            problems.push(
              `${name}${where(op, e)}: ${op.out ? "padding" : "input"} changed from ${op.data[e]} to ${out[e]}`,
            );
            bad++;
            break;
          }
        }
      }
    }

    let compared = 0;
    if (c.reference) {
      const ref = {} as Record<K, Float64Array>;
      for (const name of names) ref[name] = Float64Array.from(c.operands[name].data);
      c.reference(ref);
      for (const name of names) {
        const op = c.operands[name];
        if (!op.out) continue;
        const tol = op.out === true ? (c.tol ?? "exact") : op.out;
        const got = outputs[name],
          want = ref[name];
        let bad = 0;
        for (let e = 0; e < got.length; e++) {
          if (op.mask && !op.mask[e]) continue;
          compared++;
          const g = got[e],
            w = op.type === "f32" && tol === "exact" ? Math.fround(want[e]) : want[e];
          let ok: boolean;
          if (tol === "exact") ok = Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w));
          else if (Number.isNaN(w)) ok = Number.isNaN(g);
          else if (!Number.isFinite(w)) ok = g === w;
          // An f32 cannot resolve below its smallest subnormals: 2⁻¹⁴⁸ is the floor of atol for f32 outputs.
          else ok = Math.abs(g - w) <= Math.max(tol.atol, op.type === "f32" ? 2 ** -148 : 0) + tol.rtol * Math.abs(w);
          if (!ok && bad++ < 5) {
            const t = tol === "exact" ? "exact" : `atol ${tol.atol}, rtol ${tol.rtol}`;
            problems.push(`${name}${where(op, e)}: got ${g}, want ${w} (diff ${g - w}; ${t})`);
          }
        }
        if (bad > 5) problems.push(`${name}: … ${bad} mismatches in all`);
      }
    }
    if (problems.length) {
      throw new Error(
        `${c.kernel}(${args.join(", ")}) on ${engine.build} × ${engine.threads}:\n  ${problems.join("\n  ")}`,
      );
    }
    return { outputs, compared };
  } finally {
    for (const name of names) if (base[name] !== undefined) arena.release(base[name]);
  }
}

// ---------------------------------------------------------------- operands

export interface MatOptions {
  /** Elements per row; default cols + pad. */
  ld?: number;
  /** Extra elements per row when ld is not given. */
  pad?: number;
  /** Value of the padding (default NaN: it must never reach a result). */
  sentinel?: number;
  /** Which elements are logical outputs (default all); the others keep their values and must keep their bits. */
  logical?: (i: number, j: number) => boolean;
  out?: Tol | true;
  misalign?: number;
}

/**
 * A rows×cols f32 matrix with leading dimension ld ≥ cols (in elements). The region ends right after the last
 * logical element, so a write past it hits the guard band. values: row-major logical values, or a function.
 */
export function mat(
  rows: number,
  cols: number,
  values: ArrayLike<number> | ((i: number, j: number) => number),
  o: MatOptions = {},
): Operand {
  const ld = o.ld ?? cols + (o.pad ?? 0);
  if (ld < cols) throw new Error(`mat: ld ${ld} < cols ${cols}`);
  const len = rows === 0 || cols === 0 ? rows * ld : (rows - 1) * ld + cols;
  const data = new Float32Array(len).fill(o.sentinel ?? NaN);
  const mask = new Uint8Array(len);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      data[i * ld + j] = typeof values === "function" ? values(i, j) : values[i * cols + j];
      mask[i * ld + j] = !o.logical || o.logical(i, j) ? 1 : 0;
    }
  }
  return { type: "f32", data, mask, ld, out: o.out, misalign: o.misalign };
}

/** A contiguous f32 vector. */
export function vec(values: ArrayLike<number>, o: { out?: Tol | true; misalign?: number } = {}): Operand {
  return { type: "f32", data: Float32Array.from(values), out: o.out, misalign: o.misalign };
}

/** A contiguous i32 vector (index lists, labels). */
export function ivec(values: ArrayLike<number>): Operand {
  return { type: "i32", data: Int32Array.from(values) };
}

/** A contiguous f64 vector (reduction partials), NaN unless given. */
export function f64vec(length: number, o: { out?: Tol | true; fill?: number } = {}): Operand {
  return { type: "f64", data: new Float64Array(length).fill(o.fill ?? NaN), out: o.out };
}

// ---------------------------------------------------------------- data and comparisons

/** mulberry32: a small deterministic generator of floats in [0, 1) (the one the synthetic workload uses). */
export const rng = mulberry32;

/** n f32-representable values in [−scale, scale), with about `zeros` of them exactly 0. */
export function randomValues(n: number, seed: number, scale = 1, zeros = 0): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() < zeros ? 0 : (2 * r() - 1) * scale;
  return out;
}

/** 0, 1, …, n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A shuffled subset of 0 … K − 1 of size about density·K (deterministic in seed). */
export function sparseIndexList(K: number, density: number, seed: number): number[] {
  const r = rng(seed);
  const list = range(K).filter(() => r() < density);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** null if a and b have the same bytes, else a description of the first difference. */
export function bitDifference(a: Buffer32, b: Buffer32): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const x = bytesOf(a),
    y = bytesOf(b),
    size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      const e = Math.floor(i / size);
      return `element ${e}: ${a[e]} vs ${b[e]}`;
    }
  }
  return null;
}

/**
 * Whether this engine's madd is fused: (1 + 2⁻¹²)² − 1 through a gemm_nn tile is 2⁻¹¹ + 2⁻²⁴ with one rounding
 * and 2⁻¹¹ with two (the product's 2⁻²⁴ is a tie that rounds to even).
 */
export function maddIsFused(engine: EngineCore): boolean {
  const x = 1 + 2 ** -12;
  const { outputs } = checkKernel(engine, {
    kernel: "gemm_nn",
    operands: { idx: ivec([0]), a: vec([x]), b: vec([x, x, x, x]), c: vec([-1, -1, -1, -1], { out: true }) },
    args: (p) => [1, 4, p.idx, 1, p.a, 4, 4, p.b, 16, p.c, 16, 1],
  });
  const c = outputs.c;
  if (c[0] === 2 ** -11 + 2 ** -24 && c[3] === c[0]) return true;
  if (c[0] === 2 ** -11 && c[3] === c[0]) return false;
  throw new Error(`maddIsFused: unexpected ${Array.from(c)}`);
}

// ---------------------------------------------------------------- fast-check arbitraries

/** A dimension in [min, max], small values (tails, single tiles) more often than large ones. */
export function dimArb(max: number, min = 1): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min, max: Math.min(max, Math.max(min, 24)) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
}

/** Extra elements per row beyond the logical width. */
export const padArb = fc.integer({ min: 0, max: 5 });

/** A pointer offset from 64-byte alignment. */
export const misalignArb = fc.constantFrom(0, 4, 8, 12);

/** A seed for randomValues. */
export const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

/** A valid index list over 0 … K − 1: every index, or a shuffled subset (any order, no repeats). */
export function indexListArb(K: number): fc.Arbitrary<number[]> {
  return fc.oneof(fc.constant(range(K)), fc.shuffledSubarray(range(K)));
}

export interface GemmShape {
  m: number;
  n: number;
  K: number;
  idx: number[];
  transA: boolean;
  accumulate: 0 | 1;
  padA: number;
  padB: number;
  padC: number;
  misalign: number;
  splitCols: 0 | 1;
  seed: number;
  /** gemm_tn only: pass idx = 0 (dense) when the list is 0 … K − 1. */
  nullIdx: boolean;
}

/** Random gemm_nn / gemm_tn problems: sizes across tiles and tails, index lists, both A layouts, padding, alignment. */
export function gemmShapeArb(maxM = 40, maxN = 70, maxK = 120): fc.Arbitrary<GemmShape> {
  return fc
    .record({
      m: dimArb(maxM),
      n: dimArb(maxN),
      K: dimArb(maxK, 0),
      transA: fc.boolean(),
      accumulate: fc.constantFrom<0 | 1>(0, 1),
      padA: padArb,
      padB: padArb,
      padC: padArb,
      misalign: misalignArb,
      splitCols: fc.constantFrom<0 | 1>(0, 1),
      seed: seedArb,
      nullIdx: fc.boolean(),
    })
    .chain((s) => indexListArb(s.K).map((idx) => ({ ...s, idx })));
}

export interface NtShape {
  /** C is m × n; the product touches rows[·] × cols[·] only. */
  m: number;
  n: number;
  K: number;
  rows: number[];
  cols: number[];
  padA: number;
  padB: number;
  padC: number;
  misalign: number;
  splitCols: 0 | 1;
  seed: number;
}

/** Random gemm_nt problems: sizes, row and column lists (all, or shuffled subsets), padding, alignment. */
export function ntShapeArb(maxM = 30, maxN = 40, maxK = 90): fc.Arbitrary<NtShape> {
  return fc
    .record({
      m: dimArb(maxM),
      n: dimArb(maxN),
      K: dimArb(maxK, 0),
      padA: padArb,
      padB: padArb,
      padC: padArb,
      misalign: misalignArb,
      splitCols: fc.constantFrom<0 | 1>(0, 1),
      seed: seedArb,
    })
    .chain((s) => fc.tuple(indexListArb(s.m), indexListArb(s.n)).map(([rows, cols]) => ({ ...s, rows, cols })));
}
