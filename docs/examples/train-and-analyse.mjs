// Example: train a small BIMT network on three yang20 tasks in memory, analyse it (accuracy, task variance, clusters,
// anatomy against label shuffles) and write the offline HTML report. Imports only from the package "gyrus".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyze, renderReport, train } from "gyrus";

const tasks = ["go", "anti", "dm1"];
const steps = 500;

const t0 = performance.now();
let lastPrinted = 0;
const result = await train(
  {
    preset: "quick", // the quick preset's BIMT recipe (λ 1e-4, swaps every 100 steps), shortened below
    tasks,
    geometry: { kind: "grid", rows: 8, cols: 8 },
    steps,
    lr: 5e-3, // 5× the presets' rate, so that a few hundred steps learn the three tasks
    seed: 1,
  },
  {
    onProgress(p) {
      if (p.step - lastPrinted >= 100 || p.step === p.steps) {
        lastPrinted = p.step;
        console.log(
          `step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  swaps ${p.swaps}  ${p.itPerSec.toFixed(1)} it/s`,
        );
      }
    },
  },
);
if (!result.finished || result.step !== steps)
  throw new Error(`training stopped at step ${result.step} of ${steps} (${result.stoppedBy})`);
if (result.metrics.length === 0) throw new Error("training returned no metrics lines");
if (!result.evaluation) throw new Error("training ran no evaluation at its last step");
console.log(`trained ${steps} steps on ${tasks.join(", ")} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const analysis = await analyze(result.model, { shuffles: 200, tvTrials: 32, evalTrials: 50 });
const names = Object.keys(analysis.accuracy.tasks);
if (names.join() !== tasks.join())
  throw new Error(`analysis covers tasks ${names.join(", ")}, expected ${tasks.join(", ")}`);
const mean = analysis.accuracy.mean;
if (!(mean >= 0 && mean <= 1)) throw new Error(`mean accuracy ${mean} is not in [0, 1]`);
// Chance is about 1/17 (17 readout classes, judged at the last step); this seeded run reaches about 0.8.
if (mean < 0.5) throw new Error(`mean accuracy ${mean} after ${steps} steps: the network did not learn`);
const k = analysis.clustering.k;
if (!Number.isInteger(k) || k < 1) throw new Error(`cluster count k = ${k}`);
const iso = analysis.metrics.isolatedFraction;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-example-"));
const file = path.join(dir, "report.html");
const html = renderReport([{ name: "three-tasks", analysis, metrics: result.metrics, model: result.model }]);
if (!html.includes("<svg")) throw new Error("the report has no figures");
fs.writeFileSync(file, html);

console.log(
  `accuracy ${mean.toFixed(3)} (${names.map((n) => `${n} ${analysis.accuracy.tasks[n].toFixed(2)}`).join(", ")})`,
);
console.log(
  `k ${k} clusters over ${analysis.important.length} important neurons; isolated fraction ${iso.observed.toFixed(3)} (shuffles ${iso.mean.toFixed(3)})`,
);
console.log(`report ${file}`);
