// The demo page: the settings form and buttons post commands to the trainer worker (which owns the engine); the
// view draws what it reports. The main thread never trains, so the page stays responsive.
import { ConfigError } from "../browser.js";
import { DemoClient } from "./client.js";
import { Controls } from "./controls.js";
import { DEFAULT_SETTINGS, fieldOf } from "./settings.js";
import { installTestHook } from "./test-hook.js";
import { View } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const client = new DemoClient(new URL("./trainer-worker.js", import.meta.url));
const controls = new Controls($<HTMLFormElement>("settings"), $("tasks"));
controls.fill(DEFAULT_SETTINGS);
const view = new View(client, {
  status: $("status"),
  error: $("error"),
  network: $("network"),
  clusters: $("clusters"),
  curves: $("curves"),
  swaps: $("swaps"),
  pause: $("pause"),
  analyze: $("analyze"),
  download: $("download"),
});

function showError(message: string, field: string | null): void {
  client.state.error = { message, field: field ?? undefined };
  controls.mark(field);
  view.invalidate("error");
}

client.on((_change, e) => {
  if (e.type === "error" && e.id === undefined) controls.mark(e.field ?? null);
  if (e.type === "started" && e.source !== "new") controls.fillFromConfig(e.config);
  if (e.type === "model") {
    const url = URL.createObjectURL(
      new Blob([e.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
    );
    const a = document.createElement("a");
    a.href = url;
    a.download = e.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
});

controls.form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  try {
    const settings = controls.read();
    controls.mark(null);
    client.send({ type: "start", settings });
  } catch (err) {
    if (err instanceof ConfigError) showError(err.message, fieldOf(err));
    else throw err;
  }
});

$("pause").addEventListener("click", () => client.send({ type: client.state.running ? "pause" : "resume" }));
$("analyze").addEventListener("click", () => client.send({ type: "analyze" }));
$("download").addEventListener("click", () => client.send({ type: "download" }));
$<HTMLInputElement>("load").addEventListener("change", async (ev) => {
  const input = ev.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  let settings;
  try {
    settings = controls.read();
  } catch {
    settings = { ...DEFAULT_SETTINGS, tasks: [...DEFAULT_SETTINGS.tasks] }; // threads/build for the engine only
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  client.send({ type: "load", bytes, name: file.name, settings }, [bytes.buffer]);
});

installTestHook(client);
// Start training with the defaults right away, unless the URL says ?idle (the e2e test starts its own runs).
if (!new URLSearchParams(location.search).has("idle"))
  client.send({ type: "start", settings: { ...DEFAULT_SETTINGS, tasks: [...DEFAULT_SETTINGS.tasks] } });
