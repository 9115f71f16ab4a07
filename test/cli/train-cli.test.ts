// gyrus train / eval / analyze as a user sees them: every accuracy labelled with its trials and noise, the final
// evaluation and the analysis giving the same noise-free figure, a folder that holds a run refused with exit 2, and
// Ctrl-C (SIGINT) exiting 130 with its notice on a line of its own (also after a terminal's progress bar) that
// suggests a command that runs (npx gyrus).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const CLI = path.resolve("dist/src/cli/main.js");
const gyrus = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const TINY = ["--preset", "quick", "--tasks", "go,anti,dm1", "--grid", "4x4", "--threads", "1"];
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** Runs the CLI until `ready` shows on stdout, then interrupts it with `interrupt`; resolves with code and output. */
function interrupted(
  cmd: string,
  args: string[],
  ready: RegExp,
  interrupt: (child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let sent = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ${ready} within 60 s:\n${out}`));
    }, 60_000);
    const take = (d: Buffer) => {
      out += d.toString();
      if (!sent && ready.test(out)) {
        sent = true;
        interrupt(child);
      }
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("gyrus train, eval and analyze output", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-train-cli-"));
  const dir = path.join(tmp, "run");
  let trained: ReturnType<typeof gyrus>;

  beforeAll(() => {
    if (!fs.existsSync(CLI)) execFileSync("npm", ["run", "build:ts"], { stdio: "ignore" });
    trained = gyrus(["train", ...TINY, "--steps", "40", "--eval-every", "20", "--out", dir]);
  }, 120_000);

  it("labels every accuracy: the checks during training (50 trials), then the final table (200, as analyze)", () => {
    expect(trained.status, trained.stdout + trained.stderr).toBe(0);
    const out = trained.stdout;
    expect(out).toMatch(/^eval at step 20: mean accuracy \d+\.\d% \(noise-free, 50 trials per task × 3 tasks\)$/m);
    expect(out).toMatch(
      /: model at step 40, 200 trials per task \(the evaluations during training used 50, so their figures differ by sampling\)$/m,
    );
    expect(out).toMatch(/^task +noise-free +with noise$/m);
    expect(out).toMatch(
      /^\(200 trials per task, rule last-step; with noise = the task input noise and recurrent noise/m,
    );
    const mean = /^mean +(\d+\.\d)% +(\d+\.\d)%$/m.exec(out);
    expect(mean).not.toBeNull();
    const a = gyrus(["analyze", dir, "--shuffles", "20", "--threads", "1"]);
    expect(a.status, a.stderr).toBe(0);
    // one noise-free figure for the final model: analyze's is the table's
    expect(a.stdout).toContain(`mean accuracy ${mean![1]}% (noise-free, 200 trials per task, rule last-step)`);
    expect(a.stdout).toMatch(/^important neurons \d+ of 16; k = \d+ clusters:$/m);
    const e = gyrus(["eval", dir, "--threads", "1"]);
    expect(e.stdout).toMatch(new RegExp(`^mean +${mean![1]}% +${mean![2]}%$`, "m"));
  }, 120_000);

  it("eval --json lists where the noisy accuracy is higher, with the interval of the difference", () => {
    const r = gyrus(["eval", dir, "--json", "--trials", "30", "--threads", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.trials).toBe(30);
    const above = j.tasks.filter((t: { accuracy: number; accuracyNoisy: number }) => t.accuracyNoisy > t.accuracy);
    expect(j.noisyAbove.map((x: { task: string }) => x.task)).toEqual(above.map((t: { task: string }) => t.task));
    for (const x of j.noisyAbove) (expect(x.lo).toBeLessThan(x.difference), expect(x.hi).toBeGreaterThan(x.difference));
  }, 60_000);

  it("a folder that already holds a run: one line, exit 2 (bad input)", () => {
    const r = gyrus(["train", ...TINY, "--steps", "40", "--out", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gyrus: ${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`,
    ]);
  });

  it("SIGINT: checkpoint, exit 130, the notice on its own line suggesting npx gyrus train --resume", async () => {
    const d = path.join(tmp, "stopped");
    const r = await interrupted(
      process.execPath,
      [CLI, "train", ...TINY, "--steps", "100000", "--out", d],
      /training /,
      (c) => setTimeout(() => c.kill("SIGINT"), 300),
    );
    expect(r.code, r.out).toBe(130);
    expect(r.out).toMatch(
      new RegExp(`^SIGINT: checkpoint written at step \\d+; continue with npx gyrus train --resume ${d}$`, "m"),
    );
    expect(fs.existsSync(path.join(d, "checkpoint.safetensors"))).toBe(true);
  }, 90_000);

  it.skipIf(!hasScript)(
    "on a terminal, the notice after Ctrl-C starts a new line instead of joining the bar",
    async () => {
      const d = path.join(tmp, "stopped-tty");
      const command = [process.execPath, CLI, "train", ...TINY, "--steps", "100000", "--out", d].join(" ");
      // script gives the CLI a pseudo-terminal; Ctrl-C typed into it reaches the CLI as SIGINT
      const r = await interrupted("script", ["-qefc", command, "/dev/null"], /\[[#-]{20}\] step /, (c) =>
        setTimeout(() => c.stdin!.write("\x03"), 300),
      );
      expect(r.code, r.out).toBe(130);
      const lines = r.out.split(/\r?\n/);
      const notice = lines.findIndex((l) => l.includes("checkpoint written at step"));
      expect(notice, r.out).toBeGreaterThan(0);
      expect(lines[notice]).toMatch(/^SIGINT: checkpoint written at step \d+; continue with npx gyrus train --resume /);
      expect(lines[notice - 1]).toMatch(/\[[#-]{20}\] step /); // the bar's line ends before the notice
    },
    90_000,
  );
});
