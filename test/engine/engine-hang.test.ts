// A pool thread that dies must end the work with an error, never a hang: between jobs (its exit event is seen) and
// in the middle of a job (nobody reports; the barrier and the dispatcher give up after the hang limit).
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { paperBatch, paperParams } from "../../src/model/synthetic.js";
import { gridPositions } from "../../src/model/geometry.js";

const spec = { nInput: 53, nHidden: 400, nOutput: 17, positions: gridPositions(20, 20), activation: "relu" as const };
const opts = { lambda: 1e-5, A: 1, noiseStd: 0.07, seed: 1 };
type Killable = { threads: { terminate(): Promise<number> }[] };

describe("a dead pool thread", () => {
  it("found between jobs: the next call fails with the thread's exit", async () => {
    const engine = await createEngine({ threads: 2, hangTimeoutMs: 2000 });
    const net = engine.network(spec);
    net.setParams(paperParams(1));
    net.lossAndGradients(paperBatch(10, 4, 1), opts);
    await (engine.pool as unknown as Killable).threads[0].terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(() => net.lossAndGradients(paperBatch(10, 4, 1), opts)).toThrow(/pool thread/);
    await engine.close();
  });

  it("dying unseen before a job (no event loop turn): the job fails after the hang limit instead of hanging", async () => {
    const engine = await createEngine({ threads: 2, hangTimeoutMs: 1000 });
    const net = engine.network(spec);
    net.setParams(paperParams(1));
    net.lossAndGradients(paperBatch(10, 4, 1), opts);
    void (engine.pool as unknown as Killable).threads[0].terminate();
    const until = performance.now() + 300;
    while (performance.now() < until); // let the thread die without giving this thread's event loop a turn
    const t0 = performance.now();
    expect(() => net.lossAndGradients(paperBatch(100, 16, 1), opts)).toThrow(/stopped responding/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(() => net.lossAndGradients(paperBatch(10, 4, 1), opts)).toThrow(/failed earlier|stopped responding/);
    await engine.close();
  });

  it("refuses a bad hang limit", async () => {
    await expect(createEngine({ threads: 1, hangTimeoutMs: -1 })).rejects.toThrow(/hangTimeoutMs: -1/);
  });
});
