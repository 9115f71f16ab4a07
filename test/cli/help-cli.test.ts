// The gyrus command's help and errors: `gyrus --help` lists the commands and the exit codes; `gyrus <command> --help`
// (and `gyrus help <command>`) prints that command's usage with every option it accepts and its default, train's
// with the presets; a usage error is one line plus "run npx gyrus <command> --help", exit code 2.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "dist/src/cli/main.js");
const COMMANDS = ["train", "eval", "analyze", "report", "sweep", "reproduce", "tasks", "demo", "info"];

beforeAll(() => {
  // `npm test` builds dist/ first (pretest); build here only when run on its own without a build.
  if (!existsSync(MAIN)) execFileSync("npm", ["run", "build:ts"], { cwd: ROOT, stdio: "pipe" });
});

function gyrus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The options a command accepts, as its unknown-option error lists them (the parser's own list). */
function accepted(...command: string[]): string[] {
  const r = gyrus(...command, "--no-such-option");
  expect(r.status).toBe(2);
  const m = /\(allowed: ([^)]*)\)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return m![1].split(", ");
}

describe("gyrus help", () => {
  it.each([[[]], [["help"]], [["--help"]], [["-h"]]])("%j prints the general help and exits 0", (args) => {
    const r = gyrus(...args);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^usage: npx gyrus <command> \[options\]/);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
    expect(r.stdout).toContain("Run npx gyrus <command> --help");
    expect(r.stdout).toMatch(/Exit codes: 0 done, 1 the work failed, 2 bad input .*, 130 interrupted/);
  });

  it.each(COMMANDS)("gyrus %s --help prints that command's usage with every option it accepts", (c) => {
    const r = gyrus(c, "--help");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`^usage: npx gyrus ${c}\\b`));
    expect(r.stdout).not.toContain("commands:"); // not the general help
    const subcommands = c === "tasks" ? [["list"], ["sample"], ["plot"]] : [[]];
    for (const sub of subcommands)
      for (const option of accepted(c, ...sub))
        expect(r.stdout, `${c} ${sub} ${option}`).toMatch(new RegExp(`^  ${option} `, "m"));
    expect(gyrus("help", c).stdout).toBe(r.stdout);
    expect(gyrus(c, "-h").stdout).toBe(r.stdout);
  });

  it("train --help shows --activation and --build, each option's default (quick's where it differs) and the presets", () => {
    const out = gyrus("train", "--seed", "3", "--help").stdout;
    expect(out).toMatch(/^ {2}--activation F +relu, tanh, softplus \(default relu\)$/m);
    expect(out).toMatch(/^ {2}--build B +kernel build: auto, portable, relaxed \(default auto/m);
    expect(out).toMatch(/^ {2}--steps N +Adam steps \(default 40000; quick 8000\)$/m);
    expect(out).toMatch(/^ {2}--lambda X .*\(default 1e-5; quick 1e-4\)$/m);
    expect(out).toMatch(/^ {2}--grid RxC .*\(default 20x20\)$/m);
    expect(out).toMatch(/^presets /m);
    expect(out).toMatch(/^ {2}paper {2}the paper's recipe .*λ 1e-5/m);
    expect(out).toMatch(/^ {2}quick {2}a short run \(npm start\): as paper but λ 1e-4, steps 8000/m);
  });

  it("an unknown option is one line naming it plus where the usage is, exit 2", () => {
    const r = gyrus("reproduce", "--halp");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^gyrus: unknown option --halp \(allowed: /);
    expect(lines[1]).toBe("run npx gyrus reproduce --help for its options");
  });

  it.each([
    [["train", "--steps", "x", "--out", "/nonexistent/never"], /steps: "x"/, "train"],
    [["train", "--steps", "10"], /needs --out/, "train"],
    [["eval"], /eval needs the run folder/, "eval"],
    [["tasks", "sample", "--suite", "yang20"], /missing --task/, "tasks"],
    [["sweep", "--regs", "bimt,l2", "--out", "/nonexistent/never"], /--regs: "l2"/, "sweep"],
  ])("%j: one line, then run npx gyrus <command> --help, exit 2", (args, message, command) => {
    const r = gyrus(...args);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(`run npx gyrus ${command} --help for its options`);
  });

  it("an unknown command names the commands and points at the general help, exit 2", () => {
    for (const args of [["frobnicate"], ["help", "frobnicate"], ["frobnicate", "--help"]]) {
      const r = gyrus(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^gyrus: (unknown|no) command "frobnicate" \(commands: train, eval, /);
      expect(r.stderr.trimEnd().split("\n")[1]).toBe("run npx gyrus --help for the commands");
    }
  });

  it("npx gyrus runs the clone's command (package.json bin), as the README and the messages say", () => {
    const r = spawnSync("npx", ["gyrus", "train", "--help"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(gyrus("train", "--help").stdout);
  }, 150_000);
});
