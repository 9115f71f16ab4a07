// `gyrus tasks list|sample|plot`: inspect the task suites — the tasks and their trial lengths, trials as JSON or a
// summary, and one trial as an SVG picture.
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { intOption, parseArgs, UsageError } from "./args.js";
import { CMD, renderHelp, type CommandHelp } from "./help.js";
import {
  loadSuite,
  Rng,
  sampleTrial,
  SUITE_NAMES,
  taskIndex,
  trialLengthRange,
  trialSvg,
  type Suite,
  type Trial,
} from "../index.js";

/** `gyrus tasks --help`. */
export const TASKS_HELP: CommandHelp = {
  name: "tasks",
  summary: "inspect the task suites: list them, sample trials, plot one trial",
  usage: [
    `${CMD} tasks list [--suite S] [--seed K] [--json]`,
    `${CMD} tasks sample --suite S --task NAME [--trials N] [--seed K] [--analysis] [--json]`,
    `${CMD} tasks plot --suite S --task NAME --out FILE.svg [--seed K] [--analysis]`,
  ],
  about: `list: the tasks of each suite or of suite S: index, name, trial length range in steps. sample: N trials of one
task, a summary of each, or with --json { suite, task, nInput, nOutput, trials: [{ inputs: [T][n_u], labels: [T] }] }.
plot: one trial as SVG (input channels over time, the label of each step, the periods).`,
  options: [
    ["--suite S", `${SUITE_NAMES.join(", ")} (list: default all suites; sample, plot: required)`],
    ["--task NAME", "the task (sample, plot: required)"],
    ["--trials N", "sample: trials, 1–10000 (default 1)"],
    ["--seed K", "the seed; it also freezes Mod-Cog's match delays (default 0)"],
    ["--analysis", "sample, plot: no input noise and the random periods fixed (the trials analyses use)"],
    ["--json", "list, sample: JSON instead of text"],
    ["--out FILE.svg", "plot: the SVG file to write (required)"],
  ],
};

const MAX_SEED = 2 ** 32 - 1;

function required(values: Record<string, string>, key: string, sub: string): string {
  const v = values[key];
  if (v === undefined) throw new UsageError(`tasks ${sub}: missing --${key}`);
  return v;
}

// ---- list -----------------------------------------------------------------------------------------------------

function listSuite(suite: Suite) {
  return {
    suite: suite.name,
    nInput: suite.nInput,
    nOutput: suite.nOutput,
    tasks: suite.tasks.map((t, index) => {
      const [minSteps, maxSteps] = trialLengthRange(t);
      return { index, name: t.name, minSteps, maxSteps };
    }),
  };
}

function list(argv: readonly string[]): void {
  const { values, flags } = parseArgs(argv, { values: ["suite", "seed"], flags: ["json"] });
  const seed = intOption(values, "seed", 0, 0, MAX_SEED);
  const names = values.suite !== undefined ? [values.suite] : SUITE_NAMES;
  const suites = names.map((n) => listSuite(loadSuite(n, { seed })));
  if (flags.has("json")) {
    console.log(JSON.stringify(suites));
    return;
  }
  const lines: string[] = [];
  for (const s of suites) {
    if (lines.length) lines.push("");
    lines.push(
      `${s.suite}: ${s.tasks.length} tasks, n_u ${s.nInput}, n_o ${s.nOutput}${s.suite.startsWith("modcog") ? ` (seed ${seed})` : ""}`,
    );
    const w = Math.max(4, ...s.tasks.map((t) => t.name.length));
    lines.push(`  ${"index".padStart(5)}  ${"task".padEnd(w)}  steps`);
    for (const t of s.tasks)
      lines.push(`  ${String(t.index).padStart(5)}  ${t.name.padEnd(w)}  ${t.minSteps}–${t.maxSteps}`);
  }
  console.log(lines.join("\n"));
}

// ---- sample ---------------------------------------------------------------------------------------------------

/** The suite, the task's index and the generator every subcommand draws from, for --suite/--task/--seed. */
function pick(values: Record<string, string>, sub: string): { suite: Suite; index: number; seed: number } {
  const name = required(values, "suite", sub);
  const task = required(values, "task", sub);
  const seed = intOption(values, "seed", 0, 0, MAX_SEED);
  // The run seed also freezes Mod-Cog's match delays, so the suite is loaded with it.
  const suite = loadSuite(name, { seed });
  return { suite, index: taskIndex(suite, task), seed };
}

/** Trial j of `count` from one generator; alternating tasks switch ring every trial, as in a training stream. */
function* trials(suite: Suite, index: number, seed: number, count: number, analysis: boolean): Generator<Trial> {
  const rng = new Rng(seed);
  for (let j = 0; j < count; j++) yield sampleTrial(suite, index, rng, { analysis, modality: (j % 2) as 0 | 1 });
}

/**
 * Write chunks to stdout, waiting for the pipe to drain so that thousands of trials never pile up in memory; stop
 * quietly when the reader has gone (EPIPE, e.g. `| head`).
 */
async function writeAll(chunks: Iterable<string>): Promise<void> {
  const out = process.stdout;
  let error: NodeJS.ErrnoException | null = null;
  // Stays attached: a write that returned true can still fail later, and an unhandled 'error' would crash.
  out.on("error", (e: NodeJS.ErrnoException) => (error ??= e));
  for (const chunk of chunks) {
    if (error) break;
    if (!out.write(chunk)) await once(out, "drain").catch(() => undefined);
  }
  const e = error as NodeJS.ErrnoException | null; // set by the listener, which narrowing cannot see
  if (e && e.code !== "EPIPE") throw e;
}

function summary(trial: Trial, j: number, suite: Suite): string {
  const spec = suite.tasks[trial.taskIndex];
  const ring = spec.alternatesModality ? `, stimuli on ring ${trial.plan.modality + 1}` : "";
  const periods = trial.periods
    .map((p) => `${p.name} ${p.end > p.start ? `${p.start}–${p.end - 1}` : "(empty)"}`)
    .join(", ");
  return `trial ${j}: T ${trial.T}${ring}, target ${trial.plan.target}\n  periods: ${periods}\n  labels:  ${Array.from(trial.labels).join(" ")}`;
}

async function sample(argv: readonly string[]): Promise<void> {
  const { values, flags } = parseArgs(argv, {
    values: ["suite", "task", "trials", "seed"],
    flags: ["analysis", "json"],
  });
  const { suite, index, seed } = pick(values, "sample");
  const count = intOption(values, "trials", 1, 1, 10_000);
  const analysis = flags.has("analysis");
  const task = suite.tasks[index].name;
  if (!flags.has("json")) {
    console.log(
      `${suite.name} / ${task}, seed ${seed}${analysis ? ", analysis trials" : ""}: n_u ${suite.nInput}, n_o ${suite.nOutput}`,
    );
    let j = 0;
    for (const tr of trials(suite, index, seed, count, analysis)) console.log(summary(tr, j++, suite));
    return;
  }
  await writeAll(jsonChunks(suite, index, seed, count, analysis));
}

/** The --json document, trial by trial (10 000 Mod-Cog trials would not fit in one string). */
function* jsonChunks(suite: Suite, index: number, seed: number, count: number, analysis: boolean): Generator<string> {
  const head = JSON.stringify({
    suite: suite.name,
    task: suite.tasks[index].name,
    nInput: suite.nInput,
    nOutput: suite.nOutput,
  });
  yield `${head.slice(0, -1)},"trials":[`;
  const nU = suite.nInput;
  let j = 0;
  for (const tr of trials(suite, index, seed, count, analysis)) {
    const rows: number[][] = [];
    for (let t = 0; t < tr.T; t++) rows.push(Array.from(tr.inputs.subarray(t * nU, (t + 1) * nU), Number));
    yield `${j++ ? "," : ""}${JSON.stringify({ inputs: rows, labels: Array.from(tr.labels) })}`;
  }
  yield "]}\n";
}

// ---- plot -----------------------------------------------------------------------------------------------------

function plot(argv: readonly string[]): void {
  const { values, flags } = parseArgs(argv, { values: ["suite", "task", "seed", "out"], flags: ["analysis"] });
  const out = required(values, "out", "plot");
  const { suite, index, seed } = pick(values, "plot");
  const analysis = flags.has("analysis");
  const trial = trials(suite, index, seed, 1, analysis).next().value as Trial;
  writeFileSync(out, trialSvg(trial, suite, { seed, analysis }));
  console.log(`wrote ${out}: ${suite.name} / ${suite.tasks[index].name}, seed ${seed}, T ${trial.T} steps`);
}

export async function tasksCommand(argv: readonly string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "help" || argv.includes("--help")) {
    console.log(renderHelp(TASKS_HELP));
    return;
  }
  if (sub === "list") list(rest);
  else if (sub === "sample") await sample(rest);
  else if (sub === "plot") plot(rest);
  else throw new UsageError(`unknown tasks command ${JSON.stringify(sub)} (allowed: list, sample, plot)`);
}
