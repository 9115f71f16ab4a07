// gyrus train's progress line: the loss of a run's first 20 steps (Adam's first updates blow the activity up for a
// step or two, e.g. 2642.7 at step 5 of the quick preset) is not shown, and neither are the rate and ETA before the
// recent rate means something.
import { describe, expect, it } from "vitest";
import { formatProgress } from "../../src/cli/train.js";
import type { Progress } from "../../src/index.js";

const p = (over: Partial<Progress>): Progress => ({
  step: 5,
  steps: 8000,
  loss: 2643.0,
  taskLoss: 2642.7385,
  connectionCost: 2464.8,
  accuracy: null,
  swaps: 0,
  seconds: 0.4,
  itPerSec: 15.9,
  eta: null,
  ...over,
});

describe("formatProgress", () => {
  it("hides the loss of the first 20 steps and the ETA until it is known", () => {
    expect(formatProgress(p({}))).toBe("step 5/8000  loss   –     acc   –    ℓ_cc 2464.8  swaps 0");
    expect(formatProgress(p({ step: 20 }))).not.toMatch(/2642|ETA/);
  });
  it("shows them afterwards", () => {
    const line = formatProgress(
      p({ step: 300, taskLoss: 0.9123, accuracy: 0.5, swaps: 210, itPerSec: 33.8, eta: 227.4 }),
    );
    expect(line).toBe("step 300/8000  loss 0.9123  acc 50.0%  ℓ_cc 2464.8  swaps 210  33.8 it/s  ETA 3m47s");
  });
});
