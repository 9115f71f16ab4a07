// The fixed trial pool (docs/spec.md §6.8 option): every trial a stream starts is one of `pool` pre-drawn trials of its
// task, the same bits wherever and whenever it is drawn, so a run sees at most pool × tasks distinct trials.
import { describe, expect, it } from "vitest";
import { MAX_TRIAL_POOL, pooledTrial, TrainingStream, type Trial } from "../../src/tasks/generate.js";
import { loadSuite } from "../../src/tasks/registry.js";

const Y = loadSuite("yang20");
const key = (tr: Trial) => `${tr.taskIndex}:${tr.T}:${Array.from(tr.inputs).join(",")}`;

describe("trial pool", () => {
  it("every started trial equals a pooled trial of its task, and a pool of 3 gives at most 3 distinct trials per task", () => {
    const pool = 3;
    const seen = new Map<number, Set<string>>();
    const started: Trial[] = [];
    const s = new TrainingStream(Y, 4, 7, { pool, onTrial: (tr) => started.push(tr) });
    for (let w = 0; w < 60; w++) s.next(100);
    const members = Y.tasks.map((_, t) => Array.from({ length: pool }, (_, i) => key(pooledTrial(Y, t, i, 7, true))));
    for (const tr of started) {
      expect(members[tr.taskIndex]).toContain(key(tr));
      if (!seen.has(tr.taskIndex)) seen.set(tr.taskIndex, new Set());
      seen.get(tr.taskIndex)!.add(key(tr));
    }
    expect(started.length).toBeGreaterThan(100);
    for (const s of seen.values()) expect(s.size).toBeLessThanOrEqual(pool);
    // With 3 per task and > 100 draws, some task must have been drawn with two different members.
    expect([...seen.values()].some((s) => s.size > 1)).toBe(true);
  });

  it("pooled trials keep their input noise frozen, differ between members, and the pool depends on the seed", () => {
    const a = pooledTrial(Y, 0, 5, 1, true);
    expect(pooledTrial(Y, 0, 5, 1, true).inputs).toEqual(a.inputs);
    expect(key(pooledTrial(Y, 0, 6, 1, true))).not.toBe(key(a));
    expect(key(pooledTrial(Y, 0, 5, 2, true))).not.toBe(key(a));
  });

  it("a fresh-trial stream is unchanged by the option's existence (pool 0 = no option)", () => {
    const a = new TrainingStream(Y, 3, 11);
    const b = new TrainingStream(Y, 3, 11, { pool: 0 });
    for (let w = 0; w < 5; w++) expect(b.next(50).inputs).toEqual(a.next(50).inputs);
    expect(a.state()).toEqual(b.state());
    expect("pool" in a.state()).toBe(false);
  });

  it("a restored pool stream continues bit-identically, and a state of another pool size is refused", () => {
    const a = new TrainingStream(Y, 5, 3, { pool: 10 });
    for (let w = 0; w < 7; w++) a.next(100);
    const st = JSON.parse(JSON.stringify(a.state()));
    const b = new TrainingStream(Y, 5, 3, { pool: 10 });
    b.restore(st);
    for (let w = 0; w < 6; w++) {
      const x = a.next(100);
      const y = b.next(100);
      expect(y.inputs).toEqual(x.inputs);
      expect(y.labels).toEqual(x.labels);
    }
    expect(() => new TrainingStream(Y, 5, 3, { pool: 11 }).restore(st)).toThrow(/pool 10.*pool 11/);
    expect(() => new TrainingStream(Y, 5, 3).restore(st)).toThrow(/pool 10.*pool 0/);
  });

  it("refuses a pool that is negative, fractional or above the limit", () => {
    for (const pool of [-1, 1.5, MAX_TRIAL_POOL + 1])
      expect(() => new TrainingStream(Y, 2, 0, { pool })).toThrow(/trial pool .* must be an integer from 0 to 1048576/);
  });
});
