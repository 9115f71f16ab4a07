// The evaluation table: accuracies labelled with trials and noise, and where the noisy accuracy is higher, each such
// task with its difference and 95 % interval, said to be within sampling error or beyond it.
import { describe, expect, it } from "vitest";
import { formatEvaluation, noisyAbove } from "../../src/cli/eval.js";
import type { Evaluation } from "../../src/train/trainer.js";

function ev(acc: Record<string, number>, trials: number, noisy: boolean): Evaluation {
  const tasks = Object.entries(acc).map(([task, accuracy]) => ({ task, accuracy, trials }));
  return { tasks, mean: tasks.reduce((s, t) => s + t.accuracy, 0) / tasks.length, noisy, rule: "last-step" };
}

describe("formatEvaluation", () => {
  it("labels the columns and says how many trials, without a sampling note when noise never helps", () => {
    const text = formatEvaluation(ev({ go: 0.9, anti: 0.8 }, 200, false), ev({ go: 0.85, anti: 0.8 }, 200, true));
    expect(text.split("\n")).toEqual([
      "task  noise-free  with noise",
      "go         90.0%        85.0%",
      "anti       80.0%        80.0%",
      "mean       85.0%        82.5%",
      "(200 trials per task, rule last-step; with noise = the task input noise and recurrent noise of training)",
    ]);
  });

  it("noisy above noise-free by a few trials: within sampling error, with the interval", () => {
    const clean = ev({ go: 0.9, dm1: 0.7 }, 50, false);
    const noisy = ev({ go: 0.9, dm1: 0.76 }, 50, true);
    const text = formatEvaluation(clean, noisy);
    expect(text).toContain("with noise above noise-free on 1 of 2 tasks (difference in points, 95% interval):");
    expect(text).toMatch(
      /within sampling error \(the interval contains 0\):\n {4}dm1 \+6\.0 \[−\d+\.\d, \+\d+\.\d\]$/m,
    );
    expect(text).toMatch(
      /^mean with noise above noise-free by \+3\.0 points, 95% interval \[−\d+\.\d, \+\d+\.\d\]: within sampling error$/m,
    );
    const [a] = noisyAbove(clean, noisy);
    expect(a.lo).toBeLessThan(0);
    expect(a.hi).toBeGreaterThan(0.06);
  });

  it("a difference beyond sampling error is called so", () => {
    const text = formatEvaluation(ev({ go: 0.5 }, 1000, false), ev({ go: 0.6 }, 1000, true));
    expect(text).toMatch(
      /beyond sampling error \(noise helped these tasks\):\n {4}go \+10\.0 \[\+\d+\.\d, \+\d+\.\d\]/,
    );
    expect(text).toMatch(/: beyond sampling error$/m);
    expect(text).not.toContain("within sampling error");
  });
});
