// Puts the client's state on the page: the status line, the buttons, the error box and the four figures. Figure
// updates are coalesced into animation frames, and the network drawing is redrawn at most every 300 ms.
import type { Change, DemoClient } from "./client.js";
import { swapRoundsSvg } from "../browser.js";
import { clusterFigure, curvesFigure, networkFigure } from "./render.js";

export interface ViewElements {
  status: HTMLElement;
  error: HTMLElement;
  network: HTMLElement;
  clusters: HTMLElement;
  curves: HTMLElement;
  swaps: HTMLElement;
  pause: HTMLButtonElement;
  analyze: HTMLButtonElement;
  download: HTMLButtonElement;
}

const NETWORK_MS = 300;

export class View {
  private dirty = new Set<Change>();
  private frame = 0;
  private lastNetwork = 0;

  constructor(
    private readonly client: DemoClient,
    private readonly el: ViewElements,
  ) {
    client.on((change) => this.invalidate(change));
  }

  invalidate(change: Change): void {
    this.dirty.add(change);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const d = this.dirty;
    const s = this.client.state;
    this.status();
    if (d.has("error")) {
      this.el.error.hidden = !s.error;
      this.el.error.textContent = s.error?.message ?? "";
    }
    const now = performance.now();
    if ((d.has("weights") || d.has("analysis") || d.has("run")) && s.weights && s.config) {
      if (now - this.lastNetwork >= NETWORK_MS || !s.running) {
        this.el.network.innerHTML = networkFigure(s.config, s.nInput, s.nOutput, s.weights, s.analysis);
        this.lastNetwork = now;
        d.delete("weights");
      }
    }
    if (d.has("analysis") || d.has("run")) {
      if (s.analysis)
        this.el.clusters.innerHTML = `<p>analysis at step ${s.analysis.step}</p>` + clusterFigure(s.analysis);
      else
        this.el.clusters.innerHTML = `<p class="empty">Functional clusters appear after the first analysis (every 1000 steps, or “Analyse now”).</p>`;
    }
    if (d.has("progress") || d.has("run")) {
      this.el.curves.innerHTML = curvesFigure(s.lines);
      this.el.swaps.innerHTML = swapRoundsSvg(s.rounds, Math.max(s.step, s.config?.swap.every ?? 1));
    }
    const keepWeights = d.has("weights");
    d.clear();
    if (keepWeights) this.invalidate("weights"); // drawn on a later frame
  }

  private status(): void {
    const s = this.client.state,
      el = this.el;
    const i = s.info;
    el.status.replaceChildren();
    const add = (text: string, cls?: string) => {
      const span = document.createElement("span");
      span.textContent = text;
      if (cls) span.className = cls;
      el.status.append(span);
    };
    if (!i) add("starting the engine…");
    else if (i.shared && i.threads > 1)
      add(`multi-threaded: ${i.threads} threads on a shared memory (cross-origin isolated)`, "mode-shared");
    else if (i.shared) add("1 thread (by choice: cross-origin isolated, shared memory available)", "mode-shared");
    else
      add(
        `single-thread fallback: no shared memory (page ${i.isolated ? "isolated, but SharedArrayBuffer refused" : "not cross-origin isolated"})`,
        "mode-fallback",
      );
    if (i) add(` · ${i.build} SIMD kernels · ${i.cores} cores`);
    if (s.config) {
      add(` · step ${s.step}/${s.config.steps}`);
      if (s.running) add(` · ${s.itPerSec.toFixed(1)} it/s`);
      add(s.done ? " · done" : s.running ? " · training" : " · paused");
      const last = s.lines[s.lines.length - 1];
      if (last)
        add(
          ` · loss ${last.loss.toFixed(3)}${last.accuracy !== null ? ` · accuracy ${(100 * last.accuracy).toFixed(0)}%` : ""}`,
        );
    }
    el.pause.disabled = !s.config || s.done;
    el.pause.textContent = s.running ? "Pause" : "Resume";
    el.analyze.disabled = !s.config;
    el.download.disabled = !s.config;
  }
}
