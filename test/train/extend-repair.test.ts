// Runs that are extended, repaired and resumed with their displayed state: `--resume DIR --steps N` ends byte for
// byte as a run of N steps in one go (model, checkpoint, config.json, metrics lines but their seconds), refusals of
// what would change a run, missing or damaged files rebuilt from the checkpoint or named in one line (exit 2), and
// a resumed run's progress (swaps, accuracy) equal to the uninterrupted run's, old checkpoints without it included.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkRun,
  createEngine,
  repairRun,
  resume,
  RunFolderError,
  train,
  validateConfig,
  type Engine,
  type Progress,
  type TrainConfigInput,
} from "../../src/index.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.js";

const CLI = path.resolve("dist/src/cli/main.js");
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-extend-"));
  dirs.push(d);
  return d;
};
const CONFIG = { checkpoint: { every: 15 }, eval: { every: 100, trials: 8, rule: "last-step" }, log: { every: 5 } };
const ARGS = ["--preset", "quick", "--tasks", "go,dm1,dms", "--grid", "6x6", "--seed", "4", "--threads", "1"];

function gyrus(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, GYRUS_THREADS: "" } });
}
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));
/** metrics.jsonl without the wall-clock seconds (the only field that differs between equal runs). */
const metricsText = (dir: string) =>
  read(dir, "metrics.jsonl")
    .toString("utf8")
    .replace(/"seconds":[\d.]+,/g, "");
function expectSameRun(a: string, b: string) {
  for (const f of ["model.safetensors", "checkpoint.safetensors", "config.json"])
    expect(Buffer.compare(read(a, f), read(b, f)), f).toBe(0);
  expect(metricsText(a)).toBe(metricsText(b));
}

describe("gyrus train --resume DIR --steps N", () => {
  let configFile: string;
  let full: string;
  beforeAll(() => {
    if (!fs.existsSync(CLI)) execFileSync("npm", ["run", "build:ts"], { stdio: "ignore" });
    configFile = path.join(tmp(), "config.json");
    fs.writeFileSync(configFile, JSON.stringify(CONFIG));
    full = path.join(tmp(), "full");
    const r = gyrus(["train", ...ARGS, "--config", configFile, "--steps", "300", "--out", full]);
    expect(r.status, r.stderr).toBe(0);
  });
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  // 203: its last step is neither a log nor an eval step of the 300-step run (its line there is dropped);
  // 205: a log step but not an eval step (its line loses the evaluation that ran only because it was the last step);
  // 200: both (kept as is).
  for (const first of [203, 205, 200]) {
    it(`a finished ${first}-step run extended to 300 is byte-identical to the 300-step run`, () => {
      const dir = path.join(tmp(), "ext");
      expect(gyrus(["train", ...ARGS, "--config", configFile, "--steps", String(first), "--out", dir]).status).toBe(0);
      const lines = metricsText(dir).trim().split("\n");
      expect(JSON.parse(lines.at(-1)!).step).toBe(first);
      expect(JSON.parse(lines.at(-1)!).tasks).toBeDefined(); // evaluated at its last step
      const r = gyrus(["train", "--resume", dir, "--steps", "300", "--threads", "2"]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`resumed ${dir} at step ${first} of 300 (extended from ${first})`);
      expectSameRun(dir, full);
    });
  }

  it("an extension stopped before its first checkpoint says how to go on, and going on ends identical", () => {
    const dir = path.join(tmp(), "ext");
    expect(gyrus(["train", ...ARGS, "--config", configFile, "--steps", "203", "--out", dir]).status).toBe(0);
    // what a kill right after the extension started leaves: config.json at 300, the checkpoint at 203
    const saved = JSON.parse(read(dir, "config.json").toString());
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...saved, steps: 300 }, null, 2) + "\n");
    const plain = gyrus(["train", "--resume", dir]);
    expect(plain.status).toBe(2);
    expect(plain.stderr.trim().split("\n")).toHaveLength(1);
    expect(plain.stderr).toContain(
      `config.json: says steps 300, but the checkpoint's run has steps 203 (a resume reads the checkpoint's config, never config.json); to train to 300 steps use gyrus train --resume ${dir} --steps 300`,
    );
    expect(gyrus(["train", "--resume", dir, "--steps", "300"]).status).toBe(0);
    expectSameRun(dir, full);
  });

  it("refuses what would change the run, in one line naming the flag (and the help hint), exit 2, nothing written", () => {
    const dir = path.join(tmp(), "ext");
    expect(gyrus(["train", ...ARGS, "--config", configFile, "--steps", "120", "--out", dir]).status).toBe(0);
    const before = fs.readdirSync(dir).map((f) => read(dir, f));
    const lr = gyrus(["train", "--resume", dir, "--lr", "0.01"]);
    expect(lr.status).toBe(2);
    expect(lr.stderr).toMatch(/^gyrus: --lr would change the run: --resume continues a run with its saved config/);
    const shorter = gyrus(["train", "--resume", dir, "--steps", "100"]);
    expect(shorter.status).toBe(2);
    expect(shorter.stderr).toMatch(/steps: 100 — must be more than the 120 steps the run has already trained/);
    expect(fs.readdirSync(dir).map((f) => read(dir, f))).toEqual(before);

    const phased = path.join(tmp(), "phased");
    const pf = path.join(tmp(), "phases.json");
    fs.writeFileSync(pf, JSON.stringify({ ...CONFIG, lambdaSchedule: "bimt" }));
    expect(gyrus(["train", ...ARGS, "--config", pf, "--steps", "40", "--out", phased]).status).toBe(0);
    const r = gyrus(["train", "--resume", phased, "--steps", "80"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "gyrus: steps: 80 — cannot change: the run's λ schedule has phases at 25%, 75% of its steps, so with 80 steps λ would differ at step 11, already trained with 40; train a new run with 80 steps instead",
      "run npx gyrus train --help for its options",
    ]);
  });

  it("a missing or damaged model.safetensors is rebuilt by --resume and by gyrus repair", () => {
    const dir = path.join(tmp(), "cut");
    fs.cpSync(full, dir, { recursive: true });
    fs.truncateSync(path.join(dir, "model.safetensors"), 1000);
    const r = gyrus(["train", "--resume", dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^repaired .*model\.safetensors \(header length \d+ exceeds .*\) from checkpoint\.safetensors at step 300$/m,
    );
    expect(r.stdout).toContain("mean"); // the evaluation at the end reads the rebuilt model
    expectSameRun(dir, full);

    const gone = path.join(tmp(), "gone");
    fs.cpSync(full, gone, { recursive: true });
    fs.rmSync(path.join(gone, "model.safetensors"));
    fs.writeFileSync(path.join(gone, "config.json"), "{ not json");
    const rep = gyrus(["repair", gone]);
    expect(rep.status, rep.stderr).toBe(0);
    expect(rep.stdout).toContain(
      `repaired ${gone}/model.safetensors (missing) from checkpoint.safetensors at step 300`,
    );
    expect(rep.stdout).toContain(`repaired ${gone}/config.json (not valid JSON`);
    expect(Buffer.compare(read(gone, "model.safetensors"), read(full, "model.safetensors"))).toBe(0);
    const fixed = validateConfig(JSON.parse(read(gone, "config.json").toString()));
    expect({ ...fixed, threads: 1 }).toEqual(JSON.parse(read(full, "config.json").toString()));
    const again = gyrus(["repair", gone]);
    expect([again.status, again.stdout.trim()]).toEqual([0, `${gone}: every file is intact (checkpoint at step 300)`]);
  });

  it("damage that cannot be rebuilt: one line naming the file and what can be done, exit 2", () => {
    const cases: [string, (d: string) => void, RegExp][] = [
      [
        "checkpoint",
        (d) => fs.truncateSync(path.join(d, "checkpoint.safetensors"), 3000),
        /checkpoint\.safetensors: header length \d+ exceeds .*; the run cannot be continued, but model\.safetensors \(step 300\) is intact and can still be evaluated and analysed; to train further, train the run again \(gyrus train --config .*config\.json --out NEW_DIR\)$/,
      ],
      [
        "metrics",
        (d) => {
          const lines = read(d, "metrics.jsonl").toString().split("\n");
          lines[6] = '{"step":35,"lo';
          fs.writeFileSync(path.join(d, "metrics.jsonl"), lines.join("\n"));
        },
        /metrics\.jsonl: line 7 is not valid JSON; the log cannot be rebuilt without training again, and a resume would leave a gap in it, so it is refused; checkpoint\.safetensors and model\.safetensors are intact/,
      ],
    ];
    for (const [name, damage, message] of cases) {
      const dir = path.join(tmp(), name);
      fs.cpSync(full, dir, { recursive: true });
      damage(dir);
      for (const args of [
        ["repair", dir],
        ["train", "--resume", dir],
      ]) {
        const r = gyrus(args);
        expect(r.status, `${name} ${args[0]}`).toBe(2);
        const lines = r.stderr.trim().split("\n");
        expect(lines, `${name} ${args[0]}`).toHaveLength(1);
        expect(lines[0]).toMatch(/^gyrus: /);
        expect(lines[0]).toMatch(message);
      }
    }
  });

  it("a torn last metrics line is what a kill leaves: repair drops it, the rest stays", async () => {
    const dir = path.join(tmp(), "torn");
    fs.cpSync(full, dir, { recursive: true });
    fs.appendFileSync(path.join(dir, "metrics.jsonl"), '{"step":305,"lo');
    const check = await checkRun(dir);
    expect(check.problems.map((p) => [p.kind, p.repairable])).toEqual([["torn", true]]);
    const r = await repairRun(dir);
    expect([r.fixed.length, r.remaining.length, r.step]).toEqual([1, 0, 300]);
    expect(metricsText(dir)).toBe(metricsText(full));
    await expect(checkRun(path.join(dir, "nope"))).rejects.toThrow(RunFolderError);
  });
});

describe("a resumed run shows what the uninterrupted run shows", () => {
  const SMALL: TrainConfigInput = {
    preset: "quick",
    tasks: ["go", "anti"],
    geometry: { kind: "grid", rows: 4, cols: 4 },
    steps: 60,
    batch: 4,
    window: 20,
    swap: { every: 3 },
    eval: { every: 20, trials: 8 },
    log: { every: 7 },
    checkpoint: { every: 11 },
    seed: 3,
  };
  let engine: Engine;
  beforeAll(async () => void (engine = await createEngine({ threads: 2 })));
  afterAll(async () => await engine.close());

  const shown = (p: Progress) => [p.step, p.swaps, p.accuracy, p.loss, p.connectionCost];
  async function run(dir: string, stopAt?: number) {
    const seen: Progress[] = [];
    const ctl = new AbortController();
    await train(SMALL, {
      engine,
      out: dir,
      signal: ctl.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.step === stopAt) ctl.abort("test");
      },
    });
    return seen;
  }

  it("swaps (total) and accuracy continue where they were, with the checkpoint's state or, for old checkpoints, the metrics'", async () => {
    const fullDir = path.join(tmp(), "full");
    const reference = await run(fullDir);
    expect(reference[46].swaps).toBeGreaterThan(0); // swaps before the stop, which a resumed display must carry on
    for (const oldCheckpoint of [false, true]) {
      const dir = path.join(tmp(), "cut");
      await run(dir, 47); // the checkpoint is at 47 (stop), between log lines (42, 49) and evaluations (40, 60)
      if (oldCheckpoint) {
        // a checkpoint from before the loop state was stored: drop its "loop" metadata
        const file = path.join(dir, "checkpoint.safetensors");
        const { tensors, metadata } = decodeSafetensors(fs.readFileSync(file), file);
        expect(metadata.loop).toBeDefined();
        delete metadata.loop;
        fs.writeFileSync(file, encodeSafetensors(tensors, metadata));
      }
      const seen: Progress[] = [];
      const r = await resume(dir, { engine, onProgress: (p) => seen.push(p) });
      expect(r.finished).toBe(true);
      expect(seen[0].step).toBe(48);
      const tail = reference.filter((p) => p.step >= 48);
      if (!oldCheckpoint) {
        expect(seen.map(shown)).toEqual(tail.map(shown));
        expect(metricsText(dir)).toBe(metricsText(fullDir));
      } else {
        // the old way: accuracy and the total from the metrics lines; the swaps after the last line before the
        // checkpoint (steps 43–47) were never written down, so the total is short by those
        expect(seen.map((p) => p.accuracy)).toEqual(tail.map((p) => p.accuracy));
        expect(seen.map((p) => p.loss)).toEqual(tail.map((p) => p.loss));
      }
      expect(Buffer.compare(read(dir, "model.safetensors"), read(fullDir, "model.safetensors"))).toBe(0);
    }
  });

  it("resume(dir, { steps }) extends a stopped run too, byte-identical to a run of that many steps", async () => {
    const longer = path.join(tmp(), "longer");
    await train({ ...SMALL, steps: 90 }, { engine, out: longer });
    const dir = path.join(tmp(), "cut");
    await run(dir, 47);
    const r = await resume(dir, { engine, steps: 90 });
    expect([r.finished, r.step, r.config.steps]).toEqual([true, 90, 90]);
    expectSameRun(dir, longer);
  });
});
