// Sweep planning: the default sweep's runs, λ = 0 shared, and shards that are disjoint and cover the sweep.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseShard, planSweep, shardFromEnv, takeShard } from "../../src/sweep/plan.js";

const DEFAULT = {
  regs: ["bimt", "l1", "none"] as ("bimt" | "l1" | "none")[],
  lambdas: [0, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4],
  A: 1,
  seeds: [0, 1, 2],
};

describe("sweep plan", () => {
  it("the default sweep (docs/spec.md §6.16): 6 λ × {bimt, l1} × 3 seeds + 3 shared λ = 0 runs", () => {
    const runs = planSweep(DEFAULT);
    expect(runs.length).toBe(6 * 2 * 3 + 3);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(runs.filter((r) => r.reg === "none").map((r) => r.id)).toEqual(["none-s0", "none-s1", "none-s2"]);
    expect(runs.find((r) => r.id === "bimt-l1e-5-A1-s2")).toEqual({
      id: "bimt-l1e-5-A1-s2",
      reg: "bimt",
      lambda: 1e-5,
      A: 1,
      seed: 2,
    });
    expect(runs.find((r) => r.id === "l1-l3e-4-s0")).toMatchObject({ reg: "l1", lambda: 3e-4, A: 0 });
    expect(() => planSweep({ ...DEFAULT, lambdas: [-1] })).toThrow(/λ -1/);
  });

  it("shards are disjoint and their union is the whole sweep, for any N", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 6 }), (count, nSeeds) => {
        const runs = planSweep({ ...DEFAULT, seeds: Array.from({ length: nSeeds }, (_, i) => i) });
        const parts = Array.from({ length: count }, (_, i) => takeShard(runs, { index: i, count }));
        const ids = parts.flat().map((r) => r.id);
        expect(ids.length).toBe(runs.length);
        expect(new Set(ids)).toEqual(new Set(runs.map((r) => r.id)));
      }),
    );
  });

  it("--shard parsing and the Slurm array environment", () => {
    expect(parseShard("2/5")).toEqual({ index: 2, count: 5 });
    expect(() => parseShard("5/5")).toThrow(/0 ≤ i < N/);
    expect(() => parseShard("a/b")).toThrow(/must be i\/N/);
    expect(shardFromEnv({})).toBeNull();
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1" })).toEqual({
      index: 3,
      count: 4,
    });
  });
});
