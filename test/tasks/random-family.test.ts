// Pins the generators and seed mixers gathered in src/tasks/rng.ts to the sequences they gave before the move (committed models and results depend on them), and checks the stream ids cannot collide.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fmix32, fnv1a32, lowbias32, mulberry32, noiseSeeds, Rng, splitmix32, STREAMS } from "../../src/tasks/rng.js";
import { initParams } from "../../src/train/init.js";

// The values below were printed by the implementations before they moved here (mulberry32 from src/model/synthetic.ts,
// noiseSeeds from src/engine/network.ts, the murmur finaliser from src/analysis/shuffle-engine.ts and
// test/helpers/kernel-reference.ts, the stream ids from trainer.ts, init.ts, kmeans.ts).
describe("the sequences are unchanged", () => {
  it("mulberry32", () => {
    const r = mulberry32(12345);
    expect([r(), r(), r()]).toEqual([0.9797282677609473, 0.3067522644996643, 0.484205421525985]);
    const n = mulberry32(-7);
    expect([n(), n()]).toEqual([0.43306733411736786, 0.32539576734416187]);
  });

  it("noiseSeeds", () => {
    expect([0, 1, -1, 42, 2 ** 31 - 1, 123456789].map(noiseSeeds)).toEqual([
      [556574340, -545873138],
      [1641035633, 1428233258],
      [1422354053, 323050579],
      [-1408581139, 982187001],
      [1213994759, 1960490577],
      [-1110707567, -175433019],
    ]);
  });

  it("fmix32 (murmur3's finaliser)", () => {
    expect([0, 1, 0xdeadbeef, 0x80000000].map(fmix32)).toEqual([0, 1364076727, 233162409, 1832674720]);
  });

  it("the per-step noise seed, the k-means stream and the initial parameters", () => {
    expect(new Rng(42, STREAMS.noise + 3).nextU32() | 0).toBe(-759105213);
    expect(new Rng(5, STREAMS.kmeans + 4).nextU32()).toBe(2402964772);
    expect(Array.from(initParams({ nInput: 3, nHidden: 4, nOutput: 2 }, 9).W_in.slice(0, 3))).toEqual([
      0.09274511784315109, -0.3362251818180084, 0.533333957195282,
    ]);
  });

  it("fnv1a32 gives the published FNV-1a test vectors", () => {
    expect(["", "a", "foobar"].map(fnv1a32)).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  });
});

describe("the mixers", () => {
  it("return 32-bit words: splitmix32 and fmix32 unsigned, lowbias32 signed; noiseSeeds uses the integer part", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (x, frac) => {
          for (const f of [splitmix32, fmix32]) {
            const y = f(x);
            expect(Number.isInteger(y) && y >= 0 && y < 2 ** 32).toBe(true);
          }
          const z = lowbias32(x);
          expect(z).toBe(z | 0);
          expect(noiseSeeds(Math.floor(x) + frac)).toEqual(noiseSeeds(Math.floor(x)));
        },
      ),
    );
  });

  it("fmix32 is a bijection (no two of 2¹⁶ consecutive inputs collide) and mulberry32 stays in [0, 1)", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1 << 16; i++) seen.add(fmix32(0x12340000 + i));
    expect(seen.size).toBe(1 << 16);
    const r = mulberry32(3);
    for (let i = 0; i < 10_000; i++) {
      const u = r();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});

describe("STREAMS", () => {
  it("keeps every stream's range apart from the training streams 0…B−1 and from each other", () => {
    // [first, last] of each family: a base plus its documented offsets (B ≤ 2²⁰, steps ≤ 2³², k ≤ 2¹⁰).
    const ranges: [string, number, number][] = [
      ["training", 0, 2 ** 20],
      ["init", STREAMS.init, STREAMS.init],
      ["noise", STREAMS.noise, STREAMS.noise + 2 ** 32],
      ["evaluation", STREAMS.evaluation, STREAMS.evaluation + 2 ** 32 - 1],
      ["modcogFrozen", STREAMS.modcogFrozen, STREAMS.modcogFrozen],
      ["kmeans", STREAMS.kmeans, STREAMS.kmeans + 2 ** 10],
      ["shuffle", STREAMS.shuffle, STREAMS.shuffle],
      ["validation", STREAMS.validation, STREAMS.validation],
      ["pool", STREAMS.pool, STREAMS.pool + 2 ** 32 - 1],
      ["dale", STREAMS.dale, STREAMS.dale],
      ["graph", STREAMS.graph, STREAMS.graph + 1],
    ];
    expect(ranges.length - 1).toBe(Object.keys(STREAMS).length);
    for (const [a, a0, a1] of ranges) {
      expect(Number.isSafeInteger(a1), a).toBe(true);
      for (const [b, b0, b1] of ranges) if (a !== b) expect(a1 < b0 || b1 < a0, `${a} and ${b} overlap`).toBe(true);
    }
  });
});
