// The 20 Yang/neurogym-yang19 cognitive tasks (docs/spec.md §2.3–2.4) as declarative TaskSpecs, suite `yang20`.
import { decisionTask, matchTask, reachTask } from "./families.js";
import { constMs, makeSuite, type Suite } from "./spec.js";

const reach = (name: string, anti: boolean, rt: boolean, delayMs: number) =>
  reachTask(name, { anti, rt, delay: constMs(delayMs), decisionMs: 500 });
const dm = (name: string, rings: readonly (0 | 1)[], w: readonly [number, number], delayed: boolean) =>
  decisionTask(name, { rings, w, delayed, delayMs: 1000, decisionMs: 200 });
const match = (name: string, category: boolean, goOnMatch: boolean) =>
  matchTask(name, { category, goOnMatch, delay: constMs(1000), decisionMs: 900 });

/** Task names in the canonical order of docs/spec.md §2.4 (rule one-hot index = position). */
export const YANG20_NAMES = [
  "go",
  "rtgo",
  "dlygo",
  "anti",
  "rtanti",
  "dlyanti",
  "dm1",
  "dm2",
  "ctxdm1",
  "ctxdm2",
  "multidm",
  "dlydm1",
  "dlydm2",
  "ctxdlydm1",
  "ctxdlydm2",
  "multidlydm",
  "dms",
  "dnms",
  "dmc",
  "dnmc",
] as const;

export const YANG20: Suite = makeSuite("yang20", [
  reach("go", false, false, 0),
  reach("rtgo", false, true, 0),
  reach("dlygo", false, false, 500),
  reach("anti", true, false, 0),
  reach("rtanti", true, true, 0),
  reach("dlyanti", true, false, 500),
  dm("dm1", [0], [1, 1], false),
  dm("dm2", [1], [1, 1], false),
  dm("ctxdm1", [0, 1], [1, 0], false),
  dm("ctxdm2", [0, 1], [0, 1], false),
  dm("multidm", [0, 1], [1, 1], false),
  dm("dlydm1", [0], [1, 1], true),
  dm("dlydm2", [1], [1, 1], true),
  dm("ctxdlydm1", [0, 1], [1, 0], true),
  dm("ctxdlydm2", [0, 1], [0, 1], true),
  dm("multidlydm", [0, 1], [1, 1], true),
  match("dms", false, true),
  match("dnms", false, false),
  match("dmc", true, true),
  match("dnmc", true, false),
]);
