// A run folder's files checked one by one (config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors):
// what is damaged, whether it can be rebuilt (the model and config.json from a valid checkpoint, a torn last metrics
// line by dropping it) and what the user can do otherwise; repairRun rebuilds what can be rebuilt, atomically.
import fs from "node:fs";
import path from "node:path";
import { readFileBytes, writeFileAtomicSync } from "../io/atomic-file.js";
import { SafetensorsError } from "../io/safetensors.js";
import { PARAM_NAMES } from "../model/types.js";
import { decodeCheckpoint, decodeModel, encodeModel, modelConfig, MODEL_FORMAT } from "./checkpoint.js";
import { validateConfig } from "./config-schema.js";
import type { TrainConfig } from "./config.js";
import type { MetricsLine } from "./loop.js";

/** The files of a run folder. */
export const FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  model: "model.safetensors",
  checkpoint: "checkpoint.safetensors",
} as const;

/** A run folder that cannot be used as asked: it already holds a run, holds none, or a file of it is damaged. */
export class RunFolderError extends Error {
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super(message);
    this.name = "RunFolderError";
  }
}

/** True if `dir` holds a run (a checkpoint or a metrics file). */
export function holdsRun(dir: string): boolean {
  return fs.existsSync(path.join(dir, FILES.checkpoint)) || fs.existsSync(path.join(dir, FILES.metrics));
}

/** metrics.jsonl read line by line: the good lines, a torn unterminated last line, or the first damaged line. */
export interface MetricsScan {
  lines: MetricsLine[];
  /** The file ends in an incomplete line (a kill mid-write): harmless, dropped by a resume or a repair. */
  torn: boolean;
  /** The first complete line that is not a metrics line (1-based number and why), or null. */
  damage: string | null;
}

/** Reads metrics.jsonl (a missing file reads as no lines). */
export function scanMetrics(file: string): MetricsScan {
  if (!fs.existsSync(file)) return { lines: [], torn: false, damage: null };
  const text = fs.readFileSync(file, "utf8");
  const parts = text.split("\n");
  const tail = parts.pop() ?? ""; // "" when the file ends in a newline
  const lines: MetricsLine[] = [];
  let prev = 0;
  for (let i = 0; i < parts.length; i++) {
    let m: MetricsLine;
    try {
      m = JSON.parse(parts[i]);
    } catch {
      return { lines, torn: false, damage: `line ${i + 1} is not valid JSON` };
    }
    if (typeof m !== "object" || m === null || !Number.isSafeInteger(m.step) || m.step <= prev) {
      return { lines, torn: false, damage: `line ${i + 1} is not a metrics line after step ${prev}` };
    }
    prev = m.step;
    lines.push(m);
  }
  return { lines, torn: tail !== "", damage: null };
}

/** Writes metrics lines (one JSON object a line) atomically. */
export function writeMetrics(file: string, lines: readonly MetricsLine[]): void {
  writeFileAtomicSync(file, lines.map((l) => JSON.stringify(l) + "\n").join(""));
}

/** One problem with one file of a run folder. */
export interface FileProblem {
  /** The file's path. */
  file: string;
  /** missing, damaged (unreadable or not ours), stale (readable but not matching the checkpoint), differs (config.json edited), torn (metrics). */
  kind: "missing" | "damaged" | "stale" | "differs" | "torn";
  /** What is wrong. */
  problem: string;
  /** What can be done about it. */
  fix: string;
  /** True if repairRun (and a resume) can rebuild the file from the checkpoint. */
  repairable: boolean;
}

/** The one-line message of a problem: `file: problem; fix`. */
export function describeProblem(p: FileProblem): string {
  return `${p.file}: ${p.problem}; ${p.fix}`;
}

/** What checkRun found: the decoded checkpoint (when valid) and every problem, the checkpoint's first. */
export interface RunCheck {
  dir: string;
  checkpoint: ReturnType<typeof decodeCheckpoint> | null;
  metrics: MetricsScan;
  problems: FileProblem[];
}

const detail = (e: unknown) => (e instanceof SafetensorsError ? e.detail : (e as Error).message);

/** The top-level config fields in which `a` and `b` differ (threads and build aside: they do not change the bits). */
export function configDifferences(a: TrainConfig, b: TrainConfig): string[] {
  const x = modelConfig(a) as unknown as Record<string, unknown>;
  const y = modelConfig(b) as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  return keys.filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}

const sameArray = (a: ArrayBufferView, b: ArrayBufferView) =>
  a.byteLength === b.byteLength &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

/** Checks every file of the run folder `dir`; RunFolderError if it is not a folder or holds none of a run's files. */
export async function checkRun(dir: string): Promise<RunCheck> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new RunFolderError(dir, `${dir}: no such folder`);
  const file = (name: string) => path.join(dir, name);
  if (!Object.values(FILES).some((f) => fs.existsSync(file(f)))) {
    throw new RunFolderError(dir, `${dir} holds no run (none of ${Object.values(FILES).join(", ")})`);
  }
  const problems: FileProblem[] = [];
  const cpFile = file(FILES.checkpoint);
  const modelFile = file(FILES.model);
  const configFile = file(FILES.config);
  const metricsFile = file(FILES.metrics);

  let checkpoint: RunCheck["checkpoint"] = null;
  let cpError: string | null = null;
  if (fs.existsSync(cpFile)) {
    try {
      checkpoint = decodeCheckpoint(await readFileBytes(cpFile), cpFile);
    } catch (e) {
      cpError = detail(e);
    }
  }
  let model: ReturnType<typeof decodeModel> | null = null;
  let modelError: string | null = null;
  if (fs.existsSync(modelFile)) {
    try {
      model = decodeModel(await readFileBytes(modelFile), modelFile, [MODEL_FORMAT]);
    } catch (e) {
      modelError = detail(e);
    }
  }
  const again = `train the run again (gyrus train --config ${configFile} --out NEW_DIR)`;

  if (!checkpoint) {
    const fix = model
      ? `the run cannot be continued, but ${FILES.model} (step ${model.step}) is intact and can still be evaluated and analysed; to train further, ${again}`
      : `the run cannot be continued and has no readable model; ${again}`;
    problems.push({
      file: cpFile,
      kind: cpError === null ? "missing" : "damaged",
      problem: cpError ?? "missing",
      fix,
      repairable: false,
    });
    if (!model)
      problems.push({
        file: modelFile,
        kind: modelError === null ? "missing" : "damaged",
        problem: modelError ?? "missing",
        fix: `cannot be rebuilt (no valid ${FILES.checkpoint}); ${again}`,
        repairable: false,
      });
  } else {
    const { model: cm } = checkpoint;
    const rebuild = `gyrus repair ${dir} (or gyrus train --resume ${dir}) rebuilds it from ${FILES.checkpoint} (step ${cm.step})`;
    let stale: string | null = null;
    if (model) {
      if (model.step !== cm.step) stale = `at step ${model.step}, the checkpoint at step ${cm.step}`;
      else if (configDifferences(model.config, cm.config).length > 0)
        stale = `of another run (config differs from the checkpoint's in ${configDifferences(model.config, cm.config).join(", ")})`;
      else if (!PARAM_NAMES.every((n) => sameArray(model!.params[n], cm.params[n])) || !sameArray(model.perm, cm.perm))
        stale = `its weights differ from the checkpoint's at the same step ${cm.step}`;
    }
    if (!model || stale)
      problems.push({
        file: modelFile,
        kind: stale ? "stale" : modelError === null ? "missing" : "damaged",
        problem: stale ?? modelError ?? "missing",
        fix: rebuild,
        repairable: true,
      });
    let saved: TrainConfig | null = null;
    let configError: string | null = null;
    if (fs.existsSync(configFile)) {
      try {
        saved = validateConfig(JSON.parse(fs.readFileSync(configFile, "utf8")));
      } catch (e) {
        configError = e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message;
      }
    }
    if (!saved) {
      problems.push({
        file: configFile,
        kind: configError === null ? "missing" : "damaged",
        problem: configError ?? "missing",
        fix: `gyrus repair ${dir} (or gyrus train --resume ${dir}) rewrites it from ${FILES.checkpoint}'s config`,
        repairable: true,
      });
    } else {
      const diff = configDifferences(saved, cm.config);
      if (diff.length > 0) {
        const show = (c: TrainConfig) =>
          diff.map((k) => `${k} ${JSON.stringify((c as unknown as Record<string, unknown>)[k])}`).join(", ");
        problems.push({
          file: configFile,
          kind: "differs",
          problem: `says ${show(saved)}, but the checkpoint's run has ${show(cm.config)} (a resume reads the checkpoint's config, never config.json)`,
          fix: `${diff.length === 1 && diff[0] === "steps" ? `to train to ${saved.steps} steps use gyrus train --resume ${dir} --steps ${saved.steps}; ` : ""}gyrus repair ${dir} rewrites config.json from the checkpoint`,
          repairable: true,
        });
      }
    }
  }

  const metrics = scanMetrics(metricsFile);
  const keep = `the log cannot be rebuilt without training again, and a resume would leave a gap in it, so it is refused; ${checkpoint ? `${FILES.checkpoint} and ${FILES.model} are intact (gyrus eval and analyze work); ` : ""}for a complete run, ${again}`;
  if (!fs.existsSync(metricsFile)) {
    problems.push({ file: metricsFile, kind: "missing", problem: "missing", fix: keep, repairable: false });
  } else if (metrics.damage) {
    problems.push({ file: metricsFile, kind: "damaged", problem: metrics.damage, fix: keep, repairable: false });
  } else if (metrics.torn) {
    problems.push({
      file: metricsFile,
      kind: "torn",
      problem: "ends in an incomplete line (the run was killed while writing it)",
      fix: `gyrus repair ${dir} (or gyrus train --resume ${dir}) drops it`,
      repairable: true,
    });
  }
  problems.sort((a, b) => order(a.file) - order(b.file));
  return { dir, checkpoint, metrics, problems };
}

const order = (file: string) =>
  [FILES.checkpoint, FILES.model, FILES.config, FILES.metrics].indexOf(path.basename(file) as never);

/** What repairRun did and what is left. */
export interface RepairResult {
  dir: string;
  /** The problems it fixed (each file rewritten atomically). */
  fixed: FileProblem[];
  /** The problems it cannot fix (see each one's `fix`). */
  remaining: FileProblem[];
  /** The step of the run's checkpoint (null without a valid one). */
  step: number | null;
}

/** Fixes the repairable problems `check` found (model and config.json from the checkpoint, a torn metrics line). */
export function applyRepairs(check: RunCheck, only?: (p: FileProblem) => boolean): FileProblem[] {
  const fixed: FileProblem[] = [];
  const cp = check.checkpoint;
  for (const p of check.problems) {
    if (!p.repairable || !cp || (only && !only(p))) continue;
    const name = path.basename(p.file);
    if (name === FILES.model) {
      writeFileAtomicSync(p.file, encodeModel(cp.model.config, cp.snapshot, cp.model.nInput, cp.model.nOutput));
    } else if (name === FILES.config) {
      let kept: Pick<TrainConfig, "threads" | "build"> = cp.model.config;
      if (p.kind === "differs") kept = validateConfig(JSON.parse(fs.readFileSync(p.file, "utf8")));
      const config = { ...cp.model.config, threads: kept.threads, build: kept.build };
      writeFileAtomicSync(p.file, JSON.stringify(config, null, 2) + "\n");
    } else if (name === FILES.metrics) {
      writeMetrics(p.file, check.metrics.lines);
    } else continue;
    fixed.push(p);
  }
  return fixed;
}

/**
 * Checks every file of the run folder `dir` and rebuilds what a valid checkpoint allows: a missing, damaged or stale
 * model.safetensors, a missing, damaged or edited config.json, a torn last metrics line. Never trains.
 */
export async function repairRun(dir: string): Promise<RepairResult> {
  const check = await checkRun(dir);
  const fixed = applyRepairs(check);
  return {
    dir,
    fixed,
    remaining: check.problems.filter((p) => !fixed.includes(p)),
    step: check.checkpoint?.model.step ?? null,
  };
}
