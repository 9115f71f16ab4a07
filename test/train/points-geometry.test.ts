// End to end with a user-supplied geometry: a BIMT run on a jittered 3D layout of 48 points (a config file's
// {"kind":"points"}) trains through runTraining, swaps neurons, lowers ℓ_cc, writes a model file whose coordinates
// tensor is [48, 3], and analyzeModel on the reloaded file gives finite anatomy metrics.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeModel } from "../../src/analysis/analyze.js";
import { createEngine, type Engine } from "../../src/index.js";
import { distanceMatrix, positionsOf } from "../../src/model/geometry.js";
import { Rng } from "../../src/tasks/rng.js";
import { decodeCheckpoint, decodeModel } from "../../src/train/checkpoint.js";
import { resolveConfig, validateConfig } from "../../src/train/config-schema.js";
import { FILES, runTraining, type MetricsLine } from "../../src/train/run.js";

/** A 4×4×3 lattice with spacing 1, every point moved by up to ±0.2 per axis (seeded). */
function jittered3d(seed: number): number[] {
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let x = 0; x < 4; x++)
    for (let y = 0; y < 4; y++)
      for (let z = 0; z < 3; z++)
        out.push(x + 0.4 * (rng.uniform() - 0.5), y + 0.4 * (rng.uniform() - 0.5), z + 0.4 * (rng.uniform() - 0.5));
  return out;
}

describe("a user-supplied 3D geometry, end to end", () => {
  let engine: Engine;
  beforeAll(async () => void (engine = await createEngine({ threads: 2 })));
  afterAll(() => engine.close());

  it("trains with swaps and falling ℓ_cc, saves, reloads and analyses", async () => {
    const coords = jittered3d(7);
    const config = resolveConfig({
      preset: "quick",
      file: {
        tasks: ["go", "anti", "dm1"],
        geometry: { kind: "points", d: 3, coords, metric: "euclidean" },
        steps: 300,
        lambda: 1e-3,
        seed: 3,
        swap: { every: 50, topK: 12 },
        eval: { every: 300, trials: 16 },
        log: { every: 10 },
        checkpoint: { every: 100 },
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-points-"));
    await runTraining({ dir, config, engine, signals: false });

    // config.json holds the geometry as given
    const saved = validateConfig(JSON.parse(fs.readFileSync(path.join(dir, FILES.config), "utf8")));
    expect(saved.geometry).toEqual({ kind: "points", d: 3, coords, metric: "euclidean" });

    const lines: MetricsLine[] = fs
      .readFileSync(path.join(dir, FILES.metrics), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const swaps = lines.reduce((a, l) => a + l.swaps, 0);
    expect(swaps).toBeGreaterThan(0);
    const first = lines[0].connectionCost,
      last = lines[lines.length - 1].connectionCost;
    expect(last).toBeLessThan(0.9 * first);

    const model = decodeModel(fs.readFileSync(path.join(dir, FILES.model)), "model");
    expect(model.step).toBe(300);
    expect(model.config.geometry).toEqual(config.geometry);
    const t = model.tensors.coordinates;
    expect(t.shape).toEqual([48, 3]);
    expect(Array.from(t.data as Float32Array)).toEqual(Array.from(Float32Array.from(coords)));
    // the permutation moved neurons away from the identity: swaps are in the file
    expect(Array.from(model.perm).some((v, i) => v !== i)).toBe(true);
    expect(decodeCheckpoint(fs.readFileSync(path.join(dir, FILES.checkpoint)), "checkpoint").snapshot.step).toBe(300);

    const a = analyzeModel(engine, model, { tvTrials: 32, evalTrials: 16, shuffles: 300 });
    expect(a.run.geometry).toBe("48 points in 3D (euclidean)");
    expect(a.run.nHidden).toBe(48);
    expect(a.important.length).toBeGreaterThan(0);
    for (const b of [a.metrics.isolatedFraction, a.metrics.clusterSpread]) {
      for (const v of [b.observed, b.mean, b.std, b.z, b.p]) expect(Number.isFinite(v)).toBe(true);
      expect(b.shuffles).toBe(300);
    }
    expect(a.metrics.isolatedFraction.observed).toBeGreaterThanOrEqual(0);
    expect(a.metrics.isolatedFraction.observed).toBeLessThanOrEqual(1);
    expect(a.metrics.clusterSpread.observed).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(a.connections.wiringLength)).toBe(true);
    // wiring is measured with the points' Euclidean distances
    const D = distanceMatrix(positionsOf(config.geometry));
    let wl = 0;
    model.params.W.forEach((w, e) => Math.abs(w) > 1e-2 && (wl += D[e]));
    expect(a.connections.wiringLength).toBeCloseTo(wl, 6);
  }, 300_000);
});
