// Named kernel calls: the arguments as an object with one field per name of the kernel's list (kernels.ts), for the
// long calls where a row of bare numbers would hide which is which. Same arguments, same order, same bits.
import { namedArgs, type KernelExports, type NamedKernelArgs, type ParallelKernel, type SerialKernel } from "./kernels.js";
import type { Pool } from "./pool.js";

/** Runs a parallel kernel on every thread of the pool, its arguments named (tid, nth are appended by the pool). */
export function runKernel<K extends ParallelKernel>(pool: Pool, kernel: K, args: NamedKernelArgs<K>): void {
  pool.run(kernel, namedArgs(kernel, args));
}

/** Calls a serial kernel on this thread, its arguments named. */
export function callKernel<K extends SerialKernel>(kernels: KernelExports, kernel: K, args: NamedKernelArgs<K>): void {
  (kernels[kernel] as (...a: number[]) => void)(...(namedArgs(kernel, args) as readonly number[]));
}
