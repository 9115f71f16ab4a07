// analyzeModel end to end on a hand-built network in which neuron i responds only during task i: the task-variance
// matrix is diagonal, the silent neuron is unimportant, and the analysis is reproducible.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeModel } from "../../src/analysis/analyze.js";
import { createEngine, type Engine } from "../../src/index.js";
import type { LoadedModel } from "../../src/train/checkpoint.js";
import { PRESETS, type TrainConfig } from "../../src/train/config.js";

function handModel(): LoadedModel {
  const config: TrainConfig = {
    ...PRESETS.quick,
    tasks: ["go", "dm1", "dms"],
    geometry: { kind: "grid", rows: 2, cols: 2 },
    swap: { ...PRESETS.quick.swap, topK: 4 },
  };
  const nu = 33 + 3,
    nh = 4,
    no = 17;
  const W_in = new Float32Array(nh * nu);
  for (let i = 0; i < 3; i++) {
    W_in[i * nu + 33 + i] = 10; // rule i opens neuron i…
    W_in[i * nu + 1] = 1; // …which then follows ring-1 unit 0 (varies with the stimulus direction)
  }
  return {
    config,
    step: 0,
    nInput: nu,
    nOutput: no,
    params: {
      W_in,
      W: new Float32Array(nh * nh),
      b_h: new Float32Array(nh).fill(-10),
      W_out: new Float32Array(no * nh),
      b_o: new Float32Array(no),
    },
    perm: Int32Array.from([0, 1, 2, 3]),
  };
}

describe("analyzeModel", () => {
  let engine: Engine;
  beforeAll(async () => void (engine = await createEngine({ threads: 2 })));
  afterAll(() => engine.close());

  it("finds a diagonal task variance, the important neurons and well-formed metrics", () => {
    const a = analyzeModel(engine, handModel(), { tvTrials: 64, evalTrials: 8, shuffles: 200 });
    const tv = a.taskVariance.values;
    expect(tv.length).toBe(3);
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < 4; i++) {
        if (i === t) expect(tv[t][i]).toBeGreaterThan(1e-3);
        else expect(tv[t][i]).toBe(0);
      }
    }
    expect(a.important).toEqual([0, 1, 2]);
    expect(a.normalizedTV).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(a.clustering.cellLabels[3]).toBe(-1);
    expect(a.metrics.isolatedFraction.shuffles).toBe(200);
    expect(a.connections.active).toBe(0);
    expect(a.run.tasks).toEqual(["go", "dm1", "dms"]);
    const again = analyzeModel(engine, handModel(), { tvTrials: 64, evalTrials: 8, shuffles: 200 });
    expect({ ...again, seconds: 0 }).toEqual({ ...a, seconds: 0 });
  });
});
