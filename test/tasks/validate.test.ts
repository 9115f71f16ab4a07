// validateTaskSpec / validateSuite / defineSuite: every rule has a failing example with its exact message; the
// built-in suites pass; random valid specs (fast-check) pass and render trials of their declared length range.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CustomSuiteError, defineSuite } from "../../src/tasks/custom.js";
import { sampleTrial } from "../../src/tasks/generate.js";
import { listSuites, loadSuite, SUITE_NAMES } from "../../src/tasks/registry.js";
import { Rng } from "../../src/tasks/rng.js";
import {
  choiceMs,
  constMs,
  DT,
  makeSuite,
  trialLengthRange,
  uniformMs,
  type Duration,
  type TaskSpec,
  type TrialPlan,
} from "../../src/tasks/spec.js";
import { TaskSpecError, validateSuite, validateTaskSpec } from "../../src/tasks/validate.js";
import { OPPOSITE } from "../helpers/opposite-task.js";

type Draw = TaskSpec["draw"];
/** A valid task: "go to the opposite side after a random delay" (named "opp" in the messages below). */
const base = (over: Partial<Record<keyof TaskSpec, unknown>> = {}): TaskSpec =>
  ({ ...OPPOSITE, name: "opp", ...over }) as TaskSpec;
const withPeriod = (i: number, duration: unknown) =>
  base({ periods: base().periods.map((p, j) => (j === i ? { ...p, duration } : p)) });
const drawing = (plan: (rng: Rng, modality: 0 | 1) => unknown) => base({ draw: plan as unknown as Draw });
const PERIODS = "fixation, stimulus, delay, decision";
const DURATION = "allowed: 0 (an empty period) or a finite number of ms ≥ 100 (one time step DT)";

function refusal(f: () => unknown): TaskSpecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TaskSpecError);
    return e as TaskSpecError;
  }
  throw new Error("expected a TaskSpecError, nothing was thrown");
}

describe("validateTaskSpec refuses, naming the task, the field, the value and what is allowed", () => {
  const cases: [string, () => unknown, string][] = [
    [
      "a missing name",
      () => validateTaskSpec(base({ name: undefined }), { index: 2 }),
      "task #2: name is missing — allowed: a non-empty string",
    ],
    [
      "an empty name",
      () => validateTaskSpec(base({ name: " " })),
      'task (unnamed): name is " " — allowed: a non-empty string',
    ],
    [
      "no periods",
      () => validateTaskSpec(base({ periods: [] })),
      'task "opp": periods is [] — allowed: a non-empty list of {name, duration}',
    ],
    [
      "a duplicate period",
      () => validateTaskSpec(base({ periods: [...base().periods, { name: "delay", duration: constMs(100) }] })),
      'task "opp": periods[4].name is "delay" — allowed: a name not used by another period (periods[2] has it)',
    ],
    [
      "a negative duration",
      () => validateTaskSpec(withPeriod(0, constMs(-100))),
      `task "opp": periods[0].duration.ms is -100 — ${DURATION}`,
    ],
    [
      "a non-finite duration",
      () => validateTaskSpec(withPeriod(1, constMs(Infinity))),
      `task "opp": periods[1].duration.ms is Infinity — ${DURATION}`,
    ],
    [
      "a NaN duration",
      () => validateTaskSpec(withPeriod(1, constMs(NaN))),
      `task "opp": periods[1].duration.ms is NaN — ${DURATION}`,
    ],
    [
      "a duration under one step",
      () => validateTaskSpec(withPeriod(1, constMs(50))),
      `task "opp": periods[1].duration.ms is 50 — ${DURATION}`,
    ],
    [
      "uniform lo ≥ hi",
      () => validateTaskSpec(withPeriod(2, uniformMs(500, 500))),
      'task "opp": periods[2].duration.hi is 500 — allowed: a finite number of ms > lo (500)',
    ],
    [
      "uniform lo under one step",
      () => validateTaskSpec(withPeriod(2, uniformMs(40, 500))),
      `task "opp": periods[2].duration.lo is 40 — ${DURATION}`,
    ],
    [
      "a choice with no values",
      () => validateTaskSpec(withPeriod(2, choiceMs([]))),
      'task "opp": periods[2].duration.ms is [] — allowed: a non-empty list of durations (ms)',
    ],
    [
      "a choice value under one step",
      () => validateTaskSpec(withPeriod(2, choiceMs([200, 30]))),
      `task "opp": periods[2].duration.ms[1] is 30 — ${DURATION}`,
    ],
    [
      "byModality with one value",
      () => validateTaskSpec(withPeriod(2, { kind: "byModality", ms: [300] })),
      'task "opp": periods[2].duration.ms is [300] — allowed: two durations (ms), one per ring',
    ],
    [
      "an unknown duration kind",
      () => validateTaskSpec(withPeriod(2, { kind: "gauss", ms: 300 })),
      'task "opp": periods[2].duration.kind is "gauss" — allowed: const, choice, uniform, byModality',
    ],
    [
      "fixationOn naming an unknown period",
      () => validateTaskSpec(base({ fixationOn: ["fixation", "cue"] })),
      `task "opp": fixationOn[1] is "cue" — allowed: names of the task's periods (${PERIODS})`,
    ],
    [
      "responsePeriods naming an unknown period",
      () => validateTaskSpec(base({ responsePeriods: ["go"] })),
      `task "opp": responsePeriods[0] is "go" — allowed: names of the task's periods (${PERIODS})`,
    ],
    [
      "no response period",
      () => validateTaskSpec(base({ responsePeriods: [] })),
      `task "opp": responsePeriods is [] — allowed: a non-empty list of period names (${PERIODS})`,
    ],
    [
      "a response period that can be empty",
      () =>
        validateTaskSpec(
          base({
            responsePeriods: ["delay"],
            periods: base().periods.map((p) => (p.name === "delay" ? { ...p, duration: choiceMs([0, 200]) } : p)),
          }),
        ),
      'task "opp": responsePeriods[0] is "delay" — allowed: a period that always lasts at least one step (100 ms); "delay" can be empty',
    ],
    [
      "noise on an unknown period",
      () => validateTaskSpec(base({ noise: { sigma: 0.1, periods: ["stim"], channels: "all" } })),
      `task "opp": noise.periods[0] is "stim" — allowed: names of the task's periods (${PERIODS})`,
    ],
    [
      "a negative noise sigma",
      () => validateTaskSpec(base({ noise: { sigma: -0.1, periods: ["stimulus"], channels: "all" } })),
      'task "opp": noise.sigma is -0.1 — allowed: a finite number ≥ 0',
    ],
    [
      "unknown noise channels",
      () => validateTaskSpec(base({ noise: { sigma: 0.1, periods: ["stimulus"], channels: "ring1" } })),
      'task "opp": noise.channels is "ring1" — allowed: all, activeRing',
    ],
    ["seq not in {-1, 0, 1}", () => validateTaskSpec(base({ seq: 2 })), 'task "opp": seq is 2 — allowed: -1, 0, 1'],
    [
      "seq with a small readout",
      () => validateTaskSpec(base({ seq: 1 }), { nOutput: 3 }),
      'task "opp": seq is 1 — allowed: 0 in a suite with nOutput 3 (a moving target needs the 17-class ring readout)',
    ],
    [
      "alternatesModality not a boolean",
      () => validateTaskSpec(base({ alternatesModality: "yes" })),
      'task "opp": alternatesModality is "yes" — allowed: true or false',
    ],
    [
      "no draw function",
      () => validateTaskSpec(base({ draw: undefined })),
      'task "opp": draw is missing — allowed: a function (rng, modality, durations, force) → {stimuli, target, modality}',
    ],
    [
      "a stimulus on an unknown period",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({ stimuli: [{ period: "cue", ring: m, pos: 0, strength: 1 }], target: 1, modality: m })),
        ),
      `task "opp": draw (validation trial 0) returned stimuli[0].period "cue" — allowed: names of the task's periods (${PERIODS})`,
    ],
    [
      "a stimulus on an unknown ring",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({
            stimuli: [{ period: "stimulus", ring: 2, pos: 0, strength: 1 }],
            target: 1,
            modality: m,
          })),
        ),
      'task "opp": draw (validation trial 0) returned stimuli[0].ring 2 — allowed: 0 (ring 1) or 1 (ring 2)',
    ],
    [
      "a non-finite stimulus position",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({
            stimuli: [{ period: "stimulus", ring: m, pos: NaN, strength: 1 }],
            target: 1,
            modality: m,
          })),
        ),
      'task "opp": draw (validation trial 0) returned stimuli[0].pos NaN — allowed: a finite position in ring units (0…16)',
    ],
    [
      "a non-finite stimulus strength",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({
            stimuli: [{ period: "stimulus", ring: m, pos: 1, strength: -Infinity }],
            target: 1,
            modality: m,
          })),
        ),
      'task "opp": draw (validation trial 0) returned stimuli[0].strength -Infinity — allowed: a finite number',
    ],
    [
      "a modality other than 0 or 1",
      () => validateTaskSpec(drawing(() => ({ stimuli: [], target: 1, modality: 2 }))),
      'task "opp": draw (validation trial 0) returned modality 2 — allowed: 0 or 1',
    ],
    [
      "a label above nOutput − 1",
      () => {
        let calls = 0; // every trial is drawn twice (the determinism check), so call 5 is trial 2
        return validateTaskSpec(drawing((_r, m) => ({ stimuli: [], target: ++calls === 5 ? 17 : 1, modality: m })));
      },
      'task "opp": draw (validation trial 2) returned target 17 — allowed: an integer from 0 to 16 (nOutput − 1)',
    ],
    [
      "a label out of a small readout",
      () => validateTaskSpec(base(), { nOutput: 3 }),
      /^task "opp": draw \(validation trial \d+\) returned target \d+ — allowed: an integer from 0 to 2 \(nOutput − 1\)$/,
    ],
    [
      "a negative label",
      () => validateTaskSpec(drawing((_r, m) => ({ stimuli: [], target: -1, modality: m }))),
      'task "opp": draw (validation trial 0) returned target -1 — allowed: an integer from 0 to 16 (nOutput − 1)',
    ],
    [
      "a fractional label",
      () => validateTaskSpec(drawing((_r, m) => ({ stimuli: [], target: 2.5, modality: m }))),
      'task "opp": draw (validation trial 0) returned target 2.5 — allowed: an integer from 0 to 16 (nOutput − 1)',
    ],
    [
      "a rendered input that overflows float32",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({
            stimuli: [{ period: "stimulus", ring: m, pos: 0, strength: 1e40 }],
            target: 1,
            modality: m,
          })),
        ),
      'task "opp": validation trial 0 has input at step 3, channel 1 Infinity — allowed: a finite number',
    ],
    [
      "a draw that throws",
      () =>
        validateTaskSpec(
          drawing(() => {
            throw new Error("boom");
          }),
        ),
      'task "opp": draw threw on validation trial 0: boom',
    ],
    [
      "a draw that does not use its rng",
      () =>
        validateTaskSpec(
          drawing((_r, m) => ({
            stimuli: [{ period: "stimulus", ring: m, pos: 16 * Math.random(), strength: 1 }],
            target: 1,
            modality: m,
          })),
        ),
      'task "opp": draw gave a different trial from the same generator state (validation trial 0) — it must take all its randomness from its rng argument (not Math.random or outside state)',
    ],
  ] as unknown as [string, () => unknown, string][];

  it.each(cases)("%s", (_what, f, message) => {
    const e = refusal(f);
    if (typeof message === "string") expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(e.task).toMatch(/^("opp"|#2|\(unnamed\))$/);
  });

  it("the error carries task, field, value and allowed as properties", () => {
    const e = refusal(() => validateTaskSpec(withPeriod(2, uniformMs(600, 300))));
    expect([e.task, e.field, e.value, e.allowed]).toEqual([
      '"opp"',
      "periods[2].duration.hi",
      300,
      "allowed: a finite number of ms > lo (600)",
    ]);
    expect(e.name).toBe("TaskSpecError");
  });

  it("accepts the valid base task, empty (0 ms) non-response periods and a random delay", () => {
    expect(() => validateTaskSpec(base())).not.toThrow();
    expect(() => validateTaskSpec(withPeriod(2, choiceMs([0, 100, 700])))).not.toThrow();
  });
});

describe("suites", () => {
  it("every built-in suite passes validateSuite (Mod-Cog with several seeds)", () => {
    for (const name of SUITE_NAMES)
      for (const seed of [0, 7]) expect(() => validateSuite(loadSuite(name, { seed }))).not.toThrow();
    expect(() => validateSuite(loadSuite("modcog", { seed: 3, tasks: ["go", "dmsseqr"] }))).not.toThrow();
  });

  it("validation consumes no randomness of the built-in streams (a trial drawn after it is the same)", () => {
    const Y = loadSuite("yang20");
    const before = sampleTrial(Y, 6, new Rng(5));
    validateSuite(Y);
    expect(sampleTrial(Y, 6, new Rng(5)).inputs).toEqual(before.inputs);
  });

  it("validateSuite / defineSuite refuse duplicate names, a bad readout or a broken layout", () => {
    const go = loadSuite("yang20").tasks[0];
    expect(refusal(() => defineSuite("mine", [base(), go, base()])).message).toBe(
      'task "opp": name is "opp" — allowed: a name not used by another task of the suite (tasks[0] and tasks[2] both have it)',
    );
    expect(refusal(() => defineSuite("mine", [base()], { nOutput: 18 })).message).toBe(
      'suite "mine": nOutput is 18 — allowed: an integer from 2 to 17 (0 = fixate, 1…16 = ring directions)',
    );
    expect(refusal(() => defineSuite("mine", [])).message).toBe(
      'suite "mine": tasks is [] — allowed: a non-empty list of TaskSpecs',
    );
    expect(refusal(() => defineSuite("", [base()])).message).toBe(
      'defineSuite: name is "" — allowed: a non-empty string',
    );
    expect(refusal(() => validateSuite({ ...makeSuite("odd", [base(), go]), nInput: 53 })).message).toBe(
      'suite "odd": nInput is 53 — allowed: 35 (33 task channels + one rule unit per task)',
    );
    expect(refusal(() => defineSuite("mine", [go, withPeriod(0, constMs(-1))])).message).toBe(
      `task "opp": periods[0].duration.ms is -1 — ${DURATION}`,
    );
  });

  it("defineSuite mixes built-in and user tasks; the rule block follows the list; built-in tasks keep their trials", () => {
    const Y = loadSuite("yang20");
    const picked = Y.tasks.filter((t) => t.name === "dm1" || t.name === "go");
    const s = defineSuite("mine", [base(), ...picked]);
    expect(s.tasks.map((t) => t.name)).toEqual(["opp", "go", "dm1"]);
    expect([s.nInput, s.nOutput, s.nTaskChannels]).toEqual([36, 17, 33]);
    const tr = sampleTrial(s, 0, new Rng(1));
    for (let t = 0; t < tr.T; t++) expect([33, 34, 35].map((c) => tr.inputs[t * 36 + c])).toEqual([1, 0, 0]);
    // dm1 renders the same trial as in yang20 (task channels), only the rule block differs
    const a = sampleTrial(s, 2, new Rng(9));
    const b = sampleTrial(Y, 6, new Rng(9));
    expect(a.labels).toEqual(b.labels);
    for (let t = 0; t < a.T; t++)
      expect(a.inputs.subarray(t * 36, t * 36 + 33)).toEqual(b.inputs.subarray(t * 53, t * 53 + 33));
  });

  it("loadSuite('custom') says the suite must be supplied as an object", () => {
    expect(() => loadSuite("custom")).toThrow(CustomSuiteError);
    expect(() => loadSuite("custom")).toThrow(
      'suite "custom" is defined in code, not by name: supply the Suite object (defineSuite) to the Trainer or runTraining (option suite)',
    );
  });

  it("listSuites gives each built-in suite's names and sizes", () => {
    expect(listSuites().map((s) => [s.name, s.tasks.length, s.nInput, s.nOutput])).toEqual([
      ["yang20", 20, 53, 17],
      ["modcog", 82, 115, 17],
      ["modcog-all", 93, 126, 17],
      ["sernn-maze", 1, 8, 4],
    ]);
    expect(listSuites()[0].tasks.slice(0, 3)).toEqual(["go", "rtgo", "dlygo"]);
  });
});

/** Random valid specs: 1–5 periods with random durations, a random response period, stimuli and targets from rng. */
const durationArb: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 1, max: 8 }).map((k) => constMs(k * DT)),
  fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 4 }).map((ks) => choiceMs(ks.map((k) => k * DT))),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.double({ min: 1, max: 700, noNaN: true }))
    .map(([k, w]) => uniformMs(k * DT, k * DT + w)),
  fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
    .map(([a, b]) => ({ kind: "byModality", ms: [a * DT + 37, b * DT] }) as Duration),
);
const specArb = fc
  .record({
    durations: fc.array(durationArb, { minLength: 1, maxLength: 5 }),
    responseMs: fc.integer({ min: 1, max: 6 }),
    nOutput: fc.integer({ min: 2, max: 17 }),
    seq: fc.constantFrom(-1, 0, 1),
    alternates: fc.boolean(),
    sigma: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    nStim: fc.integer({ min: 0, max: 3 }),
  })
  .map((r) => {
    const periods = [
      ...r.durations.map((duration, i) => ({ name: `p${i}`, duration })),
      { name: "resp", duration: constMs(r.responseMs * DT) },
    ];
    const seq = (r.nOutput === 17 ? r.seq : 0) as -1 | 0 | 1;
    const spec: TaskSpec = {
      name: "rand",
      periods,
      fixationOn: periods.slice(0, -1).map((p) => p.name),
      responsePeriods: ["resp"],
      noise: r.sigma === undefined ? undefined : { sigma: r.sigma, periods: [periods[0].name], channels: "activeRing" },
      alternatesModality: r.alternates,
      seq,
      draw(rng, modality): TrialPlan {
        const stimuli = Array.from({ length: r.nStim }, () => ({
          period: periods[rng.int(periods.length)].name,
          ring: rng.int(2) as 0 | 1,
          pos: rng.range(0, 16),
          strength: rng.range(0, 2),
        }));
        return { stimuli, target: rng.int(r.nOutput), modality };
      },
    };
    return { spec, nOutput: r.nOutput };
  });

describe("random valid specs (fast-check)", () => {
  it("pass validation and render trials in the declared length range with labels in 0…nOutput − 1", () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 1000 }), ({ spec, nOutput }, seed) => {
        validateTaskSpec(spec, { nOutput, trials: 8 });
        const suite = defineSuite("r", [spec], { nOutput, validationTrials: 4 });
        const [lo, hi] = trialLengthRange(spec);
        const rng = new Rng(seed);
        for (let j = 0; j < 6; j++) {
          const tr = sampleTrial(suite, 0, rng, { modality: (j % 2) as 0 | 1 });
          expect(tr.T).toBeGreaterThanOrEqual(lo);
          expect(tr.T).toBeLessThanOrEqual(hi);
          const resp = tr.periods.at(-1)!;
          expect(resp.end - resp.start).toBe(
            spec.periods.at(-1)!.duration.kind === "const"
              ? (spec.periods.at(-1)!.duration as { ms: number }).ms / DT
              : -1,
          );
          for (const l of tr.labels) expect(l >= 0 && l < nOutput).toBe(true);
          for (let t = 0; t < resp.start; t++) expect(tr.labels[t]).toBe(0);
          if (tr.plan.target !== 0) expect(tr.labels[resp.start]).toBe(tr.plan.target);
          expect(tr.inputs.every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
