// The demo's trainer worker: owns the engine (a pool of Web Workers on a shared memory when the page is
// cross-origin isolated, else the single-thread fallback) and the current DemoRun. It trains in ~50 ms slices and
// returns to its event loop between them, so commands (pause, analyse, download, …) are handled promptly, and
// posts progress, weight snapshots and analyses to the page. Commands are handled one at a time, in order.
import {
  ConfigError,
  createEngine,
  hardwareThreads,
  type Build,
  type Engine,
  type Model,
  type TrainConfig,
} from "../browser.js";
import { DemoRun, loadModelFile } from "./demo-run.js";
import { trainedModelBytes } from "./bits.js";
import { parseCommand, type Command, type EngineInfo, type Event } from "./protocol.js";
import { fieldOf, settingsToConfig, type DemoSettings } from "./settings.js";

const SLICE_MS = 50;
const SNAPSHOT_MS = 400;

interface Scope {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  crossOriginIsolated?: boolean;
}
const scope = self as unknown as Scope;

function post(e: Event, transfer: Transferable[] = []): void {
  scope.postMessage(e, transfer);
}

function info(engine: Engine): EngineInfo {
  return {
    threads: engine.threads,
    build: engine.build,
    shared: engine.shared,
    isolated: scope.crossOriginIsolated === true,
    cores: hardwareThreads(),
  };
}

async function newEngine(threads: number, build: Build | "auto"): Promise<Engine> {
  try {
    return await createEngine({ threads: threads || undefined, build });
  } catch (err) {
    const m = /^(threads|build|memory): /.exec((err as Error).message);
    throw m ? new ConfigError(m[1], undefined, "", (err as Error).message) : err;
  }
}

let engine: Engine | null = null;
let engineKey = "";
let run: DemoRun | null = null;
let running = false;
let loop: Promise<void> = Promise.resolve();

const keyOf = (s: Pick<DemoSettings, "threads" | "build">) => `${s.threads}/${s.build}`;

/** Makes `e` the engine (closing the previous one) and tells the page. */
async function useEngine(e: Engine, key: string): Promise<void> {
  if (e === engine) return;
  const old = engine;
  engine = e;
  engineKey = key;
  await old?.close();
  post({ type: "engine", info: info(e) });
}

/** One macrotask turn (a MessageChannel round trip is not clamped like setTimeout). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

function postProgress(r: DemoRun): void {
  const { lines, swapRounds } = r.drain();
  post({ type: "progress", lines, step: r.step, itPerSec: r.itPerSec, swapRounds });
}

function postSnapshot(r: DemoRun): void {
  const w = r.weights();
  post({ type: "snapshot", weights: w }, [w.W_in.buffer, w.W.buffer, w.W_out.buffer, w.perm.buffer]);
}

function postAnalysis(r: DemoRun): void {
  const { analysis, perm } = r.analyze(engine!);
  post({ type: "analysis", step: r.step, analysis, perm });
}

async function trainLoop(r: DemoRun): Promise<void> {
  let lastSnapshot = 0;
  try {
    while (running && run === r && !r.done) {
      r.slice(SLICE_MS);
      postProgress(r);
      const now = performance.now();
      if (now - lastSnapshot >= SNAPSHOT_MS) {
        postSnapshot(r);
        lastSnapshot = now;
      }
      if (r.analysisDue) postAnalysis(r);
      await yieldToEvents();
    }
    if (run === r && r.done) {
      running = false;
      postProgress(r);
      postSnapshot(r);
      postAnalysis(r);
      post({ type: "state", running: false, done: true });
    }
  } catch (err) {
    running = false;
    post({ type: "error", message: (err as Error).message });
    post({ type: "state", running: false, done: r.done });
  }
}

function startLoop(): void {
  if (!run || running) return;
  running = true;
  post({ type: "state", running: true, done: false });
  const r = run;
  loop = trainLoop(r);
}

async function stopLoop(): Promise<void> {
  if (!running) return;
  running = false;
  await loop;
  if (run) post({ type: "state", running: false, done: run.done });
}

async function replaceRun(s: DemoSettings, config: TrainConfig, source: string, model?: Model): Promise<void> {
  await stopLoop();
  // a new engine only if threads or build changed; if it or the run cannot be made, the current ones stay
  const key = keyOf(s);
  const e = engine && key === engineKey ? engine : await newEngine(s.threads, s.build);
  let r: DemoRun;
  try {
    r = new DemoRun(e, config, model);
  } catch (err) {
    if (e !== engine) await e.close();
    throw err;
  }
  run?.dispose();
  run = r;
  await useEngine(e, key);
  post({
    type: "started",
    config,
    nInput: r.trainer.suite.nInput,
    nOutput: r.trainer.suite.nOutput,
    step: r.step,
    source,
  });
  postSnapshot(r);
}

async function handle(cmd: Command): Promise<void> {
  switch (cmd.type) {
    case "start":
      await replaceRun(cmd.settings, settingsToConfig(cmd.settings), "new");
      startLoop();
      return;
    case "pause":
      if (running) await stopLoop();
      else if (run) post({ type: "state", running: false, done: run.done });
      return;
    case "resume":
      startLoop();
      return;
    case "analyze":
      if (!run) throw new Error("nothing to analyse yet: start a run or load a model");
      postAnalysis(run);
      return;
    case "download": {
      if (!run) throw new Error("nothing to download yet: start a run first");
      const bytes = run.modelBytes();
      post({ type: "model", bytes, name: "model.safetensors" }, [bytes.buffer as ArrayBuffer]);
      return;
    }
    case "load": {
      const { config, model } = loadModelFile(cmd.bytes, cmd.name, cmd.settings.steps);
      await replaceRun(
        cmd.settings,
        { ...config, threads: cmd.settings.threads, build: cmd.settings.build },
        cmd.name,
        model,
      );
      postProgress(run!);
      post({ type: "state", running: false, done: run!.done });
      if (run!.analysisDue) postAnalysis(run!);
      return;
    }
    case "bits": {
      const e = await newEngine(cmd.threads, cmd.build);
      try {
        const t0 = performance.now();
        const bytes = trainedModelBytes(e, cmd.config, cmd.steps);
        const ms = performance.now() - t0;
        post({ type: "bits", id: cmd.id, bytes, info: info(e), ms }, [bytes.buffer as ArrayBuffer]);
      } finally {
        await e.close();
      }
      return;
    }
  }
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent) => {
  const data = e.data as { id?: unknown };
  const id =
    typeof data === "object" && data !== null && Number.isSafeInteger(data.id) ? (data.id as number) : undefined;
  queue = queue.then(async () => {
    try {
      await handle(parseCommand(e.data));
    } catch (err) {
      const field = err instanceof ConfigError ? (fieldOf(err) ?? undefined) : undefined;
      post({
        type: "error",
        message: (err as Error).message,
        ...(field ? { field } : {}),
        ...(id !== undefined ? { id } : {}),
      });
    }
  });
};

// The engine comes up with the default settings' threads and build, so the page can say how it runs right away.
const initial = { threads: 0, build: "auto" } as const;
queue = newEngine(initial.threads, initial.build).then(
  (e) => useEngine(e, keyOf(initial)),
  (err: Error) => post({ type: "error", message: `engine: ${err.message}` }),
);
