// Training with reg "sernn" on a 3D lattice: the cost reaches the gradients (it falls far below a λ = 0 run's), the
// model is the same bits on 1, 2 and 3 threads (the cost runs in float64 on the main thread), and the run folder
// analyses.
import { describe, expect, it } from "vitest";
import { PRESETS, type TrainConfig } from "../../src/train/config.js";
import { Trainer } from "../../src/train/trainer.js";
import { communicability, sernnValue } from "../../src/model/sernn-cost.js";
import { distanceMatrix, positionsOf } from "../../src/model/geometry.js";
import { useEngines } from "../helpers/engines.js";

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  tasks: ["go", "anti"],
  geometry: { kind: "lattice", x: 3, y: 3, z: 2, metric: "euclidean" },
  reg: "sernn",
  A: 0,
  lambda: 0.3,
  steps: 60,
  ...over,
});

describe("reg sernn", () => {
  const engines = useEngines(1, 2, 3);

  it("same bits on 1, 2 and 3 threads; ℓ_sernn well below the λ = 0 run's; logged ℓ_cc is the seRNN value", () => {
    const run = (threads: 1 | 2 | 3, c: TrainConfig) => {
      const tr = new Trainer(engines[threads], c);
      try {
        while (!tr.done) tr.trainStep();
        return { params: tr.net.getParams(), cc: tr.connectionCost() };
      } finally {
        tr.dispose();
      }
    };
    const a = run(1, config()),
      b = run(2, config()),
      c = run(3, config());
    for (const name of ["W", "W_in", "W_out"] as const) {
      expect(b.params[name]).toEqual(a.params[name]);
      expect(c.params[name]).toEqual(a.params[name]);
    }
    const free = run(2, config({ lambda: 0, reg: "sernn" }));
    expect(a.cc).toBeLessThan(0.5 * free.cc);
    const D = distanceMatrix(positionsOf(config().geometry));
    expect(a.cc).toBeCloseTo(sernnValue(communicability(a.params.W, 18), D), 6);
  });

  it("sernnEvery: exact steps 1, 1 + k, …, direct ones between; a run restored mid-way continues with the same bits", () => {
    const c = config({ sernnEvery: 4, steps: 30 });
    const straight = new Trainer(engines[2], c);
    const first = new Trainer(engines[2], c);
    try {
      while (!straight.done) straight.trainStep();
      for (let s = 0; s < 17; s++) first.trainStep();
      const snap = first.snapshot();
      const second = new Trainer(engines[1], c);
      try {
        second.restore(snap);
        while (!second.done) second.trainStep();
        expect(second.net.getParams().W).toEqual(straight.net.getParams().W);
      } finally {
        second.dispose();
      }
      // Not the exact run: the cheap steps change the trajectory.
      const exact = new Trainer(engines[2], config({ steps: 30 }));
      try {
        while (!exact.done) exact.trainStep();
        expect(exact.net.getParams().W).not.toEqual(straight.net.getParams().W);
      } finally {
        exact.dispose();
      }
    } finally {
      straight.dispose();
      first.dispose();
    }
  });
});
