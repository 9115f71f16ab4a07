// Named kernel calls: the arguments as an object with one field per name of the kernel's list (kernels.ts), for the
// long calls where a row of bare numbers would hide which is which. Same arguments, same order, same bits.
import {
  KERNEL_ARGS,
  type KernelArgs,
  type KernelExports,
  type KernelName,
  type NamedKernelArgs,
  type ParallelKernel,
  type SerialKernel,
} from "./kernels.js";
import type { Pool } from "./pool.js";

/**
 * args checked against kernel's argument list (for callers that build argument arrays at run time): returns them
 * typed, or throws naming the kernel, the count given and the names expected.
 */
export function checkedArgs<K extends KernelName>(kernel: K, args: readonly number[]): KernelArgs<K> {
  const names: readonly string[] = KERNEL_ARGS[kernel];
  if (args.length !== names.length) {
    throw new Error(`${kernel}: ${args.length} arguments — expected ${names.length}: (${names.join(", ")})`);
  }
  return args as unknown as KernelArgs<K>;
}

/**
 * The argument tuple of kernel from an object naming every argument, in the kernel's order. Throws naming the
 * kernel and the field if a field is missing, not a number, or not an argument of the kernel.
 */
export function namedArgs<K extends KernelName>(kernel: K, named: NamedKernelArgs<K>): KernelArgs<K> {
  const names: readonly string[] = KERNEL_ARGS[kernel];
  const fields = named as Readonly<Record<string, unknown>>;
  const out: number[] = [];
  for (const n of names) {
    const v = fields[n];
    if (typeof v !== "number") throw new Error(`${kernel}: argument ${n} is ${JSON.stringify(v)} — must be a number`);
    out.push(v);
  }
  if (Object.keys(fields).length !== names.length) {
    const extra = Object.keys(fields).filter((k) => !names.includes(k));
    throw new Error(
      `${kernel}: ${extra.map((k) => JSON.stringify(k)).join(", ")} — not an argument; allowed: ${names.join(", ")}`,
    );
  }
  return out as unknown as KernelArgs<K>;
}

/** Runs a parallel kernel on every thread of the pool, its arguments named (tid, nth are appended by the pool). */
export function runKernel<K extends ParallelKernel>(pool: Pool, kernel: K, args: NamedKernelArgs<K>): void {
  pool.run(kernel, namedArgs(kernel, args));
}

/** Calls a serial kernel on this thread, its arguments named. */
export function callKernel<K extends SerialKernel>(kernels: KernelExports, kernel: K, args: NamedKernelArgs<K>): void {
  (kernels[kernel] as (...a: number[]) => void)(...(namedArgs(kernel, args) as readonly number[]));
}
