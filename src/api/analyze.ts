// analyze() and renderReport(): the paper's measurements of a model, and one offline HTML report of runs.
import { analyzeModel, type Analysis, type AnalysisOptions } from "../analysis/analyze.js";
import type { Engine } from "../engine/api.js";
import { withEngine, type EngineFactory } from "./engine-scope.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { buildReport, reportFigures, type ReportFigures, type ReportRun } from "../viz/report.js";
import { checkModel, checkObject, checkOptionalEngine, checkOptionalFunction, checkOptionalInt } from "./check.js";
import { ArgumentError } from "./errors.js";

/** Options of analyze(): AnalysisOptions plus the engine to run on. */
export interface AnalyzeOptions extends AnalysisOptions {
  /** Analyse on this engine (it stays open); default: a fresh one, closed after. */
  engine?: Engine;
}

export function checkAnalyzeArgs(model: unknown, o: unknown): asserts o is AnalyzeOptions | undefined {
  checkModel("model", model);
  if (o === undefined) return;
  checkObject("options", o);
  checkOptionalEngine("options.engine", o.engine);
  checkOptionalInt("options.tvTrials", o.tvTrials, 1, 1_000_000);
  checkOptionalInt("options.evalTrials", o.evalTrials, 1, 1_000_000);
  checkOptionalInt("options.shuffles", o.shuffles, 1, 100_000_000);
  checkOptionalInt("options.seed", o.seed, 0, 2 ** 32 - 1);
  checkOptionalFunction("options.onNote", o.onNote);
  if (o.suite !== undefined) checkObject("options.suite", o.suite);
}

/** analyze() on the entry's engine factory: checks the arguments, then runs on the given engine or a fresh one. */
export async function analyzeWith(
  make: EngineFactory,
  model: LoadedModel,
  options?: AnalyzeOptions,
): Promise<Analysis> {
  checkAnalyzeArgs(model, options);
  const o = options ?? {};
  return withEngine(o.engine, make, {}, (e) => analyzeOn(e, model, o));
}

export function analyzeOn(engine: Engine, model: LoadedModel, o: AnalyzeOptions = {}): Analysis {
  const { engine: _unused, ...options } = o;
  return analyzeModel(engine, model, options);
}

/**
 * One self-contained HTML page (inline CSS and SVG, readable offline) with a summary table and every figure per run,
 * and, for two or more analysed runs, the Pareto fronts and the modularity plot. Pass `figures` (reportFigures(runs))
 * when the same figures are also written as SVG files, so they are drawn once.
 */
export function renderReport(runs: readonly ReportRun[], figures?: ReportFigures): string {
  if (!Array.isArray(runs) || runs.length === 0)
    throw new ArgumentError("runs", runs, "must be a non-empty array of { name, analysis?, metrics, model? }");
  runs.forEach((r, i) => {
    checkObject(`runs[${i}]`, r);
    if (typeof r.name !== "string" || r.name === "")
      throw new ArgumentError(`runs[${i}].name`, r.name, "must be a non-empty string");
    if (!Array.isArray(r.metrics))
      throw new ArgumentError(`runs[${i}].metrics`, r.metrics, "must be an array of metrics lines (may be empty)");
    if (r.model !== undefined) checkModel(`runs[${i}].model`, r.model);
  });
  return buildReport([...runs], figures ?? reportFigures([...runs]));
}
