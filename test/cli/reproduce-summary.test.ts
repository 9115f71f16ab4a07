// summary.md of gyrus reproduce: one row per run, mean ± s.d. over seeds per configuration, wall times, and runs that
// have no analysis yet marked as not done.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configOf, meanSd, summaryMarkdown, trainingSeconds } from "../../src/cli/reproduce-summary.js";
import { collapse, makeAnalysis } from "../viz/fixtures.js";

function writeRun(dir: string, id: string, accuracy: number, wiring: number, seconds: number, collapsed = false): void {
  const runDir = path.join(dir, "g", id);
  fs.mkdirSync(runDir, { recursive: true });
  const a = makeAnalysis({ accuracy, wiring });
  if (collapsed) collapse(a);
  fs.writeFileSync(path.join(runDir, "analysis.json"), JSON.stringify(a));
  fs.writeFileSync(
    path.join(runDir, "metrics.jsonl"),
    [1, seconds].map((s, i) => JSON.stringify({ step: i, seconds: s })).join("\n") + "\n",
  );
}

describe("reproduce summary", () => {
  it("configOf drops only the seed; meanSd uses the sample s.d.", () => {
    expect(configOf("bimt-l1e-4-A1-s12")).toBe("bimt-l1e-4-A1");
    expect(configOf("none-s0")).toBe("none");
    expect(meanSd([1, 2, 3])).toBe("2 ± 1");
    expect(meanSd([0.5])).toBe("0.5");
    expect(meanSd([2748, 2959, 3107], 4)).toBe("2938 ± 180"); // s.d. 180.4: two significant digits
    expect(meanSd([97.6, 97.7, 97.75])).toBe("97.7 ± 0.076");
    expect(meanSd([])).toBe("–");
  });

  it("tabulates runs and configurations from analysis.json and metrics.jsonl", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-summary-"));
    writeRun(dir, "bimt-l1e-4-A1-s0", 0.8, 100, 600);
    writeRun(dir, "bimt-l1e-4-A1-s1", 0.9, 300, 720);
    expect(trainingSeconds(path.join(dir, "g", "bimt-l1e-4-A1-s1"))).toBe(720);
    expect(trainingSeconds(path.join(dir, "g", "nothing"))).toBeNaN();
    const md = summaryMarkdown(dir, [
      {
        name: "g",
        what: "test group",
        runs: [{ id: "bimt-l1e-4-A1-s0" }, { id: "bimt-l1e-4-A1-s1" }, { id: "l1-l1e-4-s0" }],
      },
    ]);
    expect(md).toContain("## g: test group");
    // accuracy 80 and 90 → 85 ± 7.07 (shown 7.1); wiring 100 and 300 → 200 ± 141.4 (shown 140); minutes 10 and 12 → 11 ± 1.4
    expect(md).toContain("| bimt-l1e-4-A1 | 2 | 85 ± 7.1% | 12 ± 0 | 3 ± 0 |");
    expect(md).toContain("| 200 ± 140 | 11 ± 1.4 |");
    expect(md).toMatch(/\| bimt-l1e-4-A1-s0 \| 80% \| 12 \| 3 \| 0 \(0\.432 ± 0\.1, z -4\.3, p 0\.0002\) \|/);
    expect(md).toContain("| l1-l1e-4-s0 | not done |");
    // the fixture's shuffle p (0.0002) counts as significant for both metrics
    expect(md).toContain("| 2/2 |");
  });

  it("shows no z or p where every shuffle is the same (a collapsed network), and averages only the tested runs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-summary-"));
    writeRun(dir, "bimt-l3e-4-A1-s0", 0.155, 1, 600, true);
    writeRun(dir, "bimt-l3e-4-A1-s1", 0.9, 300, 600);
    writeRun(dir, "l1-l3e-4-s0", 0.155, 3, 600, true);
    const md = summaryMarkdown(dir, [
      {
        name: "g",
        what: "collapse",
        runs: [{ id: "bimt-l3e-4-A1-s0" }, { id: "bimt-l3e-4-A1-s1" }, { id: "l1-l3e-4-s0" }],
      },
    ]);
    const row = (id: string) => md.split("\n").find((l) => l.startsWith(`| ${id} |`)) ?? "";
    expect(row("bimt-l3e-4-A1-s0")).toContain(
      "| 1 (every shuffle gives the same value: no test) | 1 (every shuffle gives the same value: no test) |",
    );
    expect(row("bimt-l3e-4-A1-s0")).not.toMatch(/z 0|p 1\b/);
    // the configuration's z and count come from seed 1 alone (z -4.3 and -63, p 0.0002), with seed 0 named untestable
    expect(row("bimt-l3e-4-A1")).toContain("| -4.3 | 1/1 (1 untestable) | -63 | 1/1 (1 untestable) |");
    expect(row("l1-l3e-4")).toContain("| – | – | – | – |");
  });
});
