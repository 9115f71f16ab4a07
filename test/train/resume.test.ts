// Runs of the real CLI: killed with SIGKILL at a random point and resumed → bit-identical to an uninterrupted run;
// SIGTERM writes a checkpoint; broken or foreign files given to --resume / eval give one clear line and exit 2.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const CLI = path.resolve("dist/src/cli/main.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-resume-"));
const CONFIG = { checkpoint: { every: 15 }, eval: { every: 100, trials: 8, rule: "last-step" }, log: { every: 5 } };
const ARGS = ["--preset", "quick", "--tasks", "go,dm1,dms", "--grid", "6x6", "--steps", "300", "--seed", "4"];

function gyrus(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, GYRUS_THREADS: "" } });
}

function startRun(dir: string, configFile: string) {
  return spawn(process.execPath, [CLI, "train", ...ARGS, "--config", configFile, "--threads", "1", "--out", dir], {
    stdio: "ignore",
  });
}

const metricsLines = (dir: string) => {
  try {
    return fs.readFileSync(path.join(dir, "metrics.jsonl"), "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

describe("gyrus train: interruption and resume", () => {
  let configFile: string;
  let reference: Buffer;
  beforeAll(() => {
    if (!fs.existsSync(CLI)) execFileSync("npm", ["run", "build:ts"], { stdio: "ignore" });
    configFile = path.join(tmp(), "config.json");
    fs.writeFileSync(configFile, JSON.stringify(CONFIG));
    const dir = tmp();
    const r = gyrus(["train", ...ARGS, "--config", configFile, "--threads", "2", "--out", dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mean/);
    reference = fs.readFileSync(path.join(dir, "model.safetensors"));
  });

  it("SIGKILL at a random point, then --resume, ends bit-identical to the uninterrupted run (3 random kills)", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const dir = tmp();
      const child = startRun(dir, configFile);
      const killAfter = 2 + Math.floor(Math.random() * 40); // metrics lines (5 steps each) before the kill
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (metricsLines(dir) >= killAfter || child.exitCode !== null) {
            clearInterval(poll);
            child.kill("SIGKILL");
            resolve();
          }
        }, 5);
      });
      await new Promise((r) => child.once("exit", r));
      const r = gyrus(["train", "--resume", dir, "--threads", "2"]);
      expect(r.status, r.stderr).toBe(0);
      expect(Buffer.compare(fs.readFileSync(path.join(dir, "model.safetensors")), reference)).toBe(0);
      // metrics are complete and in order after the resume
      const steps = fs
        .readFileSync(path.join(dir, "metrics.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).step);
      expect(steps).toEqual(Array.from({ length: 60 }, (_, i) => 5 * (i + 1)));
    }
  });

  it("SIGTERM writes a checkpoint and exits 130; the resumed run matches", async () => {
    const dir = tmp();
    const child = startRun(dir, configFile);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (metricsLines(dir) >= 8 || child.exitCode !== null) {
          clearInterval(poll);
          child.kill("SIGTERM");
          resolve();
        }
      }, 5);
    });
    const code = await new Promise((r) => child.once("exit", (c) => r(c)));
    expect(code).toBe(130);
    const steps = fs.readFileSync(path.join(dir, "metrics.jsonl"), "utf8").split("\n").filter(Boolean).length;
    expect(steps).toBeLessThan(60); // it really stopped early
    expect(gyrus(["train", "--resume", dir]).status).toBe(0);
    expect(Buffer.compare(fs.readFileSync(path.join(dir, "model.safetensors")), reference)).toBe(0);
  });

  it("broken, truncated or foreign files: one clear line naming the file, exit 2, no stack trace", () => {
    const dir = tmp();
    expect(gyrus(["train", ...ARGS, "--config", configFile, "--steps", "20", "--out", dir]).status).toBe(0);
    const cp = fs.readFileSync(path.join(dir, "checkpoint.safetensors"));
    const cases: [string, Buffer][] = [
      ["truncated", cp.subarray(0, cp.length - 100)],
      ["empty", Buffer.alloc(0)],
      ["foreign", Buffer.from(JSON.stringify({ hello: "world" }))],
      ["huge header", Buffer.concat([Buffer.from([255, 255, 255, 255, 255, 255, 255, 127]), cp.subarray(8)])],
    ];
    for (const [name, bytes] of cases) {
      const d = tmp();
      for (const f of ["checkpoint.safetensors", "model.safetensors"]) fs.writeFileSync(path.join(d, f), bytes);
      for (const args of [
        ["train", "--resume", d],
        ["eval", d],
      ]) {
        const r = gyrus(args);
        expect(r.status, `${name} ${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/safetensors: /);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
    // a model file from another program: valid safetensors, not ours
    const d = tmp();
    const header = Buffer.from(JSON.stringify({ x: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }));
    const len = Buffer.alloc(8);
    len.writeUInt32LE(header.length, 0);
    fs.writeFileSync(path.join(d, "model.safetensors"), Buffer.concat([len, header, Buffer.alloc(4)]));
    const r = gyrus(["eval", d]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a gyrus model/);
  });

  it("bad flags and config values exit 2 naming the field", () => {
    const r = gyrus(["train", "--grid", "20x0", "--out", tmp()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/grid: "20x0" — rows and cols must be integers ≥ 1/);
    const t = gyrus(["train", "--tasks", "go,flyaway", "--out", tmp()]);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/unknown task "flyaway" in suite yang20; valid tasks: go, rtgo/);
    expect(gyrus(["train", "--steps", "10"]).stderr).toMatch(/needs --out/);
  });
});
