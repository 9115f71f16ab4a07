// Step parity with an independent PyTorch implementation (bench/reference/torch_parity.py): gyrus's Trainer and the
// PyTorch script start from the same initial parameters and see the same windows and recurrent noise (exported from
// gyrus, step by step, over a pipe); after chosen steps both report their parameters and neuron permutation, and this
// compares them. `npm run parity -- --steps 1000` prints the table of docs/results.md ("Step parity with PyTorch");
// test/train/torch-parity.test.ts runs a small case where python3-torch is installed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { createEngine, resolveConfig, Trainer, type Params } from "../src/index.js";
import { TrainingStream } from "../src/tasks/generate.js";
import { noiseSeed } from "../src/train/trainer.js";
import { PARAM_NAMES } from "../src/model/types.js";
import { pythonWithTorch } from "./torch.js";

// From bench/ (vitest) or from dist/bench/ (npm run parity).
const SCRIPT = [
  new URL("./reference/torch_parity.py", import.meta.url),
  new URL("../../bench/reference/torch_parity.py", import.meta.url),
]
  .map((u) => fileURLToPath(u))
  .find((f) => fs.existsSync(f))!;

/** What the two sides hold after one reported step. */
export interface ParityRow {
  step: number;
  /** max |p_gyrus − p_torch| over all parameters, and the same relative to max |p_gyrus|. */
  maxAbs: number;
  maxRel: number;
  /** Per tensor: max |difference| / max |gyrus value|. */
  perTensor: Record<string, number>;
  lossGyrus: number;
  lossTorch: number;
  gradNormGyrus: number;
  gradNormTorch: number;
  /** Neuron permutations equal on both sides. */
  samePermutation: boolean;
  /** Cells where the two permutations differ. */
  permutationDiffers: number;
  /** Swaps since the previous row (synced mode: of this step only, as PyTorch made only this step). */
  swapsGyrus: number;
  swapsTorch: number;
  /**
   * Free-running mode: max relative difference between gyrus and gyrus started from parameters perturbed by one
   * float32 rounding (±2⁻²⁴ relative): how fast the training itself amplifies rounding, with no other difference.
   */
  twinRel?: number;
}

export interface ParityOptions {
  /** Config fields over the preset (the overrides layer of resolveConfig). */
  config?: Record<string, unknown>;
  preset?: "paper" | "quick";
  steps: number;
  report: number[];
  /** PyTorch's dtype (float32 as the independent implementation; float64 to see gyrus's own f32 error). */
  dtype?: "float32" | "float64";
  /**
   * "free" (default): both sides train on their own from the same start. "synced": before each reported step PyTorch
   * takes gyrus's parameters, Adam moments and permutation, so each row compares ONE step from identical states.
   */
  mode?: "free" | "synced";
  python?: string;
  onRow?: (r: ParityRow) => void;
}

function concatParams(p: Params): Float32Array {
  const total = PARAM_NAMES.reduce((a, n) => a + p[n].length, 0);
  const out = new Float32Array(total);
  let o = 0;
  for (const n of PARAM_NAMES) {
    out.set(p[n], o);
    o += p[n].length;
  }
  return out;
}

/** A reader that yields exact byte counts from a child's stdout, or the child's failure once it has exited. */
class ByteQueue {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    this.wake();
  }
  fail(e: Error): void {
    this.failed = e;
    this.wake();
  }
  private wake(): void {
    const w = this.waiting;
    if (!w || (this.size < w.n && !this.failed)) return;
    this.waiting = null;
    if (this.size < w.n) return w.reject(this.failed!);
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(w.n)];
    this.size = all.length - w.n;
    w.resolve(Buffer.from(all.subarray(0, w.n)));
  }
  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = { n, resolve, reject };
      this.wake();
    });
  }
}

/** Trains `steps` steps in gyrus and in PyTorch side by side and compares them after each step in `report`. */
export async function runParity(o: ParityOptions): Promise<ParityRow[]> {
  const python = o.python ?? pythonWithTorch();
  if (!python) throw new Error("no python3 with torch (apt-get install python3-torch, or set GYRUS_PYTHON)");
  const config = resolveConfig({ preset: o.preset ?? "paper", overrides: { ...o.config, steps: o.steps, threads: 1 } });
  if (config.geometry.kind !== "grid") throw new Error("parity: grid geometries only");
  if (config.reg !== "bimt" || config.swap.mode !== "bimt" || !config.swap.permuteMoments)
    throw new Error("parity: the script implements BIMT with bimt-mode swap rounds that permute the moments");
  const engine = await createEngine({ threads: 1 });
  const trainer = new Trainer(engine, config);
  // The same stream the trainer draws from (same suite, batch, seed and options): its windows are the trainer's.
  const stream = new TrainingStream(trainer.suite, config.batch, config.seed, {
    mode: config.stream,
    noise: config.noise.input,
    pool: config.trialPool ?? 0,
  });
  const { nInput: nu, nHidden: nh, nOutput: no } = trainer.net.spec;
  const synced = o.mode === "synced";
  let twin: Trainer | null = null;
  if (!synced) {
    twin = new Trainer(engine, config);
    const p = twin.net.getParams();
    let r = 12345;
    for (const n of PARAM_NAMES)
      p[n] = p[n].map((x) => {
        r = (Math.imul(r, 1103515245) + 12345) >>> 0;
        return x * (1 + (r & 0x10000 ? 1 : -1) * 2 ** -24);
      });
    twin.net.setParams(p);
  }
  const T = config.window,
    B = config.batch;
  const child = spawn(python, [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
  const q = new ByteQueue();
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => q.push(b));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  child.on("exit", (code) => q.fail(new Error(`torch_parity.py exited with ${code}: ${stderr.trim()}`)));
  const write = (b: Uint8Array) =>
    new Promise<void>((resolve, reject) => child.stdin.write(b, (e) => (e ? reject(e) : resolve())));
  const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const rows: ParityRow[] = [];
  try {
    const header = Buffer.from(
      JSON.stringify({
        nInput: nu,
        nHidden: nh,
        nOutput: no,
        T,
        B,
        rows: config.geometry.rows,
        cols: config.geometry.cols,
        A: config.A,
        lambda: config.lambda,
        lr: config.lr,
        clip: config.clip,
        topK: config.swap.topK,
        swapEvery: config.swap.every,
        threshold: config.swap.threshold ?? 0,
        dtype: o.dtype ?? "float32",
      }),
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    await write(len);
    await write(header);
    await write(bytes(concatParams(trainer.net.getParams())));
    const report = new Set(o.report);
    const total = concatParams(trainer.net.getParams()).length;
    let swapsSince = 0;
    for (let s = 1; s <= o.steps; s++) {
      const batch = stream.next(T);
      if (!synced || report.has(s)) {
        const noise = trainer.net.sampleNoise(T, B, config.noise.recurrent, noiseSeed(config.seed, s));
        await write(new Uint8Array([report.has(s) ? (synced ? 2 : 1) : 0]));
        if (synced) {
          const opt = trainer.net.getOptimizerState();
          const u32 = (x: number) => {
            const b = Buffer.alloc(4);
            b.writeUInt32LE(x);
            return b;
          };
          await write(u32(s));
          await write(bytes(concatParams(trainer.net.getParams())));
          await write(bytes(concatParams(opt.m)));
          await write(bytes(concatParams(opt.v)));
          await write(u32(opt.steps));
          await write(bytes(trainer.perm));
        }
        await write(bytes(batch.inputs));
        await write(bytes(batch.labels));
        await write(bytes(noise));
      }
      const info = trainer.trainStep();
      twin?.trainStep();
      swapsSince += info.swaps;
      if (!report.has(s)) continue;
      const theirs = new Float32Array(new Uint8Array(await q.read(total * 4)).buffer);
      const theirPerm = new Int32Array(new Uint8Array(await q.read(nh * 4)).buffer);
      const tail = await q.read(20);
      const [lossTorch, gradNormTorch] = [tail.readDoubleLE(0), tail.readDoubleLE(8)];
      const pairs = tail.readUInt32LE(16);
      if (pairs > 0) await q.read(pairs * 8);
      const ours = trainer.net.getParams();
      const perTensor: Record<string, number> = {};
      let maxAbs = 0,
        maxVal = 0,
        off = 0;
      for (const n of PARAM_NAMES) {
        let d = 0,
          m = 0;
        ours[n].forEach((v, i) => {
          d = Math.max(d, Math.abs(v - theirs[off + i]));
          m = Math.max(m, Math.abs(v));
        });
        off += ours[n].length;
        perTensor[n] = d / m;
        maxAbs = Math.max(maxAbs, d);
        maxVal = Math.max(maxVal, m);
      }
      let twinRel: number | undefined;
      if (twin) {
        const tp = concatParams(twin.net.getParams()),
          op = concatParams(ours);
        let d = 0;
        op.forEach((v, i) => (d = Math.max(d, Math.abs(v - tp[i]))));
        twinRel = d / maxVal;
      }
      let differs = 0;
      trainer.perm.forEach((id, c) => (differs += id === theirPerm[c] ? 0 : 1));
      const row: ParityRow = {
        step: s,
        maxAbs,
        maxRel: maxAbs / maxVal,
        perTensor,
        lossGyrus: info.loss,
        lossTorch,
        gradNormGyrus: info.gradNorm,
        gradNormTorch,
        samePermutation: differs === 0,
        permutationDiffers: differs,
        swapsGyrus: synced ? info.swaps : swapsSince,
        swapsTorch: pairs,
        ...(twinRel !== undefined ? { twinRel } : {}),
      };
      swapsSince = 0;
      rows.push(row);
      o.onRow?.(row);
    }
  } finally {
    child.stdin.end();
    child.kill();
    await engine.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (flag: string, dflt: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const steps = Number(get("--steps", "1000"));
  const seed = Number(get("--seed", "0"));
  const dtype = get("--dtype", "float32") as "float32" | "float64";
  const mode = get("--mode", "free") as "free" | "synced";
  const report = [1, 2, 5, 10, 20, 50, 100, 199, 200, 201, 400, 600, 800, 1000, 2000, 5000].filter((s) => s <= steps);
  const t0 = performance.now();
  console.log(`step parity, paper recipe, seed ${seed}, PyTorch ${dtype}, ${steps} steps (swap rounds every 200)`);
  console.log(
    "| step | max abs diff | max rel diff | W rel | W_in rel | W_out rel | loss gyrus | loss torch | grad-norm gyrus | grad-norm torch | same permutation | swaps gyrus / torch (since last row) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  await runParity({
    steps,
    report,
    dtype,
    mode,
    config: { seed },
    onRow: (r) =>
      console.log(
        `| ${r.step} | ${r.maxAbs.toExponential(2)} | ${r.maxRel.toExponential(2)} | ${r.perTensor.W.toExponential(1)} | ${r.perTensor.W_in.toExponential(1)} | ${r.perTensor.W_out.toExponential(1)} | ${r.lossGyrus.toFixed(6)} | ${r.lossTorch.toFixed(6)} | ${r.gradNormGyrus.toFixed(5)} | ${r.gradNormTorch.toFixed(5)} | ${r.samePermutation ? "yes" : `no (${r.permutationDiffers} cells)`} | ${r.swapsGyrus} / ${r.swapsTorch} | ${r.twinRel?.toExponential(2) ?? "–"} |`,
      ),
  });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
