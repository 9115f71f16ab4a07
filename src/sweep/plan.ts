// The runs of a sweep (docs/spec.md §6.16: λ × {BIMT, L1} × seeds, λ = 0 shared as the unregularised baseline) and their
// split into disjoint shards for parallel machines or a cluster job array. Pure: no files, no processes.

import type { TrainConfig } from "../train/config.js";

/** A regularizer a sweep varies: a built-in one (a user cost cannot be named on a command line). */
export type Reg = Exclude<TrainConfig["reg"], "custom">;

/** What a sweep varies: regularizers × λ values × seeds, on one suite and preset. */
export interface SweepSpec {
  regs: Reg[];
  lambdas: number[];
  /** A of the BIMT runs (L1 runs use A = 0). */
  A: number;
  seeds: number[];
}

/** One run of a sweep: its folder id and the `gyrus train` arguments that make it. */
export interface PlannedRun {
  /** Folder name inside the sweep folder. */
  id: string;
  reg: Reg;
  lambda: number;
  A: number;
  seed: number;
}

/** λ as it appears in a run id: "1e-5", "3e-4", "0". */
function lambdaTag(x: number): string {
  return x === 0
    ? "0"
    : x
        .toExponential()
        .replace("e+", "e")
        .replace(/\.?0+e/, "e");
}

/**
 * Every run of the sweep, in a fixed order (regularizer, λ, seed). λ = 0 is one unregularised run per seed, shared
 * by all regularizers; "none" in regs adds those runs even if 0 is not among the λ values.
 */
export function planSweep(s: SweepSpec): PlannedRun[] {
  if (s.regs.length === 0) throw new Error("sweep: --regs is empty");
  if (s.seeds.length === 0) throw new Error("sweep: no seeds");
  for (const l of s.lambdas)
    if (!(Number.isFinite(l) && l >= 0)) throw new Error(`sweep: λ ${l} — must be a finite number ≥ 0`);
  if (!(Number.isFinite(s.A) && s.A > 0)) throw new Error(`sweep: A ${s.A} — must be > 0 (L1 runs use A = 0 anyway)`);
  const runs: PlannedRun[] = [];
  const seen = new Set<string>();
  const add = (r: PlannedRun) => {
    if (!seen.has(r.id)) (runs.push(r), seen.add(r.id));
  };
  const withNone = s.regs.includes("none") || s.lambdas.includes(0);
  if (withNone) for (const seed of s.seeds) add({ id: `none-s${seed}`, reg: "none", lambda: 0, A: 0, seed });
  for (const reg of s.regs) {
    if (reg === "none") continue;
    for (const lambda of s.lambdas) {
      if (lambda === 0) continue;
      for (const seed of s.seeds) {
        const A = reg === "bimt" ? s.A : 0;
        add({ id: `${reg}-l${lambdaTag(lambda)}${reg === "bimt" ? `-A${s.A}` : ""}-s${seed}`, reg, lambda, A, seed });
      }
    }
  }
  return runs;
}

/** Shard `index` of `count`: which share of a sweep this machine or job-array task runs. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse "i/N" (0 ≤ i < N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard ${JSON.stringify(text)}: must be i/N, e.g. 0/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new Error(`--shard ${JSON.stringify(text)}: need 0 ≤ i < N and N ≥ 1`);
  return { index, count };
}

/** The shard of a Slurm job array task, if this process is one (ids may start at any --array minimum). */
export function shardFromEnv(env: Record<string, string | undefined>): Shard | null {
  const id = env.SLURM_ARRAY_TASK_ID;
  const count = env.SLURM_ARRAY_TASK_COUNT;
  if (id === undefined || count === undefined) return null;
  const min = env.SLURM_ARRAY_TASK_MIN ?? "0";
  return parseShard(`${Number(id) - Number(min)}/${count}`);
}

/** Run k belongs to shard k mod N: disjoint, covering, and balanced across regularizers and seeds. */
export function takeShard<T>(runs: readonly T[], shard: Shard | null): T[] {
  if (!shard) return [...runs];
  return runs.filter((_, k) => k % shard.count === shard.index);
}
