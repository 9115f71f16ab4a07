// End to end in headless Chromium (Debian's chromium, driven by playwright-core): the demo page served with and
// without cross-origin isolation trains, its loss falls, it uses a pool of threads on shared memory when isolated
// and the single-thread fallback when not, a bad model file shows an error, a download is a valid model, and
// training steps in the page give exactly the bits Node gives for the same config, seed and build.
// Without chromium this file skips loudly; with GYRUS_E2E=required (.ci/run sets it) it fails instead.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../src/cli/demo-build.js";
import { startDemoServer, type DemoServer } from "../../src/cli/demo-server.js";
import { trainedModelBytes } from "../../src/demo/bits.js";
import { DEFAULT_SETTINGS, settingsToConfig } from "../../src/demo/settings.js";
import type { GyrusTest } from "../../src/demo/test-hook.js";
import { createEngine } from "../../src/index.js";
import { decodeModel } from "../../src/train/checkpoint.js";
import type { TrainConfig } from "../../src/train/config.js";

const CHROMIUM = process.env.GYRUS_CHROMIUM ?? "/usr/bin/chromium";
const REQUIRED = process.env.GYRUS_E2E === "required";
const HAVE = existsSync(CHROMIUM);
const TRAIN_STEPS = 200;

declare const gyrusTest: GyrusTest;

if (!HAVE) {
  const msg = `\n*** browser e2e SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set GYRUS_CHROMIUM) ***\n`;
  if (REQUIRED) {
    it("Chromium is installed (GYRUS_E2E=required)", () => {
      throw new Error(
        `GYRUS_E2E=required but ${CHROMIUM} does not exist: install Debian's chromium package (.ci/run does)`,
      );
    });
  } else console.warn(msg);
}

/** The config whose bits are compared: the demo's default run with a swap round after every step. */
function bitsConfig(): TrainConfig {
  const c = settingsToConfig({ ...DEFAULT_SETTINGS, tasks: [...DEFAULT_SETTINGS.tasks] });
  return { ...c, swap: { ...c.swap, every: 1 } };
}

/** Where two encoded models differ, in words (the first differing tensor), for a readable failure. */
function firstDifference(a: Uint8Array, b: Uint8Array): string {
  if (Buffer.compare(a, b) === 0) return "identical";
  try {
    const x = decodeModel(a, "page"),
      y = decodeModel(b, "node");
    for (const name of Object.keys(x.tensors)) {
      const p = x.tensors[name].data,
        q = y.tensors[name]?.data;
      if (!q || p.length !== q.length) return `tensor ${name}: shapes differ`;
      for (let i = 0; i < p.length; i++)
        if (!Object.is(p[i], q[i])) return `tensor ${name}[${i}]: page ${p[i]} vs node ${q[i]}`;
    }
    return "metadata differs";
  } catch (err) {
    return `undecodable: ${(err as Error).message}`;
  }
}

/** Waits until the element's text contains `text` (fails with what it says instead after 10 s). */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, t]) => document.querySelector(sel)?.textContent?.includes(t),
      [selector, text] as const,
      { timeout: 10_000 },
    );
  } catch {
    throw new Error(
      `${selector} never said ${JSON.stringify(text)}; it says ${JSON.stringify(await page.textContent(selector))}`,
    );
  }
}

describe.skipIf(!HAVE)("browser demo in Chromium", () => {
  let browser: Browser;
  const servers: Record<"isolated" | "fallback", DemoServer> = {} as never;
  const nodeBits = new Map<string, Buffer>();

  beforeAll(async () => {
    buildDemo();
    servers.isolated = await startDemoServer({ port: 0, isolated: true });
    servers.fallback = await startDemoServer({ port: 0, isolated: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    for (const build of ["portable", "relaxed"] as const) {
      const engine = await createEngine({ threads: 2, build });
      try {
        nodeBits.set(build, Buffer.from(trainedModelBytes(engine, bitsConfig(), 1)));
      } finally {
        await engine.close();
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of Object.values(servers)) await s?.close();
  });

  async function open(mode: "isolated" | "fallback"): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    await page.goto(servers[mode].url + "?idle");
    return { page, errors };
  }

  for (const mode of ["isolated", "fallback"] as const) {
    describe(mode, () => {
      it(`trains ${TRAIN_STEPS} steps, the loss falls, and ${mode === "isolated" ? "a pool of threads shares the memory" : "it runs the single-thread fallback"}`, async () => {
        const { page, errors } = await open(mode);
        try {
          const first = await page.evaluate(() => gyrusTest.engine());
          // by default: every core when isolated, one thread in the fallback
          expect(first).toMatchObject(
            mode === "isolated"
              ? { isolated: true, shared: true, threads: first.cores }
              : { isolated: false, shared: false, threads: 1 },
          );
          // asked for 2 threads (so a 1-core machine still gets a pool): the fallback refuses with a field error
          if (mode === "fallback") {
            const refused = await page.evaluate(() =>
              gyrusTest.start({ threads: 2 }).then(
                () => "started",
                (e: Error) => e.message,
              ),
            );
            expect(refused).toMatch(/^threads: 2 — without shared memory/);
          }
          await page.evaluate((threads) => gyrusTest.start({ threads }), mode === "isolated" ? 2 : 0);
          const info = (await page.evaluate(() => gyrusTest.status())).info!;
          expect(info).toMatchObject(
            mode === "isolated"
              ? { isolated: true, shared: true, threads: 2 }
              : { isolated: false, shared: false, threads: 1 },
          );
          await page.evaluate((n) => gyrusTest.waitForStep(n), TRAIN_STEPS);
          await page.evaluate(() => gyrusTest.pause());
          const st = await page.evaluate(() => gyrusTest.status());
          expect(st.error).toBeNull();
          expect(st.step).toBeGreaterThanOrEqual(TRAIN_STEPS);
          const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
          const before = mean(st.losses.slice(0, 3)),
            after = mean(st.losses.slice(-3));
          expect(st.losses.every(Number.isFinite)).toBe(true);
          expect(after, `loss ${before} → ${after}`).toBeLessThan(0.6 * before);
          await waitForText(
            page,
            "#status",
            mode === "isolated" ? "2 threads on a shared memory" : "single-thread fallback",
          );
          expect(errors.filter((e) => !e.startsWith("threads: 2"))).toEqual([]);
        } finally {
          await page.close();
        }
      });

      for (const build of ["portable", "relaxed"] as const) {
        it(`one training step (with a swap round) gives Node's bits: ${build} build`, async () => {
          const { page } = await open(mode);
          try {
            const r = await page.evaluate(([c, b]) => gyrusTest.bits(c, 1, b), [bitsConfig(), build] as const);
            expect(r.info.build).toBe(build);
            expect(r.info.shared).toBe(mode === "isolated");
            const bytes = Buffer.from(r.base64, "base64");
            expect(firstDifference(bytes, nodeBits.get(build)!)).toBe("identical");
          } finally {
            await page.close();
          }
        });
      }
    });
  }

  it("a download is a valid model.safetensors; a bad file and a bad field show errors", async () => {
    const { page } = await open("fallback");
    try {
      await page.evaluate(() => gyrusTest.start({ steps: 30 }));
      await page.evaluate(() => gyrusTest.waitForStep(30));
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
      expect(download.suggestedFilename()).toBe("model.safetensors");
      const model = decodeModel(new Uint8Array(await readFile(await download.path())), "download");
      expect(model.step).toBe(30);
      expect(model.config.tasks).toEqual(DEFAULT_SETTINGS.tasks);

      await page.setInputFiles("#load", {
        name: "bad.safetensors",
        mimeType: "application/octet-stream",
        buffer: Buffer.from("not a model at all"),
      });
      await page.locator("#error").waitFor({ state: "visible" });
      await waitForText(page, "#error", "bad.safetensors");

      await page.fill("input[name=lambda]", "-1");
      await page.click("#start");
      await waitForText(page, "#error", 'lambda: "-1" — must be a finite number ≥ 0');
      expect(await page.getAttribute("input[name=lambda]", "aria-invalid")).toBe("true");
      expect((await page.evaluate(() => gyrusTest.status())).step).toBe(30); // the bad field started nothing
    } finally {
      await page.close();
    }
  });
});
