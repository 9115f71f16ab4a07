// docs/slurm.md shows the job script that test/slurm/run.sh submits: its code block is docs/sweep.sbatch without the
// comment lines, and the script runs the sweep with exec (so Slurm's SIGTERM reaches it) on the array's share.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");

describe("docs/sweep.sbatch", () => {
  it("is what docs/slurm.md shows and what npm run test:slurm submits", () => {
    const file = read("docs/sweep.sbatch")
      .split("\n")
      .filter((l) => !/^# /.test(l) && !/^\s*#\s/.test(l))
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
    const block = /```sh\n(#!\/bin\/bash[\s\S]*?)```/.exec(read("docs/slurm.md"));
    expect(block, "a ```sh block starting with #!/bin/bash in docs/slurm.md").not.toBeNull();
    expect(block![1].trim()).toBe(file);
    expect(file).toMatch(/^#SBATCH --array=/m);
    expect(file).toMatch(/^exec node dist\/src\/cli\/main\.js sweep /m);
    expect(read("test/slurm/run.sh")).toMatch(/^SBATCH_FILE=docs\/sweep\.sbatch$/m);
    expect(JSON.parse(read("package.json")).scripts["test:slurm"]).toBe("bash test/slurm/run.sh");
  });
});
