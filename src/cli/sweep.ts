// `gyrus sweep`: independent training runs (one process each, --jobs at a time, threads split between them), each
// into DIR/<run-id>/ and then analysed. Finished runs are skipped and unfinished ones resumed, so a sweep can be
// stopped and restarted; --shard i/N (default: the Slurm job array) takes a fixed, disjoint share of the runs. While
// a run trains its folder holds a lock (running.json, with a heartbeat) that other sweeps respect and --status reads;
// SIGTERM/SIGINT (a Slurm preemption or scancel) stop the runs at a checkpoint and exit 130.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  formatRunLock,
  HEARTBEAT_MS,
  lockIsLive,
  parseRunLock,
  parseShard,
  planSweep,
  RUN_LOCK_FILE,
  runState,
  shardFromEnv,
  takeShard,
  writeFileAtomicSync,
  type Reg,
  type RunLock,
  type RunState,
} from "../index.js";
import { intOption, parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

/** `gyrus sweep --help`. */
export const SWEEP_HELP: CommandHelp = {
  name: "sweep",
  summary: "train and analyse every run of a λ × regulariser × seed sweep (restartable, Slurm-ready)",
  usage: [`${CMD} sweep --out DIR [options]`, `${CMD} sweep --status DIR`],
  about: `Trains and analyses every run of the sweep into DIR/<run-id>/, one process per run: a run with analysis.json
is skipped, one with a checkpoint resumed, so the same command continues a stopped sweep. Draw it with gyrus report DIR.
While a run trains its folder holds a lock (running.json, with a heartbeat) that other sweeps leave alone; SIGTERM or
SIGINT (a Slurm preemption or scancel) stops the runs at a checkpoint and exits 130. --status DIR lists which runs are
done, running, stopped or not started. On Slurm: docs/slurm.md and docs/sweep.sbatch.`,
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
    ["--status DIR", "print each run of the sweep in DIR: done, running, stopped or not started (no other option)"],
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

/** The sweep's child processes, and whether a signal asked the sweep to stop. */
const active = new Set<ChildProcess>();
let stopping = false;

function run(args: string[], log: string): Promise<number> {
  return new Promise((resolve) => {
    const out = fs.openSync(log, "a");
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", out, out] });
    active.add(child);
    child.on("exit", (code, signal) => {
      active.delete(child);
      fs.closeSync(out);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Whether pid is a live process on this host (EPERM: alive but not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A run folder's lock, or null if there is none or it cannot be read. */
function readLock(rd: string): RunLock | null {
  try {
    return parseRunLock(fs.readFileSync(path.join(rd, RUN_LOCK_FILE), "utf8"));
  } catch {
    return null;
  }
}

/**
 * Takes a run folder's lock for this process (a fresh file, or over a stale lock) and keeps its heartbeat; returns
 * a release function, or the live lock of another sweep that holds the run.
 */
function takeLock(rd: string): { release: () => void } | { heldBy: RunLock } {
  const file = path.join(rd, RUN_LOCK_FILE);
  const host = os.hostname();
  const started = Date.now();
  const mine = (): RunLock => ({ pid: process.pid, host, started, heartbeat: Date.now() });
  try {
    fs.writeFileSync(file, formatRunLock(mine()), { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const other = readLock(rd);
    if (other && lockIsLive(other, Date.now(), host, alive)) return { heldBy: other };
    writeFileAtomicSync(file, formatRunLock(mine()));
  }
  const beat = setInterval(() => {
    const l = readLock(rd);
    if (l && l.pid === process.pid && l.host === host) writeFileAtomicSync(file, formatRunLock(mine()));
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    release: () => {
      clearInterval(beat);
      const l = readLock(rd);
      if (l && l.pid === process.pid && l.host === host) fs.rmSync(file, { force: true });
    },
  };
}

/** A run to do: its folder name and its `gyrus train` flags (without --out/--threads). */
export interface RunJob {
  id: string;
  args: string[];
}

/**
 * Train then analyse each run into DIR/<id>/, `jobs` at a time with `threads` each: a run with analysis.json is
 * skipped, one another live sweep holds (its lock) left to it, one with a checkpoint resumed. Returns false if a
 * signal stopped the sweep (the runs it was training wrote a checkpoint); throws if any run failed (after all have
 * been tried). Otherwise returns how many runs it left to other sweeps.
 */
export async function runAll(
  runs: readonly RunJob[],
  dir: string,
  jobs: number,
  threads: number,
): Promise<number | false> {
  let next = 0;
  let failed = 0;
  let elsewhere = 0;
  const one = async (r: RunJob): Promise<void> => {
    const rd = path.join(dir, r.id);
    if (fs.existsSync(path.join(rd, "analysis.json"))) {
      console.log(`${r.id}: done (skipped)`);
      return;
    }
    fs.mkdirSync(rd, { recursive: true });
    const lock = takeLock(rd);
    if ("heldBy" in lock) {
      console.log(`${r.id}: running elsewhere (pid ${lock.heldBy.pid} on ${lock.heldBy.host}), skipped`);
      elsewhere++;
      return;
    }
    try {
      if (fs.existsSync(path.join(rd, "analysis.json"))) {
        console.log(`${r.id}: done (skipped; another sweep finished it)`);
        return;
      }
      const log = path.join(rd, "log.txt");
      const t0 = performance.now();
      const train = fs.existsSync(path.join(rd, "checkpoint.safetensors"))
        ? ["train", "--resume", rd, "--threads", String(threads)]
        : ["train", ...r.args, "--threads", String(threads), "--out", rd];
      let code = await run(train, log);
      if (code === 0 && !stopping) code = await run(["analyze", rd, "--threads", String(threads)], log);
      const s = ((performance.now() - t0) / 1000).toFixed(0);
      if (code === 0 && fs.existsSync(path.join(rd, "analysis.json")))
        console.log(`${r.id}: trained and analysed in ${s} s`);
      else if (stopping) console.log(`${r.id}: stopped after ${s} s (checkpoint kept; rerun the sweep to resume it)`);
      else {
        failed++;
        console.log(`${r.id}: FAILED (exit ${code}); see ${log}`);
      }
    } finally {
      lock.release();
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (!stopping) console.log(`sweep: ${sig}: stopping the runs in progress at a checkpoint`);
    stopping = true;
    for (const c of active) c.kill("SIGTERM");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, runs.length) }, async () => {
        while (next < runs.length && !stopping) await one(runs[next++]);
      }),
    );
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (failed) throw new Error(`${failed} of ${runs.length} runs failed; rerun the same command to retry them`);
  if (stopping) process.exitCode = 130;
  return stopping ? false : elsewhere;
}

/** The last step metrics.jsonl logged, and the run's step count from config.json (null where unreadable). */
function progress(rd: string): { step: number | null; steps: number | null } {
  let step: number | null = null;
  let steps: number | null = null;
  try {
    const lines = fs.readFileSync(path.join(rd, "metrics.jsonl"), "utf8").trim().split("\n");
    const s = JSON.parse(lines[lines.length - 1]).step;
    if (Number.isInteger(s)) step = s;
  } catch {
    /* no metrics yet */
  }
  try {
    const s = JSON.parse(fs.readFileSync(path.join(rd, "config.json"), "utf8")).steps;
    if (Number.isInteger(s)) steps = s;
  } catch {
    /* no config yet */
  }
  return { step, steps };
}

/** `gyrus sweep --status DIR`: one line per run of DIR/sweep.json with its state, then the counts. */
function statusCommand(dir: string): void {
  let plan: { runs?: { id?: unknown }[] };
  try {
    plan = JSON.parse(fs.readFileSync(path.join(dir, "sweep.json"), "utf8"));
  } catch {
    throw new UsageError(`--status ${JSON.stringify(dir)}: no readable sweep.json there (is it a sweep folder?)`);
  }
  const ids = (plan.runs ?? []).map((r) => r.id).filter((id): id is string => typeof id === "string");
  if (ids.length === 0) throw new UsageError(`--status ${JSON.stringify(dir)}: sweep.json lists no runs`);
  const width = Math.max(...ids.map((id) => id.length));
  const counts: Record<RunState, number> = { done: 0, running: 0, stopped: 0, "not started": 0 };
  const now = Date.now();
  for (const id of ids) {
    const rd = path.join(dir, id);
    const lock = readLock(rd);
    const live = lock !== null && lockIsLive(lock, now, os.hostname(), alive);
    const state = runState({
      analysed: fs.existsSync(path.join(rd, "analysis.json")),
      checkpoint: fs.existsSync(path.join(rd, "checkpoint.safetensors")),
      locked: fs.existsSync(path.join(rd, RUN_LOCK_FILE)),
      live,
    });
    counts[state]++;
    const { step, steps } = progress(rd);
    const at = step !== null ? `, last logged step ${step}${steps !== null ? ` of ${steps}` : ""}` : "";
    let detail = "";
    if (state === "running" && lock)
      detail = ` (pid ${lock.pid} on ${lock.host}, heartbeat ${Math.max(0, Math.round((now - lock.heartbeat) / 1000))} s ago${at})`;
    else if (state === "stopped") detail = ` (${at ? at.slice(2) : "no step logged"}; rerun the sweep to resume it)`;
    console.log(`${id.padEnd(width)}  ${state}${detail}`);
  }
  console.log(
    `sweep ${dir}: ${ids.length} runs: ${counts.done} done, ${counts.running} running, ${counts.stopped} stopped, ${counts["not started"]} not started`,
  );
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
      "status",
    ],
  });
  if (values.status !== undefined) {
    const other = Object.keys(values).find((k) => k !== "status");
    if (other) throw new UsageError(`--status takes no other option (got --${other})`);
    return statusCommand(values.status);
  }
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
  const elsewhere = await runAll(planned, dir, jobs, threads);
  if (elsewhere === false) {
    console.log(`sweep: stopped; rerun the same command to resume (${CMD} sweep --status ${dir} shows where runs are)`);
    return;
  }
  const others = elsewhere ? ` (${elsewhere} of them still being trained by another sweep)` : "";
  console.log(`sweep: ${mine.length} runs done${others}; draw the fronts with: ${CMD} report ${dir}`);
}
