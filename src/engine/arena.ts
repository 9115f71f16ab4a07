// Allocation of regions in the shared WebAssembly.Memory: first-fit over a free list, 64-byte aligned, growing the
// memory when needed. Typed views are made on demand because growing replaces memory.buffer.

const ALIGN = 64;
const PAGE = 65536;

export class SharedArena {
  private top: number;
  private free: { ptr: number; size: number }[] = [];
  private sizes = new Map<number, number>();

  constructor(
    readonly memory: WebAssembly.Memory,
    start: number,
  ) {
    this.top = Math.ceil(start / ALIGN) * ALIGN;
  }

  /** Allocates `bytes` (rounded up to 64) and returns the byte offset. Contents are unspecified. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const i = this.free.findIndex((f) => f.size >= size);
    let ptr: number;
    if (i >= 0) {
      const f = this.free[i];
      ptr = f.ptr;
      if (f.size === size) this.free.splice(i, 1);
      else this.free[i] = { ptr: f.ptr + size, size: f.size - size };
    } else {
      ptr = this.top;
      this.top += size;
      const need = this.top - this.memory.buffer.byteLength;
      if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    }
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a region to the free list (adjacent free regions merge; a free tail lowers the top). */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`arena: ${ptr} is not an allocated region`);
    this.sizes.delete(ptr);
    this.free.push({ ptr, size });
    this.free.sort((a, b) => a.ptr - b.ptr);
    const merged: { ptr: number; size: number }[] = [];
    for (const f of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.ptr + last.size === f.ptr) last.size += f.size;
      else merged.push({ ...f });
    }
    const tail = merged[merged.length - 1];
    if (tail && tail.ptr + tail.size === this.top) {
      this.top = tail.ptr;
      merged.pop();
    }
    this.free = merged;
  }

  f32(ptr: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, count);
  }
  i32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, count);
  }
  f64(ptr: number, count: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, count);
  }
  /** Bytes in use up to the highest allocation. */
  get used(): number {
    return this.top;
  }
}
