// The reference networks committed under docs/models/ give, through the same analysis as `gyrus analyze`, exactly
// the rows of docs/results.md's reference table (same formatting as the reproduce summary).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeModel } from "../../src/analysis/analyze.js";
import { referenceRow, REFERENCE_HEADER } from "../../src/cli/reproduce-summary.js";
import { createEngine, type Engine } from "../../src/index.js";
import { decodeModel } from "../../src/train/checkpoint.js";

const MODELS = ["bimt", "l1", "none", "bimt-paper", "l1-paper", "none-paper"];
const doc = fs.readFileSync(new URL("../../docs/results.md", import.meta.url), "utf8");

describe("docs/models reproduce docs/results.md", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 2 });
  });
  afterAll(() => engine.close());

  it("the document has the reference table", () => {
    expect(doc).toContain(REFERENCE_HEADER);
  });

  for (const name of MODELS) {
    it(`docs/models/${name}: under 2 MB, and its analysis is the document's row`, () => {
      const file = new URL(`../../docs/models/${name}/model.safetensors`, import.meta.url);
      const bytes = new Uint8Array(fs.readFileSync(file));
      expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
      const a = analyzeModel(engine, decodeModel(bytes, file.pathname));
      expect(a.run.reg).toBe(name.split("-")[0]);
      expect(doc).toContain(referenceRow(`docs/models/${name}`, a));
    }, 120_000);
  }
});
