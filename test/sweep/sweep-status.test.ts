// Sweep run states: lock files round-trip, a lock is live by pid on this host and by heartbeat elsewhere, and each
// combination of folder facts maps to done, running, stopped or not started.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatRunLock,
  lockIsLive,
  parseRunLock,
  runState,
  STALE_LOCK_MS,
  type RunLock,
} from "../../src/sweep/status.js";

const lock: RunLock = { pid: 4242, host: "node7", started: 1_000, heartbeat: 2_000 };

describe("sweep run status", () => {
  it("a lock survives formatRunLock → parseRunLock; anything else parses to null", () => {
    fc.assert(
      fc.property(
        fc.record({
          pid: fc.integer({ min: 1, max: 2 ** 22 }),
          host: fc.string(),
          started: fc.integer({ min: 0 }),
          heartbeat: fc.integer({ min: 0 }),
        }),
        (l) => {
          expect(parseRunLock(formatRunLock(l))).toEqual(l);
        },
      ),
    );
    for (const bad of ["", "{", "null", "[]", '{"pid":0,"host":"a","started":1,"heartbeat":1}', '{"pid":3,"host":1}'])
      expect(parseRunLock(bad), bad).toBeNull();
    expect(parseRunLock(formatRunLock(lock).slice(0, 20))).toBeNull(); // a torn write
  });

  it("on this host a lock lives while its pid does; on another host while its heartbeat is fresh", () => {
    expect(lockIsLive(lock, 1e9, "node7", (pid) => pid === 4242)).toBe(true);
    expect(lockIsLive(lock, 2_001, "node7", () => false)).toBe(false);
    expect(lockIsLive(lock, 2_000 + STALE_LOCK_MS - 1, "node8", () => false)).toBe(true);
    expect(lockIsLive(lock, 2_000 + STALE_LOCK_MS, "node8", () => true)).toBe(false);
  });

  it("done beats everything; a live lock is running; a checkpoint or a dead lock is stopped; else not started", () => {
    const b = [false, true];
    const seen = new Set<string>();
    for (const analysed of b)
      for (const checkpoint of b)
        for (const locked of b)
          for (const live of b) {
            const s = runState({ analysed, checkpoint, locked, live });
            seen.add(s);
            const want = analysed
              ? "done"
              : locked && live
                ? "running"
                : checkpoint || locked
                  ? "stopped"
                  : "not started";
            expect(s, JSON.stringify({ analysed, checkpoint, locked, live })).toBe(want);
          }
    expect([...seen].sort()).toEqual(["done", "not started", "running", "stopped"]);
  });
});
