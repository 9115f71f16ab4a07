// gyrus sweep --status and the sweep's run locks: done, running (a live lock), stopped (SIGTERM mid-run: a checkpoint,
// exit 130, no lock left; or a dead sweep's lock) and not started, and a live lock keeps a second sweep off the run.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const CLI = path.resolve("dist/src/cli/main.js");
const gyrus = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
// 3 runs in this order: none-s0, bimt-l1e-4-A1-s0, l1-l1e-4-s0
const TINY = ["--suite", "yang20", "--tasks", "go,dm1", "--grid", "4x4", "--regs", "bimt,l1", "--lambdas", "0,1e-4"];
const ARGS = [...TINY, "--steps", "30", "--seeds", "1", "--threads", "1"];
const lockOf = (pid: number) =>
  JSON.stringify({ pid, host: os.hostname(), started: Date.now(), heartbeat: Date.now() });
const line = (out: string, id: string) => out.split("\n").find((l) => l.startsWith(id + " "));

describe("gyrus sweep --status", () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) execFileSync("npm", ["run", "build:ts"], { stdio: "ignore" });
  });

  it("done, running (live lock), stopped (dead sweep's lock) and not started; a live lock keeps a sweep off", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-status-"));
    expect(gyrus(["sweep", ...ARGS, "--shard", "0/3", "--out", dir]).status).toBe(0);
    const first = gyrus(["sweep", "--status", dir]);
    expect(first.status, first.stderr).toBe(0);
    expect(line(first.stdout, "none-s0")).toMatch(/^none-s0 +done$/);
    expect(line(first.stdout, "bimt-l1e-4-A1-s0")).toMatch(/ not started$/);
    expect(first.stdout).toContain(`sweep ${dir}: 3 runs: 1 done, 0 running, 0 stopped, 2 not started`);

    const dead = spawnSync(process.execPath, ["-e", "0"]).pid; // exited: its lock is stale
    fs.mkdirSync(path.join(dir, "bimt-l1e-4-A1-s0"));
    fs.writeFileSync(path.join(dir, "bimt-l1e-4-A1-s0", "running.json"), lockOf(process.pid));
    fs.mkdirSync(path.join(dir, "l1-l1e-4-s0"));
    fs.writeFileSync(path.join(dir, "l1-l1e-4-s0", "running.json"), lockOf(dead));
    const mid = gyrus(["sweep", "--status", dir]).stdout;
    expect(line(mid, "bimt-l1e-4-A1-s0")).toMatch(new RegExp(`running \\(pid ${process.pid} on ${os.hostname()}, `));
    expect(line(mid, "l1-l1e-4-s0")).toMatch(/ stopped \(no step logged; rerun the sweep to resume it\)$/);
    expect(mid).toContain("3 runs: 1 done, 1 running, 1 stopped, 0 not started");

    // a second sweep leaves the live-locked run alone, takes over the stale one, and says so
    const again = gyrus(["sweep", ...ARGS, "--out", dir]);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(
      `bimt-l1e-4-A1-s0: running elsewhere (pid ${process.pid} on ${os.hostname()}), skipped`,
    );
    expect(again.stdout).toMatch(/l1-l1e-4-s0: trained and analysed/);
    expect(again.stdout).toContain("3 runs done (1 of them still being trained by another sweep)");
    expect(fs.existsSync(path.join(dir, "l1-l1e-4-s0", "running.json"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "bimt-l1e-4-A1-s0", "analysis.json"))).toBe(false);
  });

  it("SIGTERM stops a run at a checkpoint (exit 130, lock removed) and --status says stopped", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-status-term-"));
    // one run long enough to be caught training (20×20, 2000 steps; logged every 50)
    const args = [
      "sweep",
      "--suite",
      "yang20",
      "--tasks",
      "go,dm1",
      "--regs",
      "none",
      "--seeds",
      "1",
      "--threads",
      "1",
    ];
    const child = spawn(process.execPath, [CLI, ...args, "--steps", "2000", "--out", dir], { stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const rd = path.join(dir, "none-s0");
    const t0 = Date.now();
    while (!(fs.existsSync(path.join(rd, "metrics.jsonl")) && fs.statSync(path.join(rd, "metrics.jsonl")).size > 0)) {
      if (Date.now() - t0 > 60_000 || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`the run never logged a step: ${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const during = gyrus(["sweep", "--status", dir]).stdout;
    expect(line(during, "none-s0")).toMatch(
      new RegExp(`running \\(pid ${child.pid} on .*last logged step \\d+ of 2000\\)`),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(130);
    expect(out).toMatch(/none-s0: stopped after \d+ s \(checkpoint kept; rerun the sweep to resume it\)/);
    expect(fs.existsSync(path.join(rd, "running.json"))).toBe(false);
    expect(fs.existsSync(path.join(rd, "checkpoint.safetensors"))).toBe(true);
    const after = gyrus(["sweep", "--status", dir]).stdout;
    expect(line(after, "none-s0")).toMatch(/stopped \(last logged step \d+ of 2000; rerun the sweep to resume it\)$/);
    expect(after).toContain("1 runs: 0 done, 0 running, 1 stopped, 0 not started");
  }, 120_000);

  it("bad calls exit 2 with one line naming the problem", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-status-bad-"));
    const none = gyrus(["sweep", "--status", empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(`--status ${JSON.stringify(empty)}: no readable sweep.json there`);
    const mixed = gyrus(["sweep", "--status", empty, "--jobs", "2"]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain("--status takes no other option (got --jobs)");
  });
});
