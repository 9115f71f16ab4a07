// Tests of the safetensors reader/writer and the atomic file helpers: round trips, golden bytes (ours and the Rust
// crate's own test vectors), interop with Python safetensors when it is installed, fuzzing of the paranoid reader,
// and the I/O error paths.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeSafetensors,
  DTYPES,
  elementCount,
  encodeSafetensors,
  requireTensor,
  SafetensorsError,
  type DType,
  type Tensor,
  type TensorData,
} from "../../src/io/safetensors.js";
import {
  readSafetensorsFile,
  writeFileAtomic,
  writeFileAtomicSync,
  writeSafetensorsFile,
} from "../../src/io/atomic-file.js";

const ARRAYS = {
  F32: Float32Array,
  F64: Float64Array,
  I32: Int32Array,
  U32: Uint32Array,
  I64: BigInt64Array,
  U8: Uint8Array,
} as const;
const SIZE: Record<DType, number> = { F32: 4, F64: 8, I32: 4, U32: 4, I64: 8, U8: 1 };

const ascii = (s: string) => new TextEncoder().encode(s);
/** The elements of any tensor's data as a plain array (numbers, or bigints for I64). */
const values = (d: TensorData): unknown[] => Array.from(d as ArrayLike<unknown>);
const bytesOf = (d: TensorData) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
const u64 = (n: number | bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** A file with the given header (object or raw text, not padded) and data bytes, with a correct length field. */
function fileWith(header: unknown, data: ArrayLike<number> = []): Uint8Array {
  const json = ascii(typeof header === "string" ? header : JSON.stringify(header));
  return concat(u64(json.length), json, data);
}

/** The parsed JSON header and the data section of a file. */
function split(file: Uint8Array): { header: Record<string, any>; headerLen: number; data: Uint8Array } {
  const headerLen = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLen)));
  return { header, headerLen, data: file.subarray(8 + headerLen) };
}

/** Builds an object whose keys may include "__proto__" as an ordinary own key. */
function objectOf<T>(entries: [string, T][]): Record<string, T> {
  const o: Record<string, T> = {};
  for (const [k, v] of entries)
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function expectSameTensors(actual: Record<string, Tensor>, expected: Record<string, Tensor>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const name of Object.keys(expected)) {
    const [a, e] = [actual[name], expected[name]];
    expect(a.dtype).toBe(e.dtype);
    expect(a.shape).toEqual(e.shape);
    expect(a.data).toBeInstanceOf(ARRAYS[e.dtype]);
    expect(bytesOf(a.data)).toEqual(bytesOf(e.data)); // bytes, so NaN payloads and -0 count too
  }
}

function expectRejects(file: Uint8Array, pattern: RegExp, source = "model.safetensors"): void {
  let caught: unknown;
  try {
    decodeSafetensors(file, source);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  const err = caught as SafetensorsError;
  expect(err.source).toBe(source);
  expect(err.message.startsWith(`${source}: `)).toBe(true);
  expect(err.message).toMatch(pattern);
}

// ------------------------------------------------------------------------------------------- arbitraries

const dtypeArb = fc.constantFrom(...DTYPES);
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
/** Random bytes viewed as the dtype, so every bit pattern (NaNs, -0, extremes) occurs. */
const tensorArb: fc.Arbitrary<Tensor> = fc.tuple(dtypeArb, shapeArb).chain(([dtype, shape]) => {
  const n = elementCount(shape) * SIZE[dtype];
  return fc
    .uint8Array({ minLength: n, maxLength: n })
    .map((b) => ({ dtype, shape, data: new ARRAYS[dtype](b.buffer) }));
});
const nameArb = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.constantFrom("", "a", "W_in", "layer.0.weight", "__proto__", "constructor", "é", "😀", "\uffff"),
  )
  .filter((s) => s !== "__metadata__");
const tensorsArb = fc
  .uniqueArray(fc.tuple(nameArb, tensorArb), { selector: ([name]) => name, maxLength: 6 })
  .map((entries) => objectOf(entries));
const metadataArb = fc
  .option(
    fc.uniqueArray(fc.tuple(nameArb, fc.string({ unit: "binary", maxLength: 20 })), {
      selector: ([k]) => k,
      maxLength: 4,
    }),
    { nil: undefined },
  )
  .map((entries) => (entries === undefined ? undefined : objectOf(entries)));

// ------------------------------------------------------------------------------------------- writer + reader

describe("safetensors round trip", () => {
  it("keeps every dtype, empty tensors, scalars and metadata", () => {
    const tensors: Record<string, Tensor> = {
      w: { dtype: "F32", shape: [2, 3], data: Float32Array.from([1, -2.5, 3e38, -0, Infinity, NaN]) },
      d: { dtype: "F64", shape: [3], data: Float64Array.from([Math.PI, -1e-300, 5e-324]) },
      i: { dtype: "I32", shape: [2], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1]) },
      u: { dtype: "U32", shape: [1, 1], data: Uint32Array.from([2 ** 32 - 1]) },
      l: { dtype: "I64", shape: [2], data: BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n]) },
      b: { dtype: "U8", shape: [4], data: Uint8Array.from([0, 1, 128, 255]) },
      empty: { dtype: "F64", shape: [0], data: new Float64Array(0) },
      empty3: { dtype: "I32", shape: [2, 0, 3], data: new Int32Array(0) },
      scalar: { dtype: "F32", shape: [], data: Float32Array.from([7]) },
      scalarByte: { dtype: "U8", shape: [], data: Uint8Array.from([9]) },
    };
    const metadata = { format: "gyrus", step: "1200", "": "", unicode: "ß→😀" };
    const out = decodeSafetensors(encodeSafetensors(tensors, metadata));
    expectSameTensors(out.tensors, tensors);
    expect(out.metadata).toEqual(metadata);
    expect(values(out.tensors.l.data)).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    expect(values(out.tensors.w.data)).toEqual([1, -2.5, Math.fround(3e38), -0, Infinity, NaN]);
  });

  it("returns fresh, aligned arrays that do not alias the input", () => {
    const file = encodeSafetensors({ x: { dtype: "F64", shape: [2], data: Float64Array.from([1, 2]) } });
    // Put the file at an odd offset of a bigger buffer so the data section is unaligned in the caller's memory.
    const host = new Uint8Array(file.length + 3);
    host.set(file, 3);
    const view = host.subarray(3);
    const x = decodeSafetensors(view).tensors.x.data as Float64Array;
    expect(Array.from(x)).toEqual([1, 2]);
    expect(x.byteOffset).toBe(0);
    host.fill(0);
    expect(Array.from(x)).toEqual([1, 2]);
  });

  it("has no metadata entry when none is given, and reads that as {}", () => {
    const file = encodeSafetensors({ a: { dtype: "U8", shape: [1], data: Uint8Array.of(1) } });
    expect(Object.keys(split(file).header)).toEqual(["a"]);
    expect(decodeSafetensors(file).metadata).toEqual({});
  });

  it("property: random tensors and metadata round-trip; layout is padded, aligned, gap-free, deterministic", () => {
    fc.assert(
      fc.property(tensorsArb, metadataArb, (tensors, metadata) => {
        const file = encodeSafetensors(tensors, metadata);
        const out = decodeSafetensors(file);
        expectSameTensors(out.tensors, tensors);
        expect(out.metadata).toEqual(metadata ?? {});

        const { header, headerLen, data } = split(file);
        expect(headerLen % 8).toBe(0);
        // (Object.keys moves integer-like names first, so check contiguity in offset order.)
        const infos = Object.entries(header)
          .filter(([name]) => name !== "__metadata__")
          .map(([, info]) => info as { dtype: DType; data_offsets: [number, number] })
          .sort((a, b) => a.data_offsets[0] - b.data_offsets[0] || a.data_offsets[1] - b.data_offsets[1]);
        let next = 0;
        for (const {
          dtype,
          data_offsets: [begin, end],
        } of infos) {
          expect(begin).toBe(next);
          expect((8 + headerLen + begin) % SIZE[dtype]).toBe(0); // naturally aligned in the file
          next = end;
        }
        expect(next).toBe(data.length);

        // Same tensors inserted in the opposite order give the same bytes.
        const reversed = objectOf(Object.entries(tensors).reverse());
        expect(encodeSafetensors(reversed, metadata)).toEqual(file);
      }),
      { numRuns: 300 },
    );
  });

  it("orders tensors like the Rust crate: I64, F64, F32, U32, I32, U8, then by UTF-8 name", () => {
    const t = (dtype: DType): Tensor => ({ dtype, shape: [1], data: new ARRAYS[dtype](1) });
    const file = encodeSafetensors({
      u8: t("U8"),
      i32: t("I32"),
      b: t("F32"),
      a: t("F32"),
      "\uffff": t("F64"),
      "😀": t("F64"),
      u32: t("U32"),
      i64: t("I64"),
    });
    // U+FFFF sorts before U+1F600 by code point / UTF-8, though not by UTF-16 code unit.
    expect(Object.keys(split(file).header)).toEqual(["i64", "\uffff", "😀", "a", "b", "u32", "i32", "u8"]);
  });
});

describe("safetensors golden bytes", () => {
  it("writes the exact bytes the format prescribes for a tiny file", () => {
    const json = '{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 79 bytes
    const expected = concat([80, 0, 0, 0, 0, 0, 0, 0], ascii(json), [0x20], [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
    const file = encodeSafetensors({ a: { dtype: "F32", shape: [2], data: Float32Array.of(1, 2) } }, { k: "v" });

    const { header, headerLen, data } = split(file);
    expect(headerLen).toBe(80);
    expect((8 + headerLen) % 8).toBe(0);
    expect(header).toEqual({ __metadata__: { k: "v" }, a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } });
    expect(Array.from(data)).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
    expect(file).toEqual(expected);
    expect(values(decodeSafetensors(expected).tensors.a.data)).toEqual([1, 2]);
  });

  it("matches the Rust crate's serialization test vectors", () => {
    // No tensors, no metadata: "{}" padded to 8.
    expect(Array.from(encodeSafetensors({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...ascii("{}      ")]);
    // No tensors, metadata {framework: pt}: 35 bytes of JSON padded to 40.
    expect(Array.from(encodeSafetensors({}, { framework: "pt" }))).toEqual([
      40,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...ascii('{"__metadata__":{"framework":"pt"}}     '),
    ]);
    // One F32 [1,1,2,3] tensor holding 0..5: 65 bytes of JSON padded to 72.
    const data = Float32Array.of(0, 1, 2, 3, 4, 5);
    const file = encodeSafetensors({ attn0: { dtype: "F32", shape: [1, 1, 2, 3], data } });
    expect(Array.from(file)).toEqual([
      72,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...ascii('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       '),
      0,
      0,
      0,
      0,
      0,
      0,
      128,
      63,
      0,
      0,
      0,
      64,
      0,
      0,
      64,
      64,
      0,
      0,
      128,
      64,
      0,
      0,
      160,
      64,
    ]);
  });

  it("reads files written by others: unpadded header, any key order, whitespace", () => {
    const file = fileWith(
      '{"b":{"shape":[],"dtype":"U8","data_offsets":[4,5]} , "a":{"data_offsets":[0,4],"dtype":"I32","shape":[1]}}\n\t ',
      [1, 0, 0, 0, 42],
    );
    const { tensors } = decodeSafetensors(file);
    expect(values(tensors.a.data)).toEqual([1]);
    expect(values(tensors.b.data)).toEqual([42]);
  });
});

// ------------------------------------------------------------------------------------------- python interop

const python = "/usr/bin/python3";
const hasPythonSafetensors =
  existsSync(python) && spawnSync(python, ["-c", "import numpy, safetensors.numpy"], { stdio: "ignore" }).status === 0;

describe("safetensors interop", () => {
  it.skipIf(!hasPythonSafetensors)("Python safetensors reads our files and we read its files", () => {
    const dir = mkdtempSync(join(tmpdir(), "gyrus-st-py-"));
    try {
      const ours = join(dir, "ours.safetensors");
      const theirs = join(dir, "theirs.safetensors");
      writeFileSync(
        ours,
        encodeSafetensors(
          {
            f32: { dtype: "F32", shape: [2, 2], data: Float32Array.of(1.5, -2, 0, 3) },
            f64: { dtype: "F64", shape: [3], data: Float64Array.of(Math.PI, -1e-300, 1e300) },
            i32: { dtype: "I32", shape: [2], data: Int32Array.of(-7, 2 ** 31 - 1) },
            u32: { dtype: "U32", shape: [], data: Uint32Array.of(2 ** 32 - 1) },
            i64: { dtype: "I64", shape: [1], data: BigInt64Array.of(-5n) },
            u8: { dtype: "U8", shape: [0], data: new Uint8Array(0) },
          },
          { who: "gyrus" },
        ),
      );
      const script = `
import json, sys, numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1])
with safe_open(sys.argv[1], framework="numpy") as f:
    meta = f.metadata()
out = {k: {"dtype": str(v.dtype), "shape": list(v.shape), "values": v.ravel().tolist()} for k, v in t.items()}
print(json.dumps({"tensors": out, "metadata": meta}))
save_file({"x": np.arange(6, dtype=np.float32).reshape(2, 3), "n": np.array([-1, 2], dtype=np.int64)}, sys.argv[2], metadata={"from": "python"})
`;
      const run = spawnSync(python, ["-c", script, ours, theirs], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const seen = JSON.parse(run.stdout);
      expect(seen.metadata).toEqual({ who: "gyrus" });
      expect(seen.tensors).toEqual({
        f32: { dtype: "float32", shape: [2, 2], values: [1.5, -2, 0, 3] },
        f64: { dtype: "float64", shape: [3], values: [Math.PI, -1e-300, 1e300] },
        i32: { dtype: "int32", shape: [2], values: [-7, 2 ** 31 - 1] },
        u32: { dtype: "uint32", shape: [], values: [2 ** 32 - 1] },
        i64: { dtype: "int64", shape: [1], values: [-5] },
        u8: { dtype: "uint8", shape: [0], values: [] },
      });
      const back = decodeSafetensors(readFileSync(theirs), theirs);
      expect(back.metadata).toEqual({ from: "python" });
      expect(back.tensors.x).toEqual({ dtype: "F32", shape: [2, 3], data: Float32Array.of(0, 1, 2, 3, 4, 5) });
      expect(back.tensors.n).toEqual({ dtype: "I64", shape: [2], data: BigInt64Array.of(-1n, 2n) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ------------------------------------------------------------------------------------------- validation

describe("encodeSafetensors validation", () => {
  const f32 = (shape: number[], n: number): Tensor => ({ dtype: "F32", shape, data: new Float32Array(n) });
  const cases: [string, () => unknown, RegExp][] = [
    [
      "data length ≠ product of shape",
      () => encodeSafetensors({ w: f32([2, 3], 5) }),
      /"w": shape \[2,3\] needs 6 elements, data has 5/,
    ],
    [
      "negative dimension",
      () => encodeSafetensors({ w: f32([-1], 0) }),
      /"w": shape must be an array of non-negative integers/,
    ],
    ["fractional dimension", () => encodeSafetensors({ w: f32([1.5], 1) }), /non-negative integers/],
    [
      "unknown dtype",
      () => encodeSafetensors({ w: { dtype: "F16", shape: [1], data: new Float32Array(1) } as unknown as Tensor }),
      /dtype "F16" is not one of/,
    ],
    [
      "array type ≠ dtype",
      () => encodeSafetensors({ w: { dtype: "F32", shape: [1], data: new Float64Array(1) } }),
      /F32 data must be a Float32Array, got Float64Array/,
    ],
    [
      "plain array as data",
      () => encodeSafetensors({ w: { dtype: "U8", shape: [1], data: [1] } as unknown as Tensor }),
      /must be a Uint8Array/,
    ],
    ["tensor not an object", () => encodeSafetensors({ w: null as unknown as Tensor }), /"w" is null, not a tensor/],
    ["reserved name", () => encodeSafetensors({ __metadata__: f32([1], 1) }), /__metadata__ is reserved/],
    [
      "metadata value not a string",
      () => encodeSafetensors({}, { step: 3 as unknown as string }),
      /metadata "step" is 3, not a string/,
    ],
    [
      "metadata not an object",
      () => encodeSafetensors({}, "x" as unknown as Record<string, string>),
      /metadata must be an object/,
    ],
    [
      "tensors not an object",
      () => encodeSafetensors([] as unknown as Record<string, Tensor>),
      /tensors must be an object/,
    ],
  ];
  it.each(cases)("rejects %s", (_, run, pattern) => {
    expect(run).toThrow(SafetensorsError);
    expect(run).toThrow(pattern);
  });

  it("accepts a Node Buffer as U8 data and subarray views of bigger buffers", () => {
    const big = Float64Array.of(9, 1, 2, 9);
    const file = encodeSafetensors({
      b: { dtype: "U8", shape: [2], data: Buffer.from([3, 4]) },
      v: { dtype: "F64", shape: [2], data: big.subarray(1, 3) },
    });
    const { tensors } = decodeSafetensors(file);
    expect(values(tensors.b.data)).toEqual([3, 4]);
    expect(values(tensors.v.data)).toEqual([1, 2]);
  });
});

describe("decodeSafetensors rejects malformed files with a clear message", () => {
  const ok = { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } };
  const eight = new Array(8).fill(0);
  const withA = (a: unknown, extra: object = {}) => fileWith({ ...extra, a }, eight);
  const cases: [string, Uint8Array, RegExp][] = [
    ["an empty file", new Uint8Array(0), /file is 0 bytes, too short/],
    ["a 5-byte file", new Uint8Array(5), /file is 5 bytes/],
    [
      "a huge header length",
      concat(u64(9_000_000_000_000_000_000n), ascii("{}")),
      /header length 9000000000000000000 exceeds the 100000000-byte limit \(file size 10\)/,
    ],
    [
      "the max u64 header length",
      concat(u64(2n ** 64n - 1n), ascii("{}")),
      /header length 18446744073709551615 exceeds/,
    ],
    [
      "a header past the end",
      concat(u64(50), ascii("{}")),
      /header length 50 exceeds the 2 bytes after the length field \(file size 10\)/,
    ],
    ["a header of length 0", u64(0), /header does not start with '\{'/],
    ["invalid UTF-8", concat(u64(3), [0x7b, 0xff, 0x7d]), /header is not valid UTF-8/],
    ["a BOM", concat(u64(5), [0xef, 0xbb, 0xbf], ascii("{}")), /does not start with '\{'/],
    ["a JSON array", fileWith("[]"), /does not start with '\{'/],
    ["invalid JSON", fileWith('{"a":'), /header is not valid JSON/],
    ["trailing garbage after the JSON", fileWith("{}x"), /header is not valid JSON/],
    [
      "an unsupported dtype",
      withA({ ...ok.a, dtype: "F16" }),
      /tensor "a": dtype "F16" is not supported \(supported: F32, F64, I32, U32, I64, U8\)/,
    ],
    ["a non-string dtype", withA({ ...ok.a, dtype: 4 }), /dtype 4 is not supported/],
    [
      "a negative dimension",
      withA({ ...ok.a, shape: [-2] }),
      /tensor "a": shape\[0\] is -2, not a non-negative integer/,
    ],
    ["a fractional dimension", withA({ ...ok.a, shape: [1, 0.5] }), /shape\[1\] is 0.5/],
    ["an unsafe dimension", withA({ ...ok.a, shape: [2 ** 53] }), /shape\[0\] is 9007199254740992/],
    ["a string dimension", withA({ ...ok.a, shape: ["2"] }), /shape\[0\] is "2"/],
    ["shape not an array", withA({ ...ok.a, shape: 2 }), /shape is 2, not an array/],
    [
      "shape too big for the bytes",
      withA({ ...ok.a, shape: [3] }),
      /shape \[3\] of F32 does not fill data_offsets \[0, 8\]/,
    ],
    ["a product that overflows", withA({ ...ok.a, shape: [2 ** 40, 2 ** 40, 2 ** 40, 0, 1] }, {}), /does not fill/],
    ["reversed offsets", withA({ ...ok.a, data_offsets: [8, 0] }), /data_offsets \[8, 0\] run backwards/],
    [
      "offsets past the data",
      withA({ ...ok.a, data_offsets: [0, 9] }),
      /data_offsets \[0, 9\] run past the 8-byte data section/,
    ],
    ["three offsets", withA({ ...ok.a, data_offsets: [0, 4, 8] }), /data_offsets is \[0, 4, 8\], not \[begin, end\]/],
    ["a negative offset", withA({ ...ok.a, data_offsets: [-8, 0] }), /data_offsets is \[-8, 0\]/],
    ["a missing field", withA({ dtype: "F32", shape: [2] }), /tensor "a" has no data_offsets/],
    ["an unknown field", withA({ ...ok.a, order: "C" }), /tensor "a" has unknown field "order"/],
    ["a tensor that is not an object", withA([1, 2]), /tensor "a" is an array of 2, not an object/],
    [
      "metadata that is not an object",
      withA(ok.a, { __metadata__: "x" }),
      /__metadata__ is "x", not an object of strings/,
    ],
    ["metadata null", withA(ok.a, { __metadata__: null }), /__metadata__ is null/],
    [
      "a non-string metadata value",
      withA(ok.a, { __metadata__: { step: 3 } }),
      /__metadata__ entry "step" is 3, not a string/,
    ],
    [
      "overlapping tensors",
      fileWith(
        { a: { dtype: "U8", shape: [4], data_offsets: [0, 4] }, b: { dtype: "U8", shape: [4], data_offsets: [2, 6] } },
        eight,
      ),
      /tensor "b" at \[2, 6\] overlaps another tensor/,
    ],
    [
      "a gap between tensors",
      fileWith(
        { a: { dtype: "U8", shape: [2], data_offsets: [0, 2] }, b: { dtype: "U8", shape: [4], data_offsets: [4, 8] } },
        eight,
      ),
      /data bytes \[2, 4\) belong to no tensor/,
    ],
    [
      "a gap at the start",
      fileWith({ a: { dtype: "U8", shape: [4], data_offsets: [4, 8] } }, eight),
      /data bytes \[0, 4\) belong to no tensor/,
    ],
    [
      "bytes after the last tensor",
      fileWith(ok, [...eight, 1, 2]),
      /data section is 10 bytes but the tensors cover only 8/,
    ],
    ["data but no tensors", fileWith({}, [1]), /data section is 1 bytes but the tensors cover only 0/],
  ];
  it.each(cases)("%s", (_, file, pattern) => expectRejects(file, pattern));

  it("accepts the baseline of those cases", () => {
    expect(values(decodeSafetensors(fileWith(ok, eight)).tensors.a.data)).toEqual([0, 0]);
  });

  it("keeps a tensor named __proto__ as an ordinary entry", () => {
    const file = fileWith('{"__proto__":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', [5]);
    const { tensors } = decodeSafetensors(file);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.keys(tensors)).toEqual(["__proto__"]);
    expect(Array.from(requireTensor(tensors, "__proto__", "U8"))).toEqual([5]);
    expect(encodeSafetensors(tensors)).toEqual(encodeSafetensors(objectOf([["__proto__", tensors.__proto__]])));
  });

  it("rejects non-byte input", () => {
    expect(() => decodeSafetensors([1, 2, 3] as unknown as Uint8Array, "x")).toThrow(/x: input is not a byte array/);
  });
});

describe("requireTensor", () => {
  const tensors = { w: { dtype: "F64", shape: [2], data: Float64Array.of(1, 2) } as Tensor };
  it("returns typed data and names what is wrong", () => {
    const w: Float64Array = requireTensor(tensors, "w", "F64", [2]);
    expect(Array.from(w)).toEqual([1, 2]);
    expect(() => requireTensor(tensors, "v", "F64", undefined, "m.st")).toThrow(/^m\.st: no tensor "v"$/);
    expect(() => requireTensor(tensors, "w", "F32")).toThrow(/tensor "w" is F64, expected F32/);
    expect(() => requireTensor(tensors, "w", "F64", [1, 2])).toThrow(/tensor "w" has shape \[2\], expected \[1,2\]/);
    expect(() => requireTensor(tensors, "toString", "F64")).toThrow(SafetensorsError);
  });
});

// ------------------------------------------------------------------------------------------- fuzzing

const FUZZ_RUNS = 600;

/** The reader's contract: a consistent result, or a SafetensorsError — anything else fails the property. */
function decodeOrReject(file: Uint8Array): "ok" | "rejected" {
  let out;
  try {
    out = decodeSafetensors(file, "fuzz.safetensors");
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    expect(e.message.startsWith("fuzz.safetensors: ")).toBe(true);
    return "rejected";
  }
  for (const t of Object.values(out.tensors)) {
    expect(t.data).toBeInstanceOf(ARRAYS[t.dtype]);
    expect(t.data.length).toBe(elementCount(t.shape));
  }
  for (const v of Object.values(out.metadata)) expect(typeof v).toBe("string");
  encodeSafetensors(out.tensors, out.metadata); // whatever the reader accepts, the writer accepts
  return "ok";
}

/** A valid file of a few small tensors, as bytes. */
const validFileArb = fc.tuple(tensorsArb, metadataArb).map(([t, m]) => encodeSafetensors(t, m));
const validWithTensorArb = validFileArb.filter((f) => Object.keys(split(f).header).some((k) => k !== "__metadata__"));

/** Numbers that break shapes and offsets: negatives, fractions, huge, unsafe, non-numbers. */
const badNumberArb = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(-1, 0.5, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e300, -0, "1", null, true, [], {}),
  fc.double(),
);

type Mutation = (h: any, name: string, other: string, value: unknown, num: unknown) => unknown;
const MUTATIONS: Record<string, Mutation> = {
  dtype: (h, n, _o, _v, num) =>
    void (h[n].dtype = [...DTYPES, "F16", "BF16", "BOOL", "f32", "", 5][Math.abs(Number(num) | 0) % 11]),
  dim: (h, n, _o, _v, num) => void (h[n].shape[Math.abs(Number(num) | 0) % (h[n].shape.length + 1)] = num),
  shape: (h, n, _o, v) => void (h[n].shape = v),
  reverse: (h, n) => void h[n].data_offsets.reverse(),
  offset: (h, n, _o, _v, num) => void (h[n].data_offsets[Math.abs(Number(num) | 0) % 3] = num),
  shift: (h, n, _o, _v, num) => void (h[n].data_offsets = h[n].data_offsets.map((x: number) => x + (Number(num) | 0))),
  overlap: (h, n, o) => void (h[n].data_offsets = [...h[o].data_offsets]),
  swapOffsets: (h, n, o) => void ([h[n].data_offsets, h[o].data_offsets] = [h[o].data_offsets, h[n].data_offsets]),
  offsets: (h, n, _o, v) => void (h[n].data_offsets = v),
  missing: (h, n, _o, _v, num) => void delete h[n][["dtype", "shape", "data_offsets"][Math.abs(Number(num) | 0) % 3]],
  extra: (h, n, _o, v) => void (h[n].extra = v),
  entry: (h, n, _o, v) => void (h[n] = v),
  metaValue: (h, _n, _o, v) => void (h.__metadata__ = { ...(h.__metadata__ ?? {}), k: v }),
  meta: (h, _n, _o, v) => void (h.__metadata__ = v),
  rename: (h, n) => {
    h[`${n}x`] = h[n];
    delete h[n];
  },
  header: (_h, _n, _o, v) => v,
};

describe("decodeSafetensors fuzzing: returns consistent tensors or throws SafetensorsError, nothing else", () => {
  it("random byte arrays (0–300 bytes)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (f) => void decodeOrReject(f)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("random bytes and random JSON behind a consistent length field", () => {
    const rawHeader = fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.nat()).map(([b, k]) => {
      const n = b.length === 0 ? 0 : k % (b.length + 1);
      return concat(u64(n), b);
    });
    const jsonHeader = fc
      .tuple(fc.jsonValue({ maxDepth: 4 }), fc.uint8Array({ maxLength: 40 }))
      .map(([j, d]) => fileWith(JSON.stringify(j) ?? "", d));
    fc.assert(
      fc.property(fc.oneof(rawHeader, jsonHeader), (f) => void decodeOrReject(f)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("valid files with random byte flips", () => {
    const arb = fc.tuple(
      validFileArb,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
    );
    fc.assert(
      fc.property(arb, ([file, flips]) => {
        const f = file.slice();
        for (const [i, b] of flips) f[i % f.length] = b;
        decodeOrReject(f);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("valid files truncated or extended at random points", () => {
    fc.assert(
      fc.property(validFileArb, fc.nat(), fc.uint8Array({ maxLength: 16 }), (file, cut, tail) => {
        decodeOrReject(file.subarray(0, cut % (file.length + 1)));
        decodeOrReject(concat(file, tail.length > 0 ? tail : [0]));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("valid files with the header length field set to random, near or huge values", () => {
    const lengthArb = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 0n, max: 400n }),
      fc.constantFrom(100_000_000n, 100_000_001n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n),
    );
    fc.assert(
      fc.property(validFileArb, lengthArb, fc.integer({ min: -9, max: 9 }), fc.boolean(), (file, n, delta, near) => {
        const f = file.slice();
        const real = new DataView(f.buffer).getBigUint64(0, true);
        const value = near ? real + BigInt(delta) : n;
        new DataView(f.buffer).setBigUint64(0, value < 0n ? 0n : value, true);
        decodeOrReject(f);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("valid files with structurally edited headers", () => {
    const arb = fc.record({
      file: validWithTensorArb,
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom(...Object.keys(MUTATIONS)),
          pick: fc.nat(),
          pick2: fc.nat(),
          value: fc.jsonValue({ maxDepth: 2 }),
          num: badNumberArb,
        }),
        { minLength: 1, maxLength: 3 },
      ),
      dataDelta: fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }) },
      ),
      pad: fc.boolean(),
    });
    const outcomes = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(arb, ({ file, edits, dataDelta, pad }) => {
        const { header, data } = split(file);
        let h: any = header;
        for (const e of edits) {
          if (typeof h !== "object" || h === null || Array.isArray(h)) break;
          const names = Object.keys(h).filter((k) => k !== "__metadata__");
          if (names.length === 0) break;
          const n = names[e.pick % names.length];
          const o = names[e.pick2 % names.length];
          if (
            typeof h[n] !== "object" ||
            h[n] === null ||
            !Array.isArray(h[n].shape) ||
            !Array.isArray(h[n].data_offsets)
          )
            continue;
          if (typeof h[o] !== "object" || h[o] === null || !Array.isArray(h[o].data_offsets)) continue;
          const replaced = MUTATIONS[e.kind](h, n, o, e.value, e.num);
          if (e.kind === "header") h = replaced;
        }
        let text = JSON.stringify(h) ?? "";
        if (pad) text += " ".repeat((8 - (text.length % 8)) % 8);
        const body =
          dataDelta >= 0
            ? concat(data, new Array(dataDelta).fill(7))
            : data.subarray(0, Math.max(0, data.length + dataDelta));
        outcomes[decodeOrReject(fileWith(text, body))]++;
      }),
      { numRuns: 1500 },
    );
    // Both outcomes must occur, or the edits are not reaching the deeper checks.
    expect(outcomes.ok).toBeGreaterThan(20);
    expect(outcomes.rejected).toBeGreaterThan(500);
  });
});

// ------------------------------------------------------------------------------------------- files

describe("atomic writes and safetensors files", () => {
  let root = "";
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "gyrus-st-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const freshDir = () => {
    const d = join(root, `case${n++}`);
    mkdirSync(d);
    return d;
  };

  it.each([
    ["writeFileAtomic", (p: string, d: Uint8Array | string) => writeFileAtomic(p, d)],
    ["writeFileAtomicSync", async (p: string, d: Uint8Array | string) => writeFileAtomicSync(p, d)],
  ] as const)("%s replaces an existing file and leaves no temp files", async (_, write) => {
    const dir = freshDir();
    const target = join(dir, "model.safetensors");
    writeFileSync(target, "old contents, longer than the new ones");
    await write(target, Uint8Array.of(1, 2, 3));
    expect(Array.from(readFileSync(target))).toEqual([1, 2, 3]);
    await write(target, "text ✓");
    expect(readFileSync(target, "utf8")).toBe("text ✓");
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
  });

  it.each([
    ["writeFileAtomic", (p: string, d: Uint8Array) => writeFileAtomic(p, d)],
    ["writeFileAtomicSync", async (p: string, d: Uint8Array) => writeFileAtomicSync(p, d)],
  ] as const)("%s fails cleanly: missing directory, or a directory in the way of the rename", async (_, write) => {
    const dir = freshDir();
    await expect(write(join(dir, "nope", "m.safetensors"), Uint8Array.of(1))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
    // The temp file is written, then rename() fails: the temp file must be removed.
    mkdirSync(join(dir, "taken"));
    await expect(write(join(dir, "taken"), Uint8Array.of(1))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readdirSync(join(dir, "taken"))).toEqual([]);
  });

  it("writeSafetensorsFile + readSafetensorsFile round-trip", async () => {
    const dir = freshDir();
    const path = join(dir, "run.safetensors");
    const tensors = { w: { dtype: "F64", shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) } as Tensor };
    await writeSafetensorsFile(path, tensors, { step: "3" });
    const back = await readSafetensorsFile(path);
    expectSameTensors(back.tensors, tensors);
    expect(back.metadata).toEqual({ step: "3" });
    expect(readdirSync(dir)).toEqual(["run.safetensors"]);
  });

  it("readSafetensorsFile turns I/O problems into SafetensorsError naming the path", async () => {
    const dir = freshDir();
    const missing = join(dir, "model.safetensors");
    const empty = join(dir, "empty.safetensors");
    writeFileSync(empty, "");
    const notDir = join(empty, "x.safetensors");
    const cases: [string, RegExp][] = [
      [missing, /: no such file$/],
      [dir, /: is a directory$/],
      [empty, /: file is 0 bytes, too short/],
      [notDir, /: a parent of the path is not a directory$/],
    ];
    for (const [path, pattern] of cases) {
      const err = await readSafetensorsFile(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SafetensorsError);
      expect((err as SafetensorsError).source).toBe(path);
      expect((err as SafetensorsError).message.startsWith(`${path}: `)).toBe(true);
      expect((err as SafetensorsError).message).toMatch(pattern);
    }
  });
});
