// Data flows one way through src/: a folder imports (at run time) only from itself and the folders before it, and
// only the CLI and the demo import a package entry (index.ts, browser.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ORDER = ["io", "tasks", "model", "engine", "train", "analysis", "viz", "sweep", "api", "cli", "demo"];
const src = path.resolve(import.meta.dirname, "../../src");

describe("src/ layering", () => {
  it("every folder is in the order, and no runtime import points to a later folder", () => {
    const folders = fs.readdirSync(src).filter((d) => fs.statSync(path.join(src, d)).isDirectory());
    expect(folders.sort()).toEqual([...ORDER].sort());
    const upward: string[] = [];
    for (const dir of ORDER) {
      for (const file of fs.readdirSync(path.join(src, dir)).filter((f) => /\.(ts|js)$/.test(f))) {
        const text = fs.readFileSync(path.join(src, dir, file), "utf8");
        for (const m of text.matchAll(/(?:import|export)\s(?!type\s)[^;]*?from\s*"\.\.\/([^"/]+)(\/[^"]*)?"/g)) {
          const target = m[2] === undefined ? "entry" : m[1];
          const ok = target === "entry" ? dir === "cli" || dir === "demo" : ORDER.indexOf(target) <= ORDER.indexOf(dir);
          if (!ok) upward.push(`${dir}/${file} → ../${m[1]}${m[2] ?? ""}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
