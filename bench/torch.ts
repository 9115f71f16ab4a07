// The PyTorch reference (bench/reference/torch_rnn.py), run as a child process in the same invocation when a
// Python with torch is installed (Debian: apt-get install python3-torch libopenblas0-pthread).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface TorchRow {
  impl: string;
  batch: number;
  threads: number;
  ms: number;
}

export interface TorchResult {
  version: string;
  blas: string;
  rows: TorchRow[];
  notes: string[];
}

const script = fileURLToPath(new URL("../../bench/reference/torch_rnn.py", import.meta.url));

/** The first Python that can import torch: $GYRUS_PYTHON, python3, /usr/bin/python3; null if none. */
export function pythonWithTorch(): string | null {
  for (const py of [process.env.GYRUS_PYTHON, "python3", "/usr/bin/python3"]) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", "import torch"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return null;
}

export function runTorch(iters: number, warmup: number): TorchResult | { skipped: string } {
  const py = pythonWithTorch();
  if (!py)
    return {
      skipped: "no python3 with torch (apt-get install python3-torch libopenblas0-pthread, or set GYRUS_PYTHON)",
    };
  const r = spawnSync(
    py,
    [
      script,
      "--json",
      "--batch",
      "16",
      "64",
      "--threads",
      "1",
      "2",
      "--iters",
      String(iters),
      "--warmup",
      String(warmup),
    ],
    {
      encoding: "utf8",
      maxBuffer: 16 << 20,
    },
  );
  if (r.status !== 0)
    return { skipped: `torch_rnn.py exited with ${r.status}: ${(r.stderr || "").trim().split("\n").pop()}` };
  const j = JSON.parse(r.stdout) as {
    torch: string;
    blas?: string;
    results: { impl: string; batch: number; threads: number; ms_median: number }[];
    notes?: string[];
  };
  return {
    version: j.torch,
    blas: j.blas ?? "unknown",
    rows: j.results.map((x) => ({ impl: x.impl, batch: x.batch, threads: x.threads, ms: x.ms_median })),
    notes: j.notes ?? [],
  };
}
