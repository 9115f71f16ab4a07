// `gyrus train --help`: every option of train with its default (the paper preset's value, and quick's where it
// differs), and the presets themselves, all read from PRESETS so the text cannot drift from the code.
import { ACTIVATIONS, BUILDS, formatGeometry, PRESETS, REGULARIZERS, SUITE_NAMES, type TrainConfig } from "../index.js";
import { CONFIG_FLAGS } from "./config-flags.js";
import { CMD, wrap, type CommandHelp } from "./help.js";

/** The options `gyrus train` accepts (without "--"). */
export const TRAIN_OPTIONS = { values: [...CONFIG_FLAGS, "preset", "config", "out", "resume", "if-exists"] } as const;

const num = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x));

/** "(default P; quick Q)": the paper preset's value (what a run gets without --preset), and quick's if different. */
function dflt(get: (c: TrainConfig) => string): string {
  const [p, q] = [get(PRESETS.paper), get(PRESETS.quick)];
  return p === q ? `(default ${p})` : `(default ${p}; quick ${q})`;
}

/** The settings a preset line shows, in order. */
const SUMMARY: readonly [string, (c: TrainConfig) => string][] = [
  ["suite", (c) => c.suite],
  ["geometry", (c) => formatGeometry(c.geometry)],
  ["activation", (c) => c.activation],
  ["reg", (c) => c.reg],
  ["λ", (c) => num(c.lambda)],
  ["A", (c) => num(c.A)],
  ["steps", (c) => String(c.steps)],
  ["batch", (c) => String(c.batch)],
  ["window", (c) => String(c.window)],
  ["lr", (c) => num(c.lr)],
  ["swaps every", (c) => String(c.swap.every)],
  ["eval every", (c) => `${c.eval.every} steps on ${c.eval.trials} trials per task`],
  ["checkpoint every", (c) => String(c.checkpoint.every)],
];

/** "  name   text", the text wrapped and indented under itself. */
const item = (name: string, text: string) =>
  wrap(text, 118 - 9, 0).map((l, i) => (i ? " ".repeat(9) : `  ${name.padEnd(7)}`) + l);

function presets(): string {
  const all = SUMMARY.map(([k, get]) => `${k} ${get(PRESETS.paper)}`).join(", ");
  const diff = SUMMARY.filter(([, get]) => get(PRESETS.quick) !== get(PRESETS.paper))
    .map(([k, get]) => `${k} ${get(PRESETS.quick)}`)
    .join(", ");
  return [
    "presets (--preset; --config and the flags override them; without --preset: paper):",
    ...item("paper", `the paper's recipe (docs/spec.md §9): ${all}`),
    ...item("quick", `a short run (npm start): as paper but ${diff}`),
    "Every other config field and its default: docs/training.md.",
  ].join("\n");
}

/** `gyrus train --help`. */
export function trainHelp(): CommandHelp {
  return {
    name: "train",
    summary: "train a network into a run folder, or continue a stopped run (--resume)",
    usage: [
      `${CMD} train [--preset quick|paper] [options] --out DIR`,
      `${CMD} train --resume DIR [--threads N] [--build B]`,
    ],
    about: `Trains into DIR: config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors; Ctrl-C or SIGTERM
writes a checkpoint and exits 130, and --resume continues bit-identically. Settings: preset < --config file < flags.
At the end it prints the per-task accuracy (as gyrus eval DIR).`,
    options: [
      ["--out DIR", "the run folder to create (required unless --resume)"],
      ["--resume DIR", "continue the run in DIR from its last checkpoint, with its saved config"],
      [
        "--if-exists fail|resume",
        "when --out already holds a run: refuse (exit 2), or resume it if its config is the same (default fail)",
      ],
      ["--preset quick|paper|sernn", "the starting settings, below (default paper)"],
      ["--config FILE", "a JSON file with any subset of the config fields (docs/training.md)"],
      ["--suite S", `task suite: ${SUITE_NAMES.join(", ")} ${dflt((c) => c.suite)}`],
      [
        "--tasks a,b,…|all",
        `a subset of the suite's tasks, as gyrus tasks list names them ${dflt((c) => (c.tasks ? c.tasks.join(",") : "all"))}`,
      ],
      ["--reg R", `connection cost: ${REGULARIZERS.filter((r) => r !== "custom").join(", ")} ${dflt((c) => c.reg)}`],
      ["--lambda X", `weight of the connection cost λ ≥ 0 ${dflt((c) => num(c.lambda))}`],
      ["--A X", `BIMT's distance offset A in |w|·(d + A) ${dflt((c) => num(c.A))}`],
      ["--grid RxC", `hidden neurons on a ROWSxCOLS grid ${dflt((c) => formatGeometry(c.geometry))}`],
      ["--line N", "hidden neurons on a line of N instead of a grid"],
      ["--lattice XxYxZ", "hidden neurons on a 3D lattice, unit spacing (seRNN's 5x5x4; 10x10x4 for 400)"],
      ["--positions FILE", "hidden neurons where a .json or .csv file puts them: one row per neuron, 1–3 numbers"],
      ["--metric M", "distance for --lattice and --positions: euclidean (default) or l1"],
      ["--activation F", `${ACTIVATIONS.join(", ")} ${dflt((c) => c.activation)}`],
      [
        "--dale F[,readout]",
        "Dale's law: a fraction F of neurons excitatory, the rest inhibitory; signs on W (and W_out with ,readout)",
      ],
      ["--alpha X", "leaky units: h ← (1 − X)·h + X·φ(·), X = dt/τ in (0, 1] (Yang et al.: 0.2; default 1 = no leak)"],
      ["--steps N", `Adam steps ${dflt((c) => String(c.steps))}`],
      ["--batch N", `trial streams per step ${dflt((c) => String(c.batch))}`],
      ["--window N", `time steps per training window ${dflt((c) => String(c.window))}`],
      ["--lr X", `Adam learning rate ${dflt((c) => num(c.lr))}`],
      ["--seed N", `the one seed of the run ${dflt((c) => String(c.seed))}`],
      [
        "--eval-every N",
        `steps between the accuracy checks logged during training ${dflt((c) => String(c.eval.every))}`,
      ],
      [
        "--trial-pool N",
        "draw every trial from a fixed pool of N per task, input noise frozen in each (default 0: every trial fresh)",
      ],
      [
        "--sernn-every K",
        "reg sernn: the exact gradient every K-th step, C held constant in between (≈ 3× cheaper; default 1)",
      ],
      ["--swap-threshold X", "take a swap only when it lowers ℓ_cc by more than X (default 0)"],
      ["--threads N", "threads; 0 = all cores (default 0; does not change the result)"],
      ["--build B", `kernel build: ${["auto", ...BUILDS].join(", ")} (default auto; does not change the result)`],
    ],
    extra: presets(),
  };
}
