// paretoFront: a hand example, and against the definition on random point sets (nothing on the front is
// dominated; everything off it is dominated by a point on it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paretoFront } from "../../src/viz/pareto-figures.js";

type P = { x: number; error: number };
const dominates = (q: P, p: P) => q.x <= p.x && q.error <= p.error && (q.x < p.x || q.error < p.error);

describe("paretoFront", () => {
  it("keeps exactly the non-dominated points of a hand example, sorted by x", () => {
    const pts = [
      { x: 3, error: 0.3 }, // dominated by (2, 0.2)
      { x: 1, error: 0.5 },
      { x: 2, error: 0.2 },
      { x: 4, error: 0.1 },
      { x: 2, error: 0.4 }, // dominated by (2, 0.2): same x, larger error
      { x: 5, error: 0.1 }, // dominated by (4, 0.1): same error, larger x
      { x: 6, error: 0.05 },
    ];
    expect(paretoFront(pts)).toEqual([
      { x: 1, error: 0.5 },
      { x: 2, error: 0.2 },
      { x: 4, error: 0.1 },
      { x: 6, error: 0.05 },
    ]);
    expect(paretoFront([])).toEqual([]);
    expect(
      paretoFront([
        { x: 1, error: 0.2 },
        { x: 1, error: 0.2 },
      ]),
    ).toHaveLength(2); // equal points dominate neither
    expect(
      paretoFront([
        { x: NaN, error: 0 },
        { x: 1, error: 0.3 },
      ]),
    ).toEqual([{ x: 1, error: 0.3 }]);
  });

  it("agrees with the definition on random sets", () => {
    const point = fc.record({
      x: fc.integer({ min: 0, max: 8 }),
      error: fc.integer({ min: 0, max: 8 }).map((e) => e / 8),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 25 }), (pts) => {
        const front = paretoFront(pts);
        const expected = pts.filter((p) => !pts.some((q) => dominates(q, p)));
        expect(front.length).toBe(expected.length);
        for (const p of front) expect(expected).toContain(p);
        for (let i = 1; i < front.length; i++) expect(front[i].x).toBeGreaterThanOrEqual(front[i - 1].x);
      }),
    );
  });
});
