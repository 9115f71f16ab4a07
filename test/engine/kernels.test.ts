// Checks every compute kernel against the float64 references on both builds and 1–3 threads: SIMD tiles and scalar tails, padded strides and guard bands, bit-exact accumulation order, and thread-count invariance.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARALLEL_KERNELS, REDUCE_CHUNK, type Build, type ParallelKernel } from "../../src/engine/kernels.js";
import { createEngine, type Engine } from "../../src/index.js";
import { propertyConfig } from "../helpers/arbitraries.js";
import {
  bitDifference,
  checkKernel,
  dimArb,
  f64vec,
  gemmShapeArb,
  ivec,
  maddIsFused,
  mat,
  ntShapeArb,
  padArb,
  randomValues,
  range,
  rng,
  seedArb,
  sparseIndexList,
  vec,
  type GemmShape,
  type KernelCase,
  type NtShape,
  type Tol,
} from "../helpers/kernel-harness.js";
import * as ref from "../helpers/kernel-reference.js";

const BUILDS: readonly Build[] = ["portable", "relaxed"];
const THREADS = [1, 2, 3] as const;
const engines = new Map<string, Engine>();
const fused = new Map<Build, boolean>();

function engine(build: Build, threads: number): Engine {
  const e = engines.get(`${build}/${threads}`);
  if (!e) throw new Error(`no engine ${build}/${threads}`);
  return e;
}

beforeAll(async () => {
  for (const build of BUILDS) {
    for (const threads of THREADS) engines.set(`${build}/${threads}`, await createEngine({ threads, build }));
    fused.set(build, maddIsFused(engine(build, 1)));
  }
});

afterAll(async () => {
  for (const e of engines.values()) await e.close();
});

// ------------------------------------------------------------------------------------------------ case builders

type Check = "f64" | "bits";
type NnKernel = "gemm_nn" | "par_gemm_nn";
type TnKernel = "gemm_tn" | "par_gemm_tn";

/**
 * gemm_nn (A·B, or Aᵀ·B with swapped strides when s.transA) or gemm_tn (always Aᵀ·B; idx = 0 when s.nullIdx and
 * the list is dense). Columns of A and rows of B outside the list are NaN, and so is C when accumulate = 0.
 */
function gemmCase(
  s: GemmShape,
  kernel: NnKernel | TnKernel,
  check: Check,
  fusedMadd = false,
): KernelCase<"idx" | "a" | "b" | "c"> {
  const { m, n, K, idx, accumulate } = s;
  const tn = kernel === "gemm_tn" || kernel === "par_gemm_tn";
  const transA = tn || s.transA;
  const dense = idx.length === K && idx.every((k, p) => k === p);
  const nullIdx = tn && s.nullIdx && dense;
  const nk = idx.length;
  const listed = new Uint8Array(K);
  for (const k of idx) listed[k] = 1;
  const av = randomValues(m * K, s.seed),
    bv = randomValues(K * n, s.seed + 1),
    cv = randomValues(m * n, s.seed + 2);
  const aval = (i: number, k: number): number => (listed[k] ? av[i * K + k] : NaN);
  const lda = (transA ? m : K) + s.padA,
    ldb = n + s.padB,
    ldc = n + s.padC;
  const [ars, aks] = transA ? [1, lda] : [lda, 1];
  const parallel = kernel.startsWith("par_");
  return {
    kernel,
    operands: {
      idx: ivec(idx),
      a: transA
        ? mat(K, m, (k, i) => aval(i, k), { ld: lda, misalign: s.misalign })
        : mat(m, K, aval, { ld: lda, misalign: s.misalign }),
      b: mat(K, n, (k, j) => (listed[k] ? bv[k * n + j] : NaN), { ld: ldb }),
      c: mat(m, n, (i, j) => (accumulate ? cv[i * n + j] : NaN), { ld: ldc, out: true, misalign: s.misalign }),
    },
    args: (p) => {
      const a = tn
        ? [m, n, nullIdx ? 0 : p.idx, nk, p.a, lda * 4, p.b, ldb * 4, p.c, ldc * 4, accumulate]
        : [m, n, p.idx, nk, p.a, ars * 4, aks * 4, p.b, ldb * 4, p.c, ldc * 4, accumulate];
      return parallel ? [...a, s.splitCols] : a;
    },
    reference: (r) => {
      if (check === "bits")
        ref.gemm_nn_f32order(m, n, r.idx, nk, r.a, ars, aks, r.b, ldb, r.c, ldc, accumulate, fusedMadd);
      else if (tn) ref.gemm_tn(m, n, nullIdx ? null : r.idx, nk, r.a, lda, r.b, ldb, r.c, ldc, accumulate);
      else ref.gemm_nn(m, n, r.idx, nk, r.a, ars, aks, r.b, ldb, r.c, ldc, accumulate);
    },
    tol: check === "f64" ? { rtol: 1e-5, atol: 1e-6 * (nk + 1) } : "exact",
  };
}

/** gemm_nt on listed rows and columns; the entries of C outside rows × cols must keep their bits. */
function gemmNtCase(
  s: NtShape,
  kernel: "gemm_nt" | "par_gemm_nt",
  check: Check,
  fusedMadd = false,
): KernelCase<"rows" | "cols" | "a" | "b" | "c"> {
  const { m, n, K, rows, cols } = s;
  const lda = K + s.padA,
    ldb = K + s.padB,
    ldc = n + s.padC;
  const av = randomValues(m * K, s.seed),
    bv = randomValues(n * K, s.seed + 1);
  const rowOn = new Uint8Array(m),
    colOn = new Uint8Array(n);
  for (const i of rows) rowOn[i] = 1;
  for (const j of cols) colOn[j] = 1;
  return {
    kernel,
    operands: {
      rows: ivec(rows),
      cols: ivec(cols),
      // Rows of A and B that are not listed are NaN: they must not be read.
      a: mat(m, K, (i, k) => (rowOn[i] ? av[i * K + k] : NaN), { ld: lda, misalign: s.misalign }),
      b: mat(n, K, (j, k) => (colOn[j] ? bv[j * K + k] : NaN), { ld: ldb }),
      c: mat(m, n, randomValues(m * n, s.seed + 2), {
        ld: ldc,
        out: true,
        misalign: s.misalign,
        logical: (i, j) => rowOn[i] === 1 && colOn[j] === 1,
      }),
    },
    args: (p) => {
      const a = [rows.length, p.rows, cols.length, p.cols, K, p.a, lda * 4, p.b, ldb * 4, p.c, ldc * 4];
      return kernel === "par_gemm_nt" ? [...a, s.splitCols] : a;
    },
    reference: (r) => {
      if (check === "f64") ref.gemm_nt(rows.length, r.rows, cols.length, r.cols, K, r.a, lda, r.b, ldb, r.c, ldc);
      else ref.gemm_nt_f32order(rows.length, r.rows, cols.length, r.cols, K, r.a, lda, r.b, ldb, r.c, ldc, fusedMadd);
    },
    tol: check === "f64" ? { rtol: 1e-5, atol: 1e-6 * (K + 1) } : "exact",
  };
}

function transposeCase(
  rows: number,
  cols: number,
  padS: number,
  padD: number,
  seed: number,
): KernelCase<"src" | "dst"> {
  const lds = cols + padS,
    ldd = rows + padD;
  return {
    kernel: "transpose",
    operands: {
      src: mat(rows, cols, randomValues(rows * cols, seed, 1, 0.1), { ld: lds }),
      dst: mat(cols, rows, () => NaN, { ld: ldd, out: "exact", sentinel: 1e30 }),
    },
    args: (p) => [p.src, rows, cols, lds * 4, p.dst, ldd * 4],
    reference: (r) => ref.transpose(r.src, rows, cols, lds, r.dst, ldd),
  };
}

function rowSumsCase(rows: number, cols: number, pad: number, seed: number, check: Check): KernelCase<"src" | "dst"> {
  const lds = cols + pad;
  return {
    kernel: "row_sums",
    operands: {
      src: mat(rows, cols, randomValues(rows * cols, seed), { ld: lds }),
      dst: vec(new Float32Array(rows).fill(NaN), { out: true }),
    },
    args: (p) => [p.src, rows, cols, lds * 4, p.dst],
    reference: (r) =>
      check === "f64"
        ? ref.row_sums(r.src, rows, cols, lds, r.dst)
        : ref.row_sums_f32order(r.src, rows, cols, lds, r.dst),
    tol: check === "f64" ? { rtol: 1e-5, atol: 1e-6 * (cols + 1) } : "exact",
  };
}

function fillCase(count: number, value: number, misalign: number): KernelCase<"dst"> {
  return {
    kernel: "fill_f32",
    operands: { dst: vec(new Float32Array(count).fill(NaN), { out: "exact", misalign }) },
    args: (p) => [p.dst, count, value],
    reference: (r) => ref.fill_f32(r.dst, count, value),
  };
}

const NOISE_TOL: Tol = { rtol: 1e-5, atol: 1e-5 };

function noiseCase(
  rows: number,
  cols: number,
  pad: number,
  std: number,
  seedA: number,
  seedB: number,
  seed = 1,
): KernelCase<"P" | "bias"> {
  const ldp = cols + pad;
  return {
    kernel: "fill_bias_noise",
    operands: {
      P: mat(rows, cols, () => NaN, { ld: ldp, out: std === 0 ? "exact" : NOISE_TOL }),
      bias: vec(randomValues(rows, seed, 2)),
    },
    args: (p) => [p.P, rows, cols, ldp * 4, p.bias, std, seedA, seedB],
    reference: (r) => ref.fill_bias_noise(r.P, rows, cols, ldp, r.bias, Math.fround(std), seedA, seedB),
  };
}

interface XentShape {
  no: number;
  ncols: number;
  padO: number;
  padD: number;
  alias: boolean;
  scale: number;
  seed: number;
  logit?: number;
}

function xentCase(s: XentShape): KernelCase<"O" | "labels" | "dO" | "losses"> {
  const { no, ncols } = s;
  const r = rng(s.seed);
  const ldo = ncols + s.padO,
    ldd = s.alias ? ldo : ncols + s.padD;
  const logits =
    s.logit === undefined
      ? randomValues(no * ncols, s.seed, 4)
      : Float32Array.from({ length: no * ncols }, () => (r() < 0.5 ? -s.logit! : s.logit!));
  const labels = Array.from({ length: ncols }, () => Math.floor(r() * no));
  const dTol: Tol = { rtol: 1e-5, atol: 2e-7 * Math.abs(s.scale) };
  return {
    kernel: "softmax_xent",
    operands: {
      O: mat(no, ncols, logits, { ld: ldo, out: s.alias ? dTol : undefined }),
      labels: ivec(labels),
      // Without aliasing dO is a separate, padded output (a dummy 1-element input when aliased).
      dO: s.alias ? vec([7]) : mat(no, ncols, () => NaN, { ld: ldd, out: dTol }),
      losses: vec(new Float32Array(ncols).fill(NaN), { out: { rtol: 1e-5, atol: 1e-5 } }),
    },
    args: (p) => [p.O, ldo * 4, no, ncols, p.labels, s.alias ? p.O : p.dO, ldd * 4, s.scale, p.losses],
    reference: (q) =>
      ref.softmax_xent(q.O, ldo, no, ncols, q.labels, s.alias ? q.O : q.dO, ldd, Math.fround(s.scale), q.losses),
  };
}

function l1Case(count: number, lambda: number, seed: number): KernelCase<"p" | "g" | "partials"> {
  const chunks = Math.ceil(count / REDUCE_CHUNK);
  const p = randomValues(count, seed, 1, 0.15);
  for (let i = 0; i < count; i += 7) if (p[i] === 0) p[i] = -0;
  return {
    kernel: "l1_cost_grad",
    operands: {
      p: vec(p),
      // lambda = 0 must leave g alone (then it is checked as an input).
      g: vec(randomValues(count, seed + 1), { out: lambda !== 0 ? { rtol: 1e-6, atol: 1e-7 } : undefined }),
      partials: f64vec(chunks, { out: { rtol: 1e-12, atol: 1e-12 } }),
    },
    args: (q) => [q.p, q.g, count, lambda, q.partials],
    reference: (r) => ref.l1_cost_grad(r.p, r.g, count, Math.fround(lambda), r.partials),
  };
}

function distCase(n: number, lambdaA: number, seed: number): KernelCase<"W" | "D" | "G" | "partials"> {
  return {
    kernel: "dist_cost_grad",
    operands: {
      W: vec(randomValues(n * n, seed, 1, 0.15)),
      D: vec(randomValues(n * n, seed + 1).map(Math.abs)),
      G: vec(randomValues(n * n, seed + 2), { out: lambdaA !== 0 ? { rtol: 1e-6, atol: 1e-7 } : undefined }),
      partials: f64vec(n, { out: { rtol: 1e-6, atol: 1e-9 } }),
    },
    args: (p) => [p.W, p.D, n, lambdaA, p.G, p.partials],
    reference: (r) => ref.dist_cost_grad(r.W, r.D, n, Math.fround(lambdaA), r.G, r.partials),
  };
}

function sumsqCase(count: number, seed: number): KernelCase<"g" | "partials"> {
  return {
    kernel: "sumsq",
    operands: {
      g: vec(randomValues(count, seed, 3, 0.1)),
      partials: f64vec(Math.ceil(count / REDUCE_CHUNK), { out: { rtol: 1e-12, atol: 1e-12 } }),
    },
    args: (p) => [p.g, count, p.partials],
    reference: (r) => ref.sumsq(r.g, count, r.partials),
  };
}

const ADAM = { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8 };

function adamCase(
  count: number,
  seed: number,
  gscale: number,
  t: number,
  state?: { p: Float32Array; m: Float32Array; v: Float32Array },
): KernelCase<"p" | "g" | "m" | "v"> {
  const { stepSize, bc2sqrt } = ref.adamScalars(ADAM.lr, ADAM.b1, ADAM.b2, t);
  return {
    kernel: "adam",
    operands: {
      p: vec(state?.p ?? randomValues(count, seed), { out: { rtol: 1e-5, atol: 1e-6 } }),
      g: vec(randomValues(count, seed + t, 2, 0.1)),
      m: vec(state?.m ?? new Float32Array(count), { out: { rtol: 1e-5, atol: 1e-7 } }),
      // 1 − β1 and 1 − β2 are formed in float64 by the caller, as PyTorch does, so v follows to f32 tolerance.
      v: vec(state?.v ?? new Float32Array(count), { out: { rtol: 1e-5, atol: 1e-9 } }),
    },
    args: (q) => [
      q.p,
      q.g,
      q.m,
      q.v,
      count,
      gscale,
      stepSize,
      ADAM.b1,
      ADAM.b2,
      1 - ADAM.b1,
      1 - ADAM.b2,
      ADAM.eps,
      bc2sqrt,
    ],
    reference: (r) => ref.adam(r.p, r.g, r.m, r.v, count, gscale, stepSize, ADAM.b1, ADAM.b2, ADAM.eps, bc2sqrt),
  };
}

function absSymCase(n: number, seed: number): KernelCase<"W" | "M"> {
  return {
    kernel: "swap_abs_sym",
    operands: {
      W: vec(randomValues(n * n, seed, 1, 0.1)),
      M: vec(new Float32Array(n * n).fill(NaN), { out: "exact" }),
    },
    args: (p) => [p.W, n, p.M],
    reference: (r) => ref.swap_abs_sym(r.W, n, r.M),
  };
}

function deltaCase(n: number, A: number, seed: number): KernelCase<"M" | "S" | "D" | "Delta"> {
  const M = randomValues(n * n, seed).map(Math.abs),
    S = randomValues(n * n, seed + 1, 5),
    D = randomValues(n * n, seed + 2).map(Math.abs);
  // f32 cancellation: the error is a few ulps of the largest term.
  const atol = 1e-6 * Math.abs(A) * (4 * 5 + 4);
  return {
    kernel: "swap_delta",
    operands: {
      M: vec(M),
      S: vec(S),
      D: vec(D),
      Delta: vec(new Float32Array(n * n).fill(NaN), { out: { rtol: 1e-6, atol } }),
    },
    args: (p) => [p.M, p.S, p.D, n, A, p.Delta],
    reference: (r) => ref.swap_delta(r.M, r.S, r.D, n, Math.fround(A), r.Delta),
  };
}

function swapNeuronsCase(
  nh: number,
  nu: number,
  no: number,
  j: number,
  k: number,
  seed: number,
): KernelCase<"W" | "Win" | "bh" | "Wout"> {
  return {
    kernel: "swap_neurons",
    operands: {
      W: vec(randomValues(nh * nh, seed), { out: "exact" }),
      Win: vec(randomValues(nh * nu, seed + 1), { out: "exact" }),
      bh: vec(randomValues(nh, seed + 2), { out: "exact" }),
      Wout: vec(randomValues(no * nh, seed + 3), { out: "exact" }),
    },
    args: (p) => [p.W, p.Win, p.bh, p.Wout, nh, nu, no, j, k],
    reference: (r) => ref.swap_neurons(r.W, r.Win, r.bh, r.Wout, nh, nu, no, j, k),
  };
}

const gemmShape = (m: number, n: number, K: number, idx: number[], o: Partial<GemmShape> = {}): GemmShape => ({
  m,
  n,
  K,
  idx,
  transA: false,
  accumulate: 0,
  padA: 0,
  padB: 0,
  padC: 0,
  misalign: 0,
  splitCols: 0,
  seed: 1,
  nullIdx: false,
  ...o,
});

const ntShape = (m: number, n: number, K: number, o: Partial<NtShape> = {}): NtShape => ({
  m,
  n,
  K,
  rows: range(m),
  cols: range(n),
  padA: 0,
  padB: 0,
  padC: 0,
  misalign: 0,
  splitCols: 0,
  seed: 1,
  ...o,
});

// ------------------------------------------------------------------------------------------------ GEMM

const NN_M = [1, 5, 6, 7, 13, 17]; // gemm_nn tiles are 6 rows
const TN_M = [1, 3, 4, 5, 8, 13, 17]; // gemm_tn tiles are 4 rows
const GEMM_N = [1, 3, 4, 8, 11, 16, 21, 53];
/** K and its list: empty (A and B all NaN), single, dense with a tail, sparse unsorted, long sparse, long dense. */
const GEMM_K: readonly { K: number; idx: number[] }[] = [
  { K: 5, idx: [] },
  { K: 1, idx: [0] },
  { K: 9, idx: range(9) },
  { K: 64, idx: sparseIndexList(64, 0.4, 7) },
  { K: 400, idx: sparseIndexList(400, 0.3, 11) },
  { K: 400, idx: range(400) },
];

/** Every m × n with every K and accumulate 0/1 (and both A layouts for gemm_nn); padding and alignment rotate. */
function* gemmGrid(ms: readonly number[], layouts: readonly boolean[]): Generator<GemmShape> {
  let c = 0;
  for (const m of ms)
    for (const n of GEMM_N)
      for (const { K, idx } of GEMM_K)
        for (const transA of layouts)
          for (const accumulate of [0, 1] as const) {
            c++;
            yield gemmShape(m, n, K, idx, {
              transA,
              accumulate,
              padA: [0, 1, 5][c % 3],
              padB: [0, 3, 4][(c >> 1) % 3],
              padC: [0, 2, 7][(c >> 2) % 3],
              misalign: [0, 4, 8, 12][c % 4],
              splitCols: (c & 1) as 0 | 1,
              seed: c,
              nullIdx: (c & 2) === 0,
            });
          }
}

/** The products of the RNN at its sizes (nh 400, nu 53, no 17, T·B 64, B 16) and the kernel the network uses. */
const RNN_SHAPES: readonly [NnKernel | TnKernel, GemmShape][] = [
  ["gemm_tn", gemmShape(400, 16, 400, range(400), { accumulate: 1, seed: 101, nullIdx: true })], // W · h_{t−1} from WT = Wᵀ, dense
  ["gemm_tn", gemmShape(400, 16, 400, sparseIndexList(400, 0.5, 3), { accumulate: 1, seed: 102 })], // compacted
  ["gemm_tn", gemmShape(400, 64, 53, range(53), { accumulate: 1, seed: 103, nullIdx: true })], // W_in · U over the window
  ["gemm_tn", gemmShape(17, 64, 400, range(400), { accumulate: 1, seed: 104, nullIdx: true })], // W_out · H
  ["gemm_tn", gemmShape(400, 64, 17, range(17), { seed: 105, nullIdx: true })], // W_outᵀ · dO
  ["gemm_tn", gemmShape(40, 53, 700, range(700), { seed: 106, nullIdx: true })], // dW_in = Σ_t dpre_t·u_tᵀ: k = T·B over 11 k-chunks
  ["gemm_nn", gemmShape(400, 16, 400, range(400), { accumulate: 1, seed: 106 })], // the same with gemm_nn, A·B
  ["gemm_nn", gemmShape(400, 64, 53, range(53), { seed: 107, padA: 3 })],
  ["gemm_nn", gemmShape(17, 64, 400, range(400), { seed: 108 })],
  ["gemm_nn", gemmShape(400, 64, 17, range(17), { transA: true, seed: 109 })], // Aᵀ·B 400×17 through strides
];

const parOf = (k: NnKernel | TnKernel): NnKernel | TnKernel =>
  k.startsWith("par_") ? k : (`par_${k}` as NnKernel | TnKernel);

describe.each(BUILDS)("GEMM (%s)", (build) => {
  it("madd is unfused in the portable build; the relaxed build is one or the other consistently", () => {
    // maddIsFused throws on anything else.
    expect(maddIsFused(engine(build, 1))).toBe(build === "relaxed" ? fused.get("relaxed") : false);
  });

  for (const [kernel, ms, layouts] of [
    ["gemm_nn", NN_M, [false, true]],
    ["gemm_tn", TN_M, [true]],
  ] as const) {
    it(`${kernel}: the m × n × K grid${kernel === "gemm_nn" ? ", both A layouts" : ", idx = 0 and lists"}, accumulate 0/1, padded — vs float64 and bit for bit in list order`, () => {
      let compared = 0;
      for (const threads of [1, 2]) {
        const e = engine(build, threads);
        for (const s of gemmGrid(ms, layouts)) {
          compared += checkKernel(e, gemmCase(s, kernel, "f64")).compared;
          compared += checkKernel(e, gemmCase(s, kernel, "bits", fused.get(build))).compared;
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });

    it(`par_${kernel}: part of the grid on 1, 2 and 3 threads, splitCols 0 and 1, equals the serial kernel bit for bit`, () => {
      let runs = 0;
      for (const s of gemmGrid(ms, layouts)) {
        if (s.seed % 7 !== 0 && !(s.m === 17 && s.n === 53)) continue;
        const serial = checkKernel(engine(build, 1), gemmCase(s, kernel, "f64")).outputs.c;
        for (const threads of THREADS) {
          for (const splitCols of [0, 1] as const) {
            const out = checkKernel(engine(build, threads), gemmCase({ ...s, splitCols }, parOf(kernel), "f64")).outputs
              .c;
            expect(
              bitDifference(out, serial),
              `${JSON.stringify({ ...s, idx: s.idx.length })} threads ${threads} splitCols ${splitCols}`,
            ).toBeNull();
            runs++;
          }
        }
      }
      expect(runs).toBeGreaterThan(100);
    });
  }

  it("gemm_tn: idx = 0 and the list 0 … K−1 give the same bits", () => {
    for (const [m, n, K] of [
      [1, 1, 1],
      [4, 8, 9],
      [13, 21, 64],
      [17, 53, 400],
    ]) {
      const s = gemmShape(m, n, K, range(K), { accumulate: 1, seed: m * n, padA: 1, padB: 2, padC: 3 });
      const dense = checkKernel(engine(build, 1), gemmCase({ ...s, nullIdx: true }, "gemm_tn", "f64")).outputs.c;
      const listed = checkKernel(engine(build, 1), gemmCase(s, "gemm_tn", "f64")).outputs.c;
      expect(bitDifference(dense, listed)).toBeNull();
    }
  });

  it("the RNN products (400×400·400×16, 400×53·53×64, 17×400·400×64, Aᵀ·B 400×17), serial and parallel", () => {
    for (const [kernel, s] of RNN_SHAPES) {
      const e1 = engine(build, 1);
      checkKernel(e1, gemmCase(s, kernel, "f64"));
      const serial = checkKernel(e1, gemmCase(s, kernel, "bits", fused.get(build))).outputs.c;
      for (const threads of THREADS) {
        for (const splitCols of [0, 1] as const) {
          const out = checkKernel(engine(build, threads), gemmCase({ ...s, splitCols }, parOf(kernel), "f64")).outputs
            .c;
          expect(
            bitDifference(out, serial),
            `${kernel} ${s.m}×${s.K}·${s.K}×${s.n} on ${threads} threads, splitCols ${splitCols}`,
          ).toBeNull();
        }
      }
    }
  });

  it("gemm_nn / gemm_tn and their parallel forms on random shapes, index lists, layouts and strides (fast-check)", () => {
    fc.assert(
      fc.property(
        gemmShapeArb(),
        fc.constantFrom<NnKernel | TnKernel>("gemm_nn", "gemm_tn"),
        fc.constantFrom(1, 2, 3),
        (s, kernel, threads) => {
          const e = engine(build, threads);
          checkKernel(e, gemmCase(s, kernel, "f64"));
          const bits = checkKernel(e, gemmCase(s, kernel, "bits", fused.get(build))).outputs.c;
          const par = checkKernel(e, gemmCase(s, parOf(kernel), "f64")).outputs.c;
          expect(bitDifference(par, bits)).toBeNull();
        },
      ),
      propertyConfig(60),
    );
  });

  it("gemm_nt: m × n × K across the 2×4 tiles and the k tail, dense and sparse unsorted row/column lists, padded — vs float64 and bit for bit", () => {
    let c = 0,
      compared = 0;
    for (const threads of [1, 2]) {
      const e = engine(build, threads);
      for (const m of [1, 2, 3, 5, 8])
        for (const n of [1, 3, 4, 5, 9, 17])
          for (const K of [0, 1, 3, 4, 7, 8, 13, 64]) {
            c++;
            const sparse = c % 3 === 0;
            const s = ntShape(m, n, K, {
              rows: sparse ? sparseIndexList(m, 0.6, c) : range(m),
              cols: sparse ? sparseIndexList(n, 0.6, c + 1) : range(n),
              padA: c % 3,
              padB: (c >> 1) % 4,
              padC: (c >> 2) % 3,
              misalign: 4 * (c % 4),
              seed: c,
            });
            compared += checkKernel(e, gemmNtCase(s, "gemm_nt", "f64")).compared;
            compared += checkKernel(e, gemmNtCase(s, "gemm_nt", "bits", fused.get(build))).compared;
          }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("par_gemm_nt: the network's gradient products and uneven splits on 1, 2, 3 threads, splitCols 0/1, equal to the serial kernel", () => {
    const shapes: NtShape[] = [
      ntShape(400, 400, 48, { rows: sparseIndexList(400, 0.7, 1), cols: sparseIndexList(400, 0.6, 2), seed: 201 }), // dW = dP·Hᵀ (active lists)
      ntShape(400, 53, 64, { rows: sparseIndexList(400, 0.8, 3), seed: 202 }), // dW_in = dP·Uᵀ
      ntShape(17, 400, 64, { cols: sparseIndexList(400, 0.5, 4), padA: 1, padB: 2, padC: 3, misalign: 4, seed: 203 }), // dW_out = dO·Hᵀ
      ntShape(11, 23, 13, { padA: 3, padB: 1, padC: 2, misalign: 8, seed: 204 }),
    ];
    for (const s of shapes) {
      const serial = checkKernel(engine(build, 1), gemmNtCase(s, "gemm_nt", "bits", fused.get(build))).outputs.c;
      for (const threads of THREADS) {
        for (const splitCols of [0, 1] as const) {
          const out = checkKernel(engine(build, threads), gemmNtCase({ ...s, splitCols }, "par_gemm_nt", "f64")).outputs
            .c;
          expect(bitDifference(out, serial)).toBeNull();
        }
      }
    }
  });

  it("gemm_nt / par_gemm_nt on random shapes and lists (fast-check)", () => {
    fc.assert(
      fc.property(ntShapeArb(), fc.constantFrom(1, 2, 3), (s, threads) => {
        const e = engine(build, threads);
        checkKernel(e, gemmNtCase(s, "gemm_nt", "f64"));
        const bits = checkKernel(e, gemmNtCase(s, "gemm_nt", "bits", fused.get(build))).outputs.c;
        expect(bitDifference(checkKernel(e, gemmNtCase(s, "par_gemm_nt", "f64")).outputs.c, bits)).toBeNull();
      }),
      propertyConfig(40),
    );
  });
});

// ------------------------------------------------------------------------------------------------ elementwise

describe.each(BUILDS)("data movement, row sums, noise (%s)", (build) => {
  it("fill_f32: counts across the vector loop and its tail, ±values, on 1–3 threads", () => {
    let compared = 0;
    for (const threads of THREADS) {
      for (const count of [0, 1, 3, 4, 5, 8, 13, 64, 1001]) {
        for (const value of [1.5, -0, -3.25e-7])
          compared += checkKernel(engine(build, threads), fillCase(count, value, 4 * (count % 4))).compared;
      }
    }
    expect(compared).toBe(3 * 3 * (1 + 3 + 4 + 5 + 8 + 13 + 64 + 1001));
  });

  it("transpose: rows × cols across 4×4 blocks and both tails, padded source and destination, on 1–3 threads", () => {
    let c = 0;
    for (const threads of THREADS) {
      for (const rows of [1, 3, 4, 5, 8, 13])
        for (const cols of [1, 3, 4, 7, 8, 17, 53]) {
          c++;
          checkKernel(engine(build, threads), transposeCase(rows, cols, c % 4, (c >> 2) % 3, c));
        }
    }
    checkKernel(engine(build, 2), transposeCase(400, 64, 0, 0, 999)); // H → Hᵀ at the RNN size
    expect(c).toBe(3 * 42);
  });

  it("transpose on random shapes and strides (fast-check)", () => {
    fc.assert(
      fc.property(
        dimArb(60),
        dimArb(60),
        padArb,
        padArb,
        seedArb,
        fc.constantFrom(1, 2, 3),
        (rows, cols, ps, pd, seed, threads) => {
          expect(checkKernel(engine(build, threads), transposeCase(rows, cols, ps, pd, seed)).compared).toBe(
            rows * cols,
          );
        },
      ),
      propertyConfig(40),
    );
  });

  it("row_sums: rows × cols across the vector loop and tail, padded, vs float64 and bit for bit in the documented order", () => {
    let c = 0;
    for (const threads of THREADS) {
      for (const rows of [1, 2, 5, 7])
        for (const cols of [0, 1, 3, 4, 5, 8, 11, 64, 403]) {
          c++;
          checkKernel(engine(build, threads), rowSumsCase(rows, cols, c % 5, c, "f64"));
          checkKernel(engine(build, threads), rowSumsCase(rows, cols, c % 5, c, "bits"));
        }
    }
    expect(c).toBe(3 * 36);
  });

  it("fill_bias_noise: equals the TS port of vuniform/Box–Muller (to 1e-5) across the 8-column pairs and every tail, padded; std = 0 writes the bias exactly", () => {
    let c = 0;
    for (const threads of THREADS) {
      for (const rows of [1, 3, 7])
        for (const cols of [1, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 64]) {
          c++;
          checkKernel(engine(build, threads), noiseCase(rows, cols, c % 3, 0.7, 12345 + c, -987 * c, c));
          checkKernel(engine(build, threads), noiseCase(rows, cols, c % 3, 0, 1, 2, c));
        }
    }
    expect(c).toBe(3 * 36);
  });

  it("fill_bias_noise: mean ≈ 0 and variance ≈ 1 over 1e5 draws (5σ: |mean| < 0.016, |var − 1| < 0.023), ~68.3% within 1σ, cos/sin halves uncorrelated", () => {
    const rows = 100,
      cols = 1000,
      n = rows * cols;
    const { outputs } = checkKernel(engine(build, 2), {
      ...noiseCase(rows, cols, 0, 1, 2024, 77),
      operands: { P: mat(rows, cols, () => NaN, { out: NOISE_TOL }), bias: vec(new Float32Array(rows)) },
    });
    const P = outputs.P;
    let s = 0,
      s2 = 0,
      within = 0;
    for (const x of P) {
      s += x;
      s2 += x * x;
      if (Math.abs(x) < 1) within++;
    }
    const mean = s / n,
      variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // Binomial(1e5, 0.6827): σ ≈ 0.0015 of the fraction.
    expect(Math.abs(within / n - 0.6827)).toBeLessThan(0.0075);
    expect(Math.max(...P.map(Math.abs))).toBeLessThan(6.5);
    // The two members of a Box–Muller pair (columns 8q + l and 8q + 4 + l) are independent: correlation within 5σ.
    let sxy = 0,
      pairs = 0;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j + 4 < cols; j++)
        if (j % 8 < 4) {
          sxy += P[i * cols + j] * P[i * cols + j + 4];
          pairs++;
        }
    expect(Math.abs(sxy / pairs)).toBeLessThan(5 / Math.sqrt(pairs));
  });

  it("fill_bias_noise: different seeds and different positions give different values", () => {
    const run = (seedA: number, seedB: number): Float32Array => {
      const c = noiseCase(1, 4099, 0, 1, seedA, seedB);
      return checkKernel(engine(build, 1), { ...c, operands: { ...c.operands, bias: vec([0]) } }).outputs
        .P as Float32Array;
    };
    const base = run(5, 6);
    const differ = (a: Float32Array, b: Float32Array): number => a.reduce((n, x, i) => n + (x !== b[i] ? 1 : 0), 0);
    expect(differ(base, run(7, 6))).toBeGreaterThan(4090); // seedA (the radius)
    expect(differ(base, run(5, 8))).toBeGreaterThan(4090); // seedB (the angle)
    expect(differ(base, run(6, 5))).toBeGreaterThan(4090); // the pair is ordered
    expect(new Set(base).size).toBeGreaterThan(4090); // positions
  });

  it("fill_bias_noise: a value depends only on (seeds, i, j, cols) — not on threads, the number of rows, ldp or alignment", () => {
    for (const cols of [1, 5, 8, 13, 133]) {
      let first: Float32Array | null = null;
      for (const [rows, pad, misalign] of [
        [7, 0, 0],
        [7, 3, 4],
        [3, 1, 8],
        [11, 0, 12],
      ] as const) {
        for (const threads of THREADS) {
          const c = noiseCase(rows, cols, pad, 1.25, -42, 0x7fffffff);
          const out = checkKernel(engine(build, threads), {
            ...c,
            operands: {
              P: mat(rows, cols, () => NaN, { pad, misalign, out: NOISE_TOL }),
              bias: vec(new Float32Array(rows)),
            },
          }).outputs.P;
          // The first 3 rows, compacted.
          const head = new Float32Array(3 * cols);
          for (let i = 0; i < 3; i++) for (let j = 0; j < cols; j++) head[i * cols + j] = out[i * (cols + pad) + j];
          first ??= head;
          expect(bitDifference(head, first), `cols ${cols}, rows ${rows}, pad ${pad}, ${threads} threads`).toBeNull();
        }
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------ readout

describe.each(BUILDS)("softmax_xent (%s)", (build) => {
  it("no × ncols with tail columns, padded O and dO, on 1–3 threads", () => {
    let c = 0;
    for (const threads of THREADS) {
      for (const no of [1, 2, 3, 7, 33])
        for (const ncols of [1, 2, 3, 4, 5, 7, 8, 13, 37]) {
          c++;
          checkKernel(
            engine(build, threads),
            xentCase({
              no,
              ncols,
              padO: c % 3,
              padD: (c >> 1) % 4,
              alias: false,
              scale: c % 2 ? 1 / ncols : -0.37,
              seed: c,
            }),
          );
        }
    }
    expect(c).toBe(3 * 45);
  });

  it("dO aliasing O (in place) gives the same values as a separate dO", () => {
    for (const threads of THREADS) {
      for (const [no, ncols] of [
        [17, 64],
        [3, 5],
        [33, 13],
        [1, 3],
      ] as const) {
        const s: XentShape = { no, ncols, padO: 2, padD: 2, alias: false, scale: 1 / 64, seed: no * ncols };
        const apart = checkKernel(engine(build, threads), xentCase(s)).outputs;
        const inPlace = checkKernel(engine(build, threads), xentCase({ ...s, alias: true })).outputs;
        expect(bitDifference(inPlace.O, apart.dO)).toBeNull();
        expect(bitDifference(inPlace.losses, apart.losses)).toBeNull();
      }
    }
  });

  it("extreme logits (±80, and a label at −80 under a max of +80) stay finite and match the reference", () => {
    for (const threads of [1, 2]) {
      for (const alias of [false, true]) {
        const { outputs } = checkKernel(
          engine(build, threads),
          xentCase({ no: 17, ncols: 23, padO: 1, padD: 1, alias, scale: 1, seed: 5, logit: 80 }),
        );
        for (const key of ["O", "dO", "losses"] as const)
          expect(outputs[key].every((x) => Number.isFinite(x) || Number.isNaN(x))).toBe(true);
        expect(outputs.losses.every(Number.isFinite)).toBe(true);
        expect(Math.max(...outputs.losses)).toBeGreaterThan(159);
      }
    }
  });

  it("random shapes (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.record({
          no: dimArb(40),
          ncols: dimArb(70),
          padO: padArb,
          padD: padArb,
          alias: fc.boolean(),
          scale: fc.double({ min: -2, max: 2, noNaN: true }),
          seed: seedArb,
        }),
        fc.constantFrom(1, 2, 3),
        (s, threads) => {
          expect(checkKernel(engine(build, threads), xentCase(s)).compared).toBe(s.ncols * (s.no + 1));
        },
      ),
      propertyConfig(40),
    );
  });
});

// ------------------------------------------------------------------------------------------------ cost, norms, optimiser, swaps

const REDUCE_COUNTS = [1, 3, 4, 5, 13, REDUCE_CHUNK - 1, REDUCE_CHUNK, REDUCE_CHUNK + 1, 3 * REDUCE_CHUNK + 13];

describe.each(BUILDS)("cost, norms, Adam, swaps (%s)", (build) => {
  it("l1_cost_grad: chunked partials and λ·sign(p) (sign ±0 = 0); λ = 0 leaves g untouched", () => {
    for (const threads of THREADS) {
      for (const count of REDUCE_COUNTS)
        for (const lambda of [0, 0.01, -2.5]) checkKernel(engine(build, threads), l1Case(count, lambda, count));
    }
    expect(REDUCE_COUNTS.length).toBeGreaterThan(0);
  });

  it("dist_cost_grad: per-row partials and λA·D·sign(W) across the vector loop and tail; λA = 0 leaves G untouched", () => {
    let compared = 0;
    for (const threads of THREADS) {
      for (const n of [1, 3, 4, 5, 13, 33, 64])
        for (const lambdaA of [0, 0.05])
          compared += checkKernel(engine(build, threads), distCase(n, lambdaA, n)).compared;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("sumsq: chunked partials", () => {
    let compared = 0;
    for (const threads of THREADS)
      for (const count of REDUCE_COUNTS)
        compared += checkKernel(engine(build, threads), sumsqCase(count, count)).compared;
    expect(compared).toBe(3 * REDUCE_COUNTS.reduce((s, c) => s + Math.ceil(c / REDUCE_CHUNK), 0));
  });

  it("adam: six steps with gscale ≠ 1 follow the float64 PyTorch 1.13 trajectory", () => {
    for (const threads of THREADS) {
      for (const count of [1, 3, 4, 5, 13, 1001]) {
        for (const gscale of [0.37, 3]) {
          const seed = count * 7 + threads;
          // The reference keeps its own float64 state; the kernel works on its own f32 state.
          const want = {
            p: Float64Array.from(randomValues(count, seed)),
            m: new Float64Array(count),
            v: new Float64Array(count),
          };
          let state: { p: Float32Array; m: Float32Array; v: Float32Array } | undefined;
          for (let t = 1; t <= 6; t++) {
            const c = adamCase(count, seed, gscale, t, state);
            const { outputs } = checkKernel(engine(build, threads), {
              ...c,
              reference: (r) => {
                const { stepSize, bc2sqrt } = ref.adamScalars(ADAM.lr, ADAM.b1, ADAM.b2, t);
                ref.adam(want.p, r.g, want.m, want.v, count, gscale, stepSize, ADAM.b1, ADAM.b2, ADAM.eps, bc2sqrt);
                r.p.set(want.p);
                r.m.set(want.m);
                r.v.set(want.v);
              },
            });
            state = { p: outputs.p as Float32Array, m: outputs.m as Float32Array, v: outputs.v as Float32Array };
          }
          // After 6 steps of lr 0.01 the parameters moved.
          expect(state!.p.some((x, i) => Math.abs(x - Math.fround(randomValues(count, seed)[i])) > 1e-3)).toBe(true);
        }
      }
    }
  });

  it("swap_abs_sym and swap_delta across sizes on 1–3 threads", () => {
    let compared = 0;
    for (const threads of THREADS) {
      for (const n of [1, 2, 5, 17, 33]) {
        compared += checkKernel(engine(build, threads), absSymCase(n, n)).compared;
        compared += checkKernel(engine(build, threads), deltaCase(n, 1.7, n)).compared;
      }
    }
    expect(compared).toBe(3 * 2 * (1 + 4 + 25 + 289 + 1089));
  });

  it("swap_neurons: pairs at the borders, inside, both orders; j = k is a no-op", () => {
    for (const threads of [1, 2]) {
      const e = engine(build, threads);
      for (const nh of [1, 2, 5, 17]) {
        const pairs: [number, number][] = [
          [0, nh - 1],
          [nh - 1, 0],
          [0, 0],
          [nh - 1, nh - 1],
          [nh >> 1, nh >> 1],
        ];
        if (nh > 3) pairs.push([1, 3], [3, 1], [0, 1], [nh - 2, nh - 1]);
        for (const [j, k] of pairs) {
          const c = swapNeuronsCase(nh, 3, 2, j, k, nh * 100 + j * 10 + k);
          const { outputs } = checkKernel(e, c);
          if (j === k)
            for (const key of ["W", "Win", "bh", "Wout"] as const)
              expect(bitDifference(outputs[key], c.operands[key].data)).toBeNull();
        }
      }
      // Swapping twice restores everything.
      const c = swapNeuronsCase(17, 3, 2, 4, 11, 9);
      const once = checkKernel(e, c).outputs;
      const twice = checkKernel(e, {
        ...c,
        operands: {
          W: vec(once.W, { out: "exact" }),
          Win: vec(once.Win, { out: "exact" }),
          bh: vec(once.bh, { out: "exact" }),
          Wout: vec(once.Wout, { out: "exact" }),
        },
      }).outputs;
      for (const key of ["W", "Win", "bh", "Wout"] as const)
        expect(bitDifference(twice[key], c.operands[key].data)).toBeNull();
    }
  });

  it("simd_peak's checksum and barrier_wait with one thread", () => {
    const e = engine(build, 1);
    checkKernel(e, {
      kernel: "simd_peak",
      operands: { out: vec([NaN, NaN, NaN, NaN], { out: { rtol: 1e-4, atol: 0 } }) },
      args: (p) => [1000, p.out],
      reference: (r) => ref.simd_peak(1000, r.out),
    });
    // nth = 1 returns at once and leaves the barrier words alone (checked as an input).
    expect(
      checkKernel(e, { kernel: "barrier_wait", operands: { bar: ivec([5, 9]) }, args: (p) => [p.bar, 1] }).outputs.bar,
    ).toEqual(Int32Array.from([5, 9]));
  });
});

describe.each(BUILDS)("the remaining kernels at random sizes (%s)", (build) => {
  it("fill_f32, row_sums, fill_bias_noise, l1_cost_grad, dist_cost_grad, sumsq, adam, swap_abs_sym, swap_delta, swap_neurons (fast-check)", () => {
    const cases: Record<string, (n: number, r: number, seed: number) => KernelCase<string>> = {
      fill_f32: (n, r, seed) => fillCase(n * r, seed % 2 ? -0.5 : 3, 4 * (seed % 4)),
      row_sums: (n, r, seed) => rowSumsCase(r, n, seed % 4, seed, seed % 2 ? "f64" : "bits"),
      fill_bias_noise: (n, r, seed) => noiseCase(r, n, seed % 3, 0.5, seed, seed ^ 0x5bd1e995),
      l1_cost_grad: (n, r, seed) => l1Case(n * r * 97, seed % 2 ? 0.01 : 0, seed),
      dist_cost_grad: (n, _r, seed) => distCase(n, seed % 2 ? 0.05 : 0, seed),
      sumsq: (n, r, seed) => sumsqCase(n * r * 97, seed),
      adam: (n, r, seed) => adamCase(n * r, seed, 0.25 + (seed % 4), 1 + (seed % 5)),
      swap_abs_sym: (n, _r, seed) => absSymCase(n, seed),
      swap_delta: (n, _r, seed) => deltaCase(n, 0.5 + (seed % 3), seed),
      swap_neurons: (n, r, seed) => swapNeuronsCase(n, r, 1 + (seed % 3), seed % n, (seed >> 3) % n, seed),
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(cases)),
        dimArb(45),
        dimArb(9),
        seedArb,
        fc.constantFrom(1, 2, 3),
        (kernel, n, r, seed, threads) => {
          const e = engine(build, kernel === "swap_neurons" ? 1 : threads);
          expect(checkKernel(e, cases[kernel](n, r, seed)).compared).toBeGreaterThan(0);
        },
      ),
      propertyConfig(80),
    );
  });
});

// ------------------------------------------------------------------------------------------------ batched forms

/** par_gemm_tn_batched on `count` contiguous blocks; A shared by all blocks (sa = 0) or one A per block. */
function tnBatchedCase(
  count: number,
  m: number,
  n: number,
  nk: number,
  o: { seed: number; accumulate: 0 | 1; splitCols: 0 | 1; sharedA: boolean },
): KernelCase<"a" | "b" | "c"> {
  const aSize = nk * m,
    bSize = nk * n,
    cSize = m * n;
  const blocksA = o.sharedA ? 1 : count;
  return {
    kernel: "par_gemm_tn_batched",
    operands: {
      a: vec(randomValues(aSize * blocksA, o.seed, 1, 0.1)),
      b: vec(randomValues(bSize * count, o.seed + 1, 1, 0.1)),
      c: vec(o.accumulate ? randomValues(cSize * count, o.seed + 2) : new Float32Array(cSize * count).fill(NaN), {
        out: { rtol: 1e-5, atol: 1e-6 * (nk + 1) },
      }),
    },
    args: (p) => [
      count,
      o.sharedA ? 0 : aSize * 4,
      bSize * 4,
      cSize * 4,
      m,
      n,
      nk,
      p.a,
      m * 4,
      p.b,
      n * 4,
      p.c,
      n * 4,
      o.accumulate,
      o.splitCols,
    ],
    reference: (r) => {
      for (let k = 0; k < count; k++) {
        const a = r.a.subarray(o.sharedA ? 0 : k * aSize),
          b = r.b.subarray(k * bSize),
          c = r.c.subarray(k * cSize);
        ref.gemm_tn(m, n, null, nk, a, m, b, n, c, n, o.accumulate);
      }
    },
  };
}

/** softmax_xent_batched on `count` contiguous [no × ncols] blocks, dO in place. */
function xentBatchedCase(
  count: number,
  no: number,
  ncols: number,
  seed: number,
): KernelCase<"O" | "labels" | "losses"> {
  const r = rng(seed);
  const labels = Array.from({ length: count * ncols }, () => Math.floor(r() * no));
  return {
    kernel: "softmax_xent_batched",
    operands: {
      O: vec(randomValues(count * no * ncols, seed, 4), { out: { rtol: 1e-5, atol: 2e-7 } }),
      labels: ivec(labels),
      losses: vec(new Float32Array(count * ncols).fill(NaN), { out: { rtol: 1e-5, atol: 1e-5 } }),
    },
    args: (p) => [
      count,
      no * ncols * 4,
      ncols * 4,
      p.O,
      ncols * 4,
      no,
      ncols,
      p.labels,
      p.O,
      ncols * 4,
      0.25,
      p.losses,
    ],
    reference: (q) => {
      for (let k = 0; k < count; k++) {
        const O = q.O.subarray(k * no * ncols);
        ref.softmax_xent(
          O,
          ncols,
          no,
          ncols,
          q.labels.subarray(k * ncols),
          O,
          ncols,
          0.25,
          q.losses.subarray(k * ncols),
        );
      }
    },
  };
}

/** transpose_batched: block k [rows × cols] → [cols × rows], both contiguous. */
function transposeBatchedCase(count: number, rows: number, cols: number, seed: number): KernelCase<"src" | "dst"> {
  const size = rows * cols;
  return {
    kernel: "transpose_batched",
    operands: {
      src: vec(randomValues(count * size, seed, 1, 0.1)),
      dst: vec(new Float32Array(count * size).fill(NaN), { out: "exact" }),
    },
    args: (p) => [count, size * 4, size * 4, p.src, rows, cols, cols * 4, p.dst, rows * 4],
    reference: (r) => {
      for (let k = 0; k < count; k++)
        ref.transpose(r.src.subarray(k * size), rows, cols, cols, r.dst.subarray(k * size), rows);
    },
  };
}

describe.each(BUILDS)("batched kernels for the step-major window (%s)", (build) => {
  it("par_gemm_tn_batched, softmax_xent_batched, transpose_batched equal their reference on 1–3 threads", () => {
    let compared = 0;
    for (const threads of THREADS) {
      const e = engine(build, threads);
      for (const [m, n, nk] of [
        [17, 16, 40],
        [13, 11, 70],
        [5, 64, 3],
      ] as const) {
        for (const sharedA of [true, false]) {
          for (const splitCols of [0, 1] as const) {
            compared += checkKernel(
              e,
              tnBatchedCase(3, m, n, nk, { seed: m + n + nk, accumulate: sharedA ? 1 : 0, splitCols, sharedA }),
            ).compared;
          }
        }
      }
      compared += checkKernel(e, xentBatchedCase(4, 17, 16, 5)).compared;
      compared += checkKernel(e, xentBatchedCase(3, 5, 7, 6)).compared;
      compared += checkKernel(e, transposeBatchedCase(3, 13, 16, 7)).compared;
      compared += checkKernel(e, transposeBatchedCase(2, 5, 9, 8)).compared;
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

// ------------------------------------------------------------------------------------------------ thread-count invariance

/**
 * For every parallel kernel but the RNN passes (tested with the network) and the shuffle baselines (tested in
 * test/analysis/shuffle-engine.test.ts against their reference on 1–3 threads), cases whose splits are uneven.
 */
const INVARIANCE: Record<
  Exclude<ParallelKernel, "rnn_forward" | "rnn_backward" | "shuffle_metrics">,
  () => KernelCase<string>[]
> = {
  par_gemm_nn: () =>
    [0, 1].map((sc) =>
      gemmCase(
        gemmShape(79, 61, 45, sparseIndexList(45, 0.6, 1), { splitCols: sc as 0 | 1, padA: 1, padC: 3, accumulate: 1 }),
        "par_gemm_nn",
        "f64",
      ),
    ),
  par_gemm_tn: () =>
    [0, 1].flatMap((sc) => [
      gemmCase(
        gemmShape(79, 61, 45, sparseIndexList(45, 0.6, 2), { splitCols: sc as 0 | 1, padA: 2, padB: 1, accumulate: 1 }),
        "par_gemm_tn",
        "f64",
      ),
      gemmCase(
        gemmShape(43, 45, 30, range(30), { splitCols: sc as 0 | 1, nullIdx: true, misalign: 4 }),
        "par_gemm_tn",
        "f64",
      ),
    ]),
  par_gemm_nt: () =>
    [0, 1].map((sc) =>
      gemmNtCase(
        ntShape(29, 39, 23, {
          rows: sparseIndexList(29, 0.7, 5),
          cols: sparseIndexList(39, 0.8, 6),
          padA: 1,
          padB: 2,
          padC: 3,
          misalign: 4,
          splitCols: sc as 0 | 1,
          seed: 3,
        }),
        "par_gemm_nt",
        "f64",
      ),
    ),
  softmax_xent: () => [
    xentCase({ no: 17, ncols: 41, padO: 1, padD: 2, alias: false, scale: 0.1, seed: 4 }),
    xentCase({ no: 5, ncols: 6, padO: 0, padD: 0, alias: true, scale: 1, seed: 5 }),
  ],
  fill_f32: () => [fillCase(1003, 2.5, 4), fillCase(6, -1, 0)],
  transpose: () => [transposeCase(13, 37, 1, 2, 6), transposeCase(7, 5, 0, 0, 7)],
  row_sums: () => [rowSumsCase(7, 403, 1, 8, "f64"), rowSumsCase(2, 5, 0, 9, "f64")],
  fill_bias_noise: () => [noiseCase(7, 133, 3, 0.5, 10, 11), noiseCase(2, 3, 0, 1, 12, 13)],
  l1_cost_grad: () => [l1Case(4 * REDUCE_CHUNK + 5, 0.01, 14), l1Case(5, 1, 15)],
  dist_cost_grad: () => [distCase(37, 0.02, 16), distCase(2, 1, 17)],
  sumsq: () => [sumsqCase(5 * REDUCE_CHUNK + 3, 18), sumsqCase(3, 19)],
  adam: () => [adamCase(1003, 20, 0.5, 3), adamCase(6, 21, 2, 1)],
  swap_abs_sym: () => [absSymCase(37, 22), absSymCase(2, 23)],
  swap_delta: () => [deltaCase(37, 0.7, 24), deltaCase(2, 1, 25)],
  par_gemm_tn_batched: () => [
    tnBatchedCase(3, 17, 16, 70, { seed: 26, accumulate: 1, splitCols: 0, sharedA: true }),
    tnBatchedCase(2, 9, 21, 13, { seed: 27, accumulate: 0, splitCols: 1, sharedA: false }),
  ],
  softmax_xent_batched: () => [xentBatchedCase(3, 17, 13, 28)],
  transpose_batched: () => [transposeBatchedCase(3, 11, 13, 29)],
};

describe.each(BUILDS)("thread-count invariance (%s)", (build) => {
  it("the table covers every parallel kernel except rnn_forward/rnn_backward and shuffle_metrics (own tests)", () => {
    expect(Object.keys(INVARIANCE).sort()).toEqual(
      PARALLEL_KERNELS.filter((k) => !k.startsWith("rnn_") && k !== "shuffle_metrics").sort(),
    );
  });

  for (const [kernel, cases] of Object.entries(INVARIANCE)) {
    it(`${kernel}: bit-identical outputs on 1, 2 and 3 threads`, () => {
      for (const c of cases()) {
        const runs = THREADS.map((t) => checkKernel(engine(build, t), c).outputs);
        for (const name of Object.keys(c.operands)) {
          if (!c.operands[name].out) continue;
          expect(bitDifference(runs[1][name], runs[0][name]), `${name}, 2 threads`).toBeNull();
          expect(bitDifference(runs[2][name], runs[0][name]), `${name}, 3 threads`).toBeNull();
        }
      }
    });
  }
});
