// clusterNames gives every cluster a different name (top task, top two tasks where the top one is shared, then a
// numbered suffix), for any labelling, and the cluster-grid legend (report and demo) shows exactly those names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusterNames, clusterTaskRanking, type ClusterNaming } from "../../src/analysis/cluster-names.js";
import { clusterFigure } from "../../src/demo/render.js";
import { clusterGridSvg } from "../../src/viz/module-figures.js";
import { makeAnalysis } from "../viz/fixtures.js";

const TASKS = ["go", "anti", "dlyanti", "dm1", "dms"];

/** An analysis view from member rows (normalised TV per task) and their cluster labels. */
function view(rows: number[][], labels: number[], k: number): ClusterNaming {
  return { run: { tasks: TASKS.slice(0, rows[0]?.length ?? 0) }, normalizedTV: rows, clustering: { k, labels } };
}

describe("clusterNames", () => {
  it("a cluster's top task when the top tasks differ", () => {
    const a = view(
      [
        [1, 0, 0, 0.2, 0],
        [0, 0, 1, 0, 0],
        [0, 0.5, 0, 0, 0],
      ],
      [0, 1, 2],
      3,
    );
    expect(clusterNames(a)).toEqual(["go", "dlyanti", "anti"]);
  });

  it("two clusters with the same top task (the issue's 'dlyanti' twice) get their top two tasks", () => {
    const a = view(
      [
        [0, 0, 1, 0.3, 0],
        [0, 0.1, 1, 0, 0],
        [0, 0, 0.9, 0, 0.8],
        [1, 0, 0, 0, 0],
      ],
      [0, 0, 1, 2],
      3,
    );
    expect(clusterTaskRanking(a)).toEqual([["dlyanti", "dm1", "anti"], ["dlyanti", "dms"], ["go"]]);
    expect(clusterNames(a)).toEqual(["dlyanti+dm1", "dlyanti+dms", "go"]);
  });

  it("a numbered suffix where the top two tasks agree too, or a cluster has a single task or none", () => {
    const a = view(
      [
        [0, 0, 1, 0.5, 0],
        [0, 0, 1, 0.4, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 1, 0, 0],
      ],
      [0, 1, 2, 3],
      6,
    );
    expect(clusterNames(a)).toEqual([
      "dlyanti+dm1 #1",
      "dlyanti+dm1 #2",
      "dlyanti #1",
      "dlyanti #2",
      "no task #1",
      "no task #2",
    ]);
  });

  it("every name differs, for any k, labels and task variances (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((k) =>
            fc.tuple(
              fc.constant(k),
              fc.array(
                fc.tuple(
                  fc.integer({ min: 0, max: k - 1 }),
                  fc.array(fc.constantFrom(0, 0.25, 0.5, 1), { minLength: 3, maxLength: 3 }),
                ),
                { maxLength: 30 },
              ),
            ),
          ),
        ([k, members]) => {
          const names = clusterNames({
            run: { tasks: TASKS.slice(0, 3) },
            normalizedTV: members.map((m) => m[1]),
            clustering: { k, labels: members.map((m) => m[0]) },
          });
          expect(names.length).toBe(k);
          expect(new Set(names).size).toBe(k);
        },
      ),
    );
  });

  it("the cluster-grid legend of the report and of the demo page shows the unique names", () => {
    const a = makeAnalysis();
    // cluster 1 driven by task 0 as cluster 0 is (both top tasks "go"), then by dms
    a.normalizedTV.forEach((row, j) => {
      if (a.clustering.labels[j] === 1) row.splice(0, row.length, 1, 0, 0.5, 0);
    });
    const names = clusterNames(a);
    expect(names[0]).not.toBe(names[1]);
    const svg = clusterGridSvg(a);
    for (const [c, name] of names.entries()) expect(svg).toContain(`cluster ${c}: ${name} (4)`);
    expect(names).toEqual(["go+dm1", "go+dms", "dms"]);
    const page = clusterFigure({ step: 8000, analysis: a, perm: Int32Array.from({ length: 36 }, (_, i) => i) });
    for (const [c, name] of names.entries()) expect(page).toContain(`cluster ${c}: ${name} (4)`);
  });
});
