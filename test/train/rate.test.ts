// The progress display's rate and ETA: measured over the latest steps with the session's start-up left out, and no
// ETA before 20 steps and 2 seconds of the session.
import { describe, expect, it } from "vitest";
import { ETA_MIN_SECONDS, ETA_MIN_STEPS, RATE_WINDOW, RecentRate } from "../../src/train/rate.js";

describe("RecentRate", () => {
  it("leaves out a slow start-up: 10 s for the first step, then 10 steps/s → 10 it/s, ETA from that", () => {
    const r = new RecentRate();
    r.add(101, 10_000); // a resumed session's first step, after a long start-up
    expect([r.perSecond(), r.eta(1000)]).toEqual([null, null]);
    for (let s = 102; s <= 160; s++) r.add(s, 10_000 + (s - 101) * 100);
    expect(r.perSecond()).toBeCloseTo(10, 10);
    expect(r.eta(1000)).toBeCloseTo((1000 - 160) / 10, 8);
  });

  it("no ETA before 20 steps and 2 seconds of the session", () => {
    const fast = new RecentRate();
    for (let s = 1; s <= 100; s++) fast.add(s, s * 10); // 100 it/s: 100 steps in under a second
    expect(fast.perSecond()).toBeCloseTo(100, 8);
    expect(fast.eta(1000)).toBeNull();
    fast.add(400, 3_000); // ≥ 2 s now
    expect(fast.eta(1000)).not.toBeNull();
    const slow = new RecentRate();
    for (let s = 1; s < ETA_MIN_STEPS; s++) slow.add(s, s * 1000); // 1 it/s: 19 steps in 19 s
    expect(slow.eta(100)).toBeNull();
    slow.add(ETA_MIN_STEPS + 1, (ETA_MIN_STEPS + 1) * 1000);
    expect(slow.eta(100)).toBeCloseTo(100 - ETA_MIN_STEPS - 1, 8);
    expect(ETA_MIN_SECONDS).toBe(2);
  });

  it("follows the recent rate: after a slowdown, the window holds only the slow steps", () => {
    const r = new RecentRate();
    let t = 0;
    for (let s = 1; s <= 1000; s++) r.add(s, (t += 10)); // 100 it/s
    for (let s = 1001; s <= 1000 + RATE_WINDOW; s++) r.add(s, (t += 50)); // 20 it/s
    expect(r.perSecond()).toBeCloseTo(20, 8);
  });
});
