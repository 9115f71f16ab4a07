// Unique names for the functional clusters of an analysis, the one naming that the CLI, the report and the demo use:
// each cluster's top task; its top two tasks where clusters share a top task; a numbered suffix where even those agree.
import type { Analysis } from "./analyze.js";

/** The fields of an analysis that cluster naming reads. */
export type ClusterNaming = {
  run: Pick<Analysis["run"], "tasks">;
  normalizedTV: readonly (readonly number[])[];
  clustering: Pick<Analysis["clustering"], "k" | "labels">;
};

/**
 * For each cluster 0 … k−1, the tasks in order of their summed normalised task variance over the cluster's members
 * (largest first, ties by task order); tasks with a zero sum are left out, so an empty cluster gets [].
 */
export function clusterTaskRanking(a: ClusterNaming): string[][] {
  const nT = a.run.tasks.length;
  const sums = Array.from({ length: a.clustering.k }, () => new Array<number>(nT).fill(0));
  a.normalizedTV.forEach((row, j) => {
    const l = a.clustering.labels[j];
    if (sums[l]) row.forEach((v, t) => (sums[l][t] += v));
  });
  return sums.map((s) =>
    s
      .map((v, t) => ({ v, t }))
      .filter((x) => x.v > 0)
      .sort((x, y) => y.v - x.v || x.t - y.t)
      .map((x) => a.run.tasks[x.t]),
  );
}

/** Indices of the names that occur more than once. */
function repeated(names: readonly string[]): number[] {
  return names.map((_, c) => c).filter((c) => names.indexOf(names[c]) !== names.lastIndexOf(names[c]));
}

/**
 * A name per cluster, all different: the cluster's top task ("dlyanti"); where clusters share it, their top two
 * tasks ("dlyanti+dm1"); where those agree too (or a cluster has one task or none), a numbered suffix in cluster
 * order ("dlyanti #1", "dlyanti #2"). An empty cluster is "no task".
 */
export function clusterNames(a: ClusterNaming): string[] {
  const ranking = clusterTaskRanking(a);
  const names = ranking.map((r) => r[0] ?? "no task");
  for (const c of repeated(names)) if (ranking[c].length >= 2) names[c] = `${ranking[c][0]}+${ranking[c][1]}`;
  const dup = repeated(names);
  const seen = new Map<string, number>();
  const base = [...names];
  for (const c of dup) {
    const n = (seen.get(base[c]) ?? 0) + 1;
    seen.set(base[c], n);
    names[c] = `${base[c]} #${n}`;
  }
  return names;
}
