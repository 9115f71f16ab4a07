// Wilson's interval and Newcombe's interval of a difference, against published values and their defining
// properties (inside [0, 1], containing the estimate, narrowing with more trials).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differenceInterval, wilsonInterval } from "../../src/analysis/proportion-interval.js";

describe("wilsonInterval", () => {
  it("matches published 95 % values", () => {
    // Newcombe (1998), Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const w = wilsonInterval(k, n);
      expect(w.lo, `${k}/${n}`).toBeCloseTo(lo, 4);
      expect(w.hi, `${k}/${n}`).toBeCloseTo(hi, 4);
    }
  });

  it("lies in [0, 1], contains k/n, and narrows with n (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const w = wilsonInterval(k, n);
        expect(w.lo).toBeGreaterThanOrEqual(0);
        expect(w.hi).toBeLessThanOrEqual(1);
        expect(w.lo).toBeLessThanOrEqual(k / n + 1e-12);
        expect(w.hi).toBeGreaterThanOrEqual(k / n - 1e-12);
        const w4 = wilsonInterval(4 * k, 4 * n);
        expect(w4.hi - w4.lo).toBeLessThan(w.hi - w.lo);
      }),
    );
  });

  it("refuses counts that are not a proportion", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/3\/2/);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 10)).toThrow(RangeError);
  });
});

describe("differenceInterval (Newcombe's method 10)", () => {
  it("matches Newcombe (1998), Table II", () => {
    // 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
    ];
    for (const [k1, n1, k2, n2, lo, hi] of cases) {
      const d = differenceInterval(k1, n1, k2, n2);
      expect(d.lo, `${k1}/${n1} − ${k2}/${n2}`).toBeCloseTo(lo, 4);
      expect(d.hi, `${k1}/${n1} − ${k2}/${n2}`).toBeCloseTo(hi, 4);
    }
  });

  it("contains the difference and is antisymmetric (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, f1, f2) => {
          const [k1, k2] = [Math.round(f1 * n1), Math.round(f2 * n2)];
          const d = differenceInterval(k1, n1, k2, n2);
          const r = differenceInterval(k2, n2, k1, n1);
          expect(d.lo).toBeLessThanOrEqual(k1 / n1 - k2 / n2 + 1e-12);
          expect(d.hi).toBeGreaterThanOrEqual(k1 / n1 - k2 / n2 - 1e-12);
          expect(r.lo).toBeCloseTo(-d.hi, 12);
          expect(r.hi).toBeCloseTo(-d.lo, 12);
        },
      ),
    );
  });
});
