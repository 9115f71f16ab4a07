// Mod-Cog (docs/spec.md §3, decision §6.2): suite `modcog` = the 82 tasks of the Mod_Cog README list in its order, and
// `modcog-all` = those plus the 11 "intseq" constructors of mod_cog_tasks.py (93). Built on Mod_Cog's own base
// variants (reach delay 500 ms for go/anti too, delayed DM delay 500 ms, match delay frozen per ring) with the label
// bug fixed (label = 1 + ((k + shift) mod 16)).
import { decisionTask, matchTask, reachTask, type Extensions } from "./families.js";
import { Rng, STREAMS } from "./rng.js";
import { choiceMs, constMs, DT, makeSuite, type Duration, type Suite, type TaskSpec } from "./spec.js";
import { YANG20_NAMES } from "./yang20.js";

/** The base tasks that have a delay, in the order Mod_Cog lists their "int" versions. */
const INT_BASES = [
  "dlygo",
  "dlyanti",
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

/** The 82 names of the Mod_Cog README list, in order: 20 base, 22 int (r then l), 20 seqr, 20 seql. */
export const MODCOG_NAMES: readonly string[] = [
  ...YANG20_NAMES,
  ...INT_BASES.flatMap((b) => [`${b}intr`, `${b}intl`]),
  ...YANG20_NAMES.map((b) => `${b}seqr`),
  ...YANG20_NAMES.map((b) => `${b}seql`),
];

/** modcog-all: the 82, then the 11 intseq constructors in file order (integrate +1 and seq +1). */
export const MODCOG_ALL_NAMES: readonly string[] = [...MODCOG_NAMES, ...INT_BASES.map((b) => `${b}intseq`)];

/** Mod_Cog redraws an "int" trial's delay uniformly from {0, 100, …, 1100} ms (docs/spec.md §3.3). */
const INT_DELAY = choiceMs(Array.from({ length: 12 }, (_, i) => i * DT));

/** Stream id of the generator that freezes the match delays, disjoint from the training streams (ids 0…B−1). */
const FROZEN_STREAM = STREAMS.modcogFrozen;

type Base = (typeof YANG20_NAMES)[number];

function parse(name: string): { base: Base } & Required<Extensions> {
  const m = /^(.*?)(intseq|intr|intl|seqr|seql)?$/.exec(name)!;
  const ext = m[2] ?? "";
  const seq = ext === "seqr" || ext === "intseq" ? 1 : ext === "seql" ? -1 : 0;
  const integrate = ext === "intr" || ext === "intseq" ? 1 : ext === "intl" ? -1 : 0;
  return { base: m[1] as Base, seq, integrate };
}

const DM_RINGS: Record<string, { rings: (0 | 1)[]; w: [number, number] }> = {
  dm1: { rings: [0], w: [1, 1] },
  dm2: { rings: [1], w: [1, 1] },
  ctxdm1: { rings: [0, 1], w: [1, 0] },
  ctxdm2: { rings: [0, 1], w: [0, 1] },
  multidm: { rings: [0, 1], w: [1, 1] },
};

function build(name: string, frozenDelay: () => Duration): TaskSpec {
  const { base, seq, integrate } = parse(name);
  // seq lengthens the decision to 1000 ms, except for the reaction-time reach tasks (docs/spec.md §3.3).
  const rt = base === "rtgo" || base === "rtanti";
  if (base.endsWith("go") || base.endsWith("anti")) {
    return reachTask(name, {
      anti: base.endsWith("anti"),
      rt,
      delay: integrate !== 0 ? INT_DELAY : constMs(500),
      decisionMs: seq !== 0 && !rt ? 1000 : 500,
      seq,
      integrate,
    });
  }
  if (/^(dms|dnms|dmc|dnmc)$/.test(base)) {
    return matchTask(name, {
      category: base === "dmc" || base === "dnmc",
      goOnMatch: base === "dms" || base === "dmc",
      delay: integrate !== 0 ? INT_DELAY : frozenDelay(),
      decisionMs: seq !== 0 ? 1000 : 900,
      seq,
      integrate,
    });
  }
  const delayed = base.includes("dly");
  const { rings, w } = DM_RINGS[base.replace("dly", "")];
  return decisionTask(name, { rings, w, delayed, delayMs: 500, decisionMs: seq !== 0 ? 1000 : 200, seq, integrate });
}

/**
 * The Mod-Cog suite for a run's seed. Each non-int match task freezes one delay per ring, drawn once like Mod_Cog's
 * uniform(200, 1200) ms at construction (→ 200…1100 after flooring), from one generator in modcog-all order, so a
 * subset or `modcog` sees the same delays as `modcog-all` for the same seed.
 */
export function modcogSuite(seed: number, all: boolean): Suite {
  const rng = new Rng(seed, FROZEN_STREAM);
  const frozen = (): Duration => ({ kind: "byModality", ms: [rng.range(200, 1200), rng.range(200, 1200)] });
  const tasks = MODCOG_ALL_NAMES.map((n) => build(n, frozen));
  return makeSuite(all ? "modcog-all" : "modcog", all ? tasks : tasks.slice(0, MODCOG_NAMES.length));
}
