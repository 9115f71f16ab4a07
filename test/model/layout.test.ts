// The one shape table of the parameters (paramShapes) and the one check against it (checkParamShapes, checkParams): what they accept, and errors naming the tensor, its length and the expected shape; the engine, the reference and checkpoints all use them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkParams, checkParamShapes, paramLayout, paramShapes, shapeSize } from "../../src/model/layout.js";
import { referenceForward } from "../../src/model/reference.js";
import { applySwapReference } from "../../src/model/swap-reference.js";
import { PARAM_NAMES, type Dims, type Params } from "../../src/model/types.js";
import { decodeModel, encodeModel } from "../../src/train/checkpoint.js";
import { DEFAULTS } from "../../src/train/config.js";
import type { TrainerSnapshot } from "../../src/train/trainer.js";

const dimsArb = fc.record({
  nInput: fc.integer({ min: 1, max: 9 }),
  nHidden: fc.integer({ min: 1, max: 9 }),
  nOutput: fc.integer({ min: 1, max: 9 }),
});

function zeros(
  d: Dims,
  make: (n: number) => Float32Array | Float64Array = (n) => new Float32Array(n),
): Record<keyof Params, Float32Array | Float64Array> {
  const s = paramShapes(d);
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, make(shapeSize(s[n]))])) as Record<keyof Params, Float32Array>;
}

describe("paramShapes", () => {
  it("gives the PyTorch Linear layouts of the five tensors, and the block layout uses exactly them", () => {
    expect(paramShapes({ nInput: 3, nHidden: 4, nOutput: 2 })).toEqual({
      W_in: [4, 3],
      W: [4, 4],
      b_h: [4],
      W_out: [2, 4],
      b_o: [2],
    });
    fc.assert(
      fc.property(dimsArb, (d) => {
        const s = paramShapes(d),
          l = paramLayout(d);
        for (const n of PARAM_NAMES) {
          expect(l.slots[n].shape).toEqual(s[n]);
          expect(l.slots[n].size).toBe(shapeSize(s[n]));
        }
      }),
    );
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([3, 0])).toBe(0);
  });
});

describe("checkParamShapes and checkParams", () => {
  const d = { nInput: 2, nHidden: 3, nOutput: 2 };

  it("accept parameters of the right sizes, in any array type (checkParams: Float32Array only)", () => {
    expect(() =>
      checkParamShapes(
        zeros(d, (n) => new Float64Array(n)),
        d,
      ),
    ).not.toThrow();
    expect(() => checkParams(zeros(d) as Params, d)).not.toThrow();
  });

  it("name the tensor, the expected size and shape, and what was given, for every tensor", () => {
    const s = paramShapes(d);
    for (const name of PARAM_NAMES) {
      const want = shapeSize(s[name]);
      const bad = { ...zeros(d), [name]: new Float32Array(want + 1) };
      const msg = `params.${name}: expected ${want} values [${s[name].join(", ")}], got ${want + 1}`;
      expect(() => checkParamShapes(bad, d)).toThrow(msg);
      expect(() => checkParams(bad as Params, d, "adam.m")).toThrow(msg.replace("params.", "adam.m."));
      const missing: Partial<Params> = { ...(zeros(d) as Params) };
      delete missing[name];
      expect(() => checkParamShapes(missing, d)).toThrow(
        `params.${name}: expected ${want} values [${s[name].join(", ")}], got nothing`,
      );
    }
  });

  it("checkParams also refuses other array types and unknown tensors", () => {
    const p = zeros(d) as Params;
    expect(() => checkParams({ ...p, b_o: new Float64Array(2) as unknown as Float32Array }, d)).toThrow(
      "params.b_o: expected a Float32Array of 2 values [2], got object",
    );
    expect(() => checkParams({ ...p, bias: new Float32Array(1) } as Params, d)).toThrow(
      'params: unknown tensor "bias"; allowed: W_in, W, b_h, W_out, b_o',
    );
  });

  it("is the check of the reference and the swap reference", () => {
    const p = { ...zeros(d, (n) => new Float64Array(n)), W_out: new Float64Array(5) };
    const batch = { inputs: new Float32Array(2 * 2 * 2), labels: new Int32Array(4) };
    expect(() => referenceForward(p, batch, { ...d, T: 2, B: 2 }, { activation: "relu" })).toThrow(
      "params.W_out: expected 6 values [2, 3], got 5",
    );
    expect(() => applySwapReference({ ...p, W_out: new Float64Array(6), W: new Float64Array(8) }, 0, 1)).toThrow(
      "params.W: expected 9 values [3, 3], got 8",
    );
  });

  it("gives the tensor shapes of checkpoints", () => {
    const config = {
      ...DEFAULTS,
      geometry: { kind: "grid" as const, rows: 1, cols: 3 },
      swap: { ...DEFAULTS.swap, topK: 2 },
    };
    const params = zeros(d) as Params;
    const snapshot = {
      step: 0,
      params,
      m: params,
      v: params,
      adamSteps: 0,
      perm: Int32Array.from([0, 1, 2]),
      stream: { elements: [] },
    } as unknown as TrainerSnapshot;
    const bytes = encodeModel(config, snapshot, d.nInput, d.nOutput);
    const m = decodeModel(bytes, "test");
    for (const name of PARAM_NAMES) expect(m.tensors[name].shape).toEqual(paramShapes(d)[name]);
  });
});
