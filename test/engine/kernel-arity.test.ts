// Holds every kernel build to the argument lists of src/engine/kernels.ts: each export's arity, the set of exports, the parameter names and shared constants in assembly/, and the named-call helpers.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CTL } from "../../src/engine/control.js";
import { callKernel, checkedArgs, namedArgs, runKernel } from "../../src/engine/kernel-calls.js";
import {
  ACTIVATION_CODES,
  BUILDS,
  KERNEL_ARGS,
  REDUCE_CHUNK,
  PARALLEL_KERNEL_ARGS,
  PARALLEL_KERNELS,
  SERIAL_KERNEL_ARGS,
  SERIAL_KERNELS,
  THREAD_ARGS,
  isKernel,
  isParallelKernel,
  wasmFileName,
  type Build,
  type KernelName,
} from "../../src/engine/kernels.js";
import { nodePlatform } from "../../src/engine/platform-node.js";
import { ACTIVATIONS } from "../../src/model/types.js";
import { createEngine } from "../../src/index.js";

/** Exports of a build that are not kernels. */
const NON_KERNEL_EXPORTS = ["memory"];

/** The declared argument count of a kernel as the wasm function sees it (parallel kernels take tid, nth too). */
function wasmArity(name: KernelName): number {
  return KERNEL_ARGS[name].length + (isParallelKernel(name) ? THREAD_ARGS.length : 0);
}

async function instantiate(build: Build, shared: boolean): Promise<WebAssembly.Exports> {
  if (build === "relaxed") nodePlatform.enableRelaxedSimd(); // as the engine does (Node 20 keeps it behind a flag)
  const bytes = readFileSync(new URL(`../../build/${wasmFileName(build, shared)}`, import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 32768, shared });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  return instance.exports;
}

describe("the argument tables", () => {
  it("list every kernel once, parallel and serial apart, with distinct argument names, none of them tid or nth", () => {
    expect(PARALLEL_KERNELS).toEqual(Object.keys(PARALLEL_KERNEL_ARGS));
    expect(SERIAL_KERNELS).toEqual(Object.keys(SERIAL_KERNEL_ARGS));
    expect(PARALLEL_KERNELS.filter((k) => (SERIAL_KERNELS as readonly string[]).includes(k))).toEqual([]);
    expect(Object.keys(KERNEL_ARGS).sort()).toEqual([...PARALLEL_KERNELS, ...SERIAL_KERNELS].sort());
    for (const [name, args] of Object.entries(KERNEL_ARGS)) {
      expect(new Set(args).size, name).toBe(args.length);
      if (isParallelKernel(name)) for (const t of THREAD_ARGS) expect(args, name).not.toContain(t);
    }
  });

  it("fit every parallel kernel's arguments into the control block's argument slots", () => {
    for (const k of PARALLEL_KERNELS) expect(PARALLEL_KERNEL_ARGS[k].length, k).toBeLessThanOrEqual(CTL.MAX_ARGS);
    expect(CTL.ARGS_BYTES + 8 * CTL.MAX_ARGS).toBeLessThanOrEqual(CTL.SIZE_BYTES);
  });

  it("isKernel and isParallelKernel know the tables and nothing else (not even Object.prototype's names)", () => {
    for (const k of PARALLEL_KERNELS) expect([isKernel(k), isParallelKernel(k)]).toEqual([true, true]);
    for (const k of SERIAL_KERNELS) expect([isKernel(k), isParallelKernel(k)]).toEqual([true, false]);
    for (const k of ["memory", "toString", "constructor", "gemm", ""])
      expect([isKernel(k), isParallelKernel(k)], k).toEqual([false, false]);
  });
});

describe.each(BUILDS.flatMap((build) => [true, false].map((shared) => [build, shared] as const)))(
  "build %s (shared memory: %s)",
  (build, shared) => {
    it("exports exactly the declared kernels, each a function of the declared arity, plus the memory", async () => {
      const exports = await instantiate(build, shared);
      const names = Object.keys(exports);
      const kernels = names.filter((n) => !NON_KERNEL_EXPORTS.includes(n));
      expect([...kernels].sort()).toEqual(Object.keys(KERNEL_ARGS).sort());
      for (const n of NON_KERNEL_EXPORTS) expect(names, n).toContain(n);
      expect(exports.memory).toBeInstanceOf(WebAssembly.Memory);
      for (const name of kernels) {
        const fn = exports[name];
        expect(typeof fn, name).toBe("function");
        if (!isKernel(name)) throw new Error(`${name}: not a declared kernel`);
        expect((fn as (...a: number[]) => void).length, `${name}(${KERNEL_ARGS[name].join(", ")})`).toBe(
          wasmArity(name),
        );
      }
    });
  },
);

/** The parameter names of every exported function in assembly/*.ts, from its source. */
function assemblySignatures(): Map<string, string[]> {
  const dir = new URL("../../assembly/", import.meta.url);
  const out = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const src = readFileSync(new URL(file, dir), "utf8");
    for (const m of src.matchAll(/^export function (\w+)\(([^)]*)\)/gm)) {
      const params = m[2]
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "")
        .map((p) => p.split(":")[0].trim());
      out.set(m[1], params);
    }
  }
  return out;
}

describe("assembly/ sources", () => {
  it("declare every kernel with the table's argument names, in order (parallel ones ending in tid, nth)", () => {
    const sigs = assemblySignatures();
    for (const name of Object.keys(KERNEL_ARGS) as KernelName[]) {
      const want = [...KERNEL_ARGS[name], ...(isParallelKernel(name) ? THREAD_ARGS : [])];
      expect(sigs.get(name), name).toEqual(want);
    }
  });
});

describe("constants shared with assembly/", () => {
  const source = (file: string) => readFileSync(new URL(`../../assembly/${file}`, import.meta.url), "utf8");
  it("REDUCE_CHUNK is assembly/inline/reduce.ts CHUNK", () => {
    expect(source("inline/reduce.ts")).toMatch(new RegExp(`export const CHUNK: i32 = ${REDUCE_CHUNK};`));
  });
  it("ACTIVATION_CODES are assembly/inline/activation.ts ACT_*, one per activation of src/model/types.ts", () => {
    const act = source("inline/activation.ts");
    expect(Object.keys(ACTIVATION_CODES).sort()).toEqual([...ACTIVATIONS].sort());
    for (const [name, code] of Object.entries(ACTIVATION_CODES)) {
      expect(act, name).toMatch(new RegExp(`export const ACT_${name.toUpperCase()}: i32 = ${code};`));
    }
  });
});

describe("namedArgs and checkedArgs", () => {
  it("order named arguments as the kernel's list, whatever the object's key order", () => {
    expect(namedArgs("transpose", { ldd: 6, dst: 5, lds: 4, cols: 3, rows: 2, src: 1 })).toEqual([1, 2, 3, 4, 5, 6]);
    const named = Object.fromEntries(KERNEL_ARGS.rnn_forward.map((n, i) => [n, 100 + i]));
    expect(namedArgs("rnn_forward", named as never)).toEqual(KERNEL_ARGS.rnn_forward.map((_, i) => 100 + i));
  });

  it("reject a missing, non-numeric or unknown field, naming the kernel and the field", () => {
    const ok = { g: 1, count: 2, partials: 3 };
    expect(() => namedArgs("sumsq", { g: 1, count: 2 } as never)).toThrow(
      /^sumsq: argument partials is undefined — must be a number$/,
    );
    expect(() => namedArgs("sumsq", { ...ok, count: "2" } as never)).toThrow(
      /^sumsq: argument count is "2" — must be a number$/,
    );
    expect(() => namedArgs("sumsq", { ...ok, nth: 1 } as never)).toThrow(
      /^sumsq: "nth" — not an argument; allowed: g, count, partials$/,
    );
  });

  it("checkedArgs passes a list of the right length and names the expected arguments otherwise", () => {
    expect(checkedArgs("swap_abs_sym", [1, 2, 3])).toEqual([1, 2, 3]);
    expect(() => checkedArgs("swap_abs_sym", [1, 2])).toThrow(/^swap_abs_sym: 2 arguments — expected 3: \(W, n, M\)$/);
  });
});

describe("named calls on an engine", () => {
  it("runKernel and callKernel give the same bits as the positional calls; the pool refuses a wrong arity", async () => {
    const engine = await createEngine({ threads: 2, build: "portable" });
    try {
      const { arena, pool, kernels } = engine;
      const rows = 5,
        cols = 7,
        src = arena.alloc(rows * cols * 4),
        a = arena.alloc(rows * cols * 4),
        b = arena.alloc(rows * cols * 4);
      arena.f32(src, rows * cols).set(Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 3));
      pool.run("transpose", [src, rows, cols, cols * 4, a, rows * 4]);
      runKernel(pool, "transpose", { src, rows, cols, lds: cols * 4, dst: b, ldd: rows * 4 });
      const ta = arena.f32(a, rows * cols).slice(),
        tb = arena.f32(b, rows * cols).slice();
      expect(tb).toEqual(ta);
      expect(ta[1 * rows + 2]).toBe(arena.f32(src, rows * cols)[2 * cols + 1]); // dst(1, 2) = src(2, 1)

      // serial: swap_neurons exchanges neurons 0 and 2 of a 3-neuron net (nu = no = 1), positional vs named
      const nh = 3,
        size = nh * nh + nh + nh + nh,
        blockA = arena.alloc(size * 4),
        blockB = arena.alloc(size * 4);
      const init = Float32Array.from({ length: size }, (_, i) => i + 1);
      arena.f32(blockA, size).set(init);
      arena.f32(blockB, size).set(init);
      const ptrs = (p: number) => ({
        W: p,
        Win: p + nh * nh * 4,
        bh: p + (nh * nh + nh) * 4,
        Wout: p + (nh * nh + 2 * nh) * 4,
      });
      const pa = ptrs(blockA);
      kernels.swap_neurons(pa.W, pa.Win, pa.bh, pa.Wout, nh, 1, 1, 0, 2);
      callKernel(kernels, "swap_neurons", { ...ptrs(blockB), nh, nu: 1, no: 1, j: 0, k: 2 });
      const sa = arena.f32(blockA, size).slice();
      expect(arena.f32(blockB, size).slice()).toEqual(sa);
      expect(sa).not.toEqual(init);

      expect(() => pool.run("transpose", [src, rows, cols] as never)).toThrow(
        /transpose got 3 arguments — expected 6: \(src, rows, cols, lds, dst, ldd\)/,
      );
      for (const p of [src, a, b, blockA, blockB]) arena.release(p);
    } finally {
      await engine.close();
    }
  });
});
