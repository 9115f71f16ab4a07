// Task variance, important neurons and max-normalisation (docs/spec.md §4.3, §6.11–§6.12) on hand-built hidden tensors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importantNeurons, maxNormalize, taskVariance } from "../../src/analysis/task-variance.js";

/** A [T, B, n] tensor from values[t][b][i]. */
function tensor(values: number[][][]): Float32Array {
  return Float32Array.from(values.flat(2));
}

describe("taskVariance", () => {
  // T 4, B 4, n 3. Neuron 0 across trials: step 0 [100, −100, 5, 7] (var 5009.5), step 1 constant (0),
  // step 2 [1, −1, 1, −1] (1), step 3 [0, 2, 4, 6] (5). Neuron 1 changes over time but equally in every trial (0).
  // Neuron 2 differs between trials only at step 0: [4, 0, 0, 0] (var 3).
  const h = tensor([
    [
      [100, 0, 4],
      [-100, 0, 0],
      [5, 0, 0],
      [7, 0, 0],
    ],
    [
      [3, 1, 0],
      [3, 1, 0],
      [3, 1, 0],
      [3, 1, 0],
    ],
    [
      [1, 2, 0],
      [-1, 2, 0],
      [1, 2, 0],
      [-1, 2, 0],
    ],
    [
      [0, 3, 0],
      [2, 3, 0],
      [4, 3, 0],
      [6, 3, 0],
    ],
  ]);

  it("is the variance across trials at each step (÷ B), averaged over the steps from fromStep on", () => {
    expect(Array.from(taskVariance(h, 4, 4, 3, 1))).toEqual([(0 + 1 + 5) / 3, 0, 0]);
    expect(Array.from(taskVariance(h, 4, 4, 3, 3))).toEqual([5, 0, 0]);
    const all = taskVariance(h, 4, 4, 3, 0);
    expect(all[0]).toBeCloseTo((5009.5 + 0 + 1 + 5) / 4, 12);
    expect(all[1]).toBe(0);
    expect(all[2]).toBeCloseTo(3 / 4, 12);
  });

  it("no steps left → zeros; wrong sizes and bad fromStep throw", () => {
    expect(Array.from(taskVariance(h, 4, 4, 3, 4))).toEqual([0, 0, 0]);
    expect(() => taskVariance(h, 4, 4, 4, 0)).toThrow(/T·B·n/);
    expect(() => taskVariance(h, 4, 4, 3, -1)).toThrow(/fromStep/);
  });

  it("keeps small variances on a large common offset (float64 accumulation)", () => {
    // 4096 + {0, 0.5}: exact in float32; the variance 1/16 must survive the offset.
    const big = tensor([
      [[4096], [4096.5]],
      [[4096.5], [4096]],
    ]);
    expect(taskVariance(big, 2, 2, 1, 0)[0]).toBe(1 / 16);
  });

  it("property: ≥ 0, unchanged by reordering trials and by adding a per-step constant to every trial", () => {
    const arb = fc
      .record({
        T: fc.integer({ min: 1, max: 5 }),
        B: fc.integer({ min: 1, max: 5 }),
        n: fc.integer({ min: 1, max: 4 }),
      })
      .chain(({ T, B, n }) =>
        fc.record({
          T: fc.constant(T),
          B: fc.constant(B),
          n: fc.constant(n),
          values: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: T * B * n, maxLength: T * B * n }),
          offsets: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: T * n, maxLength: T * n }),
          from: fc.integer({ min: 0, max: T }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ T, B, n, values, offsets, from }) => {
        const hid = Float32Array.from(values);
        const tv = taskVariance(hid, T, B, n, from);
        const reversed = new Float32Array(hid.length);
        const shifted = new Float32Array(hid.length);
        for (let t = 0; t < T; t++) {
          for (let b = 0; b < B; b++) {
            for (let i = 0; i < n; i++) {
              reversed[(t * B + (B - 1 - b)) * n + i] = hid[(t * B + b) * n + i];
              shifted[(t * B + b) * n + i] = hid[(t * B + b) * n + i] + offsets[t * n + i];
            }
          }
        }
        const tvR = taskVariance(reversed, T, B, n, from);
        const tvS = taskVariance(shifted, T, B, n, from);
        for (let i = 0; i < n; i++) {
          expect(tv[i]).toBeGreaterThanOrEqual(0);
          expect(tvR[i]).toBeCloseTo(tv[i], 9);
          expect(tvS[i]).toBeCloseTo(tv[i], 9);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe("importantNeurons and maxNormalize", () => {
  const tv = [
    Float64Array.from([0.2, 0.0005, 0, 0.0004]),
    Float64Array.from([0.4, 0.0005, 0, 0.0004]),
    Float64Array.from([0.1, 0, 0, 0.0004]),
  ];

  it("important = Σ over tasks > threshold, strictly, in ascending cell order", () => {
    // neuron 1 sums to exactly 1e-3 (2 × fl(0.0005) = fl(0.001)) → not important; neuron 3 sums to 1.2e-3 → important
    expect(importantNeurons(tv)).toEqual([0, 3]);
    expect(importantNeurons(tv, 0.5)).toEqual([0]);
    expect(importantNeurons(tv, 0)).toEqual([0, 1, 3]);
    expect(importantNeurons([])).toEqual([]);
  });

  it("max-normalisation: rows = important neurons, columns = tasks, each row divided by its maximum", () => {
    const rows = maxNormalize(tv, [0, 3]);
    expect(rows.length).toBe(2);
    expect(rows[0][0]).toBeCloseTo(0.5, 15);
    expect(rows[0][1]).toBe(1);
    expect(rows[0][2]).toBeCloseTo(0.25, 15);
    expect(rows[1]).toEqual([1, 1, 1]);
    expect(maxNormalize(tv, [])).toEqual([]);
  });
});
