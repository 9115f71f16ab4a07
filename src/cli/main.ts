#!/usr/bin/env node
// The gyrus command: dispatch to the subcommands (train, eval, analyze, report, sweep, tasks, demo, info). Mistakes
// in the call exit with code 2 and say what was wrong; failures of the work exit with code 1.
import { BUILDS, createEngine, gridPositions, paperBatch, paperParams, type Build } from "../index.js";
import { choiceOption, intOption, parseArgs, UsageError } from "./args.js";
import { tasksCommand, TASKS_USAGE } from "./tasks.js";
import { evalCommand, trainCommand, TRAIN_USAGE } from "./train.js";
import { sweepCommand, SWEEP_USAGE } from "./sweep.js";
import { analyzeCommand, ANALYZE_USAGE } from "./analyze.js";
import { reportCommand, REPORT_USAGE } from "./report.js";
import { reproduceCommand, REPRODUCE_USAGE } from "./reproduce.js";
import { repairCommand, REPAIR_USAGE } from "./repair.js";

const USAGE = `usage: gyrus <command> [options]

commands:
  demo [--steps N] [--threads N] [--build auto|portable|relaxed]
        train the paper-sized RNN (20×20 grid, ReLU, BIMT cost A 1, λ 1e-5) for N Adam steps on a synthetic
        task-shaped stream and print loss, ℓ_cc and speed (default N = 60)
  info  [--threads N] [--build …]   which kernel build and how many threads this machine gets
${TRAIN_USAGE}
${REPAIR_USAGE}
${ANALYZE_USAGE}
${REPORT_USAGE}
${SWEEP_USAGE}
${REPRODUCE_USAGE}
${TASKS_USAGE}
  help  this text`;

async function demo(flags: Record<string, string>): Promise<void> {
  const steps = intOption(flags, "steps", 60, 1, 1_000_000);
  const engine = await createEngine({
    threads: intOption(flags, "threads", 0, 0, 256) || undefined,
    build: choiceOption<Build | "auto">(flags, "build", ["auto", ...BUILDS], "auto"),
  });
  const net = engine.network({
    nInput: 53,
    nHidden: 400,
    nOutput: 17,
    positions: gridPositions(20, 20),
    activation: "relu",
  });
  console.log(
    `gyrus demo: 400-neuron RNN on a 20×20 grid, ${engine.build} SIMD build, ${engine.threads} thread(s), T 100, B 16`,
  );
  net.setParams(paperParams(1));
  const t0 = performance.now();
  const tty = process.stdout.isTTY;
  for (let s = 1; s <= steps; s++) {
    const batch = paperBatch(100, 16, s);
    const r = net.lossAndGradients(batch, { lambda: 1e-5, A: 1, noiseStd: 0.0707, seed: s });
    const { gradNorm } = net.clipAndAdam({ lr: 1e-3, clip: 1 });
    const line = `step ${String(s).padStart(5)}/${steps}  loss ${r.taskLoss.toFixed(4)}  ℓ_cc ${r.connectionCost.toFixed(1)}  |g| ${gradNorm.toFixed(3)}  active ${(100 * r.activeFraction.forward).toFixed(0)}%  ${(s / ((performance.now() - t0) / 1000)).toFixed(1)} it/s`;
    if (tty) process.stdout.write(`\r${line}`);
    else if (s === 1 || s % 10 === 0 || s === steps) console.log(line);
  }
  if (tty) process.stdout.write("\n");
  const d = net.swapDeltas(1);
  let best = 0;
  for (let i = 1; i < d.length; i++) if (d[i] < d[best]) best = i;
  console.log(`best neuron swap now: ${Math.floor(best / 400)} ↔ ${best % 400}, Δℓ_cc ${d[best].toFixed(4)}`);
  console.log(`${steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  net.dispose();
  await engine.close();
}

async function info(flags: Record<string, string>): Promise<void> {
  const engine = await createEngine({
    threads: intOption(flags, "threads", 0, 0, 256) || undefined,
    build: choiceOption<Build | "auto">(flags, "build", ["auto", ...BUILDS], "auto"),
  });
  console.log(JSON.stringify({ build: engine.build, threads: engine.threads, node: process.version }));
  await engine.close();
}

const [cmd, ...rest] = process.argv.slice(2);
// `--help` or `-h` anywhere (`gyrus reproduce --help`) asks for the usage text, not for an unknown option.
const wantsHelp = cmd === undefined || cmd === "help" || [cmd, ...rest].some((a) => a === "--help" || a === "-h");
try {
  if (wantsHelp) console.log(USAGE);
  else if (cmd === "demo") await demo(parseArgs(rest, { values: ["steps", "threads", "build"] }).values);
  else if (cmd === "info") await info(parseArgs(rest, { values: ["threads", "build"] }).values);
  else if (cmd === "tasks") await tasksCommand(rest);
  else if (cmd === "train") await trainCommand(rest);
  else if (cmd === "eval") await evalCommand(rest);
  else if (cmd === "repair") await repairCommand(rest);
  else if (cmd === "sweep") await sweepCommand(rest);
  else if (cmd === "analyze") await analyzeCommand(rest);
  else if (cmd === "report") await reportCommand(rest);
  else if (cmd === "reproduce") await reproduceCommand(rest);
  else throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
} catch (err) {
  const e = err as Error;
  // Mistakes in the call (usage, unknown names, bad config or files, a folder that holds a run) exit with 2;
  // failures of the work with 1.
  const badInput = [
    "UnknownNameError",
    "ConfigError",
    "SafetensorsError",
    "ArgumentError",
    "RunFolderError",
    "TaskSpecError",
    "GeometryError",
    "ConnectionCostError",
    "MissingCostError",
    "CustomSuiteError",
  ];
  if (e instanceof UsageError || badInput.includes(e.name)) {
    console.error(`gyrus: ${e.message}${e instanceof UsageError ? `\n\n${USAGE}` : ""}`);
    process.exit(2);
  }
  console.error(`gyrus: ${e.message}`);
  process.exit(1);
}
