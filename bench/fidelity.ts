// The fidelity comparison of docs/results.md ("Fidelity against an independent PyTorch implementation"): each arm's
// runs (their analysis.json) against each other and against the independent PyTorch implementation's three seeds,
// with an exact two-sided permutation test of the difference in means for each measure.
//
//   node dist/bench/fidelity.js ARM=DIR[,DIR…] … [--recorded]
//
// DIR is a finished run folder (trained and analysed). --recorded adds the rows that exist only as numbers: the
// PyTorch implementation's three seeds (issue 20, analysed with `gyrus analyze`) and gyrus's seeds 1 and 2 of the
// paper-recipe main runs (docs/results.md, "The main networks"), whose models are not in the repository (seed 0's
// is: docs/models/bimt-paper, analysed like any run folder).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Analysis } from "../src/index.js";

/** One network's measures. */
export interface FidelityRow {
  arm: string;
  run: string;
  accuracy: number;
  important: number;
  k: number;
  isolatedZ: number;
  isolatedP: number;
  spreadZ: number;
  spreadP: number;
}

/** Networks known only by their numbers (see the file's header). */
export const RECORDED: FidelityRow[] = [
  {
    arm: "pytorch",
    run: "s0",
    accuracy: 0.957,
    important: 151,
    k: 11,
    isolatedZ: -4.8,
    isolatedP: 1e-4,
    spreadZ: -4.9,
    spreadP: 1e-4,
  },
  {
    arm: "pytorch",
    run: "s1",
    accuracy: 0.961,
    important: 143,
    k: 9,
    isolatedZ: -4.6,
    isolatedP: 1e-4,
    spreadZ: -4.3,
    spreadP: 1e-4,
  },
  {
    arm: "pytorch",
    run: "s2",
    accuracy: 0.954,
    important: 155,
    k: 6,
    isolatedZ: -3.2,
    isolatedP: 6e-4,
    spreadZ: -3.9,
    spreadP: 1e-4,
  },
  {
    arm: "gyrus",
    run: "base-s1",
    accuracy: 0.978,
    important: 139,
    k: 7,
    isolatedZ: -3.3,
    isolatedP: 5e-4,
    spreadZ: -4.9,
    spreadP: 1e-4,
  },
  {
    arm: "gyrus",
    run: "base-s2",
    accuracy: 0.976,
    important: 134,
    k: 7,
    isolatedZ: -0.8,
    isolatedP: 0.24,
    spreadZ: -3.6,
    spreadP: 1e-4,
  },
];

/** A run folder's measures, from its analysis.json. */
export function rowOf(arm: string, dir: string): FidelityRow {
  const a = JSON.parse(fs.readFileSync(path.join(dir, "analysis.json"), "utf8")) as Analysis;
  return {
    arm,
    run: path.basename(dir),
    accuracy: a.accuracy.mean,
    important: a.important.length,
    k: a.clustering.k,
    isolatedZ: a.metrics.isolatedFraction.z,
    isolatedP: a.metrics.isolatedFraction.p,
    spreadZ: a.metrics.clusterSpread.z,
    spreadP: a.metrics.clusterSpread.p,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : NaN;
};

/**
 * Exact two-sided permutation test of the difference in means of a and b: the share of the C(n, |a|) relabellings
 * whose |mean difference| is at least the observed one (with a 1e-12 tolerance for ties of floating-point sums).
 */
export function permutationTest(a: number[], b: number[]): number {
  const all = [...a, ...b];
  const n = all.length,
    na = a.length;
  const total = all.reduce((s, x) => s + x, 0);
  const observed = Math.abs(mean(a) - mean(b));
  let hits = 0,
    count = 0;
  const pick = (start: number, left: number, sum: number) => {
    if (left === 0) {
      const d = Math.abs(sum / na - (total - sum) / (n - na));
      if (d >= observed - 1e-12) hits++;
      count++;
      return;
    }
    for (let i = start; i <= n - left; i++) pick(i + 1, left - 1, sum + all[i]);
  };
  pick(0, na, 0);
  return hits / count;
}

const MEASURES: [keyof FidelityRow, string, (x: number) => string][] = [
  ["accuracy", "accuracy", (x) => `${(100 * x).toFixed(1)} %`],
  ["important", "important", (x) => x.toFixed(0)],
  ["k", "k", (x) => x.toFixed(1)],
  ["isolatedZ", "isolated z", (x) => x.toFixed(2)],
  ["spreadZ", "spread z", (x) => x.toFixed(2)],
];

/** The markdown tables: every network, each arm's mean ± s.d., and the tests of each arm against the others. */
export function fidelityTables(rows: FidelityRow[]): string {
  const arms = [...new Set(rows.map((r) => r.arm))];
  const out: string[] = [];
  out.push("| arm | run | accuracy | important | k | isolated z (p) | spread z (p) |", "|---|---|---|---|---|---|---|");
  for (const r of rows)
    out.push(
      `| ${r.arm} | ${r.run} | ${(100 * r.accuracy).toFixed(1)} % | ${r.important} | ${r.k} | ${r.isolatedZ.toFixed(1)} (${r.isolatedP.toPrecision(2)}) | ${r.spreadZ.toFixed(1)} (${r.spreadP.toPrecision(2)}) |`,
    );
  out.push("", `| arm | n | ${MEASURES.map((m) => m[1]).join(" | ")} | isolated p ≤ 1e-3 |`);
  out.push(`|---|---|${MEASURES.map(() => "---").join("|")}|---|`);
  for (const arm of arms) {
    const rs = rows.filter((r) => r.arm === arm);
    const cells = MEASURES.map(([key, , fmt]) => {
      const xs = rs.map((r) => r[key] as number);
      return `${fmt(mean(xs))} ± ${fmt(sd(xs))}`;
    });
    out.push(
      `| ${arm} | ${rs.length} | ${cells.join(" | ")} | ${rs.filter((r) => r.isolatedP <= 1e-3).length}/${rs.length} |`,
    );
  }
  out.push("", `| arm vs arm | ${MEASURES.map((m) => `${m[1]} p`).join(" | ")} |`);
  out.push(`|---|${MEASURES.map(() => "---").join("|")}|`);
  for (let i = 0; i < arms.length; i++)
    for (let j = i + 1; j < arms.length; j++) {
      const a = rows.filter((r) => r.arm === arms[i]),
        b = rows.filter((r) => r.arm === arms[j]);
      const ps = MEASURES.map(([key]) =>
        permutationTest(
          a.map((r) => r[key] as number),
          b.map((r) => r[key] as number),
        ).toPrecision(2),
      );
      out.push(`| ${arms[i]} (${a.length}) vs ${arms[j]} (${b.length}) | ${ps.join(" | ")} |`);
    }
  return out.join("\n");
}

function main(): void {
  const args = process.argv.slice(2);
  const rows: FidelityRow[] = args.includes("--recorded") ? [...RECORDED] : [];
  for (const a of args.filter((x) => x.includes("="))) {
    const [arm, dirs] = a.split("=");
    for (const dir of dirs.split(",")) {
      if (!fs.existsSync(path.join(dir, "analysis.json"))) {
        console.error(`skipped ${dir}: no analysis.json (not trained and analysed yet)`);
        continue;
      }
      rows.push(rowOf(arm, dir));
    }
  }
  if (!rows.length) {
    console.error("usage: node dist/bench/fidelity.js ARM=DIR[,DIR…] … [--recorded]");
    process.exit(2);
  }
  console.log(fidelityTables(rows));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
