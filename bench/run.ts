// `npm run bench`: the SIMD peak of this machine, kernel GFLOP/s on the RNN shapes, ms per training iteration on
// 1 and 2 threads for both builds, the all-pairs swap Δ, task-data generation (also as a share of an iteration),
// and PyTorch's iteration in the same run with the ratio.
// Flags: --json (one JSON object on stdout), --quick (shorter sampling), --no-torch.
import { availableParallelism, cpus } from "node:os";
import { createEngine, type Build } from "../src/index.js";
import { activeOnYang20, iterationRow, type ActiveRow, type IterationRow } from "./iteration.js";
import { kernelRows, measurePeak, swapDeltaMs, swapRoundMs, type KernelRow } from "./kernels.js";
import { taskGenerationRows } from "./tasks.js";
import { runTorch } from "./torch.js";
import { sernnRows, type SernnRow } from "./sernn.js";

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !["--json", "--quick", "--no-torch"].includes(a));
if (unknown.length) {
  console.error(`bench: unknown option ${unknown.join(", ")} — allowed: --json, --quick, --no-torch`);
  process.exit(2);
}
const json = args.has("--json"),
  quick = args.has("--quick");
const maxTime = quick ? 0.5 : 2;
const log = (s: string) => {
  if (!json) console.log(s);
};
const progress = (s: string) => {
  if (!json) process.stderr.write(`… ${s}\n`);
};

const peaks: Record<string, number> = {};
const kernels: KernelRow[] = [];
const iterations: IterationRow[] = [];
const swaps: { build: string; threads: number; ms: number }[] = [];
const swapRounds: { build: string; threads: number; ms: number; swaps: number }[] = [];
const sernn: SernnRow[] = [];

for (const build of ["portable", "relaxed"] as Build[]) {
  for (const threads of [1, 2]) {
    let engine;
    try {
      engine = await createEngine({ threads, build });
    } catch (err) {
      log(`(${build} build unavailable: ${(err as Error).message})`);
      break;
    }
    try {
      if (threads === 1) {
        progress(`${build}: SIMD peak and kernels`);
        peaks[build] = measurePeak(engine, maxTime);
        kernels.push(...kernelRows(engine, peaks[build], maxTime));
      }
      for (const B of [16, 64]) {
        progress(`${build}: training iteration, ${threads} thread(s), B ${B}`);
        iterations.push(iterationRow(engine, B, quick ? 1 : 4));
      }
      swaps.push({ build, threads, ms: swapDeltaMs(engine, maxTime) });
      if (build === "relaxed") {
        progress(`${build}: seRNN cost, ${threads} thread(s)`);
        sernn.push(...sernnRows(engine, maxTime, quick ? [100, 400] : [100, 400, 1024]));
      }
      swapRounds.push({ build, threads, ...swapRoundMs(engine, maxTime) });
    } finally {
      await engine.close();
    }
  }
}

progress("active fraction on Yang-20 batches");
let active: ActiveRow[] = [];
{
  const engine = await createEngine({ threads: 2 });
  try {
    active = activeOnYang20(engine, quick ? 25 : 100);
  } finally {
    await engine.close();
  }
}

progress("task generation");
// Each window is set against gyrus's fastest training iteration at the same B in this run.
const taskGeneration = taskGenerationRows(quick ? 0.25 : 0.5).map((r) => {
  const best =
    r.op === "next(100)"
      ? iterations
          .filter((x) => x.batch === r.batch)
          .reduce<IterationRow | null>((a, b) => (a && a.ms <= b.ms ? a : b), null)
      : null;
  return {
    ...r,
    ofIteration: best
      ? { share: r.ms / best.ms, iterationMs: best.ms, build: best.build, threads: best.threads }
      : null,
  };
});

progress("PyTorch reference");
const torch = args.has("--no-torch") ? { skipped: "--no-torch" } : runTorch(quick ? 5 : 20, quick ? 2 : 3);
const torchBest = (B: number) => {
  if ("skipped" in torch) return null;
  const rows = torch.rows.filter((r) => r.batch === B);
  return rows.length ? rows.reduce((a, b) => (a.ms <= b.ms ? a : b)) : null;
};

// The machine's 128-bit peak is the better of the two probes (the portable build's separate mul and add chains are
// latency-bound on some cores); every kernel's share is taken against it.
const machinePeak = Math.max(...Object.values(peaks));
for (const r of kernels) r.ofPeak = r.gflops / machinePeak;
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "?", cores: availableParallelism() };
if (json) {
  console.log(
    JSON.stringify(
      {
        machine,
        peakGflopsPerCore: peaks,
        machinePeakGflopsPerCore: machinePeak,
        kernels,
        iterations,
        swapDelta400: swaps,
        swapRound400: swapRounds,
        sernnCost: sernn,
        activeOnYang20: active,
        taskGeneration,
        torch,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
log(`\ngyrus bench — Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores`);
log(
  `\nSIMD mul+add peak per core (12 independent f32x4 chains): ${Object.entries(peaks)
    .map(([b, g]) => `${b} ${g.toFixed(1)} GFLOP/s`)
    .join(", ")}; shares below are of ${machinePeak.toFixed(1)}`,
);
log(`\nKernels, 1 thread (median of the benchmark package's samples)`);
log(
  `${"build".padEnd(9)} ${"kernel".padEnd(15)} ${"shape".padEnd(24)} ${pad("ms", 9)} ${pad("GFLOP/s", 8)} ${pad("of peak", 8)}`,
);
for (const r of kernels) {
  log(
    `${r.build.padEnd(9)} ${r.kernel.padEnd(15)} ${r.shape.padEnd(24)} ${pad(r.ms.toFixed(3), 9)} ${pad(r.gflops.toFixed(1), 8)} ${pad((100 * r.ofPeak).toFixed(0) + "%", 8)}`,
  );
}
log(
  `\nTraining iteration: forward + BPTT + ℓ_cc + clip + Adam; n_h 400 (20×20), n_u 53, n_o 17, T 100, ReLU, λ 1e-5, A 1`,
);
log(`(active: share of neurons the recurrent products used per step; torch best / ms > 1 means gyrus is faster)`);
log(
  `${"build".padEnd(9)} ${pad("threads", 7)} ${pad("B", 3)} ${pad("ms", 8)} ${pad("active", 7)} ${pad("2-thread x", 10)} ${pad("torch best / ms", 16)}`,
);
for (const r of iterations) {
  const one = iterations.find((x) => x.build === r.build && x.batch === r.batch && x.threads === 1);
  const speedup = r.threads > 1 && one ? `${(one.ms / r.ms).toFixed(2)}×` : "";
  const tb = torchBest(r.batch);
  const vs = tb ? `${(tb.ms / r.ms).toFixed(2)}×` : "";
  log(
    `${r.build.padEnd(9)} ${pad(r.threads, 7)} ${pad(r.batch, 3)} ${pad(r.ms.toFixed(1), 8)} ${pad(r.active.toFixed(2), 7)} ${pad(speedup, 10)} ${pad(vs, 16)}`,
  );
}
log(`\nActive-set compaction on Yang-20 training windows (T 100, B 16, fresh BIMT network, share of the 400 neurons):`);
for (const a of active)
  log(
    `  after ${pad(a.step, 3)} Adam steps: per step forward ${a.forward.toFixed(2)}, backward ${a.backward.toFixed(2)}; active at any step ${a.anyStep.toFixed(2)}`,
  );
log(`\nTask generation (JavaScript, one thread), median ms per call; a T 100 window as a share of gyrus's fastest`);
log(`iteration above at the same B (that iteration is the n_u 53 workload; a Mod-Cog network's input layer is wider)`);
log(`${"suite".padEnd(8)} ${"op".padEnd(12)} ${pad("B", 3)} ${pad("ms", 8)} ${pad("per s", 9)}  of iteration`);
for (const r of taskGeneration) {
  const it = r.ofIteration;
  const share = it
    ? `${(100 * it.share).toFixed(1)}% of ${it.iterationMs.toFixed(1)} ms (${it.build}, ${it.threads}t)`
    : "";
  log(
    `${r.suite.padEnd(8)} ${r.op.padEnd(12)} ${pad(r.batch, 3)} ${pad(r.ms < 0.1 ? r.ms.toFixed(4) : r.ms.toFixed(2), 8)} ${pad(Math.round(r.perSecond), 9)}  ${share}`,
  );
}
log(`\nAll-pairs swap Δ, n = 400: ${swaps.map((s) => `${s.build} ${s.threads}t ${s.ms.toFixed(2)} ms`).join(", ")}`);
log(
  `One BIMT swap round (top-k 40), n = 400: ${swapRounds.map((s) => `${s.build} ${s.threads}t ${s.ms.toFixed(1)} ms (${s.swaps} swaps)`).join(", ")}`,
);
log(
  `seRNN cost, value + gradient exact / C held (relaxed build): ${sernn.map((r) => `n ${r.n} ${r.threads}t ${r.ms.toFixed(1)} / ${r.directMs.toFixed(1)} ms${r.referenceMs === undefined ? "" : ` (float64 TS reference ${r.referenceMs.toFixed(0)} ms)`}; iteration BIMT / seRNN / seRNN C held ${r.iteration.bimt.toFixed(0)} / ${r.iteration.sernn.toFixed(0)} / ${r.iteration.sernnDirect.toFixed(0)} ms`).join(", ")}`,
);
if ("skipped" in torch) {
  log(`\nPyTorch reference skipped: ${torch.skipped}`);
} else {
  log(`\nPyTorch ${torch.version} (BLAS: ${torch.blas}), same workload, median ms per iteration`);
  for (const r of torch.rows)
    log(`  ${r.impl.padEnd(8)} B ${pad(r.batch, 2)} ${r.threads} thread(s) ${pad(r.ms.toFixed(1), 8)} ms`);
  for (const n of torch.notes) log(`  note: ${n}`);
  for (const B of [16, 64]) {
    const tb = torchBest(B);
    const ours = iterations
      .filter((r) => r.batch === B)
      .reduce((a, b) => (a.ms <= b.ms ? a : b), { ms: Infinity } as IterationRow);
    if (tb && Number.isFinite(ours.ms)) {
      log(
        `  B ${B}: gyrus best ${ours.ms.toFixed(1)} ms (${ours.build}, ${ours.threads}t) vs PyTorch best ${tb.ms.toFixed(1)} ms (${tb.impl}, ${tb.threads}t): ${(tb.ms / ours.ms).toFixed(2)}×`,
      );
    }
  }
}
