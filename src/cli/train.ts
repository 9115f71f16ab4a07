// `gyrus train` (new run or --resume) and `gyrus eval DIR`: progress on a terminal, plain lines otherwise, and the
// per-task accuracy at the end.
import fs from "node:fs";
import path from "node:path";
import {
  ConfigError,
  createEngine,
  evaluate,
  FILES,
  loadSuite,
  PERFORMANCE_RULES,
  readModel,
  resume,
  train,
  type Evaluation,
  type PerformanceRule,
  type Progress,
  type TrainResult,
} from "../index.js";
import { CONFIG_FLAGS, resolveCliConfig } from "./config-flags.js";
import { choiceOption, intOption, parseArgs, UsageError } from "./args.js";

export const TRAIN_USAGE = `  train [--preset quick|paper] [--config F] [--suite S] [--tasks a,b,…] [--reg bimt|l1|none] [--lambda X] [--A X]
        [--grid RxC | --line N] [--steps N] [--batch N] [--window N] [--lr X] [--seed N] [--threads N]
        [--eval-every N] [--if-exists fail|resume] --out DIR
        train a network into DIR (config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors)
  train --resume DIR [--steps N] [--threads N]   continue a stopped run exactly where its last checkpoint left it;
        with --steps, train it to N steps (bit-identical to a run of N steps); a damaged model is rebuilt first
  eval DIR [--trials N] [--rule last-step|popvec] [--json] [--threads N]   per-task accuracy of a trained model`;

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

/** Per-task accuracy as a table (or JSON). */
export function formatEvaluation(ev: Evaluation, noisy?: Evaluation): string {
  const w = Math.max(...ev.tasks.map((t) => t.task.length), 4);
  const lines = [`${"task".padEnd(w)}  accuracy${noisy ? "  with noise" : ""}`];
  ev.tasks.forEach((t, i) => {
    lines.push(
      `${t.task.padEnd(w)}  ${(100 * t.accuracy).toFixed(1).padStart(7)}%${noisy ? `  ${(100 * noisy.tasks[i].accuracy).toFixed(1).padStart(10)}%` : ""}`,
    );
  });
  lines.push(
    `${"mean".padEnd(w)}  ${(100 * ev.mean).toFixed(1).padStart(7)}%${noisy ? `  ${(100 * noisy.mean).toFixed(1).padStart(10)}%` : ""}`,
  );
  lines.push(
    `(${ev.tasks[0]?.trials ?? 0} trials per task, rule ${ev.rule}; first column noise-free${noisy ? ", second with task input and recurrent noise" : ""})`,
  );
  return lines.join("\n");
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
  const { values } = parseArgs(argv, { values: [...CONFIG_FLAGS, "preset", "config", "out", "resume", "if-exists"] });
  const ifExists = choiceOption(values, "if-exists", ["fail", "resume"] as const, "fail");
  const tty = process.stdout.isTTY === true;
  let lastPlain = 0;
  const onProgress = (p: Progress) => {
    if (p.evaluation) {
      if (tty) process.stdout.write("\n");
      console.log(
        `eval at step ${p.step}: mean accuracy ${(100 * p.evaluation.mean).toFixed(1)}% over ${p.evaluation.tasks.length} tasks`,
      );
    }
    const msg = formatProgress(p);
    if (tty) {
      const width = 20;
      const fill = Math.round((width * p.step) / p.steps);
      process.stdout.write(`\r[${"#".repeat(fill)}${"-".repeat(width - fill)}] ${msg}\x1b[K`);
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
  const options = { onProgress, onNote: (m: string) => console.log(m), signal: stop.signal };

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
  if (tty) process.stdout.write("\n");
  if (result.stoppedBy !== "done") {
    process.exitCode = 130;
    return;
  }
  console.log(`${result.step} steps in ${fmtTime(result.seconds)} (${dir})`);
  await printEvaluation(dir, { threads });
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

async function printEvaluation(
  dir: string,
  o: { trials?: number; rule?: PerformanceRule; json?: boolean; threads?: number },
): Promise<void> {
  const model = await readModel(path.join(dir, FILES.model));
  const engine = await createEngine({ threads: o.threads || undefined, build: model.config.build });
  try {
    const clean = await evaluate(model, undefined, { engine, trials: o.trials, rule: o.rule });
    const noisy = await evaluate(model, undefined, { engine, trials: o.trials, rule: o.rule, noisy: true });
    if (o.json) {
      console.log(
        JSON.stringify(
          {
            dir,
            step: model.step,
            rule: clean.rule,
            trials: clean.tasks[0]?.trials,
            mean: clean.mean,
            meanNoisy: noisy.mean,
            tasks: clean.tasks.map((t, i) => ({
              task: t.task,
              accuracy: t.accuracy,
              accuracyNoisy: noisy.tasks[i].accuracy,
            })),
          },
          null,
          2,
        ),
      );
    } else {
      console.log(`${dir}: model at step ${model.step}`);
      console.log(formatEvaluation(clean, noisy));
    }
  } finally {
    await engine.close();
  }
}

export async function evalCommand(argv: readonly string[]): Promise<void> {
  const { values, flags, positionals } = parseArgs(argv, {
    values: ["trials", "rule", "threads"],
    flags: ["json"],
    positionals: 1,
  });
  if (positionals.length !== 1) throw new UsageError("eval needs the run folder: gyrus eval DIR");
  await printEvaluation(positionals[0], {
    trials: values.trials !== undefined ? intOption(values, "trials", 200, 1, 100_000) : undefined,
    rule: choiceOption(values, "rule", PERFORMANCE_RULES, "last-step"),
    json: flags.has("json"),
    threads: intOption(values, "threads", 0, 0, 256),
  });
}
