// `gyrus report DIR… [--out report.html] [--svg FIGDIR]`: one self-contained HTML file with the figures of each run;
// given a sweep folder, every run in it, the Pareto fronts and the modularity plot. --svg also writes every figure
// as its own SVG file.
import fs from "node:fs";
import path from "node:path";
import { FILES, readRun, renderReport, reportFigureFiles, reportFigures, writeFileAtomicSync } from "../index.js";
import { parseArgs, UsageError } from "./args.js";
import { CMD, type CommandHelp } from "./help.js";

/** `gyrus report --help`. */
export const REPORT_HELP: CommandHelp = {
  name: "report",
  summary: "one offline HTML file with every figure of runs or sweeps",
  usage: `${CMD} report DIR… [options]`,
  about: `One self-contained HTML file with the figures of each run folder DIR (analysed runs get every figure; run
gyrus analyze DIR first); a sweep folder adds all its runs, the Pareto fronts and the modularity plot.`,
  options: [
    ["--out FILE", "the HTML file (default DIR/report.html, for several folders the first one's)"],
    ["--svg FIGDIR", "also write each figure to FIGDIR/<run>-<figure>.svg (default: none)"],
  ],
};

/** A run folder has a model; a sweep folder has run folders. */
function runFolders(dir: string): string[] {
  if (fs.existsSync(path.join(dir, FILES.model))) return [dir];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`report: ${dir} is not a folder`);
  const subs = fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d))
    .filter((d) => fs.existsSync(path.join(d, FILES.model)))
    .sort();
  if (subs.length === 0)
    throw new UsageError(`report: ${dir} holds no run (no ${FILES.model} in it or its subfolders)`);
  return subs;
}

export async function reportCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs(argv, { values: ["out", "svg"], positionals: 1000 });
  if (positionals.length === 0) throw new UsageError("report needs at least one run or sweep folder");
  // checked before any work, so a bad --svg costs nothing and writes nothing
  if (values.svg !== undefined && fs.existsSync(values.svg) && !fs.statSync(values.svg).isDirectory()) {
    throw new UsageError(`--svg ${values.svg}: exists and is not a folder (give a folder for the SVG files)`);
  }
  const dirs = positionals.flatMap(runFolders);
  const runs = [];
  for (const d of dirs) runs.push(await readRun(d));
  const out =
    values.out ?? (dirs.length === 1 ? path.join(dirs[0], "report.html") : path.join(positionals[0], "report.html"));
  const figs = reportFigures(runs); // drawn once, for the HTML and the --svg files
  writeFileAtomicSync(out, renderReport(runs, figs));
  const missing = runs.filter((r) => !r.analysis).map((r) => r.name);
  if (missing.length)
    console.log(`note: no analysis.json for ${missing.join(", ")} (run ${CMD} analyze DIR for their figures)`);
  console.log(`report: ${runs.length} run(s) → ${out}`);
  if (values.svg !== undefined) {
    fs.mkdirSync(values.svg, { recursive: true });
    const files = reportFigureFiles(runs, figs);
    for (const { file, svg } of files) writeFileAtomicSync(path.join(values.svg, file), svg);
    console.log(`report: ${files.length} figure(s) → ${values.svg}/`);
  }
}
