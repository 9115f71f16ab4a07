// gyrus sweep end to end on a tiny sweep: runs trained and analysed into their folders, a rerun skips them, shards
// split the work, and gyrus report on the sweep folder draws the Pareto fronts (and writes each figure with --svg).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const CLI = path.resolve("dist/src/cli/main.js");
const gyrus = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
const SMALL = [
  "--suite",
  "yang20",
  "--tasks",
  "go,dm1",
  "--grid",
  "4x4",
  "--steps",
  "30",
  "--regs",
  "bimt,l1",
  "--lambdas",
  "0,1e-4",
  "--seeds",
  "1",
  "--threads",
  "2",
];

describe("gyrus sweep", () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) execFileSync("npm", ["run", "build:ts"], { stdio: "ignore" });
  });

  it("trains and analyses every run, skips them on a rerun, and the report draws the fronts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-sweep-"));
    const r = gyrus(["sweep", ...SMALL, "--jobs", "2", "--out", dir]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const runs = ["none-s0", "bimt-l1e-4-A1-s0", "l1-l1e-4-s0"];
    for (const id of runs) expect(fs.existsSync(path.join(dir, id, "analysis.json")), id).toBe(true);
    const again = gyrus(["sweep", ...SMALL, "--out", dir]);
    expect(again.status).toBe(0);
    expect(again.stdout.match(/done \(skipped\)/g)?.length).toBe(3);
    const rep = gyrus(["report", dir]);
    expect(rep.status, rep.stderr).toBe(0);
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).toContain('data-figure="pareto-important"');
    expect(html.match(/<section id="run-\d+" data-run=/g)?.length).toBe(3);
    const figs = path.join(dir, "figures");
    const svg = gyrus(["report", dir, "--svg", figs]);
    expect(svg.status, svg.stderr).toBe(0);
    const files = fs.readdirSync(figs);
    for (const f of [
      "sweep-pareto-wiring.svg",
      "sweep-modularity-z.svg",
      "bimt-l1e-4-A1-s0-network.svg",
      "none-s0-cluster-grid.svg",
    ])
      expect(files).toContain(f);
    expect(fs.readFileSync(path.join(figs, "sweep-modularity-z.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>$/);
    // a bad --svg is refused before anything is written
    const before = fs.statSync(path.join(dir, "report.html")).mtimeMs;
    const bad = gyrus(["report", dir, "--out", path.join(dir, "other.html"), "--svg", path.join(dir, "report.html")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("is not a folder");
    expect(fs.existsSync(path.join(dir, "other.html"))).toBe(false);
    expect(fs.statSync(path.join(dir, "report.html")).mtimeMs).toBe(before);
  });

  it("shards (flag or Slurm array) take disjoint shares; bad values exit 2", () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-shard-"));
    const r0 = gyrus(["sweep", ...SMALL, "--out", a], { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "2" });
    expect(r0.status, r0.stdout + r0.stderr).toBe(0);
    expect(r0.stdout).toMatch(/shard 0\/2: 2 of them/);
    const r1 = gyrus(["sweep", ...SMALL, "--shard", "1/2", "--out", a]);
    expect(r1.stdout).toMatch(/shard 1\/2: 1 of them/);
    expect(fs.readdirSync(a).filter((d) => fs.existsSync(path.join(a, d, "analysis.json"))).length).toBe(3);
    expect(gyrus(["sweep", "--shard", "3/2", "--out", a]).status).toBe(2);
    expect(gyrus(["sweep", "--regs", "bimt,l2", "--out", a]).stderr).toMatch(/--regs: "l2" — allowed: bimt, l1, none/);
  });

  it("reproduce --report-only: reports and summary.md from the runs done so far, no training", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-reproduce-"));
    const empty = gyrus(["reproduce", "--quick", "--report-only", "--out", dir]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain(
      `reproduce --report-only: no run of yang20-grid, yang20-line, modcog-line in ${dir} is analysed yet`,
    );
    // three runs whose ids are those of the quick plan's grid group (stand-ins: tiny networks)
    expect(gyrus(["sweep", ...SMALL, "--out", path.join(dir, "yang20-grid")]).status).toBe(0);
    const r = gyrus(["reproduce", "--quick", "--report-only", "--out", dir]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("yang20-line: no run done yet, no report");
    expect(fs.readdirSync(dir).sort()).toEqual(["summary.md", "yang20-grid"]);
    const runDirs = fs
      .readdirSync(path.join(dir, "yang20-grid"), { withFileTypes: true })
      .filter((d) => d.isDirectory());
    expect(runDirs.map((d) => d.name).sort()).toEqual(["bimt-l1e-4-A1-s0", "l1-l1e-4-s0", "none-s0"]);
    const summary = fs.readFileSync(path.join(dir, "summary.md"), "utf8");
    expect(summary.match(/\| not done \|/g)?.length).toBe(13);
    expect(summary).toMatch(/\| bimt-l1e-4-A1-s0 \| \d/);
    expect(fs.existsSync(path.join(dir, "yang20-grid", "report.html"))).toBe(true);
  });
});
