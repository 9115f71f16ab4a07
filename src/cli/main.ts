#!/usr/bin/env node
// The gyrus command: dispatch to the subcommands (train, eval, analyze, report, sweep, reproduce, tasks, demo, info)
// and their help. Exit codes (docs/training.md): 0 done, 1 the work failed, 2 bad input, 130 interrupted.
import { BUILDS, createEngine, gridPositions, paperBatch, paperParams, type Build } from "../index.js";
import { choiceOption, intOption, parseArgs, UsageError } from "./args.js";
import { tasksCommand, TASKS_HELP } from "./tasks.js";
import { trainCommand } from "./train.js";
import { trainHelp } from "./train-help.js";
import { evalCommand, EVAL_HELP } from "./eval.js";
import { sweepCommand, SWEEP_HELP } from "./sweep.js";
import { analyzeCommand, ANALYZE_HELP } from "./analyze.js";
import { reportCommand, REPORT_HELP } from "./report.js";
import { reproduceCommand, REPRODUCE_HELP } from "./reproduce.js";
import { CMD, EXIT, helpHint, renderGeneralHelp, renderHelp, type CommandHelp } from "./help.js";
import { repairCommand, REPAIR_HELP } from "./repair.js";

const THREADS: readonly [string, string] = ["--threads N", "threads, 0 = all cores (default 0)"];
const BUILD: readonly [string, string] = [
  "--build B",
  `kernel build: ${["auto", ...BUILDS].join(", ")} (default auto)`,
];

const DEMO_HELP: CommandHelp = {
  name: "demo",
  summary: "the engine alone on a synthetic task-shaped stream: loss, ℓ_cc and speed (not the browser demo)",
  usage: `${CMD} demo [options]`,
  about: `Trains the paper-sized RNN (20×20 grid, ReLU, BIMT cost A 1, λ 1e-5) for N Adam steps on a synthetic
task-shaped stream and prints loss, ℓ_cc and speed. The browser demo is npm run demo.`,
  options: [["--steps N", "Adam steps, 1–1000000 (default 60)"], THREADS, BUILD],
};

const INFO_HELP: CommandHelp = {
  name: "info",
  summary: "which kernel build and how many threads this machine gets",
  usage: `${CMD} info [options]`,
  options: [THREADS, BUILD],
};

/** Every command's help, in the order the general help lists them. */
const COMMANDS: readonly CommandHelp[] = [
  trainHelp(),
  EVAL_HELP,
  ANALYZE_HELP,
  REPORT_HELP,
  SWEEP_HELP,
  REPRODUCE_HELP,
  REPAIR_HELP,
  TASKS_HELP,
  DEMO_HELP,
  INFO_HELP,
];
const helpOf = (name: string | undefined) => COMMANDS.find((c) => c.name === name);

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
// `--help` or `-h` anywhere (`gyrus reproduce --help`) asks for that command's help, not for an unknown option.
const wantsHelp = cmd === undefined || cmd === "help" || [cmd, ...rest].some((a) => a === "--help" || a === "-h");
const known = helpOf(cmd);
try {
  if (wantsHelp) {
    const topic = cmd === "help" ? rest.find((a) => !a.startsWith("-")) : cmd;
    const h = helpOf(topic);
    if (topic !== undefined && !topic.startsWith("-") && !h)
      throw new UsageError(`no command ${JSON.stringify(topic)} (commands: ${COMMANDS.map((c) => c.name).join(", ")})`);
    console.log(h ? renderHelp(h) : renderGeneralHelp(COMMANDS));
  } else if (cmd === "demo") await demo(parseArgs(rest, { values: ["steps", "threads", "build"] }).values);
  else if (cmd === "info") await info(parseArgs(rest, { values: ["threads", "build"] }).values);
  else if (cmd === "tasks") await tasksCommand(rest);
  else if (cmd === "train") await trainCommand(rest);
  else if (cmd === "eval") await evalCommand(rest);
  else if (cmd === "repair") await repairCommand(rest);
  else if (cmd === "sweep") await sweepCommand(rest);
  else if (cmd === "analyze") await analyzeCommand(rest);
  else if (cmd === "report") await reportCommand(rest);
  else if (cmd === "reproduce") await reproduceCommand(rest);
  else
    throw new UsageError(
      `unknown command ${JSON.stringify(cmd)} (commands: ${COMMANDS.map((c) => c.name).join(", ")})`,
    );
} catch (err) {
  const e = err as Error;
  // Exit codes (the table in docs/training.md): mistakes in the call, bad values, unreadable or damaged input files
  // and a folder that already holds a run are bad input (2); failures of the work are 1; an interrupted training
  // run sets 130 itself.
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
  console.error(`gyrus: ${e.message}`);
  // A mistake in the flags: one line, then where the full usage is (not the whole help).
  if (e instanceof UsageError || e.name === "ConfigError" || e.name === "UnknownNameError")
    console.error(helpHint(known && !wantsHelp ? cmd : undefined));
  process.exit(e instanceof UsageError || badInput.includes(e.name) ? EXIT.badInput : EXIT.failed);
}
