// Reads and writes the safetensors format (github.com/huggingface/safetensors) by hand; platform-free, no deps.
//
// Layout: u64 little-endian header length N · N bytes of UTF-8 JSON header, padded with spaces so the data starts
// 8-aligned · the tensors' bytes back to back (row-major, little-endian). The header maps each tensor name to
// { dtype, shape, data_offsets: [begin, end] } (offsets relative to the data section) plus an optional
// "__metadata__" map of strings.
//
// Byte order: tensor bytes are copied to and from typed arrays as they are, so this module assumes a little-endian
// host — true of every platform Node and the browsers run on today.
//
// The reader is paranoid: whatever the bytes, it either returns tensors whose data length matches their shape or
// throws a SafetensorsError; it allocates nothing larger than the input before checking the header.

export type DType = "F32" | "F64" | "I32" | "U32" | "I64" | "U8";

/** The typed array that holds each dtype. */
export interface TensorArrays {
  F32: Float32Array;
  F64: Float64Array;
  I32: Int32Array;
  U32: Uint32Array;
  I64: BigInt64Array;
  U8: Uint8Array;
}

export type TensorData = TensorArrays[DType];

export interface Tensor {
  dtype: DType;
  /** Row-major dimensions; [] is a scalar (one element). */
  shape: number[];
  data: TensorData;
}

export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/** Any problem with a safetensors file or with the tensors given to the writer. */
export class SafetensorsError extends Error {
  /** File path (or other label) the problem is about. */
  readonly source: string;
  /** The message without the source prefix. */
  readonly detail: string;
  constructor(source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = "SafetensorsError";
    this.source = source;
    this.detail = detail;
  }
}

const ARRAY_TYPES: { [D in DType]: { new (buffer: ArrayBuffer): TensorArrays[D]; BYTES_PER_ELEMENT: number } } = {
  F32: Float32Array,
  F64: Float64Array,
  I32: Int32Array,
  U32: Uint32Array,
  I64: BigInt64Array,
  U8: Uint8Array,
};

export const DTYPES = Object.keys(ARRAY_TYPES) as DType[];

/** The Rust crate lays tensors out by descending dtype rank (its enum order), then by name; we do the same. */
const WRITE_RANK: Record<DType, number> = { U8: 0, I32: 1, U32: 2, F32: 3, F64: 4, I64: 5 };

/** Same bound as the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = "__metadata__";
const TENSOR_FIELDS = ["dtype", "shape", "data_offsets"];

/** Number of elements a shape holds (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  if (shape.includes(0)) return 0; // else a huge earlier product could make Infinity × 0 = NaN
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The data of tensor `name`, checked to have the given dtype (and shape, if given); throws a SafetensorsError
 * naming the source otherwise. Typed so that `requireTensor(t, "W", "F64")` is a Float64Array.
 */
export function requireTensor<D extends DType>(
  tensors: Record<string, Tensor>,
  name: string,
  dtype: D,
  shape?: readonly number[],
  source = "file",
): TensorArrays[D] {
  const t = hasOwn(tensors, name) ? tensors[name] : undefined;
  if (t === undefined) throw new SafetensorsError(source, `no tensor ${quote(name)}`);
  if (t.dtype !== dtype) throw new SafetensorsError(source, `tensor ${quote(name)} is ${t.dtype}, expected ${dtype}`);
  if (shape !== undefined && !sameShape(t.shape, shape)) {
    throw new SafetensorsError(source, `tensor ${quote(name)} has shape [${t.shape}], expected [${shape}]`);
  }
  return t.data as TensorArrays[D];
}

// ---------------------------------------------------------------------------------------------------- writing

/** Serializes tensors (and optional string metadata) to the bytes of a .safetensors file. Deterministic. */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const src = "encodeSafetensors";
  if (!isObject(tensors)) throw new SafetensorsError(src, "tensors must be an object mapping names to tensors");
  const list = Object.entries(tensors).map(([name, t]) => checkForWrite(src, name, t));
  list.sort((a, b) => WRITE_RANK[b.dtype] - WRITE_RANK[a.dtype] || compareCodePoints(a.name, b.name));

  // The header is assembled from JSON.stringify'd pieces rather than one object, which fixes the key order and
  // keeps names like "__proto__" as ordinary keys.
  const parts: string[] = [];
  if (metadata !== undefined) {
    if (!isObject(metadata)) throw new SafetensorsError(src, "metadata must be an object of strings");
    const entries = Object.entries(metadata).map(([k, v]) => {
      if (typeof v !== "string")
        throw new SafetensorsError(src, `metadata ${quote(k)} is ${describe(v)}, not a string`);
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${entries.join(",")}}`);
  }
  let offset = 0;
  for (const t of list) {
    const end = offset + t.data.byteLength;
    const info = `{"dtype":"${t.dtype}","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${end}]}`;
    parts.push(`${JSON.stringify(t.name)}:${info}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(",")}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const t of list) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}

interface NamedTensor extends Tensor {
  name: string;
}

function checkForWrite(src: string, name: string, t: unknown): NamedTensor {
  const what = `tensor ${quote(name)}`;
  if (name === METADATA_KEY) throw new SafetensorsError(src, `${METADATA_KEY} is reserved and cannot name a tensor`);
  if (!isObject(t)) throw new SafetensorsError(src, `${what} is ${describe(t)}, not a tensor`);
  const { dtype, shape, data } = t as Partial<Tensor>;
  if (typeof dtype !== "string" || !hasOwn(ARRAY_TYPES, dtype)) {
    throw new SafetensorsError(src, `${what}: dtype ${describe(dtype)} is not one of ${DTYPES.join(", ")}`);
  }
  if (!Array.isArray(shape) || !shape.every(isSize)) {
    throw new SafetensorsError(src, `${what}: shape must be an array of non-negative integers`);
  }
  // Symbol.toStringTag names the typed-array kind even across realms (workers, iframes).
  const kind = ArrayBuffer.isView(data) ? (data as unknown as Record<symbol, unknown>)[Symbol.toStringTag] : undefined;
  const expected = ARRAY_TYPES[dtype].name;
  if (kind !== expected) {
    throw new SafetensorsError(
      src,
      `${what}: ${dtype} data must be a ${expected}, got ${String(kind ?? describe(data))}`,
    );
  }
  const n = elementCount(shape);
  if ((data as TensorData).length !== n) {
    throw new SafetensorsError(
      src,
      `${what}: shape [${shape}] needs ${n} elements, data has ${(data as TensorData).length}`,
    );
  }
  return { name, dtype, shape: shape.slice(), data: data as TensorData };
}

// ---------------------------------------------------------------------------------------------------- reading

/**
 * Parses the bytes of a .safetensors file; `source` (a path, say) prefixes every error message. Data is copied
 * into fresh, aligned typed arrays, so the result does not alias `bytes`.
 */
export function decodeSafetensors(bytes: Uint8Array, source = "file"): SafetensorsFile {
  const fail: (detail: string) => never = (detail) => {
    throw new SafetensorsError(source, detail);
  };
  if (!(bytes instanceof Uint8Array)) fail("input is not a byte array");
  const size = bytes.length;
  if (size < 8) fail(`file is ${size} bytes, too short for the 8-byte header length`);

  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES))
    fail(`header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit (file size ${size})`);
  if (n > BigInt(size - 8))
    fail(`header length ${n} exceeds the ${size - 8} bytes after the length field (file size ${size})`);
  const headerLen = Number(n);
  const dataStart = 8 + headerLen;
  const dataLen = size - dataStart;

  let text = "";
  try {
    // fatal: reject invalid UTF-8; ignoreBOM: keep a BOM so the '{' check below catches it.
    // slice, not subarray: TextDecoder refuses views of a SharedArrayBuffer.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.slice(8, dataStart));
  } catch {
    fail("header is not valid UTF-8");
  }
  if (!text.startsWith("{")) fail(`header does not start with '{' (starts with ${describe(text.slice(0, 8))})`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${truncate(e instanceof Error ? e.message : String(e), 120)})`);
  }
  if (!isObject(header)) fail(`header is ${describe(header)}, not a JSON object`);
  const fields = header as Record<string, unknown>;

  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number; dtype: DType; shape: number[] }[] = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === METADATA_KEY) {
      if (!isObject(value)) fail(`${METADATA_KEY} is ${describe(value)}, not an object of strings`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`${METADATA_KEY} entry ${quote(k)} is ${describe(v)}, not a string`);
        defineOwn(metadata, k, v);
      }
      continue;
    }
    const what = `tensor ${quote(key)}`;
    if (!isObject(value)) fail(`${what} is ${describe(value)}, not an object`);
    const info = value as Record<string, unknown>;
    for (const f of Object.keys(info)) if (!TENSOR_FIELDS.includes(f)) fail(`${what} has unknown field ${quote(f)}`);
    for (const f of TENSOR_FIELDS) if (!hasOwn(info, f)) fail(`${what} has no ${f}`);

    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== "string" || !hasOwn(ARRAY_TYPES, dtype)) {
      fail(`${what}: dtype ${describe(dtype)} is not supported (supported: ${DTYPES.join(", ")})`);
    }
    if (!Array.isArray(shape)) fail(`${what}: shape is ${describe(shape)}, not an array`);
    const dims = shape as unknown[];
    const bad = dims.findIndex((d) => !isSize(d));
    if (bad >= 0) fail(`${what}: shape[${bad}] is ${describe(dims[bad])}, not a non-negative integer`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSize)) {
      fail(`${what}: data_offsets is ${describeList(offsets)}, not [begin, end] with non-negative integers`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end) fail(`${what}: data_offsets [${begin}, ${end}] run backwards`);
    if (end > dataLen) fail(`${what}: data_offsets [${begin}, ${end}] run past the ${dataLen}-byte data section`);
    // end - begin ≤ dataLen is small, so compare the element count against it without ever forming a huge product.
    const elemSize = ARRAY_TYPES[dtype as DType].BYTES_PER_ELEMENT;
    const want = (end - begin) / elemSize;
    if (!boundedCountEquals(dims as number[], want)) {
      fail(`${what}: shape ${describeList(dims)} of ${dtype} does not fill data_offsets [${begin}, ${end}]`);
    }
    spans.push({ name: key, begin, end, dtype: dtype as DType, shape: (dims as number[]).slice() });
  }

  // The format requires the tensors to tile the data section exactly: no gaps, no overlaps, nothing after.
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const s of spans) {
    if (s.begin < covered) fail(`tensor ${quote(s.name)} at [${s.begin}, ${s.end}] overlaps another tensor`);
    if (s.begin > covered) fail(`data bytes [${covered}, ${s.begin}) belong to no tensor`);
    covered = s.end;
  }
  if (covered !== dataLen) fail(`data section is ${dataLen} bytes but the tensors cover only ${covered}`);

  const tensors: Record<string, Tensor> = {};
  for (const s of spans) {
    const copy = new ArrayBuffer(s.end - s.begin);
    new Uint8Array(copy).set(bytes.subarray(dataStart + s.begin, dataStart + s.end));
    defineOwn(tensors, s.name, { dtype: s.dtype, shape: s.shape, data: new ARRAY_TYPES[s.dtype](copy) });
  }
  return { tensors, metadata };
}

/** True when the product of `dims` equals `want` (a small non-negative integer); never overflows. */
function boundedCountEquals(dims: readonly number[], want: number): boolean {
  if (!Number.isInteger(want)) return false;
  if (dims.includes(0)) return want === 0;
  let n = 1;
  for (const d of dims) {
    n *= d;
    if (n > want) return false;
  }
  return n === want;
}

// ---------------------------------------------------------------------------------------------------- helpers

function isObject(v: unknown): v is object {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function isSize(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Plain assignment would treat a "__proto__" key as the prototype setter. */
function defineOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Orders strings by code point, i.e. by their UTF-8 bytes, as the Rust crate does (UTF-16 order differs). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

function quote(s: string): string {
  return JSON.stringify(truncate(s, 80));
}

/** Up to 8 items of an array, or describe(v) for anything else. */
function describeList(v: unknown): string {
  if (!Array.isArray(v)) return describe(v);
  const items = v.slice(0, 8).map(describe);
  if (v.length > 8) items.push(`… ${v.length - 8} more`);
  return `[${items.join(", ")}]`;
}

/** Short description of a JSON-ish value for messages; never stringifies (possibly huge or deep) containers. */
function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "string") return quote(v);
  if (typeof v === "object") return "an object";
  return String(v);
}
