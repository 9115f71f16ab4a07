// `gyrus eval DIR` and the evaluation printed at the end of `gyrus train`: per-task accuracy noise-free and with
// noise, each figure labelled with its trials, and where the noisy one comes out higher, the interval that shows
// whether that is sampling error.
import path from "node:path";
import {
  ANALYSIS_EVAL_TRIALS,
  createEngine,
  differenceInterval,
  evaluate,
  FILES,
  PERFORMANCE_RULES,
  readModel,
  type Evaluation,
  type PerformanceRule,
} from "../index.js";
import { choiceOption, intOption, parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

/** The options of `gyrus eval`. */
export const EVAL_OPTIONS = { values: ["trials", "rule", "threads"], flags: ["json"], positionals: 1 } as const;

/** `gyrus eval --help`. */
export const EVAL_HELP: CommandHelp = {
  name: "eval",
  summary: "per-task accuracy of a trained model, noise-free and with noise",
  usage: `${CMD} eval DIR [options]`,
  about: `Per-task accuracy of DIR/${FILES.model}: noise-free (no input or recurrent noise: the figure gyrus analyze
reports) and with the training's task input noise and recurrent noise. Where the noisy figure is higher, says
whether that is within sampling error (95 % interval of the difference).`,
  options: [
    ["--trials N", `trials per task, 1–100000 (default ${ANALYSIS_EVAL_TRIALS}, the same trials as gyrus analyze)`],
    ["--rule last-step|popvec", "how a trial is judged (default: the run's eval.rule, last-step)"],
    ["--json", "print the result as JSON"],
    ["--threads N", "threads, 0 = all cores (default 0)"],
  ],
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;

/** Where the noisy accuracy is above the noise-free one: the difference and its 95 % interval (Newcombe). */
export function noisyAbove(
  clean: Evaluation,
  noisy: Evaluation,
): { task: string; difference: number; lo: number; hi: number }[] {
  const out = [];
  for (const [i, t] of clean.tasks.entries()) {
    const n = noisy.tasks[i];
    if (n.accuracy <= t.accuracy) continue;
    const [kn, kc] = [Math.round(n.accuracy * n.trials), Math.round(t.accuracy * t.trials)];
    const { lo, hi } = differenceInterval(kn, n.trials, kc, t.trials);
    out.push({ task: t.task, difference: n.accuracy - t.accuracy, lo, hi });
  }
  return out;
}

/** The mean's difference (noisy − noise-free) and its interval, over all trials of all tasks pooled. */
function meanDifference(clean: Evaluation, noisy: Evaluation): { difference: number; lo: number; hi: number } {
  const count = (e: Evaluation) => e.tasks.reduce((s, t) => s + Math.round(t.accuracy * t.trials), 0);
  const total = (e: Evaluation) => e.tasks.reduce((s, t) => s + t.trials, 0);
  const { lo, hi } = differenceInterval(count(noisy), total(noisy), count(clean), total(clean));
  return { difference: noisy.mean - clean.mean, lo, hi };
}

/** Per-task accuracy as a table: noise-free, and with noise when given, labelled with trials, rule and noise. */
export function formatEvaluation(ev: Evaluation, noisy?: Evaluation): string {
  const w = Math.max(...ev.tasks.map((t) => t.task.length), 4);
  const trials = ev.tasks[0]?.trials ?? 0;
  const lines = [`${"task".padEnd(w)}  noise-free${noisy ? "  with noise" : ""}`];
  const row = (name: string, a: number, b?: number) =>
    `${name.padEnd(w)}  ${pct(a).padStart(10)}${b !== undefined ? `  ${pct(b).padStart(11)}` : ""}`;
  ev.tasks.forEach((t, i) => lines.push(row(t.task, t.accuracy, noisy?.tasks[i].accuracy)));
  lines.push(row("mean", ev.mean, noisy?.mean));
  lines.push(
    `(${trials} trials per task, rule ${ev.rule}${noisy ? "; with noise = the task input noise and recurrent noise of training" : ""})`,
  );
  if (!noisy) return lines.join("\n");
  const above = noisyAbove(ev, noisy);
  if (above.length) {
    const within = above.filter((a) => a.lo <= 0);
    const beyond = above.filter((a) => a.lo > 0);
    const item = (a: (typeof above)[number]) => `${a.task} ${pts(a.difference)} [${pts(a.lo)}, ${pts(a.hi)}]`;
    lines.push(
      `with noise above noise-free on ${above.length} of ${ev.tasks.length} tasks (difference in points, 95% interval):`,
    );
    if (within.length)
      lines.push(`  within sampling error (the interval contains 0):`, ...wrap(within.map(item).join("; ")));
    if (beyond.length)
      lines.push(`  beyond sampling error (noise helped these tasks):`, ...wrap(beyond.map(item).join("; ")));
  }
  const m = meanDifference(ev, noisy);
  if (m.difference > 0)
    lines.push(
      `mean with noise above noise-free by ${pts(m.difference)} points, 95% interval [${pts(m.lo)}, ${pts(m.hi)}]: ${m.lo <= 0 ? "within sampling error" : "beyond sampling error"}`,
    );
  return lines.join("\n");
}

/** Breaks a list joined by "; " into indented lines of at most `width` characters. */
function wrap(text: string, width = 118): string[] {
  const out: string[] = [];
  for (const part of text.split(/(?<=;) /)) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 1 + part.length <= width) out[last] += ` ${part}`;
    else out.push(`    ${part}`);
  }
  return out;
}

/** Evaluates DIR's model noise-free and with noise and prints the table (or JSON). */
export async function printEvaluation(
  dir: string,
  o: { trials?: number; rule?: PerformanceRule; json?: boolean; threads?: number; trainingTrials?: number },
): Promise<void> {
  const model = await readModel(path.join(dir, FILES.model));
  const engine = await createEngine({ threads: o.threads || undefined, build: model.config.build });
  const trials = o.trials ?? ANALYSIS_EVAL_TRIALS;
  try {
    const clean = await evaluate(model, undefined, { engine, trials, rule: o.rule });
    const noisy = await evaluate(model, undefined, { engine, trials, rule: o.rule, noisy: true });
    if (o.json) {
      console.log(
        JSON.stringify(
          {
            dir,
            step: model.step,
            rule: clean.rule,
            trials,
            mean: clean.mean,
            meanNoisy: noisy.mean,
            tasks: clean.tasks.map((t, i) => ({
              task: t.task,
              accuracy: t.accuracy,
              accuracyNoisy: noisy.tasks[i].accuracy,
            })),
            noisyAbove: noisyAbove(clean, noisy),
          },
          null,
          2,
        ),
      );
    } else {
      const during =
        o.trainingTrials !== undefined && o.trainingTrials !== trials
          ? ` (the evaluations during training used ${o.trainingTrials}, so their figures differ by sampling)`
          : "";
      console.log(`${dir}: model at step ${model.step}, ${trials} trials per task${during}`);
      console.log(formatEvaluation(clean, noisy));
    }
  } finally {
    await engine.close();
  }
}

/** `gyrus eval DIR`. */
export async function evalCommand(argv: readonly string[]): Promise<void> {
  const { values, flags, positionals } = parseArgs(argv, EVAL_OPTIONS);
  if (positionals.length !== 1) throw new UsageError(`eval needs the run folder: ${CMD} eval DIR`);
  await printEvaluation(positionals[0], {
    trials: intOption(values, "trials", ANALYSIS_EVAL_TRIALS, 1, 100_000),
    rule: values.rule === undefined ? undefined : choiceOption(values, "rule", PERFORMANCE_RULES, "last-step"),
    json: flags.has("json"),
    threads: intOption(values, "threads", 0, 0, 256),
  });
}
