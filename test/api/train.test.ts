// train(), resume(), evaluate(), analyze(), readModel()/writeModel() through the public entry: the same bits in memory
// and in a run folder, a clean stop on an AbortSignal that resumes bit-identically, and typed errors at the boundary.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyze,
  ArgumentError,
  ConfigError,
  createEngine,
  evaluate,
  readModel,
  resume,
  RunFolderError,
  train,
  writeModel,
  MissingCostError,
  type Engine,
  type Progress,
  type TrainConfigInput,
} from "../../src/index.js";
import { sqDistCost } from "../helpers/sq-dist-cost.js";

const SMALL: TrainConfigInput = {
  preset: "quick",
  tasks: ["go", "anti"],
  geometry: { kind: "grid", rows: 4, cols: 4 },
  steps: 24,
  batch: 4,
  window: 20,
  swap: { every: 5 },
  eval: { every: 12, trials: 8 },
  log: { every: 4 },
  checkpoint: { every: 6 },
  seed: 3,
};

let engine: Engine;
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-api-"));
  dirs.push(d);
  return d;
};
beforeAll(async () => void (engine = await createEngine({ threads: 2 })));
afterAll(async () => {
  await engine.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("train", () => {
  it("in memory: progress every step, metrics on the log schedule, an evaluation at the end", async () => {
    const seen: Progress[] = [];
    const r = await train(SMALL, { engine, onProgress: (p) => seen.push(p) });
    expect(r.finished).toBe(true);
    expect(r.stoppedBy).toBe("done");
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(seen.filter((p) => p.evaluation).map((p) => p.step)).toEqual([12, 24]);
    expect(r.metrics.map((m) => m.step)).toEqual([4, 8, 12, 16, 20, 24]);
    expect(r.evaluation?.tasks.map((t) => t.task)).toEqual(["go", "anti"]);
    expect(r.model.step).toBe(24);
    expect(r.config.geometry).toEqual({ kind: "grid", rows: 4, cols: 4 });
  });

  it("a run folder holds the same model as the run in memory, and evaluate() reproduces its evaluation", async () => {
    const dir = path.join(tmp(), "run");
    const inMemory = await train(SMALL, { engine });
    const onDisk = await train(SMALL, { engine, out: dir });
    expect(onDisk.dir).toBe(dir);
    const bytes = fs.readFileSync(path.join(dir, "model.safetensors"));
    expect(Buffer.from(writeModel(inMemory.model)).equals(bytes)).toBe(true);
    const model = await readModel(dir);
    expect(Buffer.from(writeModel(model)).equals(bytes)).toBe(true);
    const ev = await evaluate(model, undefined, { engine, trials: 8 });
    expect(ev).toEqual(inMemory.evaluation);
  });

  it("an aborted run stops cleanly with a checkpoint, and resume() finishes it bit-identically", async () => {
    const dir = path.join(tmp(), "aborted");
    const stop = new AbortController();
    const notes: string[] = [];
    const r = await train(SMALL, {
      engine,
      out: dir,
      signal: stop.signal,
      onNote: (m) => notes.push(m),
      onProgress: (p) => void (p.step === 10 && stop.abort("test")),
    });
    expect([r.stoppedBy, r.step, r.finished]).toEqual(["abort", 10, false]);
    expect(notes.at(-1)).toMatch(/^test: checkpoint written at step 10/);
    const done = await resume(dir, { engine });
    expect([done.stoppedBy, done.step, done.finished]).toEqual(["done", 24, true]);
    const whole = await train(SMALL, { engine });
    expect(Buffer.from(writeModel(whole.model)).equals(fs.readFileSync(path.join(dir, "model.safetensors")))).toBe(
      true,
    );
    expect(done.metrics.map((m) => m.step)).toEqual(whole.metrics.map((m) => m.step));
  });

  it("a user-supplied connection cost: the config records it, and resume() needs it again", async () => {
    const cost = sqDistCost();
    const dir = path.join(tmp(), "custom");
    const stop = new AbortController();
    const r = await train(
      { ...SMALL, lambda: 1e-3 },
      { engine, cost, out: dir, signal: stop.signal, onProgress: (p) => void (p.step === 8 && stop.abort()) },
    );
    expect([r.config.reg, r.config.cost, r.config.A, r.step]).toEqual(["custom", cost.name, 0, 8]);
    const missing = await resume(dir, { engine }).then(
      () => null,
      (e: Error) => e,
    );
    expect(missing).toBeInstanceOf(MissingCostError);
    const done = await resume(dir, { engine, cost });
    expect(done.finished).toBe(true);
    const whole = await train({ ...SMALL, lambda: 1e-3 }, { engine, cost });
    expect(Buffer.from(writeModel(whole.model)).equals(Buffer.from(writeModel(done.model)))).toBe(true);
  });

  it("an in-memory run aborts after the step that asked", async () => {
    const stop = new AbortController();
    const r = await train(SMALL, {
      engine,
      signal: stop.signal,
      onProgress: (p) => void (p.step === 3 && stop.abort()),
    });
    expect([r.stoppedBy, r.step, r.model.step]).toEqual(["abort", 3, 3]);
  });
});

describe("bad input is refused at the boundary, naming the argument", () => {
  const refuses = async (p: Promise<unknown>, type: new (...a: never[]) => Error, message: string | RegExp) => {
    const e = await p.then(
      () => null,
      (err: Error) => err,
    );
    expect(e).toBeInstanceOf(type);
    expect(e?.message).toMatch(message);
  };

  it("config fields, options and arguments", async () => {
    await refuses(train({ ...SMALL, lambda: -1 }, { engine }), ConfigError, "lambda: -1 — must be a finite number ≥ 0");
    await refuses(
      train({ ...SMALL, lamda: 1 } as TrainConfigInput, { engine }),
      ConfigError,
      /unknown field "lamda".*did you mean "lambda"/,
    );
    await refuses(train("quick" as unknown as TrainConfigInput), ArgumentError, 'config: "quick" — must be an object');
    await refuses(train(SMALL, { engine, bogus: 1 } as never), ArgumentError, /^options\.bogus: 1 — unknown option/);
    await refuses(
      train(SMALL, { engine: {} as Engine }),
      ArgumentError,
      "options.engine: an object — must be an Engine from createEngine()",
    );
    await refuses(
      train(SMALL, { engine, signal: "stop" as never }),
      ArgumentError,
      'options.signal: "stop" — must be an AbortSignal',
    );
    await refuses(
      readModel(42 as never),
      ArgumentError,
      "bytesOrPath: 42 — must be a Uint8Array or a file or folder path",
    );
    await refuses(evaluate({} as never), ArgumentError, "model.config: missing — must be an object");
    const model = (await train(SMALL, { engine })).model;
    await refuses(
      evaluate(model, "modcog"),
      ArgumentError,
      'suite: "modcog" — must be the model\'s own suite "yang20"',
    );
    await refuses(
      evaluate(model, undefined, { engine, trials: 0 }),
      ArgumentError,
      "options.trials: 0 — must be an integer from 1 to 1000000",
    );
    await refuses(
      analyze(model, { engine, shuffles: 1.5 }),
      ArgumentError,
      "options.shuffles: 1.5 — must be an integer from 1 to 100000000",
    );
  });

  it("a folder that holds a run is left untouched", async () => {
    const dir = path.join(tmp(), "taken");
    await train(SMALL, { engine, out: dir });
    const before = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    await refuses(train({ ...SMALL, seed: 4 }, { engine, out: dir }), RunFolderError, `${dir} already holds a run`);
    const after = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    expect(after).toEqual(before);
  });
});
