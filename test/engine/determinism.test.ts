// Same seed, same bits: outputs and gradients are bit-identical on 1, 2 and 3 threads, and with active-set
// compaction on or off (skipping exact-zero terms of an in-order sum changes nothing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import type { Activation, Params } from "../../src/model/types.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { paperBatch, paperParams } from "../../src/model/synthetic.js";
import { gridPositions } from "../../src/model/geometry.js";
import { PAPER_NETWORK, RECURRENT_NOISE_STD } from "../../src/model/paper.js";

interface Run {
  loss: number;
  connectionCost: number;
  grads: Params;
  logits: Float32Array;
  params: Params;
  active: number;
}

function bytesEqual(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** A BIMT-like sparse network: many neurons silent, so compaction has work to skip. */
function sparseParams(seed: number): Params {
  const p = paperParams(seed);
  for (let i = 0; i < 400; i++) if (i % 5 !== 0) p.b_h[i] = -1; // most neurons pushed below threshold
  return p;
}

function runOnce(engine: Engine, params: Params, activation: Activation, compact: boolean): Run {
  const net = engine.network({ nInput: 53, nHidden: 400, nOutput: 17, positions: gridPositions(20, 20), activation });
  try {
    net.setParams(params);
    const batch = paperBatch(23, 13, 11); // T, B chosen so that rows, columns and steps split unevenly
    const r = net.lossAndGradients(batch, { lambda: 1e-4, A: 1, noiseStd: RECURRENT_NOISE_STD, seed: 42, compact });
    const grads = net.getParams("grads");
    net.clipAndAdam({ lr: 1e-3 });
    const out = net.forward(batch, { noiseStd: RECURRENT_NOISE_STD, seed: 43, compact });
    return {
      loss: r.loss,
      connectionCost: r.connectionCost,
      grads,
      logits: out.logits,
      params: net.getParams(),
      active: r.activeFraction.forward,
    };
  } finally {
    net.dispose();
  }
}

function expectSameBits(a: Run, b: Run, label: string): void {
  expect(a.loss, `${label}: loss`).toBe(b.loss);
  expect(a.connectionCost, `${label}: connectionCost`).toBe(b.connectionCost);
  expect(bytesEqual(a.logits, b.logits), `${label}: logits`).toBe(true);
  for (const name of PARAM_NAMES) {
    expect(bytesEqual(a.grads[name], b.grads[name]), `${label}: grad ${name}`).toBe(true);
    expect(bytesEqual(a.params[name], b.params[name]), `${label}: params ${name} after Adam`).toBe(true);
  }
}

for (const build of ["portable", "relaxed"] as const) {
  describe(`determinism (${build})`, () => {
    const engines: Engine[] = [];
    beforeAll(async () => {
      for (const threads of [1, 2, 3]) engines.push(await createEngine({ threads, build }));
    });
    afterAll(async () => {
      for (const e of engines) await e.close();
    });

    for (const activation of ["relu", "tanh", "softplus"] as const) {
      it(`${activation}: 1, 2 and 3 threads give the same bits`, () => {
        const params = sparseParams(5);
        const runs = engines.map((e) => runOnce(e, params, activation, true));
        expectSameBits(runs[0], runs[1], "1 vs 2 threads");
        expectSameBits(runs[0], runs[2], "1 vs 3 threads");
      });
    }

    it("relu: compacted and dense recurrent products give the same bits, and compaction skips neurons", () => {
      const params = sparseParams(9);
      for (const engine of [engines[0], engines[1]]) {
        const dense = runOnce(engine, params, "relu", false);
        const compact = runOnce(engine, params, "relu", true);
        expectSameBits(dense, compact, `compact vs dense, ${engine.threads} threads`);
        expect(dense.active).toBe(1);
        expect(compact.active).toBeLessThan(0.5);
      }
    });

    it("a different noise seed changes the result (the seed is really used)", () => {
      const net = engines[0].network(PAPER_NETWORK);
      try {
        net.setParams(paperParams(1));
        const batch = paperBatch(10, 4, 1);
        const a = net.lossAndGradients(batch, { lambda: 0, A: 0, noiseStd: 0.1, seed: 1 }).loss;
        const b = net.lossAndGradients(batch, { lambda: 0, A: 0, noiseStd: 0.1, seed: 2 }).loss;
        const c = net.lossAndGradients(batch, { lambda: 0, A: 0, noiseStd: 0.1, seed: 1 }).loss;
        expect(a).not.toBe(b);
        expect(a).toBe(c);
      } finally {
        net.dispose();
      }
    });
  });
}
