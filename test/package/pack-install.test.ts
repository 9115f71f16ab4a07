// The package as a user gets it: `npm pack`, an offline install into an empty project, then in that project the two
// entries import, every docs/examples/*.mjs and docs/api.md example runs to exit 0, and a TypeScript consumer
// type-checks.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = join(ROOT, "docs/examples");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const WASM = [
  "gyrus-portable.wasm",
  "gyrus-relaxed.wasm",
  "gyrus-portable-unshared.wasm",
  "gyrus-relaxed-unshared.wasm",
];
/** The machine is shared: installs, examples and tsc get minutes, not seconds. */
const SLOW = 300_000;

/** Names every platform's entry exports (a sample from each group of docs/api.md). */
const COMMON = [
  "createEngine",
  "train",
  "evaluate",
  "analyze",
  "readModel",
  "writeModel",
  "renderReport",
  "analyzeModel",
  "loadSuite",
  "suiteTaskNames",
  "SUITE_NAMES",
  "sampleTrial",
  "TrainingStream",
  "Rng",
  "Trainer",
  "Network",
  "withApi",
  "PRESETS",
  "DEFAULTS",
  "resolveConfig",
  "validateConfig",
  "modelFromBytes",
  "modelToBytes",
  "reportFigures",
  "networkSvg",
  "trialSvg",
  "planSweep",
  "paperParams",
  "paperBatch",
  "distanceMatrix",
  "gridPositions",
  "GeometryError",
  "ArgumentError",
  "ConfigError",
  "UnknownNameError",
  "SafetensorsError",
  "DivergedError",
];
/** Names only the Node entry has (files and run folders). */
const NODE_ONLY = [
  "resume",
  "readRun",
  "readMetrics",
  "FILES",
  "RunFolderError",
  "writeFileAtomic",
  "writeFileAtomicSync",
];
/** Names only the browser entry has. */
const BROWSER_ONLY = ["hardwareThreads", "sharedMemoryAvailable"];

let tmp = "";
let project = "";
let packed: { filename: string; files: { path: string }[] } = { filename: "", files: [] };

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: SLOW, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

/** Runs a command that must succeed; its output otherwise. */
function ok(cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Node in the consumer project, on an ES module given as text. */
function nodeEval(code: string): SpawnSyncReturns<string> {
  return run(process.execPath, ["--input-type=module", "-e", code], project);
}

beforeAll(() => {
  // `npm test` builds dist/ and build/ first (pretest); on its own, build the TypeScript if it is missing.
  if (!existsSync(join(ROOT, "dist/src/index.js"))) ok("npm", ["run", "build:ts"], ROOT);
  for (const w of WASM) {
    if (!existsSync(join(ROOT, "build", w))) throw new Error(`build/${w} is missing: run \`npm run build:wasm\` first`);
  }
  tmp = mkdtempSync(join(tmpdir(), "gyrus-pack-"));
  // The build above (or pretest) is the package's content; --ignore-scripts skips prepare's second build.
  packed = JSON.parse(ok("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT))[0];
  project = join(tmp, "consumer");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
  );
  ok("npm", ["install", "--offline", "--no-audit", "--no-fund", join(tmp, packed.filename)], project);
}, SLOW);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("packs the compiled entries, the worker scripts, the four kernel builds and the README, and no sources or tests", () => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      "package.json",
      "README.md",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/browser.js",
      "dist/src/browser.d.ts",
      "dist/src/cli/main.js",
      "dist/src/engine/worker-node.js",
      "dist/src/engine/worker-browser.js",
    ]) {
      expect(files).toContain(f);
    }
    for (const w of WASM) expect(files).toContain(`build/${w}`);
    const stray = files.filter(
      (f) =>
        !(f === "package.json" || f === "README.md" || f.startsWith("dist/src/") || /^build\/[^/]+\.wasm$/.test(f)),
    );
    expect(stray).toEqual([]);
  });
});

describe("installed offline into an empty project", () => {
  it("brings gyrus and nothing else (no runtime dependencies)", () => {
    const tree = JSON.parse(ok("npm", ["ls", "--all", "--json"], project));
    expect(Object.keys(tree.dependencies)).toEqual(["gyrus"]);
    expect(tree.dependencies.gyrus.version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(tree.dependencies.gyrus.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(project, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["gyrus"]);
  });

  it('import("gyrus") gives the Node entry\'s exports', () => {
    const r = nodeEval(`const m = await import("gyrus"); console.log(JSON.stringify(Object.keys(m)));`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const names: string[] = JSON.parse(r.stdout);
    for (const n of [...COMMON, ...NODE_ONLY]) expect(names).toContain(n);
    for (const n of BROWSER_ONLY) expect(names).not.toContain(n);
  });

  it('import("gyrus/browser") resolves to the browser entry, without files and run folders', () => {
    const r = nodeEval(`const m = await import("gyrus/browser"); console.log(JSON.stringify(Object.keys(m)));`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const names: string[] = JSON.parse(r.stdout);
    for (const n of [...COMMON, ...BROWSER_ONLY]) expect(names).toContain(n);
    for (const n of NODE_ONLY) expect(names).not.toContain(n);
  });

  it("the gyrus command is installed and prints its usage", () => {
    const r = run(join(project, "node_modules/.bin/gyrus"), ["--help"], project);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npx gyrus <command> \[options\]/);
  });
});

/** Each example's key printed lines; every example in docs/examples must be listed (and exist). */
const EXPECTED: Record<string, RegExp[]> = {
  "gradients.mjs": [
    /^loss \d+\.\d+ = task loss \d+\.\d+ \+ λ·connection cost \d+\.\d+$/m,
    /^dL\/dW\[\d+,\d+\]: engine \S+, finite difference \S+, relative error \S+$/m,
    /^gradient check passed$/m,
  ],
  "train-and-analyse.mjs": [
    /^step 500\/500 /m,
    /^trained 500 steps on go, anti, dm1 in /m,
    /^accuracy (0\.\d+|1\.000) \(go \d\.\d\d, anti \d\.\d\d, dm1 \d\.\d\d\)$/m,
    /^k \d+ clusters over \d+ important neurons; /m,
    /^report .*report\.html$/m,
  ],
  "custom-task.mjs": [
    /^validateTaskSpec refuses a broken spec: /m,
    /^suite opposite\+go\+dm1: opposite, go, dm1 \(36 inputs, 17 outputs\)$/m,
    /^accuracy opposite \d\.\d{3} \(\d+ trials\)$/m,
    /^accuracy go \d\.\d{3} /m,
    /^accuracy dm1 \d\.\d{3} /m,
    /^mean accuracy \d\.\d{3} after 500 steps$/m,
  ],
};

describe("docs/examples, run in the consumer project", () => {
  it("lists every example", () => {
    expect(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith(".mjs"))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  // One after the other (vitest runs a file's tests in order): each trains or computes on all cores.
  it.each(Object.keys(EXPECTED))(
    "%s imports only gyrus, exits 0 and prints its results",
    (name) => {
      const source = readFileSync(join(EXAMPLES, name), "utf8");
      const specifiers = [...source.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
      expect(specifiers).toContain("gyrus");
      for (const s of specifiers) expect(s === "gyrus" || s.startsWith("node:")).toBe(true);
      copyFileSync(join(EXAMPLES, name), join(project, name));
      const r = run(process.execPath, [name], project);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      for (const re of EXPECTED[name]) expect(r.stdout).toMatch(re);
      const report = /^report (.*report\.html)$/m.exec(r.stdout)?.[1];
      if (report) {
        // The report the example wrote: one HTML page with figures; then its temp folder goes.
        expect(readFileSync(report, "utf8")).toMatch(/^<!doctype html>[\s\S]*<svg/i);
        rmSync(join(report, ".."), { recursive: true, force: true });
      }
    },
    SLOW,
  );
});

/** The `js` blocks of docs/api.md, in order (the `ts` blocks are typed sketches for a browser and are not run). */
const API_BLOCKS = [...readFileSync(join(ROOT, "docs/api.md"), "utf8").matchAll(/^```js\n([\s\S]*?)^```$/gm)].map(
  (m) => m[1],
);

describe("docs/api.md's examples, run in the consumer project", () => {
  it("has one per group of the API", () => {
    expect(API_BLOCKS.length).toBe(7);
  });

  it.each(API_BLOCKS.map((code, i) => [i + 1, code] as const))(
    "example %i imports gyrus, exits 0 and prints",
    (i, code) => {
      expect(code).toMatch(/^import \{[^}]+\} from "gyrus";$/m);
      const file = `api-example-${i}.mjs`;
      writeFileSync(join(project, file), code);
      const r = run(process.execPath, [file], project);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).not.toBe("");
    },
    SLOW,
  );
});

describe("a TypeScript consumer", () => {
  const tsc = (file: string) =>
    run(
      process.execPath,
      [
        TSC,
        "--noEmit",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--strict",
        "--typeRoots",
        join(ROOT, "node_modules/@types"),
        "--types",
        "node",
        file,
      ],
      project,
    );

  it(
    "type-checks against the installed declarations",
    () => {
      writeFileSync(
        join(project, "consumer.ts"),
        [
          `import { analyze, createEngine, readModel, train, writeModel, ConfigError, type Analysis, type Model, type TrainConfig, type TrainConfigInput } from "gyrus";`,
          `import { createEngine as createBrowserEngine, type Model as BrowserModel } from "gyrus/browser";`,
          `const input: TrainConfigInput = { preset: "quick", tasks: ["go", "anti"], geometry: { kind: "grid", rows: 8, cols: 8 }, steps: 10 };`,
          `export async function run(): Promise<{ config: TrainConfig; model: Model; analysis: Analysis }> {`,
          `  const engine = await createEngine({ threads: 1 });`,
          `  try {`,
          `    const r = await train(input, { engine, onProgress: (p) => void p.loss.toFixed(3) });`,
          `    const analysis: Analysis = await analyze(r.model, { engine, shuffles: 10 });`,
          `    const again: BrowserModel = await readModel(writeModel(r.model));`,
          `    const k: number = analysis.clustering.k;`,
          `    void k, again;`,
          `    return { config: r.config, model: r.model, analysis };`,
          `  } catch (e) {`,
          `    if (e instanceof ConfigError) throw new Error(e.message);`,
          `    throw e;`,
          `  } finally {`,
          `    await engine.close();`,
          `  }`,
          `}`,
          `export const browser: typeof createBrowserEngine = createBrowserEngine;`,
          ``,
        ].join("\n"),
      );
      const r = tsc("consumer.ts");
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
    SLOW,
  );

  it(
    "gets its mistakes reported (the declarations are real types, not any)",
    () => {
      writeFileSync(
        join(project, "mistake.ts"),
        [
          `import { analyze, type Model, type TrainConfig } from "gyrus";`,
          `export const c: Partial<TrainConfig> = { steps: "many" };`,
          `export const a = (m: Model) => analyze(m, { shuffles: "lots" });`,
          ``,
        ].join("\n"),
      );
      const r = tsc("mistake.ts");
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/mistake\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
      expect(r.stdout).toMatch(/mistake\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    },
    SLOW,
  );
});
