// Engines shared by a test file: one per thread count, made before its tests and closed after them.
import { afterAll, beforeAll } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";

/** `engines[n]` is an engine with n threads (for each n given), available inside the file's tests. */
export function useEngines(...threads: number[]): Record<number, Engine> {
  const on: Record<number, Engine> = {};
  beforeAll(async () => {
    for (const n of threads) on[n] = await createEngine({ threads: n });
  });
  afterAll(async () => {
    for (const n of threads) await on[n]?.close();
  });
  return on;
}
