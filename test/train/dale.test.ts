// Dale's law: neuron types drawn from the seed, every recurrent (and, if asked, readout) weight of the sign of its
// sending neuron after every step, the constraint moving with a neuron when it swaps places, and the projection
// exact (idempotent, feasible weights untouched). The gradient it projects is the engine's exact gradient (checked
// against the reference elsewhere), so only the projection is new here.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellSigns, daleTypes, projectDale } from "../../src/model/dale.js";
import { PRESETS, type TrainConfig } from "../../src/train/config.js";
import { Trainer } from "../../src/train/trainer.js";
import { useEngines } from "../helpers/engines.js";

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  tasks: ["go", "anti", "dm1"],
  geometry: { kind: "grid", rows: 6, cols: 6 },
  steps: 200,
  lambda: 1e-3,
  swap: { ...PRESETS.quick.swap, every: 20, topK: 12 },
  dale: { excitatory: 0.8, readout: true },
  ...over,
});

function signViolations(W: Float32Array, n: number, sign: Int8Array): number {
  let bad = 0;
  for (let i = 0; i < W.length; i++) if (W[i] * sign[i % n] < 0) bad++;
  return bad;
}

describe("Dale's law", () => {
  const engines = useEngines(1, 2);

  it("types: round(0.2·n) inhibitory, scattered, the same for a seed and different across seeds", () => {
    const t = daleTypes(400, 0.8, 0);
    expect(t.filter((x) => x === -1).length).toBe(80);
    expect(Array.from(daleTypes(400, 0.8, 0))).toEqual(Array.from(t));
    expect(Array.from(daleTypes(400, 0.8, 1))).not.toEqual(Array.from(t));
    expect(t.slice(0, 200).filter((x) => x === -1).length).toBeGreaterThan(20); // not all at one end
    expect(daleTypes(10, 1, 3).every((x) => x === 1)).toBe(true);
    expect(daleTypes(10, 0, 3).every((x) => x === -1)).toBe(true);
  });

  it("projection: zeroes exactly the wrong-sign weights, is idempotent, leaves feasible ones", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.nat(), (n, no, seed) => {
        const sign = daleTypes(n, 0.6, seed);
        let r = seed + 1;
        const rnd = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
        const W = Float32Array.from({ length: n * n }, rnd),
          Wout = Float32Array.from({ length: no * n }, rnd);
        const [W0, Wo0] = [W.slice(), Wout.slice()];
        const zeroed = projectDale(W, n, sign, Wout);
        let expected = 0;
        W0.forEach((w, k) => {
          const bad = w * sign[k % n] < 0;
          expected += bad ? 1 : 0;
          expect(W[k]).toBe(bad ? 0 : w);
        });
        Wo0.forEach((w, k) => {
          const bad = w * sign[k % n] < 0;
          expected += bad ? 1 : 0;
          expect(Wout[k]).toBe(bad ? 0 : w);
        });
        expect(zeroed).toBe(expected);
        expect(projectDale(W, n, sign, Wout)).toBe(0);
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it("training: signs hold after every step and every swap round, types follow their neurons, same bits on 1 and 2 threads", () => {
    const run = (threads: 1 | 2) => {
      const tr = new Trainer(engines[threads], config());
      try {
        const n = 36;
        let swaps = 0;
        while (!tr.done) {
          const info = tr.trainStep();
          swaps += info.swaps;
          const sign = cellSigns(tr.daleTypes!, tr.perm);
          expect(signViolations(tr.net.view("params", "W"), n, sign)).toBe(0);
          expect(signViolations(tr.net.view("params", "W_out"), n, sign)).toBe(0);
        }
        // Not trivially satisfied: both signs are in use, and swaps moved neurons (with their types).
        const W = tr.net.view("params", "W");
        expect(W.some((w) => w > 0) && W.some((w) => w < 0)).toBe(true);
        expect(swaps).toBeGreaterThan(0);
        return tr.net.getParams();
      } finally {
        tr.dispose();
      }
    };
    const a = run(1),
      b = run(2);
    expect(b.W).toEqual(a.W);
    expect(b.W_out).toEqual(a.W_out);
  });

  it("without readout, W_out keeps both signs; off (absent) changes nothing against the plain run", () => {
    const tr = new Trainer(engines[2], config({ dale: { excitatory: 0.8, readout: false }, steps: 60 }));
    const plain = new Trainer(engines[2], config({ dale: undefined, steps: 60 }));
    try {
      while (!tr.done) tr.trainStep();
      const sign = cellSigns(tr.daleTypes!, tr.perm);
      expect(signViolations(tr.net.view("params", "W"), 36, sign)).toBe(0);
      expect(signViolations(tr.net.view("params", "W_out"), 36, sign)).toBeGreaterThan(0);
      expect(plain.daleTypes).toBeNull();
      expect(plain.enforceDale()).toBe(0);
    } finally {
      tr.dispose();
      plain.dispose();
    }
  });
});
