// Checks the shape of the two kernel binaries by parsing them: no globals/start/data, one shared env.memory import, relaxed_madd only in the relaxed build, every kernel exported.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PARALLEL_KERNELS, SERIAL_KERNELS, type Build } from "../../src/engine/kernels.js";
import { nodePlatform } from "../../src/engine/platform-node.js";

// ------------------------------------------------------------------------------------------------ a small wasm reader

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}
  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw new Error(`read past the end at ${this.pos}`);
    return this.bytes[this.pos++];
  }
  /** Unsigned LEB128 (up to 32 bits). */
  u32(): number {
    let result = 0,
      shift = 0,
      b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > 35) throw new Error(`u32 LEB128 too long at ${this.pos}`);
    } while (b & 0x80);
    return result;
  }
  /** Skips a signed LEB128 of any width (s32, s33, s64). */
  skipSigned(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.end) throw new Error(`skip past the end at ${this.pos}`);
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.skip(n);
    return s;
  }
}

interface Section {
  id: number;
  start: number;
  size: number;
}
interface Import {
  module: string;
  name: string;
  kind: number;
  flags?: number;
  min?: number;
  max?: number;
}
interface Export {
  name: string;
  kind: number;
  index: number;
}

function sections(bytes: Uint8Array): Section[] {
  const magic = Array.from(bytes.subarray(0, 8));
  if (magic.join(",") !== "0,97,115,109,1,0,0,0") throw new Error(`not a wasm 1 module: ${magic}`);
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (!r.done) {
    const id = r.byte(),
      size = r.u32();
    out.push({ id, start: r.pos, size });
    r.skip(size);
  }
  if (r.pos !== bytes.length) throw new Error("sections overrun the file");
  return out;
}

function readImports(bytes: Uint8Array, s: Section): Import[] {
  const r = new Reader(bytes, s.start, s.start + s.size);
  const n = r.u32(),
    out: Import[] = [];
  for (let i = 0; i < n; i++) {
    const imp: Import = { module: r.name(), name: r.name(), kind: r.byte() };
    if (imp.kind === 0)
      r.u32(); // function: type index
    else if (imp.kind === 1) {
      r.byte();
      const f = r.byte();
      r.u32();
      if (f & 1) r.u32();
    } // table
    else if (imp.kind === 2) {
      imp.flags = r.byte();
      imp.min = r.u32();
      if (imp.flags & 1) imp.max = r.u32();
    } // memory
    else if (imp.kind === 3) {
      r.byte();
      r.byte();
    } // global
    else throw new Error(`import kind ${imp.kind}`);
    out.push(imp);
  }
  return out;
}

function readExports(bytes: Uint8Array, s: Section): Export[] {
  const r = new Reader(bytes, s.start, s.start + s.size);
  const n = r.u32(),
    out: Export[] = [];
  for (let i = 0; i < n; i++) out.push({ name: r.name(), kind: r.byte(), index: r.u32() });
  return out;
}

/** Key of an instruction: its opcode, or prefix·0x10000 + sub-opcode for the 0xfc, 0xfd and 0xfe prefixes. */
const key = (prefix: number, sub: number): number => prefix * 0x10000 + sub;

function skipMemarg(r: Reader): void {
  r.u32(); // alignment (and memory-index flag)
  r.u32(); // offset
}

function skipBlockType(r: Reader): void {
  const b = r.bytes[r.pos];
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.pos++;
  else r.skipSigned(); // s33 type index
}

/** Decodes one instruction (immediates included) and returns its key. */
function instruction(r: Reader): number {
  const op = r.byte();
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04:
      skipBlockType(r);
      return op;
    case 0x0c:
    case 0x0d:
      r.u32();
      return op; // br, br_if
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return op;
    } // br_table
    case 0x10:
      r.u32();
      return op; // call
    case 0x11:
      r.u32();
      r.u32();
      return op; // call_indirect
    case 0x1c: {
      const n = r.u32();
      r.skip(n);
      return op;
    } // select t*
    case 0x3f:
    case 0x40:
      r.u32();
      return op; // memory.size / grow
    case 0x41:
    case 0x42:
      r.skipSigned();
      return op; // i32/i64.const
    case 0x43:
      r.skip(4);
      return op;
    case 0x44:
      r.skip(8);
      return op;
    case 0xd0:
      r.byte();
      return op; // ref.null
    case 0xd2:
      r.u32();
      return op; // ref.func
    case 0xfc: {
      const sub = r.u32();
      if (sub === 8 || sub === 10 || sub === 12 || sub === 14) {
        r.u32();
        r.u32();
      } else if (sub === 9 || sub === 11 || sub === 13 || (sub >= 15 && sub <= 17)) r.u32();
      else if (sub > 7) throw new Error(`0xfc ${sub}`);
      return key(op, sub);
    }
    case 0xfd: {
      const sub = r.u32();
      if (sub <= 0x0b || sub === 0x5c || sub === 0x5d)
        skipMemarg(r); // loads, stores, load_zero
      else if (sub === 0x0c || sub === 0x0d)
        r.skip(16); // v128.const, i8x16.shuffle
      else if (sub >= 0x15 && sub <= 0x22)
        r.byte(); // extract/replace lane
      else if (sub >= 0x54 && sub <= 0x5b) {
        skipMemarg(r);
        r.byte();
      } // load/store lane
      return key(op, sub);
    }
    case 0xfe: {
      const sub = r.u32();
      if (sub === 0x03)
        r.byte(); // atomic.fence
      else skipMemarg(r);
      return key(op, sub);
    }
    default:
      if (op >= 0x20 && op <= 0x26) {
        r.u32();
        return op;
      } // local/global/table get/set/tee
      if (op >= 0x28 && op <= 0x3e) {
        skipMemarg(r);
        return op;
      } // loads and stores
      if (
        op <= 0x01 ||
        op === 0x05 ||
        op === 0x0b ||
        op === 0x0f ||
        op === 0x1a ||
        op === 0x1b ||
        (op >= 0x45 && op <= 0xc4) ||
        op === 0xd1
      )
        return op;
      throw new Error(`unknown opcode 0x${op.toString(16)} at ${r.pos - 1}`);
  }
}

/** How often each instruction occurs in all function bodies; every body must decode to exactly its end. */
function opcodeCounts(bytes: Uint8Array, code: Section): Map<number, number> {
  const counts = new Map<number, number>();
  const r = new Reader(bytes, code.start, code.start + code.size);
  const n = r.u32();
  for (let f = 0; f < n; f++) {
    const size = r.u32(),
      end = r.pos + size;
    const body = new Reader(bytes, r.pos, end);
    const groups = body.u32();
    for (let g = 0; g < groups; g++) {
      body.u32();
      body.byte();
    }
    let last = -1;
    while (!body.done) {
      last = instruction(body);
      counts.set(last, (counts.get(last) ?? 0) + 1);
    }
    if (body.pos !== end || last !== 0x0b) throw new Error(`function ${f} did not decode to its end`);
    r.pos = end;
  }
  if (r.pos !== code.start + code.size) throw new Error("code section has trailing bytes");
  return counts;
}

// ------------------------------------------------------------------------------------------------ the checks

/** The relaxed SIMD proposal's sub-opcodes (after the 0xfd prefix): 0x100 … 0x113; f32x4.relaxed_madd is 0x105. */
const RELAXED_FIRST = 0x100,
  RELAXED_LAST = 0x113,
  F32X4_RELAXED_MADD = 0x105;

function load(build: Build): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../build/gyrus-${build}.wasm`, import.meta.url)));
}

describe("LEB128 reader", () => {
  it("decodes the spec's examples and the relaxed_madd sub-opcode 0x105 = 0x85 0x02", () => {
    expect(new Reader(Uint8Array.from([0xe5, 0x8e, 0x26])).u32()).toBe(624485);
    expect(new Reader(Uint8Array.from([0x85, 0x02])).u32()).toBe(F32X4_RELAXED_MADD);
    expect(new Reader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f])).u32()).toBe(0xffffffff);
    // An instruction with its immediates: v128.load align=4 offset=16, then f32x4.relaxed_madd.
    const r = new Reader(Uint8Array.from([0xfd, 0x00, 0x04, 0x10, 0xfd, 0x85, 0x02]));
    expect(instruction(r)).toBe(key(0xfd, 0x00));
    expect(instruction(r)).toBe(key(0xfd, F32X4_RELAXED_MADD));
    expect(r.done).toBe(true);
  });
});

describe.each(["portable", "relaxed"] as const)("build/gyrus-%s.wasm", (build) => {
  const bytes = load(build);
  const secs = sections(bytes);
  const one = (id: number): Section => {
    const found = secs.filter((s) => s.id === id);
    expect(found, `section ${id}`).toHaveLength(1);
    return found[0];
  };

  it("has no global (6), start (8), data (11) or data-count (12) section, and non-custom sections in order", () => {
    const ids = secs.map((s) => s.id);
    for (const id of [6, 8, 11, 12]) expect(ids, `section ${id}`).not.toContain(id);
    const ordered = ids.filter((id) => id !== 0);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    expect(new Set(ordered).size).toBe(ordered.length);
    expect(ids).toContain(10); // there is code
  });

  it("imports exactly one thing: the shared memory env.memory", () => {
    const imports = readImports(bytes, one(2));
    expect(imports).toHaveLength(1);
    const [mem] = imports;
    expect({ module: mem.module, name: mem.name, kind: mem.kind }).toEqual({ module: "env", name: "memory", kind: 2 });
    expect(mem.flags).toBe(0x03); // shared, with a maximum (shared memories must have one)
    expect(mem.max).toBeGreaterThanOrEqual(mem.min!);
  });

  it("exports every parallel kernel and every serial kernel as a function", () => {
    const exports = readExports(bytes, one(7));
    const funcs = new Set(exports.filter((e) => e.kind === 0).map((e) => e.name));
    for (const name of [...PARALLEL_KERNELS, ...SERIAL_KERNELS]) expect(funcs.has(name), name).toBe(true);
  });

  it(
    build === "relaxed" ? "contains f32x4.relaxed_madd (0xfd 0x105)" : "contains no relaxed SIMD instruction at all",
    () => {
      const counts = opcodeCounts(bytes, one(10));
      expect(counts.get(key(0xfd, 0x00)) ?? 0).toBeGreaterThan(0); // the decoder found SIMD loads
      const relaxed = [...counts].filter(([k]) => k >= key(0xfd, RELAXED_FIRST) && k <= key(0xfd, RELAXED_LAST));
      if (build === "relaxed") expect(counts.get(key(0xfd, F32X4_RELAXED_MADD)) ?? 0).toBeGreaterThan(0);
      else expect(relaxed).toEqual([]);
    },
  );
});

describe.each(["portable", "relaxed"] as const)(
  "build/gyrus-%s-unshared.wasm (the fallback without shared memory)",
  (build) => {
    const shared = load(build);
    const unshared = new Uint8Array(readFileSync(new URL(`../../build/gyrus-${build}-unshared.wasm`, import.meta.url)));

    it("is the shared build with one byte changed: the memory import's shared flag (same code, so the same bits)", () => {
      expect(unshared.length).toBe(shared.length);
      const diff = [...shared.keys()].filter((i) => shared[i] !== unshared[i]);
      expect(diff).toHaveLength(1);
      const imp = sections(unshared).find((s) => s.id === 2)!;
      const [a] = readImports(shared, imp),
        [b] = readImports(unshared, imp);
      expect(a.flags).toBe(0x03);
      expect(b.flags).toBe(0x01); // a maximum, not shared
      expect({ ...b, flags: 0 }).toEqual({ ...a, flags: 0 });
      expect(diff[0]).toBeGreaterThanOrEqual(imp.start);
      expect(diff[0]).toBeLessThan(imp.start + imp.size);
    });

    it("its atomics still validate on an unshared memory and it instantiates on one", async () => {
      if (build === "relaxed") nodePlatform.enableRelaxedSimd(); // as the engine does (Node 20 keeps it behind a flag)
      expect(WebAssembly.validate(unshared)).toBe(true);
      const memory = new WebAssembly.Memory({ initial: 32, maximum: 32768 });
      const { instance } = await WebAssembly.instantiate(unshared, { env: { memory } });
      expect(typeof instance.exports.barrier_wait).toBe("function");
      // and the shared build refuses that memory: the two are not interchangeable
      await expect(WebAssembly.instantiate(shared, { env: { memory } })).rejects.toThrow();
    });
  },
);
