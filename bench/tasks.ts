// Cost of generating task data on the CPU, per suite: single trials via sampleTrial (cycling over all tasks, rings
// alternating) and one TrainingStream window of T 100 at B 16 and 64, as the trainer draws it before each iteration.
import { measure } from "./measure.js";
import { sampleTrial, TrainingStream } from "../src/tasks/generate.js";
import { loadSuite } from "../src/tasks/registry.js";
import { Rng } from "../src/tasks/rng.js";

export interface TaskGenRow {
  suite: string;
  /** "sampleTrial": one trial; "next(100)": one training window of T 100 steps */
  op: "sampleTrial" | "next(100)";
  /** batch size of the window (1 for single trials) */
  batch: number;
  /** median ms per call */
  ms: number;
  /** calls per second */
  perSecond: number;
}

export const TASK_GEN_SUITES = ["yang20", "modcog"] as const;
export const TASK_GEN_BATCHES = [16, 64] as const;

export function taskGenerationRows(maxTime: number): TaskGenRow[] {
  const rows: TaskGenRow[] = [];
  const row = (suite: string, op: TaskGenRow["op"], batch: number, ms: number) =>
    rows.push({ suite, op, batch, ms, perSecond: 1000 / ms });
  for (const name of TASK_GEN_SUITES) {
    const suite = loadSuite(name, { seed: 1 });
    const rng = new Rng(1);
    const n = suite.tasks.length;
    let j = 0;
    // Every call is one trial of the next task; a task's ring alternates each time round the cycle.
    const t = measure(
      `${name} sampleTrial`,
      () => {
        sampleTrial(suite, j % n, rng, { modality: (Math.floor(j / n) % 2) as 0 | 1 });
        j++;
      },
      { maxTime },
    );
    row(name, "sampleTrial", 1, t.ms);
    for (const B of TASK_GEN_BATCHES) {
      const stream = new TrainingStream(suite, B, 1);
      const w = measure(`${name} next(100) B${B}`, () => void stream.next(100), { maxTime });
      row(name, "next(100)", B, w.ms);
    }
  }
  return rows;
}
