// The `coordinates` tensor of model files is [n, d] from the geometry's Positions (grid: unchanged; line: [n, 1];
// points: their d), and files written before that (a line's [n, 2] with a zero column) still load.
import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.js";
import { PARAM_NAMES, type Params } from "../../src/model/types.js";
import { decodeModel, encodeCheckpoint, encodeModel } from "../../src/train/checkpoint.js";
import { paramShapes } from "../../src/model/layout.js";
import { PRESETS, type Geometry, type TrainConfig } from "../../src/train/config.js";
import type { TrainerSnapshot } from "../../src/train/trainer.js";

const nu = 36,
  no = 17;
function snapshot(nh: number): TrainerSnapshot {
  const shapes = paramShapes({ nInput: nu, nHidden: nh, nOutput: no });
  const p = () =>
    Object.fromEntries(
      PARAM_NAMES.map((k) => [
        k,
        Float32Array.from({ length: shapes[k].reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)),
      ]),
    ) as unknown as Params;
  return {
    step: 5,
    params: p(),
    m: p(),
    v: p(),
    adamSteps: 5,
    perm: Int32Array.from({ length: nh }, (_, i) => nh - 1 - i),
    stream: { elements: [] } as never,
  };
}
const configOf = (geometry: Geometry): TrainConfig => ({
  ...PRESETS.quick,
  tasks: ["go", "dm1", "dms"],
  geometry,
  swap: { ...PRESETS.quick.swap, topK: 3 },
});

describe("coordinates tensor", () => {
  it("grid [n, 2] (row/rows, col/cols); line [n, 1] (i/n); points [n, d] (as given)", () => {
    const cases: [Geometry, number[], number[]][] = [
      [{ kind: "grid", rows: 2, cols: 3 }, [6, 2], [0, 0, 0, 1 / 3, 0, 2 / 3, 0.5, 0, 0.5, 1 / 3, 0.5, 2 / 3]],
      [{ kind: "line", n: 4 }, [4, 1], [0, 0.25, 0.5, 0.75]],
      [
        { kind: "points", d: 3, coords: [0, 0, 0, 1, 2, 3, -1, 0.5, 2], metric: "l1" },
        [3, 3],
        [0, 0, 0, 1, 2, 3, -1, 0.5, 2],
      ],
    ];
    for (const [g, shape, values] of cases) {
      const config = configOf(g);
      for (const bytes of [
        encodeModel(config, snapshot(shape[0]), nu, no),
        encodeCheckpoint(config, snapshot(shape[0]), nu, no),
      ]) {
        const t = decodeSafetensors(bytes).tensors.coordinates;
        expect(t.dtype).toBe("F32");
        expect(t.shape).toEqual(shape);
        expect(Array.from(t.data as Float32Array)).toEqual(Array.from(Float32Array.from(values)));
        const m = decodeModel(bytes, "m");
        expect(m.config.geometry).toEqual(g);
        expect(Array.from(m.perm)).toEqual(Array.from(snapshot(shape[0]).perm));
      }
    }
  });

  it("a line model written with the old [n, 2] coordinates still loads, with the same weights", () => {
    const config = configOf({ kind: "line", n: 4 });
    const s = snapshot(4);
    const { tensors, metadata } = decodeSafetensors(encodeModel(config, s, nu, no));
    const old = encodeSafetensors(
      {
        ...tensors,
        coordinates: { dtype: "F32", shape: [4, 2], data: Float32Array.of(0, 0, 0.25, 0, 0.5, 0, 0.75, 0) },
      },
      metadata,
    );
    const m = decodeModel(old, "old");
    expect(m.tensors.coordinates.shape).toEqual([4, 2]);
    expect(m.config.geometry).toEqual({ kind: "line", n: 4 });
    for (const k of PARAM_NAMES) expect(Array.from(m.params[k])).toEqual(Array.from(s.params[k]));
  });
});
