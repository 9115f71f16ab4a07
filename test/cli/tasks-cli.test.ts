// `gyrus tasks list|sample|plot` run as the built command (node dist/src/cli/main.js): output shapes and values,
// determinism, exit codes and messages for wrong calls, and the SVG picture (well-formed XML, one cell per input).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTrial } from "../../src/tasks/generate.js";
import { loadSuite } from "../../src/tasks/registry.js";
import { Rng } from "../../src/tasks/rng.js";
import { trialSvg } from "../../src/viz/trial-svg.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "dist/src/cli/main.js");
let tmp = "";

beforeAll(() => {
  // `npm test` builds dist/ first (pretest); build here only when run on its own without a build.
  if (!existsSync(MAIN)) execFileSync("npm", ["run", "build:ts"], { cwd: ROOT, stdio: "pipe" });
  tmp = mkdtempSync(join(tmpdir(), "gyrus-tasks-cli-"));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function gyrus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, "tasks", ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = gyrus(...args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

interface Sample {
  suite: string;
  task: string;
  nInput: number;
  nOutput: number;
  trials: { inputs: number[][]; labels: number[] }[];
}

interface Listed {
  suite: string;
  nInput: number;
  nOutput: number;
  tasks: { index: number; name: string; minSteps: number; maxSteps: number }[];
}

const sample = (...args: string[]): Sample => JSON.parse(ok("sample", "--json", ...args)) as Sample;

// ---- a small XML well-formedness checker (elements, attributes, entities; enough for the SVG we write) ----------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;

function checkEntities(s: string, where: string): void {
  for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", i + 1)) {
    const end = s.indexOf(";", i);
    const ref = end < 0 ? "" : s.slice(i + 1, end);
    const valid = ["amp", "lt", "gt", "quot", "apos"].includes(ref) || /^#([0-9]+|x[0-9a-fA-F]+)$/.test(ref);
    if (!valid) throw new Error(`bad entity reference in ${where}: ${s.slice(i, i + 12)}`);
  }
}

function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML: ${msg} at offset ${i}: ${JSON.stringify(src.slice(i, i + 40))}`);
  };
  const readName = (): string => {
    if (!NAME_START.test(src[i] ?? "")) fail("expected a name");
    const s = i;
    while (i < src.length && NAME_CHAR.test(src[i])) i++;
    return src.slice(s, i);
  };
  const skipWs = () => {
    while (i < src.length && " \t\r\n".includes(src[i])) i++;
  };
  if (src.startsWith("<?xml")) {
    i = src.indexOf("?>");
    if (i < 0) fail("unterminated XML declaration");
    i += 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < src.length) {
    if (src.startsWith("<!--", i)) {
      const e = src.indexOf("-->", i);
      if (e < 0) fail("unterminated comment");
      i = e + 3;
    } else if (src.startsWith("</", i)) {
      i += 2;
      const name = readName();
      skipWs();
      if (src[i] !== ">") fail("expected >");
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes ${open ? `<${open.name}>` : "nothing"}`);
    } else if (src[i] === "<") {
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: "" };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) fail("second root element");
      else root = el;
      for (;;) {
        const before = i;
        skipWs();
        if (src.startsWith("/>", i)) {
          i += 2;
          break;
        }
        if (src[i] === ">") {
          i++;
          stack.push(el);
          break;
        }
        if (i === before) fail("expected whitespace before an attribute");
        const key = readName();
        if (key in el.attrs) fail(`duplicate attribute ${key}`);
        skipWs();
        if (src[i++] !== "=") fail("expected =");
        skipWs();
        const q = src[i++];
        if (q !== '"' && q !== "'") fail("expected a quoted value");
        const end = src.indexOf(q, i);
        if (end < 0) fail("unterminated attribute value");
        const value = src.slice(i, end);
        if (value.includes("<")) fail("< in an attribute value");
        checkEntities(value, `attribute ${key}`);
        el.attrs[key] = value;
        i = end + 1;
      }
    } else {
      const e = src.indexOf("<", i);
      const text = src.slice(i, e < 0 ? src.length : e);
      checkEntities(text, "text");
      if (stack.length) stack[stack.length - 1].text += text;
      else if (text.trim()) fail("text outside the root element");
      i = e < 0 ? src.length : e;
    }
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) return fail("no root element");
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] => [
  ...(el.name === name ? [el] : []),
  ...el.children.flatMap((c) => all(c, name)),
];
const group = (svg: XmlElement, cls: string): XmlElement => {
  const g = all(svg, "g").find((e) => e.attrs.class === cls);
  if (!g) throw new Error(`no <g class="${cls}">`);
  return g;
};
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
const texts = (el: XmlElement): string[] => all(el, "text").map((t) => unescape(t.text));

// ---- tests ------------------------------------------------------------------------------------------------------

describe("gyrus tasks", () => {
  it("prints its usage with no subcommand or --help", () => {
    for (const args of [[], ["--help"], ["sample", "--help"]]) {
      const out = ok(...args);
      for (const s of ["tasks list", "tasks sample", "tasks plot", "--out"]) expect(out).toContain(s);
    }
    const r = gyrus("frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("list, sample, plot");
  });

  it("lists all four suites (--json) with sizes and trial length ranges", () => {
    const suites = JSON.parse(ok("list", "--json")) as Listed[];
    expect(suites.map((s) => [s.suite, s.tasks.length, s.nInput, s.nOutput])).toEqual([
      ["yang20", 20, 53, 17],
      ["modcog", 82, 115, 17],
      ["modcog-all", 93, 126, 17],
      ["sernn-maze", 1, 8, 4],
    ]);
    for (const s of suites) {
      expect(s.tasks.map((t) => t.index)).toEqual(s.tasks.map((_, i) => i));
      for (const t of s.tasks) {
        expect(Object.keys(t).sort()).toEqual(["index", "maxSteps", "minSteps", "name"]);
        expect(t.minSteps).toBeGreaterThan(0);
        expect(t.maxSteps).toBeGreaterThanOrEqual(t.minSteps);
      }
    }
    const yang = suites[0].tasks;
    expect(yang.find((t) => t.name === "go")).toMatchObject({ index: 0, minSteps: 15, maxSteps: 15 });
    expect(yang.find((t) => t.name === "dm1")).toMatchObject({ minSteps: 9, maxSteps: 11 });
    expect(yang.find((t) => t.name === "dlydm1")).toMatchObject({ minSteps: 24, maxSteps: 26 });
    // Mod-Cog's "int" delays are drawn from 0…1100 ms.
    expect(suites[1].tasks.find((t) => t.name === "dlygointr")).toMatchObject({ minSteps: 15, maxSteps: 26 });
    // One suite only, as JSON and as a table.
    expect((JSON.parse(ok("list", "--suite", "modcog-all", "--json")) as Listed[]).map((s) => s.suite)).toEqual([
      "modcog-all",
    ]);
    const table = ok("list", "--suite", "modcog");
    expect(table).toContain("modcog: 82 tasks, n_u 115, n_o 17");
    expect(table).toMatch(/^\s+81\s+dnmcseql\s+\d+–\d+$/m);
    expect(table).not.toContain("yang20:");
  });

  it("samples trials as one JSON document with the right shapes, rule one-hot and labels", () => {
    const suites = JSON.parse(ok("list", "--json")) as Listed[];
    for (const [suite, task, n] of [
      ["yang20", "dm1", 3],
      ["modcog", "dlyantiintl", 4],
      ["modcog-all", "dmsintseq", 2],
    ] as const) {
      const listed = suites.find((s) => s.suite === suite)!;
      const index = listed.tasks.find((t) => t.name === task)!.index;
      const s = sample("--suite", suite, "--task", task, "--trials", String(n), "--seed", "7");
      expect(Object.keys(s)).toEqual(["suite", "task", "nInput", "nOutput", "trials"]);
      expect(s).toMatchObject({ suite, task, nInput: listed.nInput, nOutput: 17 });
      expect(s.trials).toHaveLength(n);
      for (const tr of s.trials) {
        expect(Object.keys(tr)).toEqual(["inputs", "labels"]);
        const T = tr.labels.length;
        expect(T).toBeGreaterThan(0);
        expect(tr.inputs).toHaveLength(T);
        for (const row of tr.inputs) {
          expect(row).toHaveLength(listed.nInput);
          // Rule block: exactly the task's channel is on.
          expect(row.slice(33)).toEqual(row.slice(33).map((_, k) => (k === index ? 1 : 0)));
          // float32 values printed as they are (not rounded).
          for (const v of row) expect(Math.fround(v)).toBe(v);
        }
        for (const l of tr.labels) {
          expect(Number.isInteger(l)).toBe(true);
          expect(l).toBeGreaterThanOrEqual(0);
          expect(l).toBeLessThanOrEqual(16);
        }
      }
    }
  });

  it("alternates the stimulus ring from trial to trial for tasks that alternate modality", () => {
    const { trials } = sample("--suite", "yang20", "--task", "go", "--trials", "2");
    const ringSum = (inputs: number[][], first: number) =>
      inputs.reduce((a, row) => a + row.slice(first, first + 16).reduce((x, y) => x + y, 0), 0);
    expect(ringSum(trials[0].inputs, 1)).toBeGreaterThan(0);
    expect(ringSum(trials[0].inputs, 17)).toBe(0);
    expect(ringSum(trials[1].inputs, 1)).toBe(0);
    expect(ringSum(trials[1].inputs, 17)).toBeGreaterThan(0);
  });

  it("is deterministic in the seed", () => {
    const args = ["sample", "--json", "--suite", "modcog", "--task", "ctxdlydm2seqr", "--trials", "3"];
    const a = ok(...args, "--seed", "11");
    expect(ok(...args, "--seed", "11")).toBe(a);
    expect(ok(...args, "--seed", "12")).not.toBe(a);
    // The default seed is 0.
    expect(ok(...args)).toBe(ok(...args, "--seed", "0"));
  });

  it("gives noise-free inputs with fixed periods with --analysis", () => {
    const isFixation = (l: number) => l === 0;
    const analysis = sample("--suite", "yang20", "--task", "dm1", "--trials", "3", "--analysis").trials;
    for (const tr of analysis) {
      // dm1: fixation 500 ms (analysis) + stimulus 500 ms + decision 200 ms.
      expect(tr.labels).toHaveLength(12);
      tr.inputs.forEach((row, t) => {
        expect(row[0]).toBe(isFixation(tr.labels[t]) ? 1 : 0);
        expect(row.slice(17, 33).every((v) => v === 0)).toBe(true); // ring 2 unused, no noise
      });
    }
    // Without --analysis the DM task has input noise on all task channels during the stimulus.
    const noisy = sample("--suite", "yang20", "--task", "dm1", "--trials", "3").trials;
    expect(noisy.some((tr) => tr.inputs.some((row) => row[0] !== 0 && row[0] !== 1))).toBe(true);
  });

  it("prints a readable summary without --json", () => {
    const out = ok("sample", "--suite", "yang20", "--task", "dlygo", "--trials", "2", "--seed", "4");
    expect(out).toContain("trial 0: T 20");
    expect(out).toContain("trial 1: T 20");
    expect(out).toMatch(/periods: fixation 0–4, stimulus 5–9, delay 10–14, decision 15–19/);
    expect(out).toMatch(/labels: {2}(0 ){15}\d+/);
  });

  it("rejects unknown suites and tasks with exit code 2 and the valid names", () => {
    for (const args of [
      ["list", "--suite", "yang21"],
      ["sample", "--suite", "yang21", "--task", "go"],
      ["plot", "--suite", "nope", "--task", "go", "--out", join(tmp, "x.svg")],
    ]) {
      const r = gyrus(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      for (const s of ["unknown suite", "yang20", "modcog", "modcog-all"]) expect(r.stderr).toContain(s);
    }
    const r = gyrus("sample", "--suite", "modcog", "--task", "go2", "--json");
    expect(r.status).toBe(2);
    for (const s of ['unknown task "go2"', "valid tasks", "dlygoseqr", "dnmcseql"]) expect(r.stderr).toContain(s);
    expect(r.stderr).not.toContain("dmsintseq"); // modcog-all only
  });

  it("rejects missing or bad options with exit code 2 naming the option", () => {
    const cases: [string[], string][] = [
      [["plot", "--suite", "yang20", "--task", "go"], "--out"],
      [["sample", "--task", "go", "--json"], "--suite"],
      [["sample", "--suite", "yang20"], "--task"],
      [["plot", "--task", "go", "--out", join(tmp, "y.svg")], "--suite"],
      [["sample", "--suite", "yang20", "--task", "go", "--trials", "0"], "--trials"],
      [["sample", "--suite", "yang20", "--task", "go", "--trials", "10001"], "--trials"],
      [["sample", "--suite", "yang20", "--task", "go", "--seed", "-1"], "--seed"],
      [["list", "--out", "x"], "--out"],
    ];
    for (const [args, option] of cases) {
      const r = gyrus(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(option);
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        expect.stringContaining(option),
        "run npx gyrus tasks --help for its options",
      ]);
    }
    expect(existsSync(join(tmp, "y.svg"))).toBe(false);
  });

  it("plots one trial as a well-formed SVG with a cell per step and channel, the labels and the periods", () => {
    const file = join(tmp, "dlydm1.svg");
    const out = ok("plot", "--suite", "yang20", "--task", "dlydm1", "--seed", "3", "--out", file);
    expect(out).toContain(file);
    // The plotted trial is the first one `sample` gives for the same seed.
    const trial = sample("--suite", "yang20", "--task", "dlydm1", "--seed", "3").trials[0];
    const T = trial.labels.length;
    const svg = parseXml(readFileSync(file, "utf8"));
    expect(svg.name).toBe("svg");
    expect(svg.attrs).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", version: "1.1" });
    expect(all(svg, "title")[0].text).toBe("yang20 / dlydm1 — seed 3");
    expect(texts(svg)).toContain("yang20 / dlydm1 — seed 3");
    expect(all(group(svg, "heatmap"), "rect")).toHaveLength(T * 53);
    expect(all(group(svg, "labels"), "rect")).toHaveLength(T);
    expect(texts(group(svg, "labels"))).toEqual(trial.labels.filter((l) => l !== 0).map(String));
    expect(texts(group(svg, "periods"))).toEqual(["fixation", "stim1", "delay", "stim2", "decision"]);
    expect(all(group(svg, "periods"), "line").length).toBeGreaterThanOrEqual(4);
    expect(texts(group(svg, "axis"))).toContain("time step (100 ms)");
    expect(texts(group(svg, "channels"))).toEqual(
      expect.arrayContaining(["fixation", "ring 1 (16)", "ring 2 (16)", "rule (20)"]),
    );
  });

  it("plots a Mod-Cog analysis trial with the whole rule block and the active task named", () => {
    const file = join(tmp, "modcog.svg");
    ok("plot", "--suite", "modcog", "--task", "dlygoseqr", "--analysis", "--seed", "5", "--out", file);
    const svg = parseXml(readFileSync(file, "utf8"));
    // dlygoseqr: fixation 500 + stimulus 500 + delay 500 + decision 1000 ms.
    expect(all(group(svg, "heatmap"), "rect")).toHaveLength(25 * 115);
    expect(texts(group(svg, "channels"))).toEqual(expect.arrayContaining(["rule (82)", "dlygoseqr (index 44 of 82)"]));
    // seq: the label moves one ring unit per decision step.
    const shown = texts(group(svg, "labels")).map(Number);
    expect(shown).toHaveLength(10);
    for (let t = 1; t < shown.length; t++) expect(shown[t]).toBe(1 + (shown[t - 1] % 16));
  });

  it("escapes text in the SVG", () => {
    const suite = { ...loadSuite("yang20"), name: `odd <suite> & "quotes" 'too'` };
    const trial = sampleTrial(suite, 2, new Rng(1));
    const svg = parseXml(trialSvg(trial, suite, { seed: 1 }));
    expect(all(svg, "title")[0].text).toBe(
      `odd &lt;suite&gt; &amp; &quot;quotes&quot; &apos;too&apos; / dlygo — seed 1`,
    );
    expect(all(group(svg, "heatmap"), "rect")).toHaveLength(trial.T * suite.nInput);
  });
});
