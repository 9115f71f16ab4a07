// Iterations per second of the same training in Chromium and in Node: the demo's default run (yang20 go, anti,
// dm1, dms on a 10×10 grid, B 16, T 100, λ 2e-4, A 1, swap rounds every 100 steps), STEPS Adam steps from the
// same initialisation, timed around the steps alone (engine creation excluded), median of REPEATS. In Chromium the
// steps run in the demo's trainer worker (the `bits` command of window.gyrusTest): isolated with 2 threads and
// with 1, and not isolated (the single-thread fallback); in Node through the same trainedModelBytes. Every
// configuration must also give the same bytes (it is the same computation). Prints a Markdown table and the load.
//   npm run bench:browser [-- --steps N --repeats R --build portable|relaxed --grid ROWSxCOLS]
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { parseArgs, intOption, choiceOption } from "../src/cli/args.js";
import { buildDemo } from "../src/cli/demo-build.js";
import { startDemoServer } from "../src/cli/demo-server.js";
import { trainedModelBytes } from "../src/demo/bits.js";
import { DEFAULT_SETTINGS, settingsToConfig } from "../src/demo/settings.js";
import type { GyrusTest } from "../src/demo/test-hook.js";
import type { Build } from "../src/engine/kernels.js";
import { createEngine } from "../src/index.js";

declare const gyrusTest: GyrusTest;

const args = parseArgs(process.argv.slice(2), { values: ["steps", "repeats", "build", "chromium", "grid"] });
const STEPS = intOption(args.values, "steps", 300, 1, 1000);
const REPEATS = intOption(args.values, "repeats", 3, 1, 20);
const BUILD = choiceOption<Build>(args.values, "build", ["portable", "relaxed"], "relaxed");
const CHROMIUM = args.values.chromium ?? "/usr/bin/chromium";
const GRID = /^(\d+)x(\d+)$/.exec(args.values.grid ?? `${DEFAULT_SETTINGS.rows}x${DEFAULT_SETTINGS.cols}`);
if (!GRID) throw new Error(`--grid: "${args.values.grid}" — must be ROWSxCOLS, e.g. 20x20`);
const [ROWS, COLS] = [Number(GRID[1]), Number(GRID[2])];
const config = settingsToConfig({ ...DEFAULT_SETTINGS, tasks: [...DEFAULT_SETTINGS.tasks], rows: ROWS, cols: COLS });

/** The middle value (mean of the two middle ones for an even count): robust to one run disturbed by other load. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b),
    m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Row {
  where: string;
  threads: number;
  itPerSec: number[];
  bytes: string;
}

const rows: Row[] = [];
const load0 = loadavg()[0];

for (const threads of [1, 2]) {
  const engine = await createEngine({ threads, build: BUILD });
  const its: number[] = [];
  let bytes = "";
  try {
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      bytes = Buffer.from(trainedModelBytes(engine, config, STEPS)).toString("base64");
      its.push((STEPS * 1000) / (performance.now() - t0));
    }
  } finally {
    await engine.close();
  }
  rows.push({ where: `Node ${process.version}`, threads, itPerSec: its, bytes });
}

buildDemo();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  for (const [isolated, threads] of [
    [true, 2],
    [true, 1],
    [false, 1],
  ] as const) {
    const server = await startDemoServer({ port: 0, isolated });
    const page = await browser.newPage();
    try {
      await page.goto(server.url + "?idle");
      const its: number[] = [];
      let bytes = "";
      for (let r = 0; r < REPEATS; r++) {
        const res = await page.evaluate(([c, s, b, t]) => gyrusTest.bits(c, s, b, t), [
          config,
          STEPS,
          BUILD,
          threads,
        ] as const);
        if (res.info.threads !== threads || res.info.shared !== isolated)
          throw new Error(`asked for ${threads} thread(s), isolated ${isolated}; got ${JSON.stringify(res.info)}`);
        its.push((STEPS * 1000) / res.ms);
        bytes = res.base64;
      }
      rows.push({
        where: `Chromium ${browser.version()} ${isolated ? "isolated" : "fallback (not isolated)"}`,
        threads,
        itPerSec: its,
        bytes,
      });
    } finally {
      await page.close();
      await server.close();
    }
  }
} finally {
  await browser.close();
}

const same = rows.every((r) => r.bytes === rows[0].bytes);
console.log(
  `\n${STEPS} steps of the demo's default run on ${ROWS}×${COLS} (4 tasks, B 16, T 100), ${BUILD} build, median of ${REPEATS}`,
);
console.log(
  `load average ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after (${(await import("node:os")).availableParallelism()} cores)\n`,
);
console.log("| where | threads | it/s (median) | it/s (all runs) |");
console.log("|---|---:|---:|---|");
for (const r of rows)
  console.log(
    `| ${r.where} | ${r.threads} | ${median(r.itPerSec).toFixed(1)} | ${r.itPerSec.map((x) => x.toFixed(1)).join(", ")} |`,
  );
console.log(`\nsame model bytes everywhere: ${same ? "yes" : "NO"}`);
if (!same) process.exitCode = 1;
