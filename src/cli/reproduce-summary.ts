// DIR/summary.md of `gyrus reproduce`: per group, one row per run (from its analysis.json and metrics.jsonl) and one
// row per configuration with mean ± s.d. over its seeds — the numbers docs/results.md quotes.
import fs from "node:fs";
import path from "node:path";
import { NO_TEST, testable, type Analysis, type Baseline } from "../index.js";

export interface SummaryGroup {
  name: string;
  what: string;
  runs: { id: string }[];
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toString() : "–");

/** The run's configuration without its seed: "bimt-l1e-4-A1-s2" → "bimt-l1e-4-A1". */
export function configOf(id: string): string {
  return id.replace(/-s\d+$/, "");
}

/** Mean and sample standard deviation ("mean ± sd", or just the value for one sample); the s.d. gets at most two
 *  significant digits, because a third (97.7 ± 0.0764) claims a precision three seeds do not have. */
export function meanSd(xs: number[], digits = 3): string {
  if (xs.length === 0) return "–";
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length === 1) return f(m, digits);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return `${f(m, digits)} ± ${f(sd, Math.min(digits, 2))}`;
}

/** Wall-clock seconds of training (the last metrics line; resumed runs count every segment). */
export function trainingSeconds(runDir: string): number {
  const file = path.join(runDir, "metrics.jsonl");
  if (!fs.existsSync(file)) return NaN;
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  try {
    return Number(JSON.parse(lines[lines.length - 1]).seconds);
  } catch {
    return NaN;
  }
}

interface RunFacts {
  id: string;
  a: Analysis;
  seconds: number;
}

function load(dir: string, group: SummaryGroup): { done: RunFacts[]; missing: string[] } {
  const done: RunFacts[] = [],
    missing: string[] = [];
  for (const r of group.runs) {
    const runDir = path.join(dir, group.name, r.id);
    const file = path.join(runDir, "analysis.json");
    if (!fs.existsSync(file)) missing.push(r.id);
    else done.push({ id: r.id, a: JSON.parse(fs.readFileSync(file, "utf8")), seconds: trainingSeconds(runDir) });
  }
  return { done, missing };
}

const nearest = (a: Analysis, k: number) => a.weightDistance.nearest?.[k]?.meanAbs ?? NaN;

function shuffleCell(m: Baseline): string {
  if (!testable(m)) return `${f(m.observed)} (${NO_TEST})`;
  return `${f(m.observed)} (${f(m.mean)} ± ${f(m.std)}, z ${f(m.z, 2)}, p ${f(m.p, 2)})`;
}

/** Mean ± s.d. of z and "significant / tested" over the runs whose shuffles differ ("–" when none do). */
function shuffleCols(runs: RunFacts[], metric: (a: Analysis) => Baseline): string {
  const tested = runs.map((r) => metric(r.a)).filter(testable);
  if (!tested.length) return "– | –";
  const hits = tested.filter((m) => m.p <= 0.05).length;
  const untested = runs.length - tested.length;
  return `${meanSd(
    tested.map((m) => m.z),
    2,
  )} | ${hits}/${tested.length}${untested ? ` (${untested} untestable)` : ""}`;
}

function runRow({ id, a, seconds }: RunFacts): string {
  return `${referenceRow(id, a)} ${f(seconds / 60, 2)} |`;
}

function configRow(config: string, runs: RunFacts[]): string {
  const col = (g: (a: Analysis) => number, d = 3) =>
    meanSd(
      runs.map((r) => g(r.a)),
      d,
    );
  return `| ${config} | ${runs.length} | ${col((a) => 100 * a.accuracy.mean)}% | ${col((a) => a.important.length)} | ${col((a) => a.clustering.k, 2)} | ${shuffleCols(runs, (a) => a.metrics.isolatedFraction)} | ${shuffleCols(runs, (a) => a.metrics.clusterSpread)} | ${col((a) => a.connections.wiringLength, 4)} | ${meanSd(
    runs.map((r) => r.seconds / 60),
    2,
  )} |`;
}

/** The markdown of DIR/summary.md. */
export function summaryMarkdown(dir: string, groups: SummaryGroup[]): string {
  const out = [
    "# gyrus reproduce — summary",
    "",
    "Every number comes from the run's analysis.json (noise-free accuracy, 200 trials per task; 10,000 label shuffles) " +
      "and metrics.jsonl (training wall time). Shuffle columns: observed (shuffle mean ± s.d., z, p); p ≤ 0.05 means " +
      "more modular than the shuffles. |W| d0 / d1: mean |W_ij| between a neuron and itself / its neighbours one step away.",
    "",
  ];
  for (const group of groups) {
    const { done, missing } = load(dir, group);
    out.push(`## ${group.name}: ${group.what}`, "");
    const configs = new Map<string, RunFacts[]>();
    for (const r of done) configs.set(configOf(r.id), [...(configs.get(configOf(r.id)) ?? []), r]);
    if (configs.size) {
      out.push(
        "Mean ± s.d. over seeds:",
        "",
        "| configuration | seeds | accuracy | important | k | isolated z | isolated p ≤ 0.05 | spread z | spread p ≤ 0.05 | wiring length | training min |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
      );
      for (const [config, runs] of configs) out.push(configRow(config, runs));
      out.push("");
    }
    out.push(
      "Every run:",
      "",
      "| run | accuracy | important | k | isolated fraction | cluster spread | wiring length | \\|W\\| d0 / d1 | training min |",
      "|---|---|---|---|---|---|---|---|---|",
    );
    for (const r of done) out.push(runRow(r));
    for (const id of missing) out.push(`| ${id} | not done | | | | | | | |`);
    out.push("");
  }
  return out.join("\n");
}

/** The header of the reference-model table in docs/results.md (docs/models/*), which a test recomputes. */
export const REFERENCE_HEADER = [
  "| model | accuracy | important | k | isolated fraction | cluster spread | wiring length | \\|W\\| d0 / d1 |",
  "|---|---|---|---|---|---|---|---|",
].join("\n");

/** One row of that table: everything `gyrus analyze` prints about the model, formatted as the summary does. */
export function referenceRow(name: string, a: Analysis): string {
  return `| ${name} | ${f(100 * a.accuracy.mean)}% | ${a.important.length} | ${a.clustering.k} | ${shuffleCell(a.metrics.isolatedFraction)} | ${shuffleCell(a.metrics.clusterSpread)} | ${f(a.connections.wiringLength, 4)} | ${f(nearest(a, 0), 2)} / ${f(nearest(a, 1), 2)} |`;
}
