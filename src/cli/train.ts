// `gyrus train` (new run or --resume): progress on a terminal, plain lines otherwise, and the per-task accuracy at
// the end (eval.ts).
import fs from "node:fs";
import path from "node:path";
import {
  ConfigError,
  createEngine,
  FILES,
  loadSuite,
  resume,
  train,
  type Progress,
  type TrainResult,
} from "../index.js";
import { CONFIG_FLAGS, resolveCliConfig } from "./config-flags.js";
import { choiceOption, intOption, parseArgs, UsageError } from "./args.js";
import { printEvaluation } from "./eval.js";
import { CMD, EXIT } from "./help.js";
import { TRAIN_OPTIONS } from "./train-help.js";

/** The loss of a run's first steps is not shown: Adam's first updates blow the recurrent activity up for a step or two (docs/training.md). */
const LOSS_SHOWN_AFTER = 20;

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m}m${String(total % 60).padStart(2, "0")}s` : `${total}s`;
}

/**
 * One progress line: no loss during a run's first LOSS_SHOWN_AFTER steps, and the rate and ETA only once the recent
 * rate is meaningful (Progress.eta not null).
 */
export function formatProgress(p: Progress): string {
  const acc = p.accuracy === null ? "  –  " : `${(100 * p.accuracy).toFixed(1)}%`;
  const loss = p.step > LOSS_SHOWN_AFTER ? p.taskLoss.toFixed(4) : "  –   ";
  const rate = p.eta === null ? "" : `  ${p.itPerSec.toFixed(1)} it/s  ETA ${fmtTime(p.eta)}`;
  return `step ${p.step}/${p.steps}  loss ${loss}  acc ${acc}  ℓ_cc ${p.connectionCost.toFixed(1)}  swaps ${p.swaps}${rate}`;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(
      `--config ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      "config",
      file,
      "must be a JSON file",
      `--config ${file}: not valid JSON (${(e as Error).message})`,
    );
  }
}

export async function trainCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs(argv, TRAIN_OPTIONS);
  const ifExists = choiceOption(values, "if-exists", ["fail", "resume"] as const, "fail");
  const tty = process.stdout.isTTY === true;
  let lastPlain = 0;
  let barShown = false; // a progress bar is on the terminal's last line: a message must start a new line
  const say = (m: string) => {
    if (barShown) process.stdout.write("\n");
    barShown = false;
    console.log(m);
  };
  let trainingTrials: number | undefined;
  const onProgress = (p: Progress) => {
    if (p.evaluation) {
      trainingTrials = p.evaluation.tasks[0]?.trials;
      say(
        `eval at step ${p.step}: mean accuracy ${(100 * p.evaluation.mean).toFixed(1)}% (noise-free, ${trainingTrials} trials per task × ${p.evaluation.tasks.length} tasks)`,
      );
    }
    const msg = formatProgress(p);
    if (tty) {
      const width = 20;
      const fill = Math.round((width * p.step) / p.steps);
      process.stdout.write(`\r[${"#".repeat(fill)}${"-".repeat(width - fill)}] ${msg}\x1b[K`);
      barShown = true;
    } else if (p.step === p.steps || performance.now() - lastPlain > 10_000 || p.step % 500 === 0) {
      lastPlain = performance.now();
      console.log(msg);
    }
  };
  const threads = values.threads !== undefined ? intOption(values, "threads", 0, 0, 256) : undefined;
  // SIGINT/SIGTERM stop the run cleanly (a checkpoint is written); the process then exits 130.
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => stop.abort(sig);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Notes (resumed at …, stopped: checkpoint written …) go on their own line; a command they suggest is spelled
  // the way it runs from the clone.
  const onNote = (m: string) => say(m.replace(/(?<!npx )\bgyrus (?=[a-z])/g, `${CMD} `));
  const options = { onProgress, onNote, signal: stop.signal };

  let dir: string;
  let result: TrainResult;
  try {
    if (values.resume !== undefined) {
      const extra = Object.keys(values).filter((k) => !["resume", "steps", "threads", "build"].includes(k));
      if (extra.length)
        throw new UsageError(
          `--${extra[0]} would change the run: --resume continues a run with its saved config, and takes only --steps N (to train it to N steps), --threads and --build`,
        );
      dir = values.resume;
      const steps = values.steps !== undefined ? intOption(values, "steps", 0, 1, 1e9) : undefined;
      result = await withBuild(values.build, threads, (engine) => resume(dir, { ...options, engine, threads, steps }));
    } else {
      if (values.out === undefined) throw new UsageError("train needs --out DIR (or --resume DIR)");
      dir = values.out;
      const flags = Object.fromEntries(
        Object.entries(values).filter(([k]) => (CONFIG_FLAGS as readonly string[]).includes(k)),
      );
      const config = resolveCliConfig({
        preset: values.preset,
        file: values.config !== undefined ? readConfigFile(values.config) : undefined,
        flags,
      });
      loadSuite(config.suite, { seed: config.seed, tasks: config.tasks }); // unknown task names fail here, before any work
      const exists = fs.existsSync(path.join(dir, FILES.checkpoint));
      if (exists && ifExists === "resume") {
        const saved = JSON.parse(fs.readFileSync(path.join(dir, FILES.config), "utf8"));
        // Only the steps may differ: the run is then trained to the steps asked for.
        if (JSON.stringify({ ...saved, steps: 0 }) !== JSON.stringify({ ...config, steps: 0 })) {
          throw new UsageError(
            `${dir} holds a run with a different config; resume it with --resume ${dir} or choose another --out`,
          );
        }
        result = await resume(dir, { ...options, threads, steps: config.steps });
      } else {
        result = await train(config, { ...options, out: dir });
      }
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (barShown) process.stdout.write("\n");
  if (result.stoppedBy !== "done") {
    process.exitCode = EXIT.interrupted;
    return;
  }
  console.log(`${result.step} steps in ${fmtTime(result.seconds)} (${dir})`);
  await printEvaluation(dir, { threads, trainingTrials });
}

/** Runs `work` on an engine of the given build when one was asked for (resume keeps the saved config otherwise). */
async function withBuild<T>(
  build: string | undefined,
  threads: number | undefined,
  work: (engine: Awaited<ReturnType<typeof createEngine>> | undefined) => Promise<T>,
): Promise<T> {
  if (build === undefined) return work(undefined);
  const b = choiceOption({ build }, "build", ["auto", "portable", "relaxed"] as const, "auto");
  const engine = await createEngine({ threads: threads || undefined, build: b });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
