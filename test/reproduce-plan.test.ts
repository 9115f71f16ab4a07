// The runs gyrus reproduce plans: the groups of issue 6, the main BIMT / L1 / none networks inside the grid sweep,
// and flags that the training config accepts.
import { describe, expect, it } from "vitest";
import { reproducePlan } from "../src/cli/reproduce.js";
import { resolveConfig } from "../src/train/config.js";

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
  it("full: the SPEC §6.16 sweep on the grid (39 runs incl. BIMT/L1 at λ 1e-5 and none × 3 seeds), 1D and Mod-Cog 1D", () => {
    const plan = reproducePlan(false);
    expect(plan.map((g) => g.group.name)).toEqual(["yang20-grid", "yang20-line", "modcog-line"]);
    expect(plan.map((g) => g.runs.length)).toEqual([39, 9, 6]);
    const ids = plan[0].runs.map((r) => r.id);
    for (const s of [0, 1, 2]) for (const id of [`bimt-l1e-5-A1-s${s}`, `l1-l1e-5-s${s}`, `none-s${s}`]) expect(ids).toContain(id);
    expect(plan[2].runs.every((r) => !r.id.startsWith("none"))).toBe(true);
  });

  it("every planned run's flags make a valid config (quick and full)", () => {
    for (const quick of [true, false]) {
      for (const { runs } of reproducePlan(quick)) {
        for (const r of runs) {
          const { preset, flags } = flagsOf(r.args);
          const c = resolveConfig({ preset, flags });
          expect(c.reg).toBe(r.id.split("-")[0]);
        }
      }
    }
    expect(reproducePlan(true).map((g) => g.runs.length)).toEqual([11, 3, 2]);
    const grid = reproducePlan(true)[0].runs.map((r) => r.id);
    for (const s of [0, 1, 2]) for (const id of [`bimt-l1e-4-A1-s${s}`, `l1-l1e-4-s${s}`, `none-s${s}`]) expect(grid).toContain(id);
    expect(grid).toContain("bimt-l3e-5-A1-s0");
  });
});
