// window.gyrusTest: what the end-to-end test (test/e2e/browser.test.ts) drives and reads, through the same client
// and messages as the page's buttons. Promises resolve on the worker's answers, so the test never polls the DOM.
import type { Build, TrainConfig } from "../browser.js";
import type { DemoClient } from "./client.js";
import type { EngineInfo, Event } from "./protocol.js";
import { DEFAULT_SETTINGS, type DemoSettings } from "./settings.js";

export interface GyrusTest {
  /** Resolves with the engine info once the worker's engine is up. */
  engine(): Promise<EngineInfo>;
  status(): {
    info: EngineInfo | null;
    step: number;
    running: boolean;
    done: boolean;
    itPerSec: number;
    losses: number[];
    error: string | null;
  };
  /** Starts a run (DEFAULT_SETTINGS overridden by `settings`); resolves once it trains. */
  start(settings?: Partial<DemoSettings>): Promise<void>;
  /** Resolves when the run reached `step` (rejects on an error or after timeoutMs). */
  waitForStep(step: number, timeoutMs?: number): Promise<number>;
  pause(): Promise<void>;
  /**
   * `steps` training steps of `config` on a fresh engine in the worker: the encoded model as base64, the engine
   * it ran on, and the wall time of the steps (bench/browser.ts).
   */
  bits(
    config: TrainConfig,
    steps: number,
    build: Build,
    threads?: number,
  ): Promise<{ base64: string; info: EngineInfo; ms: number }>;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function installTestHook(client: DemoClient): GyrusTest {
  const next = <T>(pick: (e: Event) => T | undefined, timeoutMs = 120_000): Promise<T> =>
    new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(
        () => finish(() => reject(new Error(`gyrusTest: no answer within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        f();
      };
      client.on((_, e) => {
        if (done) return;
        try {
          const v = pick(e);
          if (v !== undefined) finish(() => resolve(v));
        } catch (err) {
          finish(() => reject(err));
        }
      });
    });
  const failOn = (e: Event, id?: number) => {
    if (e.type === "error" && e.id === id) throw new Error(e.message);
  };
  let nextId = 1;
  const hook: GyrusTest = {
    engine() {
      const info = client.state.info;
      return info ? Promise.resolve(info) : next((e) => (failOn(e), e.type === "engine" ? e.info : undefined));
    },
    status() {
      const s = client.state;
      return {
        info: s.info,
        step: s.step,
        running: s.running,
        done: s.done,
        itPerSec: s.itPerSec,
        losses: s.lines.map((l) => l.loss),
        error: s.error?.message ?? null,
      };
    },
    start(settings = {}) {
      const p = next((e) => (failOn(e), e.type === "state" && e.running ? true : undefined)).then(() => undefined);
      client.send({
        type: "start",
        settings: { ...DEFAULT_SETTINGS, tasks: [...DEFAULT_SETTINGS.tasks], ...settings },
      });
      return p;
    },
    waitForStep(step, timeoutMs = 120_000) {
      if (client.state.step >= step) return Promise.resolve(client.state.step);
      return next((e) => {
        failOn(e);
        if (e.type === "state" && e.done && client.state.step < step)
          throw new Error(`the run ended at step ${client.state.step}`);
        return e.type === "progress" && e.step >= step ? e.step : undefined;
      }, timeoutMs);
    },
    pause() {
      const p = next((e) => (failOn(e), e.type === "state" && !e.running ? true : undefined)).then(() => undefined);
      client.send({ type: "pause" });
      return p;
    },
    bits(config, steps, build, threads = 0) {
      const id = nextId++;
      const p = next(
        (e) => (
          failOn(e, id),
          e.type === "bits" && e.id === id ? { base64: base64(e.bytes), info: e.info, ms: e.ms } : undefined
        ),
      );
      client.send({ type: "bits", id, config, steps, build, threads });
      return p;
    },
  };
  (globalThis as unknown as { gyrusTest: GyrusTest }).gyrusTest = hook;
  return hook;
}
