// seRNN's maze (src/tasks/sernn-maze.ts) and the task-layout features it uses: channel stimuli, steps without a
// target, a suite of 8 task channels without rule units, a single-task stream; and the sernn preset's parts.
import { describe, expect, it } from "vitest";
import { MAZES, SERNN_MAZE, sernnMazeSuite } from "../../src/tasks/sernn-maze.js";
import { loadSuite } from "../../src/tasks/registry.js";
import { sampleTrial, TrainingStream } from "../../src/tasks/generate.js";
import { defineSuite } from "../../src/tasks/custom.js";
import { Rng } from "../../src/tasks/rng.js";
import { TaskSpecError } from "../../src/tasks/validate.js";
import { orthogonalInit } from "../../src/model/init.js";
import { PRESETS } from "../../src/train/config.js";
import { validateConfig } from "../../src/train/config-schema.js";

describe("seRNN's maze", () => {
  const suite = loadSuite("sernn-maze");

  it("8 inputs, 4 classes, no rule units; 50 steps: goal 20, delay 10, choices 20; the answer only at the last step", () => {
    expect(suite).toMatchObject({ name: "sernn-maze", nTaskChannels: 8, nInput: 8, nOutput: 4, ruleInputs: false });
    const seen = new Set<string>();
    const rng = new Rng(3, 1);
    for (let k = 0; k < 200; k++) {
      const tr = sampleTrial(suite, 0, rng, { noise: false });
      expect(tr.T).toBe(50);
      expect(Array.from(tr.labels.subarray(0, 49)).every((l) => l === -1)).toBe(true);
      const row = (t: number) => Array.from(tr.inputs.subarray(t * 8, t * 8 + 8));
      const goal = row(0).slice(0, 4).indexOf(1);
      const choices = row(49)
        .slice(4)
        .flatMap((v, d) => (v === 1 ? ["lurd"[d]] : []))
        .join("");
      for (let t = 0; t < 20; t++) expect(row(t)).toEqual(row(0));
      for (let t = 20; t < 30; t++) expect(row(t).every((v) => v === 0)).toBe(true);
      for (let t = 30; t < 50; t++) expect(row(t)).toEqual(row(49));
      expect(
        row(0)
          .slice(4)
          .every((v) => v === 0),
      ).toBe(true);
      const sorted = (x: string) => [...x].sort().join("");
      const maze = MAZES.find((m) => [7, 9, 17, 19][goal] === m.goal && sorted(m.choices) === sorted(choices));
      expect(maze).toBeDefined();
      expect(tr.labels[49]).toBe("lurd".indexOf(maze!.answer));
      seen.add(`${maze!.goal}${maze!.choices}`);
    }
    expect(seen.size).toBe(8);
  });

  it("input noise σ 0.05 on every channel and step when on", () => {
    const tr = sampleTrial(suite, 0, new Rng(1, 2), { noise: true });
    const clean = sampleTrial(suite, 0, new Rng(1, 2), { noise: false });
    const d = Array.from(tr.inputs, (v, i) => v - clean.inputs[i]);
    const sd = Math.sqrt(d.reduce((a, x) => a + x * x, 0) / d.length);
    expect(d.every((x) => x !== 0)).toBe(true);
    expect(sd).toBeGreaterThan(0.04);
    expect(sd).toBeLessThan(0.06);
  });

  it("a single-task stream: every window of 50 is one whole trial", () => {
    const s = new TrainingStream(suite, 4, 0, { noise: false });
    for (let w = 0; w < 5; w++) {
      const b = s.next(50);
      for (let e = 0; e < 4; e++) {
        for (let t = 0; t < 49; t++) expect(b.labels[t * 4 + e]).toBe(-1);
        expect(b.labels[49 * 4 + e]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("layout checks: channels out of range, ring stimuli in a small layout, a non-boolean unlabelled", () => {
    const bad = (over: object) => ({ ...SERNN_MAZE, ...over });
    expect(() =>
      defineSuite(
        "x",
        [
          bad({
            draw: () => ({ stimuli: [], channels: [{ period: "goal", channel: 8, value: 1 }], target: 0, modality: 0 }),
          }),
        ],
        {
          nOutput: 4,
          taskChannels: 8,
          ruleInputs: false,
        },
      ),
    ).toThrow(/channels\[0\]\.channel.*allowed: an integer from 0 to 7/);
    expect(() =>
      defineSuite(
        "x",
        [
          bad({
            draw: () => ({ stimuli: [{ period: "goal", ring: 0, pos: 1, strength: 1 }], target: 0, modality: 0 }),
          }),
        ],
        {
          nOutput: 4,
          taskChannels: 8,
          ruleInputs: false,
        },
      ),
    ).toThrow(/stimuli.*rings need 33/);
    expect(() =>
      defineSuite("x", [bad({ unlabelled: "yes" })], { nOutput: 4, taskChannels: 8, ruleInputs: false }),
    ).toThrow(TaskSpecError);
    expect(sernnMazeSuite().tasks[0].name).toBe("maze");
  });
});

describe("the sernn preset and orthogonal init", () => {
  it("is a valid config: maze, 5×5×4 lattice, reg sernn at 0.3, batch 128, window 50, 400 steps, orthogonal init", () => {
    const c = PRESETS.sernn;
    expect(validateConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
    expect(c).toMatchObject({
      suite: "sernn-maze",
      geometry: { kind: "lattice", x: 5, y: 5, z: 4, metric: "euclidean" },
      reg: "sernn",
      lambda: 0.3,
      batch: 128,
      window: 50,
      steps: 400,
      init: "orthogonal",
      clip: 0,
      noise: { recurrent: 0, input: true },
    });
  });

  it("orthogonal init: WᵀW = I, Glorot bounds, zero biases, the same for a seed", () => {
    const rng = new Rng(5, 9);
    const p = orthogonalInit(
      { nInput: 8, nHidden: 30, nOutput: 4 },
      () => rng.uniform(),
      () => rng.normal(),
    );
    for (let a = 0; a < 30; a++)
      for (let b = 0; b < 30; b++) {
        let d = 0;
        for (let i = 0; i < 30; i++) d += p.W[i * 30 + a] * p.W[i * 30 + b];
        expect(Math.abs(d - (a === b ? 1 : 0))).toBeLessThan(1e-5);
      }
    expect(p.W_in.every((x) => Math.abs(x) <= Math.sqrt(6 / 38))).toBe(true);
    expect(p.W_out.every((x) => Math.abs(x) <= Math.sqrt(6 / 34))).toBe(true);
    expect(p.b_h.every((x) => x === 0) && p.b_o.every((x) => x === 0)).toBe(true);
  });
});
