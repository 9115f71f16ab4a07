// Errors a user can cause name the offending tensor or field, what was expected and what was given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { paperBatch, paperParams } from "../../src/model/synthetic.js";
import { gridPositions } from "../../src/model/geometry.js";

const options = {
  activation: "relu",
  positions: gridPositions(20, 20),
  lambda: 1e-5,
  A: 1,
  noiseStd: 0,
  seed: 1,
} as const;

describe("API errors", () => {
  let engine: Engine;
  beforeAll(async () => void (engine = await createEngine({ threads: 2 })));
  afterAll(() => engine.close());

  it("a tensor of the wrong size names the tensor, the expected and the actual size", () => {
    const params = paperParams(1);
    expect(() => engine.lossAndGradients({ ...params, W: new Float32Array(10) }, paperBatch(5, 2, 1), options)).toThrow(
      /params\.W: expected 160000 values \[400, 400\], got 10/,
    );
    expect(() =>
      engine.lossAndGradients({ ...params, b_o: new Float32Array(3) }, paperBatch(5, 2, 1), options),
    ).toThrow(/params\.W_out: expected 1200 values \[3, 400\], got 6800/);
  });

  it("a batch that does not fit names the field", () => {
    const params = paperParams(1);
    const batch = paperBatch(5, 2, 1);
    expect(() => engine.lossAndGradients(params, { ...batch, T: undefined, B: undefined }, options)).toThrow(
      /batch\.T \/ batch\.B/,
    );
    expect(() => engine.lossAndGradients(params, { ...batch, inputs: batch.inputs.subarray(1) }, options)).toThrow(
      /batch\.inputs: expected 530 values/,
    );
    const labels = batch.labels.slice();
    labels[3] = 17;
    expect(() => engine.lossAndGradients(params, { ...batch, labels }, options)).toThrow(
      /batch\.labels\[3\]: 17 — classes must be in 0…16/,
    );
  });

  it("bad options name the field and what is allowed", () => {
    const params = paperParams(1),
      batch = paperBatch(5, 2, 1);
    expect(() => gridPositions(20, 0)).toThrow(/cols: 0 — must be an integer ≥ 1/);
    expect(() => engine.lossAndGradients(params, batch, { ...options, positions: gridPositions(10, 10) })).toThrow(
      /positions: 100 neurons \(2D\) but nHidden is 400/,
    );
    expect(() => engine.lossAndGradients(params, batch, { ...options, positions: { n: 400 } as never })).toThrow(
      /positions: \{"n":400\} — must be a Positions value/,
    );
    expect(() => engine.lossAndGradients(params, batch, { ...options, lambda: -1 })).toThrow(
      /lambda: -1 — must be a finite number ≥ 0/,
    );
    expect(() => engine.lossAndGradients(params, batch, { ...options, activation: "gelu" as "relu" })).toThrow(
      /activation: "gelu" — allowed: relu, tanh, softplus/,
    );
  });

  it("bad engine options are rejected, and a closed engine refuses work instead of hanging", async () => {
    await expect(createEngine({ threads: 0 })).rejects.toThrow(/threads: 0 — must be an integer from 1 to 256/);
    await expect(createEngine({ build: "fast" as "relaxed" })).rejects.toThrow(/build: "fast" — allowed/);
    const e = await createEngine({ threads: 2 });
    await e.close();
    expect(() => e.lossAndGradients(paperParams(1), paperBatch(5, 2, 1), options)).toThrow(/used after close/);
  });
});
