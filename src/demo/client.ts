// The page's side of the trainer worker: starts it, keeps the latest state it reported (engine, run, metrics,
// weights, analysis, errors), and tells listeners when something changed. Commands go out as messages only; the
// main thread never runs the engine.
import type { MetricsLine, TrainConfig } from "../browser.js";
import type { Command, EngineInfo, Event, WeightSnapshot } from "./protocol.js";
import type { PlacedAnalysis } from "./render.js";

export interface DemoState {
  info: EngineInfo | null;
  config: TrainConfig | null;
  nInput: number;
  nOutput: number;
  /** Where the run came from: "new" or the loaded file's name. */
  source: string;
  step: number;
  running: boolean;
  done: boolean;
  itPerSec: number;
  lines: MetricsLine[];
  rounds: [number, number][];
  weights: WeightSnapshot | null;
  analysis: PlacedAnalysis | null;
  error: { message: string; field?: string } | null;
}

export type Change = "engine" | "run" | "progress" | "weights" | "analysis" | "state" | "error" | "model";

export class DemoClient {
  readonly worker: Worker;
  readonly state: DemoState = {
    info: null,
    config: null,
    nInput: 0,
    nOutput: 0,
    source: "",
    step: 0,
    running: false,
    done: false,
    itPerSec: 0,
    lines: [],
    rounds: [],
    weights: null,
    analysis: null,
    error: null,
  };
  private listeners: ((change: Change, e: Event) => void)[] = [];

  constructor(workerUrl: URL) {
    this.worker = new Worker(workerUrl, { type: "module", name: "gyrus trainer" });
    this.worker.onmessage = (ev: MessageEvent<Event>) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.receive({ type: "error", message: `trainer worker: ${ev.message || "failed to load"}` });
    };
  }

  on(fn: (change: Change, e: Event) => void): void {
    this.listeners.push(fn);
  }

  send(cmd: Command, transfer: Transferable[] = []): void {
    if (cmd.type !== "bits") this.state.error = null;
    this.worker.postMessage(cmd, transfer);
  }

  private receive(e: Event): void {
    const s = this.state;
    let change: Change;
    switch (e.type) {
      case "engine":
        s.info = e.info;
        change = "engine";
        break;
      case "started":
        Object.assign(s, {
          config: e.config,
          nInput: e.nInput,
          nOutput: e.nOutput,
          step: e.step,
          source: e.source,
          lines: [],
          rounds: [],
          weights: null,
          analysis: null,
          done: false,
          itPerSec: 0,
        });
        change = "run";
        break;
      case "progress":
        s.lines.push(...e.lines);
        s.rounds.push(...e.swapRounds);
        s.step = e.step;
        s.itPerSec = e.itPerSec;
        change = "progress";
        break;
      case "snapshot":
        s.weights = e.weights;
        change = "weights";
        break;
      case "analysis":
        s.analysis = { step: e.step, analysis: e.analysis, perm: e.perm };
        change = "analysis";
        break;
      case "state":
        s.running = e.running;
        s.done = e.done;
        change = "state";
        break;
      case "error":
        if (e.id === undefined) s.error = { message: e.message, field: e.field };
        change = "error";
        break;
      case "model":
      case "bits":
        change = "model";
        break;
    }
    for (const fn of this.listeners) fn(change, e);
  }
}
