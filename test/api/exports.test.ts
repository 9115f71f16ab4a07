// The public API's shape: every export of "gyrus" and "gyrus/browser" carries a TSDoc comment, the two entries agree
// on the shared names, the browser entry reaches no Node module, and the CLI imports nothing but "../index.js".
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const entries = { node: path.join(root, "src/index.ts"), browser: path.join(root, "src/browser.ts") };

function exportDocs(): Record<keyof typeof entries, Map<string, string>> {
  const program = ts.createProgram(Object.values(entries), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const out = {} as Record<keyof typeof entries, Map<string, string>>;
  for (const [name, file] of Object.entries(entries) as [keyof typeof entries, string][]) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const docs = new Map<string, string>();
    for (const sym of checker.getExportsOfModule(module)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      docs.set(sym.getName(), ts.displayPartsToString(target.getDocumentationComment(checker)).trim());
    }
    out[name] = docs;
  }
  return out;
}

describe("public API", () => {
  const docs = exportDocs();

  it("exports the names the library promises", () => {
    const promised = [
      "createEngine",
      "listSuites",
      "loadSuite",
      "sampleTrials",
      "train",
      "resume",
      "evaluate",
      "readModel",
      "writeModel",
      "analyze",
      "renderReport",
      "networkSvg",
      "trainingCurvesSvg",
      "ArgumentError",
      "ConfigError",
      "UnknownNameError",
      "SafetensorsError",
      "RunFolderError",
      "DivergedError",
    ];
    const missing = promised.filter((n) => !docs.node.has(n));
    expect(missing).toEqual([]);
  });

  it("every export has a TSDoc comment", () => {
    for (const [entry, map] of Object.entries(docs)) {
      const undocumented = [...map].filter(([, d]) => d === "").map(([n]) => n);
      expect(undocumented, `${entry} entry`).toEqual([]);
    }
  });

  it("the browser entry has the Node entry's names, less the run-folder ones", () => {
    const nodeOnly = [...docs.node.keys()].filter((n) => !docs.browser.has(n)).sort();
    expect(nodeOnly).toEqual(
      [
        "FILES",
        "FileProblem",
        "NodeTrainOptions",
        "RepairResult",
        "RunCheck",
        "checkRun",
        "describeProblem",
        "repairRun",
        "ResumeOptions",
        "RunFolderError",
        "readMetrics",
        "readRun",
        "resume",
        "writeFileAtomic",
        "writeFileAtomicSync",
      ].sort(),
    );
  });

  it("the browser entry's import closure reaches no Node module", () => {
    const seen = new Set<string>();
    const offending: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, "utf8");
      // type-only imports vanish from the emitted JavaScript
      for (const m of text.matchAll(/(?:import|export)\s(?!type\s)[^;]*?from\s*"([^"]+)"/g)) {
        const spec = m[1];
        if (!spec.startsWith(".")) offending.push(`${path.relative(root, file)} imports ${spec}`);
        else walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")));
      }
    };
    walk(entries.browser);
    expect(offending).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });

  it('no file under src/cli imports a path that "gyrus" does not export', () => {
    const cli = path.join(root, "src/cli");
    const bad: string[] = [];
    for (const f of fs.readdirSync(cli).filter((f) => f.endsWith(".ts"))) {
      const text = fs.readFileSync(path.join(cli, f), "utf8");
      for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s*"([^"]+)"|import\("([^"]+)"\)/g)) {
        const spec = m[1] ?? m[2];
        const ok = spec.startsWith("node:") || spec === "../index.js" || /^\.\/[\w-]+\.js$/.test(spec);
        if (!ok) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
