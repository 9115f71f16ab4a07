// `gyrus --help`, `gyrus -h`, `gyrus help` and `--help` after any command print the usage text on stdout and exit 0;
// a real unknown option still exits 2 with the usage on stderr.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "dist/src/cli/main.js");

beforeAll(() => {
  // `npm test` builds dist/ first (pretest); build here only when run on its own without a build.
  if (!existsSync(MAIN)) execFileSync("npm", ["run", "build:ts"], { cwd: ROOT, stdio: "pipe" });
});

function gyrus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("gyrus help", () => {
  it.each([
    [[]],
    [["help"]],
    [["--help"]],
    [["-h"]],
    [["reproduce", "--help"]],
    [["train", "--seed", "3", "-h"]],
    [["tasks", "list", "--help"]],
  ])("%j prints the usage and exits 0", (args) => {
    const r = gyrus(...args);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^usage: gyrus <command> \[options\]/);
    expect(r.stdout).toContain("reproduce [--quick | --main]");
  });

  it("an unknown option still exits 2 and names it", () => {
    const r = gyrus("reproduce", "--halp");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^gyrus: unknown option --halp \(allowed: /);
    expect(r.stderr).toContain("usage: gyrus <command> [options]");
  });
});
