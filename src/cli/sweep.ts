// `gyrus sweep`: independent training runs (one process each, --jobs at a time, threads split between them), each
// into DIR/<run-id>/ and then analysed. Finished runs are skipped and unfinished ones resumed, so a sweep can be
// stopped and restarted; --shard i/N (default: the Slurm job array) takes a fixed, disjoint share of the runs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseShard, planSweep, shardFromEnv, takeShard, type Reg } from "../index.js";
import { intOption, parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

/** `gyrus sweep --help`. */
export const SWEEP_HELP: CommandHelp = {
  name: "sweep",
  summary: "train and analyse every run of a λ × regulariser × seed sweep (restartable, Slurm-ready)",
  usage: `${CMD} sweep --out DIR [options]`,
  about: `Trains and analyses every run of the sweep into DIR/<run-id>/, one process per run: a run with analysis.json
is skipped, one with a checkpoint resumed, so the same command continues a stopped sweep. Draw it with gyrus report DIR.`,
  options: [
    ["--out DIR", "the sweep folder (required)"],
    ["--regs a,b", "regularisers: bimt, l1, none (default bimt,l1,none)"],
    ["--lambdas x,y", "λ values ≥ 0 (default 0,1e-6,3e-6,1e-5,3e-5,1e-4,3e-4)"],
    ["--A X", "BIMT's distance offset (default 1)"],
    ["--seeds N", "seeds 0 … N−1 of every configuration (default 3)"],
    ["--preset P", "quick or paper, for every run (default quick)"],
    ["--suite S", "task suite of every run (default: the preset's, yang20)"],
    ["--tasks a,b", "a subset of the suite's tasks (default all)"],
    ["--steps N", "Adam steps per run (default: the preset's)"],
    ["--grid RxC", "hidden grid (default: the preset's, 20x20)"],
    ["--line N", "a line of N neurons instead of the grid"],
    ["--jobs N", "runs at a time (default 1)"],
    ["--threads N", "cores to split between the jobs (default: all cores)"],
    ["--shard i/N", "take share i of N of the runs (default: from SLURM_ARRAY_TASK_ID / _COUNT, else all)"],
  ],
};

const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

function list(raw: string, what: string): string[] {
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${what} is empty`);
  return items;
}

function run(args: string[], log: string): Promise<number> {
  return new Promise((resolve) => {
    const out = fs.openSync(log, "a");
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", out, out] });
    child.on("exit", (code, signal) => {
      fs.closeSync(out);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** A run to do: its folder name and its `gyrus train` flags (without --out/--threads). */
export interface RunJob {
  id: string;
  args: string[];
}

/**
 * Train then analyse each run into DIR/<id>/, `jobs` at a time with `threads` each: a run with analysis.json is
 * skipped, one with a checkpoint resumed. Throws if any run failed (after all have been tried).
 */
export async function runAll(runs: readonly RunJob[], dir: string, jobs: number, threads: number): Promise<void> {
  let next = 0;
  let failed = 0;
  const one = async (r: RunJob): Promise<void> => {
    const rd = path.join(dir, r.id);
    if (fs.existsSync(path.join(rd, "analysis.json"))) {
      console.log(`${r.id}: done (skipped)`);
      return;
    }
    fs.mkdirSync(rd, { recursive: true });
    const log = path.join(rd, "log.txt");
    const t0 = performance.now();
    const train = fs.existsSync(path.join(rd, "checkpoint.safetensors"))
      ? ["train", "--resume", rd, "--threads", String(threads)]
      : ["train", ...r.args, "--threads", String(threads), "--out", rd];
    let code = await run(train, log);
    if (code === 0) code = await run(["analyze", rd, "--threads", String(threads)], log);
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    if (code === 0) console.log(`${r.id}: trained and analysed in ${s} s`);
    else {
      failed++;
      console.log(`${r.id}: FAILED (exit ${code}); see ${log}`);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(jobs, runs.length) }, async () => {
      while (next < runs.length) await one(runs[next++]);
    }),
  );
  if (failed) throw new Error(`${failed} of ${runs.length} runs failed; rerun the same command to retry them`);
}

export async function sweepCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs(argv, {
    values: [
      "out",
      "suite",
      "regs",
      "lambdas",
      "A",
      "seeds",
      "preset",
      "steps",
      "grid",
      "line",
      "tasks",
      "jobs",
      "shard",
      "threads",
    ],
  });
  if (values.out === undefined) throw new UsageError("sweep needs --out DIR");
  const regs = list(values.regs ?? "bimt,l1,none", "regs");
  for (const r of regs)
    if (!["bimt", "l1", "none"].includes(r)) throw new UsageError(`--regs: "${r}" — allowed: bimt, l1, none`);
  const lambdas = list(values.lambdas ?? "0,1e-6,3e-6,1e-5,3e-5,1e-4,3e-4", "lambdas").map((s) => {
    const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
    if (!(x >= 0)) throw new UsageError(`--lambdas: "${s}" — each must be a number ≥ 0`);
    return x;
  });
  const A = values.A !== undefined ? Number(values.A) : 1;
  if (!(A > 0)) throw new UsageError(`--A ${JSON.stringify(values.A)}: must be a number > 0`);
  const nSeeds = intOption(values, "seeds", 3, 1, 1000);
  const runs = planSweep({ regs: regs as Reg[], lambdas, A, seeds: Array.from({ length: nSeeds }, (_, i) => i) });
  let shard;
  try {
    shard = values.shard !== undefined ? parseShard(values.shard) : shardFromEnv(process.env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const mine = takeShard(runs, shard);
  const jobs = intOption(values, "jobs", 1, 1, 256);
  const cores = intOption(values, "threads", os.availableParallelism(), 1, 256);
  const threads = Math.max(1, Math.floor(cores / jobs));
  const dir = values.out;
  fs.mkdirSync(dir, { recursive: true });
  const shared = ["--preset", values.preset ?? "quick"];
  for (const k of ["suite", "steps", "grid", "line", "tasks"])
    if (values[k] !== undefined) shared.push(`--${k}`, values[k]);
  fs.writeFileSync(
    path.join(dir, "sweep.json"),
    JSON.stringify({ regs, lambdas, A, seeds: nSeeds, shared, runs }, null, 2) + "\n",
  );
  console.log(
    `sweep: ${runs.length} runs${shard ? `, shard ${shard.index}/${shard.count}: ${mine.length} of them` : ""}; ${jobs} at a time with ${threads} thread(s) each → ${dir}`,
  );

  const planned = mine.map((r) => ({
    id: r.id,
    args: [...shared, "--reg", r.reg, "--lambda", String(r.lambda), "--A", String(r.A), "--seed", String(r.seed)],
  }));
  await runAll(planned, dir, jobs, threads);
  console.log(`sweep: ${mine.length} runs done; draw the fronts with: ${CMD} report ${dir}`);
}
