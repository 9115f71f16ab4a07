// sampleTrials: seeded batches of rendered trials of a suite or a single TaskSpec, equal to the evaluation trials.
import { describe, expect, it } from "vitest";
import { evaluationBatch } from "../../src/tasks/evaluate.js";
import { UnknownNameError, loadSuite, taskIndex } from "../../src/tasks/registry.js";
import { sampleTrials } from "../../src/tasks/sample.js";
import { constMs, type TaskSpec } from "../../src/tasks/spec.js";
import { TaskSpecError } from "../../src/tasks/validate.js";

const Y = loadSuite("yang20");

describe("sampleTrials", () => {
  it("packs n trials per chosen task [T, B, nInput], task-major, zero-padded, with per-trial arrays and periods", () => {
    const b = sampleTrials(Y, { seed: 4, trials: 3, tasks: ["dm1", "dms"] });
    expect([b.suite, b.nInput, b.nOutput, b.B]).toEqual(["yang20", 53, 17, 6]);
    expect(Array.from(b.taskIndex)).toEqual([6, 6, 6, 16, 16, 16]);
    expect(b.trials.map((t) => t.task)).toEqual(["dm1", "dm1", "dm1", "dms", "dms", "dms"]);
    expect(b.T).toBe(32); // dms trials are 32 steps, dm1 9–11
    for (let j = 0; j < b.B; j++) {
      const tr = b.trials[j];
      expect(b.lengths[j]).toBe(tr.T);
      expect(tr.periods.at(-1)!.end).toBe(tr.T);
      for (let t = 0; t < b.T; t++) {
        const row = Array.from(b.inputs.subarray((t * b.B + j) * 53, (t * b.B + j + 1) * 53));
        expect(row).toEqual(t < tr.T ? Array.from(tr.inputs.subarray(t * 53, (t + 1) * 53)) : Array(53).fill(0));
        expect(b.labels[t * b.B + j]).toBe(t < tr.T ? tr.labels[t] : 0);
      }
    }
    // match trials alternate rings; the target is the label on the first decision step
    expect(b.trials.slice(3).map((t) => t.modality)).toEqual([0, 1, 0]);
    for (const tr of b.trials) expect(tr.labels[tr.periods.find((p) => p.name === "decision")!.start]).toBe(tr.target);
  });

  it("are the evaluation trials of that seed (same generator, no new stream), deterministic by seed", () => {
    const b = sampleTrials(Y, { seed: 9, trials: 4, tasks: ["anti"] });
    const e = evaluationBatch(Y, taskIndex(Y, "anti"), 4, 9);
    expect(b.inputs).toEqual(e.inputs);
    expect(b.labels).toEqual(e.labels);
    expect(sampleTrials(Y, { seed: 9, trials: 4, tasks: ["anti"] }).inputs).toEqual(b.inputs);
    expect(sampleTrials(Y, { seed: 10, trials: 4, tasks: ["anti"] }).inputs).not.toEqual(b.inputs);
  });

  it("defaults to one trial of every task; analysis trials are noise-free and aligned", () => {
    expect(sampleTrials(Y).trials.map((t) => t.task)).toEqual(Y.tasks.map((t) => t.name));
    const a = sampleTrials(Y, { tasks: ["dlydm1"], trials: 5, analysis: true });
    expect(new Set(a.lengths)).toEqual(new Set([27]));
    expect(a.trials[0].inputs[0]).toBe(1); // fixation exactly 1: no noise
  });

  it("takes a single user TaskSpec (validated, one-task suite) and refuses unknown task names", () => {
    const hold: TaskSpec = {
      name: "hold",
      periods: [
        { name: "fixation", duration: constMs(200) },
        { name: "go", duration: constMs(100) },
      ],
      fixationOn: ["fixation"],
      responsePeriods: ["go"],
      alternatesModality: false,
      seq: 0,
      draw: (rng) => ({
        stimuli: [{ period: "fixation", ring: 1, pos: rng.int(16), strength: 1 }],
        target: 3,
        modality: 0,
      }),
    };
    const b = sampleTrials(hold, { trials: 2, seed: 1 });
    expect([b.suite, b.nInput, b.T, b.B]).toEqual(["hold", 34, 3, 2]);
    expect(Array.from(b.labels)).toEqual([0, 0, 0, 0, 3, 3]);
    expect(b.inputs[33]).toBe(1); // the rule unit of the one task
    expect(() => sampleTrials({ ...hold, responsePeriods: [] })).toThrow(TaskSpecError);
    expect(() => sampleTrials(Y, { tasks: ["gogo"] })).toThrow(UnknownNameError);
  });
});
