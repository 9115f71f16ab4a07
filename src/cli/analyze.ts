// `gyrus analyze DIR`: the paper's measurements of a trained model, written to DIR/analysis.json.
import path from "node:path";
import {
  analyze,
  ANALYSIS_EVAL_TRIALS,
  clusterNames,
  createEngine,
  FILES,
  NO_TEST,
  readModel,
  testable,
  writeFileAtomicSync,
  type Analysis,
  type Baseline,
  type Model,
} from "../index.js";
import { intOption, parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

/** `gyrus analyze --help`. */
export const ANALYZE_HELP: CommandHelp = {
  name: "analyze",
  summary: "task variance, functional clusters, anatomy against shuffles, wiring → DIR/analysis.json",
  usage: `${CMD} analyze DIR [options]`,
  about: `The paper's measurements of DIR's model: noise-free accuracy (${ANALYSIS_EVAL_TRIALS} trials per task, the figure
gyrus eval shows), task variance, important neurons, functional clusters (k-means, silhouette; each named by its top
task, or top two), whether they are anatomical against label shuffles, and wiring. Writes DIR/analysis.json.`,
  options: [
    ["--shuffles N", "label shuffles per anatomy metric, 1–10000000 (default 10000)"],
    ["--graph", "also the weight graph: modularity Q (Louvain), communities against the clusters, small-worldness"],
    ["--random-graphs N", "degree-preserving random graphs behind small-worldness, 1–100000 (default 1000)"],
    ["--json", "print analysis.json instead of the summary"],
    ["--threads N", "threads, 0 = all cores (default 0)"],
  ],
};

export async function loadModel(dir: string): Promise<Model> {
  return readModel(path.join(dir, FILES.model));
}

export async function analyzeDir(
  dir: string,
  o: { shuffles?: number; threads?: number; quiet?: boolean; graph?: { randomGraphs?: number } } = {},
): Promise<Analysis> {
  const model = await loadModel(dir);
  const engine = await createEngine({ threads: o.threads || undefined });
  try {
    const a = await analyze(model, {
      engine,
      shuffles: o.shuffles,
      ...(o.graph ? { graph: o.graph } : {}),
      onNote: o.quiet ? undefined : (m) => console.log(m),
    });
    writeFileAtomicSync(path.join(dir, "analysis.json"), JSON.stringify(a) + "\n");
    return a;
  } finally {
    await engine.close();
  }
}

/** The clusters as "  0 dlyanti+dm1 (25 neurons)", several to a line, named as in the report and the demo. */
export function clusterLines(a: Analysis, width = 100): string[] {
  const sizes = new Array<number>(a.clustering.k).fill(0);
  for (const l of a.clustering.labels) if (l >= 0 && l < sizes.length) sizes[l]++;
  const items = clusterNames(a).map((name, c) => `${c} ${name} (${sizes[c]})`);
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 2 + item.length <= width) lines[last] += `, ${item}`;
    else lines.push(`  ${item}`);
  }
  return lines;
}

export async function analyzeCommand(argv: readonly string[]): Promise<void> {
  const { values, flags, positionals } = parseArgs(argv, {
    values: ["shuffles", "threads", "random-graphs"],
    flags: ["json", "graph"],
    positionals: 1,
  });
  if (positionals.length !== 1) throw new UsageError(`analyze needs the run folder: ${CMD} analyze DIR`);
  const dir = positionals[0];
  const a = await analyzeDir(dir, {
    shuffles: values.shuffles !== undefined ? intOption(values, "shuffles", 10_000, 1, 10_000_000) : undefined,
    threads: intOption(values, "threads", 0, 0, 256),
    quiet: flags.has("json"),
    ...(flags.has("graph") || values["random-graphs"] !== undefined
      ? {
          graph:
            values["random-graphs"] !== undefined
              ? { randomGraphs: intOption(values, "random-graphs", 1000, 1, 100_000) }
              : {},
        }
      : {}),
  });
  if (flags.has("json")) {
    console.log(JSON.stringify(a));
    return;
  }
  const iso = a.metrics.isolatedFraction;
  const spr = a.metrics.clusterSpread;
  console.log(
    `${dir}: step ${a.run.step}, mean accuracy ${(100 * a.accuracy.mean).toFixed(1)}% (noise-free, ${a.accuracy.trials} trials per task, rule ${a.accuracy.rule})`,
  );
  console.log(`important neurons ${a.important.length} of ${a.run.nHidden}; k = ${a.clustering.k} clusters:`);
  for (const line of clusterLines(a)) console.log(line);
  const against = (b: Baseline, d: number) =>
    testable(b)
      ? `(shuffles ${b.mean.toFixed(d)} ± ${b.std.toFixed(d)}, z ${b.z.toFixed(1)}, p ${b.p.toExponential(2)})`
      : `(${NO_TEST})`;
  console.log(`isolated fraction ${iso.observed.toFixed(3)} ${against(iso, 3)}`);
  console.log(`cluster spread ${spr.observed.toFixed(2)} ${against(spr, 2)}`);
  if (a.graph) {
    const g = a.graph,
      sw = g.binary.smallWorld;
    console.log(
      `graph (top ${100 * g.fraction} % of |W|, ${g.binary.edges} edges): Q ${g.binary.q.toFixed(3)}, ${g.binary.communities} communities (ARI with the clusters ${g.binary.ari.toFixed(2)}); small-worldness σ ${sw.sigma.toFixed(2)} (C ${sw.clustering.toFixed(3)} vs ${sw.randomClustering.toFixed(3)}, L ${sw.pathLength.toFixed(2)} vs ${sw.randomPathLength.toFixed(2)}, ${sw.count} random graphs)`,
    );
    console.log(
      `weighted graph: Q ${g.weighted.q.toFixed(3)}, ${g.weighted.communities} communities (ARI ${g.weighted.ari.toFixed(2)}); ${g.seconds.toFixed(1)} s`,
    );
  }
  console.log(
    `active connections ${a.connections.active}, wiring length ${a.connections.wiringLength.toFixed(1)}; ${a.seconds.toFixed(1)} s → ${path.join(dir, "analysis.json")}`,
  );
}
