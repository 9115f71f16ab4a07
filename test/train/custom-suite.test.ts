// Training on a user-defined suite: a new task written as a TaskSpec (test/helpers/opposite-task.ts), mixed with two yang20 tasks, trains
// through the Trainer and is evaluated above chance; config.json records suite "custom" and its task names; resuming
// needs the same suite (typed errors otherwise) and continues bit-identically; built-in tasks keep their streams.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { CustomSuiteError, defineSuite } from "../../src/tasks/custom.js";
import { loadSuite } from "../../src/tasks/registry.js";
import { OPPOSITE } from "../helpers/opposite-task.js";
import { constMs, type TaskSpec } from "../../src/tasks/spec.js";
import { validateConfig } from "../../src/train/config-schema.js";
import { PRESETS, type TrainConfig } from "../../src/train/config.js";
import { FILES, runTraining } from "../../src/train/run.js";
import { customSuiteFields } from "../../src/train/suite.js";
import { Trainer } from "../../src/train/trainer.js";

const Y = loadSuite("yang20");
const SUITE = defineSuite("mine", [OPPOSITE, ...Y.tasks.filter((t) => t.name === "go" || t.name === "dm1")]);

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  ...customSuiteFields(SUITE),
  geometry: { kind: "grid", rows: 8, cols: 8 },
  steps: 60,
  lambda: 1e-5,
  swap: { ...PRESETS.quick.swap, every: 20, topK: 10 },
  eval: { ...PRESETS.quick.eval, every: 30, trials: 16 },
  log: { every: 10 },
  checkpoint: { every: 20 },
  ...over,
});
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-custom-"));

describe("training on a user-defined suite", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 2 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it("learns the user task through the Trainer: its accuracy is reported and well above chance (1/16)", () => {
    const tr = new Trainer(engine, config({ steps: 500, lr: 3e-3 }), { suite: SUITE });
    try {
      expect(tr.suite).toBe(SUITE);
      expect(tr.net.spec).toMatchObject({ nInput: 36, nOutput: 17 });
      const before = tr.evaluate({ trials: 64 });
      while (!tr.done) tr.trainStep();
      const after = tr.evaluate({ trials: 64 });
      expect(after.tasks.map((t) => t.task)).toEqual(["opposite", "go", "dm1"]);
      const opp = after.tasks[0];
      expect(opp.trials).toBe(64);
      expect(before.tasks[0].accuracy).toBeLessThan(0.2);
      expect(opp.accuracy).toBeGreaterThan(0.5); // chance is 1/16 (0.94 at this seed)
    } finally {
      tr.dispose();
    }
  });

  it("refuses a missing, different or misplaced suite with CustomSuiteError before any training", () => {
    const other = defineSuite("mine", [...SUITE.tasks].reverse());
    const cases: [() => unknown, CustomSuiteError["reason"], string][] = [
      [
        () => new Trainer(engine, config()),
        "missing",
        'this run uses a user-defined suite (suite "custom", tasks [opposite, go, dm1]): supply the same Suite object (option suite) to train, resume or evaluate it',
      ],
      [
        () => new Trainer(engine, config(), { suite: other }),
        "mismatch",
        'the supplied suite "mine" has tasks [dm1, go, opposite], but the run was recorded with tasks [opposite, go, dm1] (same names in the same order required)',
      ],
      [
        () => new Trainer(engine, { ...config(), suite: "yang20", tasks: null }, { suite: SUITE }),
        "not-custom",
        'a Suite ("mine") was supplied, but config.suite is "yang20": record a user-defined suite as suite "custom" with its task names in tasks (customSuiteFields(suite)), or supply no suite',
      ],
    ];
    for (const [f, reason, message] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CustomSuiteError);
      expect((err as CustomSuiteError).reason).toBe(reason);
      expect((err as CustomSuiteError).message).toBe(message);
    }
  });

  it("a custom suite of built-in tasks trains bit-identically to the same subset named in the config", () => {
    const names = ["go", "anti", "dm1"];
    const sub = defineSuite(
      "sub",
      Y.tasks.filter((t) => names.includes(t.name)),
    );
    const a = new Trainer(engine, config({ steps: 25, suite: "yang20", tasks: names }));
    const b = new Trainer(engine, config({ steps: 25, ...customSuiteFields(sub) }), { suite: sub });
    try {
      while (!a.done) (a.trainStep(), b.trainStep());
      const [pa, pb] = [a.net.getParams(), b.net.getParams()];
      for (const k of Object.keys(pa) as (keyof typeof pa)[]) expect(pb[k]).toEqual(pa[k]);
      expect(b.evaluate({ trials: 8 })).toEqual(a.evaluate({ trials: 8 }));
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('runTraining records suite "custom" in config.json; resume needs the same suite and continues bit-identically', async () => {
    const full = tmp();
    const copy = tmp();
    // Copy the run folder right after the step-20 checkpoint: the copy is a run killed at that point.
    const onStep = (info: { step: number }) => {
      if (info.step !== 20) return;
      for (const f of [FILES.config, FILES.metrics, FILES.checkpoint, FILES.model])
        fs.copyFileSync(path.join(full, f), path.join(copy, f));
    };
    await runTraining({ dir: full, config: config(), engine, signals: false, suite: SUITE, callbacks: { onStep } });
    const saved = JSON.parse(fs.readFileSync(path.join(full, FILES.config), "utf8"));
    expect([saved.suite, saved.tasks]).toEqual(["custom", ["opposite", "go", "dm1"]]);
    expect(validateConfig(saved)).toEqual(config());
    const metrics = fs
      .readFileSync(path.join(full, FILES.metrics), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(Object.keys(metrics.find((m) => m.tasks).tasks)).toEqual(["opposite", "go", "dm1"]);

    await expect(runTraining({ dir: copy, resume: true, engine, signals: false })).rejects.toThrow(CustomSuiteError);
    await expect(
      runTraining({
        dir: copy,
        resume: true,
        engine,
        signals: false,
        suite: defineSuite("mine", [OPPOSITE, Y.tasks[0]]),
      }),
    ).rejects.toThrow(
      'the supplied suite "mine" has tasks [opposite, go], but the run was recorded with tasks [opposite, go, dm1]',
    );
    await expect(
      runTraining({ dir: copy, resume: true, engine, signals: false, suite: defineSuite("renamed", SUITE.tasks) }),
    ).rejects.toThrow('the checkpoint\'s task stream is of suite "mine", the supplied suite is named "renamed"');
    const r = await runTraining({ dir: copy, resume: true, engine, signals: false, suite: SUITE });
    expect(r.finished).toBe(true);
    expect(
      Buffer.compare(fs.readFileSync(path.join(copy, FILES.model)), fs.readFileSync(path.join(full, FILES.model))),
    ).toBe(0);
    expect(fs.readFileSync(path.join(copy, FILES.metrics), "utf8").replace(/"seconds":[\d.]+/g, "")).toBe(
      fs.readFileSync(path.join(full, FILES.metrics), "utf8").replace(/"seconds":[\d.]+/g, ""),
    );
  });
});

describe("a user suite with a small readout", () => {
  it("nOutput 3 (fixate, left, right): the network has 3 outputs, trains, and evaluates with last-step only", async () => {
    const side = (name: string, flip: boolean): TaskSpec => ({
      name,
      periods: [
        { name: "fixation", duration: constMs(200) },
        { name: "cue", duration: constMs(200) },
        { name: "decision", duration: constMs(200) },
      ],
      fixationOn: ["fixation", "cue"],
      responsePeriods: ["decision"],
      alternatesModality: false,
      seq: 0,
      draw(rng) {
        const left = rng.int(2) === 0;
        return {
          stimuli: [{ period: "cue", ring: 0, pos: left ? 4 : 12, strength: 1 }],
          target: left !== flip ? 1 : 2,
          modality: 0,
        };
      },
    });
    const suite = defineSuite("sides", [side("same", false), side("flip", true)], { nOutput: 3 });
    const engine = await createEngine({ threads: 1 });
    const tr = new Trainer(engine, config({ ...customSuiteFields(suite), steps: 5 }), { suite });
    try {
      expect(tr.net.spec).toMatchObject({ nInput: 35, nOutput: 3 });
      while (!tr.done) tr.trainStep();
      const ev = tr.evaluate({ trials: 8 });
      expect(ev.tasks.map((t) => t.task)).toEqual(["same", "flip"]);
      expect(() => tr.evaluate({ trials: 8, rule: "popvec" })).toThrow(
        'scoreBatch: rule "popvec" reads a 17-class ring readout, this suite has nOutput 3; use rule "last-step"',
      );
    } finally {
      tr.dispose();
      await engine.close();
    }
  });
});
