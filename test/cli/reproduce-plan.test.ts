// The runs gyrus reproduce plans: the groups of issue 6, the main BIMT / L1 / none networks inside the grid sweep,
// and flags that the training config accepts.
import { describe, expect, it } from "vitest";
import { reproducePlan, reproduceQueue } from "../../src/cli/reproduce.js";
import { UsageError } from "../../src/cli/args.js";
import { resolveCliConfig as resolveConfig } from "../../src/cli/config-flags.js";

function flagsOf(args: string[]): { preset: string; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  let preset = "paper";
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === "--preset") preset = args[i + 1];
    else flags[args[i].slice(2)] = args[i + 1];
  }
  return { preset, flags };
}

describe("reproduce plan", () => {
  it("full: the docs/spec.md §6.16 sweep on the grid (39 runs incl. BIMT/L1 at λ 1e-5 and none × 3 seeds), 1D and Mod-Cog 1D", () => {
    const plan = reproducePlan("full");
    expect(plan.map((g) => g.group.name)).toEqual(["yang20-grid", "yang20-line", "modcog-line"]);
    expect(plan.map((g) => g.runs.length)).toEqual([39, 9, 6]);
    const ids = plan[0].runs.map((r) => r.id);
    for (const s of [0, 1, 2])
      for (const id of [`bimt-l1e-5-A1-s${s}`, `l1-l1e-5-s${s}`, `none-s${s}`]) expect(ids).toContain(id);
    expect(plan[2].runs.every((r) => !r.id.startsWith("none"))).toBe(true);
    // the grid and the line at the reference length; modcog at the preset's 40,000 steps, evaluated every 1,000
    for (const [g, steps, every] of [
      [0, 27052, 200],
      [1, 27052, 200],
      [2, 40000, 1000],
    ] as const) {
      for (const r of plan[g].runs)
        expect([resolveConfig(flagsOf(r.args)).steps, resolveConfig(flagsOf(r.args)).eval.every]).toEqual([
          steps,
          every,
        ]);
    }
    // seed 0 of every network first; the main λ first, and BIMT before L1 at each λ
    expect(plan[0].runs.slice(0, 5).map((r) => r.id)).toEqual([
      "bimt-l1e-5-A1-s0",
      "l1-l1e-5-s0",
      "none-s0",
      "bimt-l1e-4-A1-s0",
      "l1-l1e-4-s0",
    ]);
    expect(plan[0].runs.slice(0, 13).every((r) => r.seed === 0)).toBe(true);
    expect(plan[0].runs.map((r) => r.seed)).toEqual([...plan[0].runs.map((r) => r.seed)].sort());
  });

  it("the queue: seed-major across the selected groups, in --group order, limited by --seeds", () => {
    const plan = reproducePlan("full");
    const all = reproduceQueue(plan).queue.map((r) => r.id);
    expect(all.length).toBe(54);
    expect(new Set(all).size).toBe(54);
    expect(all.slice(0, 18).every((id) => id.endsWith("-s0"))).toBe(true); // 13 grid + 3 line + 2 modcog
    expect(all.slice(0, 14)).toContain("yang20-grid/none-s0");
    expect(all[13]).toBe("yang20-line/bimt-l1e-5-A1-s0");
    const picked = reproduceQueue(plan, ["modcog-line", "yang20-grid"], 1);
    expect(picked.groups.map((g) => g.group.name)).toEqual(["modcog-line", "yang20-grid"]);
    expect(picked.queue.map((r) => r.id)).toEqual([
      "modcog-line/bimt-l1e-5-A1-s0",
      "modcog-line/l1-l1e-5-s0",
      ...plan[0].runs.filter((r) => r.seed === 0).map((r) => `yang20-grid/${r.id}`),
    ]);
    expect(reproduceQueue(plan, undefined, 2).queue.length).toBe(36);
    expect(() => reproduceQueue(plan, ["yang20-grid", "modcog"])).toThrow(
      new UsageError('reproduce: --group "modcog" — allowed: yang20-grid, yang20-line, modcog-line'),
    );
  });

  it("every planned run's flags make a valid config (quick, main and full)", () => {
    for (const mode of ["quick", "main", "full"] as const) {
      for (const { runs } of reproducePlan(mode)) {
        for (const r of runs) {
          const { preset, flags } = flagsOf(r.args);
          const c = resolveConfig({ preset, flags });
          expect(c.reg).toBe(r.id.split("-")[0]);
        }
      }
    }
    expect(reproducePlan("quick").map((g) => g.runs.length)).toEqual([11, 3, 2]);
    const grid = reproducePlan("quick")[0].runs.map((r) => r.id);
    for (const s of [0, 1, 2])
      for (const id of [`bimt-l1e-4-A1-s${s}`, `l1-l1e-4-s${s}`, `none-s${s}`]) expect(grid).toContain(id);
    expect(grid).toContain("bimt-l3e-5-A1-s0");
    // Mod-Cog's 82 tasks: 20,000 steps at λ 3e-5 (6,000 steps left both networks under 40 %)
    const modcog = reproducePlan("quick")[2].runs;
    expect(modcog.map((r) => r.id)).toEqual(["bimt-l3e-5-A1-s0", "l1-l3e-5-s0"]);
    for (const r of modcog) {
      const c = resolveConfig(flagsOf(r.args));
      expect([c.steps, c.suite]).toEqual([20000, "modcog"]);
    }
  });

  it("main: BIMT / L1 at λ 1e-5 and none × 3 seeds at the paper recipe and the reference length, seed 0 of each first, none last within a seed", () => {
    const plan = reproducePlan("main");
    expect(plan.map((g) => g.group.name)).toEqual(["yang20-grid"]);
    expect(plan[0].runs.map((r) => r.id)).toEqual([
      "bimt-l1e-5-A1-s0",
      "l1-l1e-5-s0",
      "none-s0",
      "bimt-l1e-5-A1-s1",
      "l1-l1e-5-s1",
      "none-s1",
      "bimt-l1e-5-A1-s2",
      "l1-l1e-5-s2",
      "none-s2",
    ]);
    for (const r of plan[0].runs) {
      const c = resolveConfig(flagsOf(r.args));
      expect([c.steps, c.batch, c.swap.every]).toEqual([27052, 16, 200]);
      expect(c.lambda).toBe(c.reg === "none" ? 0 : 1e-5);
      expect(c.A).toBe(c.reg === "bimt" ? 1 : 0);
    }
  });
});
