// One training iteration on the paper workload (n_h 400 on 20×20, n_u 53, n_o 17, T 100, ReLU, λ 1e-5, A 1, recurrent
// noise 0.0707): forward + BPTT + connection cost + clipping + Adam, as the trainer runs it.
import type { Engine } from "../src/index.js";
import { measure } from "./measure.js";
import { paperBatch, paperParams } from "../src/model/synthetic.js";
import { gridPositions } from "../src/model/geometry.js";
import { TrainingStream } from "../src/tasks/generate.js";
import { YANG20 } from "../src/tasks/yang20.js";
import { PAPER_LOSS, PAPER_NETWORK } from "../src/model/paper.js";

export interface IterationRow {
  build: string;
  threads: number;
  batch: number;
  ms: number;
  /** mean share of hidden neurons the recurrent products used (forward) */
  active: number;
}

export function iterationRow(engine: Engine, B: number, maxTime: number): IterationRow {
  const net = engine.network(PAPER_NETWORK);
  try {
    net.setParams(paperParams(1));
    const batch = paperBatch(100, B, 1);
    let seed = 0,
      active = 0;
    const t = measure(
      `iteration B${B}`,
      () => {
        const r = net.lossAndGradients(batch, { ...PAPER_LOSS, seed: seed++ });
        net.clipAndAdam({ lr: 1e-3, clip: 1 });
        active = r.activeFraction.forward;
      },
      { maxTime, minSamples: 5 },
    );
    return { build: engine.build, threads: engine.threads, batch: B, ms: t.ms, active };
  } finally {
    net.dispose();
  }
}

export interface ActiveRow {
  step: number;
  forward: number;
  backward: number;
  anyStep: number;
}

/**
 * Active-set compaction on real Yang-20 training windows (T 100, B 16): the share of neurons the recurrent
 * products used per step, over the first Adam steps of a freshly initialised BIMT network.
 */
export function activeOnYang20(engine: Engine, steps: number): ActiveRow[] {
  const net = engine.network(PAPER_NETWORK);
  try {
    net.setParams(paperParams(1));
    const stream = new TrainingStream(YANG20, 16, 1);
    const rows: ActiveRow[] = [];
    for (let s = 1; s <= steps; s++) {
      const r = net.lossAndGradients(stream.next(100), { ...PAPER_LOSS, seed: s });
      net.clipAndAdam({ lr: 1e-3, clip: 1 });
      if (s === 1 || s % 25 === 0) rows.push({ step: s, ...r.activeFraction });
    }
    return rows;
  } finally {
    net.dispose();
  }
}
