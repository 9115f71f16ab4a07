// The "neurogym" stream mode (docs/spec.md §2.5, §6.8 option): per-element caches of cacheLen steps, regenerated when the
// next window would reach the cache end, so windows restart at a fresh trial.
import { describe, expect, it } from "vitest";
import { neurogymCacheLength, TrainingStream, type Trial } from "../../src/tasks/generate.js";
import { loadSuite } from "../../src/tasks/registry.js";

const Y = loadSuite("yang20");

describe("neurogym stream mode", () => {
  it("cache length follows neurogym's formula (docs/spec.md §2.5: 500 at B 4, 200 at B 16; Mod-Cog README: 350)", () => {
    expect(neurogymCacheLength(53, 4, 100)).toBe(500);
    expect(neurogymCacheLength(53, 16, 100)).toBe(200);
    expect(neurogymCacheLength(115, 4, 350)).toBe(350);
  });

  it("at B 16 every window after the first starts a new cache; the old cache's rest is generated and dropped", () => {
    const B = 16;
    const T = 100;
    let started: Trial[][] = Array.from({ length: B }, () => []);
    const s = new TrainingStream(Y, B, 3, { mode: "neurogym", onTrial: (tr, _m, b) => started[b].push(tr) });
    s.next(T);
    for (let w = 0; w < 4; w++) {
      started = Array.from({ length: B }, () => []);
      const win = s.next(T);
      for (let b = 0; b < B; b++) {
        // The window is a concatenation of trials started during this call, from the start of one of them (the
        // new cache's first); the ones before it were generated only to fill the old cache.
        const trs = started[b];
        const rows = (tr: Trial[]) => tr.flatMap((x) => Array.from(x.inputs));
        const got = Array.from({ length: T }, (_, t) =>
          Array.from(win.inputs.subarray((t * B + b) * 53, (t * B + b + 1) * 53)),
        ).flat();
        const j = trs.findIndex((_, k) => {
          const f = rows(trs.slice(k));
          return f.length >= got.length && got.every((v, i) => v === f[i]);
        });
        expect(j).toBeGreaterThan(0);
      }
    }
  });

  it("at B 4 a cache serves 4 windows (continuous inside it), and state()/restore() works mid-cache", () => {
    const cont = new TrainingStream(Y, 4, 8);
    const ng = new TrainingStream(Y, 4, 8, { mode: "neurogym" });
    for (let i = 0; i < 4; i++) expect(ng.next(100).inputs).toEqual(cont.next(100).inputs);
    expect(ng.next(100).inputs).not.toEqual(cont.next(100).inputs);
    ng.next(100);
    const saved = JSON.parse(JSON.stringify(ng.state()));
    const want = [ng.next(100), ng.next(100), ng.next(100)];
    const back = new TrainingStream(Y, 4, 1, { mode: "neurogym" });
    back.restore(saved);
    for (const w of want) expect(back.next(100).inputs).toEqual(w.inputs);
    expect(() => new TrainingStream(Y, 4, 1).restore(saved)).toThrow(/neurogym/);
  });
});
