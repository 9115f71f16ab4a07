// docs/api.md documents every name the package exports (a new export without a line there fails here).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as browser from "../../src/browser.js";
import * as node from "../../src/index.js";

const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/api.md"), "utf8");

describe("docs/api.md", () => {
  it("names every runtime export of both entries", () => {
    const names = new Set([...Object.keys(node), ...Object.keys(browser)]);
    expect(names.size).toBeGreaterThan(80);
    expect([...names].filter((n) => !doc.includes("`" + n)).sort()).toEqual([]);
  });
});
