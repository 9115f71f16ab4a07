// Checks a TaskSpec (built-in or written in user code) before any training: its declared fields, then a fixed number
// of trials drawn from a fixed seed (labels in range, stimuli finite, the same seed giving the same trial).
import { showValue as show } from "../io/show-value.js";
import { sampleTrial, type Trial } from "./generate.js";
import { Rng, STREAMS } from "./rng.js";
import {
  DT,
  durationRange,
  makeSuite,
  N_CLASSES,
  N_TASK_CHANNELS,
  RING,
  type Duration,
  type Suite,
  type TaskSpec,
  type TrialPlan,
} from "./spec.js";

/** Largest readout a suite can have: class 0 (fixate) plus the RING directions (labels wrap modulo RING). */
export const MAX_OUTPUT = N_CLASSES;

/**
 * A task definition that cannot be trained on. `task` is the task's name (or `#i` when it has none), `field` the
 * offending field as a path (e.g. `periods[1].duration.lo`), `value` what it held and `allowed` what is accepted.
 */
export class TaskSpecError extends Error {
  constructor(
    readonly task: string,
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    message?: string,
  ) {
    super(message ?? `task ${task}: ${field} is ${show(value)} — ${allowed}`);
    this.name = "TaskSpecError";
  }
}

/** What a task is checked against. */
export interface TaskSpecContext {
  /** Readout size of the suite the task will be in (labels must be 0…nOutput − 1). Default 17. */
  nOutput?: number;
  /** Position of the task in its suite, used to name a task without a name (`#index`). */
  index?: number;
  /** Trials drawn at validation (fixed seed, ring alternating). Default 32. */
  trials?: number;
  /** Task channels of the suite (default 33, the neurogym layout); ring stimuli need all 33. */
  taskChannels?: number;
  /** Whether the suite has rule inputs (default true). */
  ruleInputs?: boolean;
}

/** Trials drawn by validateTaskSpec unless the context says otherwise. */
export const VALIDATION_TRIALS = 32;
/** Generator of the validation trials: seed 0 on its own stream (STREAMS.validation), apart from every other. */
const VALIDATION_SEED = 0;

const DURATION_VALUE = `allowed: 0 (an empty period) or a finite number of ms ≥ ${DT} (one time step DT)`;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A duration value: 0 (the period is skipped) or at least one step. Smaller positive values would floor to 0. */
const okMs = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && (v === 0 || v >= DT);

/** Throws a TaskSpecError for a field. */
type Fail = (field: string, value: unknown, allowed: string) => never;

function checkDuration(fail: Fail, field: string, d: unknown): void {
  if (!isRecord(d))
    fail(
      field,
      d,
      `allowed: {kind:"const",ms}, {kind:"choice",ms:[…]}, {kind:"uniform",lo,hi} or {kind:"byModality",ms:[a,b]}`,
    );
  switch (d.kind) {
    case "const":
      if (!okMs(d.ms)) fail(`${field}.ms`, d.ms, DURATION_VALUE);
      return;
    case "choice": {
      if (!Array.isArray(d.ms) || d.ms.length === 0)
        fail(`${field}.ms`, d.ms, "allowed: a non-empty list of durations (ms)");
      d.ms.forEach((v, i) => okMs(v) || fail(`${field}.ms[${i}]`, v, DURATION_VALUE));
      return;
    }
    case "byModality": {
      if (!Array.isArray(d.ms) || d.ms.length !== 2)
        fail(`${field}.ms`, d.ms, "allowed: two durations (ms), one per ring");
      d.ms.forEach((v, i) => okMs(v) || fail(`${field}.ms[${i}]`, v, DURATION_VALUE));
      return;
    }
    case "uniform": {
      if (!okMs(d.lo)) fail(`${field}.lo`, d.lo, DURATION_VALUE);
      if (typeof d.hi !== "number" || !Number.isFinite(d.hi) || d.hi <= d.lo)
        fail(`${field}.hi`, d.hi, `allowed: a finite number of ms > lo (${d.lo})`);
      return;
    }
    default:
      fail(`${field}.kind`, d.kind, "allowed: const, choice, uniform, byModality");
  }
}

/** The declared fields of a spec (no trials drawn). */
function checkFields(spec: TaskSpec, task: string, nOutput: number): void {
  const fail: Fail = (field, value, allowed) => {
    throw new TaskSpecError(task, field, value, allowed);
  };
  const s = spec as unknown as Record<string, unknown>;
  if (!Array.isArray(s.periods) || s.periods.length === 0)
    fail("periods", s.periods, "allowed: a non-empty list of {name, duration}");
  const periods = s.periods as unknown[];
  const names: string[] = [];
  periods.forEach((p, i) => {
    if (!isRecord(p)) fail(`periods[${i}]`, p, "allowed: {name, duration}");
    if (typeof p.name !== "string" || p.name === "") fail(`periods[${i}].name`, p.name, "allowed: a non-empty string");
    if (names.includes(p.name))
      fail(
        `periods[${i}].name`,
        p.name,
        `allowed: a name not used by another period (periods[${names.indexOf(p.name)}] has it)`,
      );
    names.push(p.name);
    checkDuration(fail, `periods[${i}].duration`, p.duration);
  });
  const known = `allowed: names of the task's periods (${names.join(", ")})`;
  const periodList = (field: string, v: unknown, nonEmpty: boolean): string[] => {
    if (!Array.isArray(v) || (nonEmpty && v.length === 0))
      fail(field, v, nonEmpty ? `allowed: a non-empty list of period names (${names.join(", ")})` : known);
    (v as unknown[]).forEach(
      (n, i) => (typeof n === "string" && names.includes(n)) || fail(`${field}[${i}]`, n, known),
    );
    return v as string[];
  };
  periodList("fixationOn", s.fixationOn, false);
  if (s.unlabelled !== undefined && typeof s.unlabelled !== "boolean")
    fail("unlabelled", s.unlabelled, "allowed: true or false (absent = false)");
  const response = periodList("responsePeriods", s.responsePeriods, true);
  response.forEach((name, i) => {
    const d = (periods[names.indexOf(name)] as { duration: Duration }).duration;
    if (durationRange(d)[0] < DT)
      fail(
        `responsePeriods[${i}]`,
        name,
        `allowed: a period that always lasts at least one step (${DT} ms); ${JSON.stringify(name)} can be empty`,
      );
  });
  if (s.noise !== undefined) {
    const n = s.noise;
    if (!isRecord(n)) fail("noise", n, "allowed: undefined or {sigma, periods, channels}");
    if (typeof n.sigma !== "number" || !Number.isFinite(n.sigma) || n.sigma < 0)
      fail("noise.sigma", n.sigma, "allowed: a finite number ≥ 0");
    periodList("noise.periods", n.periods, false);
    if (n.channels !== "all" && n.channels !== "activeRing")
      fail("noise.channels", n.channels, "allowed: all, activeRing");
  }
  if (typeof s.alternatesModality !== "boolean")
    fail("alternatesModality", s.alternatesModality, "allowed: true or false");
  if (s.seq !== -1 && s.seq !== 0 && s.seq !== 1) fail("seq", s.seq, "allowed: -1, 0, 1");
  if (s.seq !== 0 && nOutput !== MAX_OUTPUT)
    fail(
      "seq",
      s.seq,
      `allowed: 0 in a suite with nOutput ${nOutput} (a moving target needs the ${MAX_OUTPUT}-class ring readout)`,
    );
  if (typeof s.draw !== "function")
    fail("draw", s.draw, "allowed: a function (rng, modality, durations, force) → {stimuli, target, modality}");
}

/** One plan returned by draw, against the periods and the readout. */
function checkPlan(
  plan: unknown,
  spec: TaskSpec,
  task: string,
  nOutput: number,
  trial: number,
  taskChannels = N_TASK_CHANNELS,
): asserts plan is TrialPlan {
  const at = `draw (validation trial ${trial})`;
  const fail: Fail = (field, value, allowed) => {
    throw new TaskSpecError(
      task,
      field,
      value,
      allowed,
      `task ${task}: ${at} returned ${field} ${show(value)} — ${allowed}`,
    );
  };
  if (!isRecord(plan)) fail("plan", plan, "allowed: {stimuli, target, modality}");
  const t = plan.target;
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t > nOutput - 1)
    fail("target", t, `allowed: an integer from 0 to ${nOutput - 1} (nOutput − 1)`);
  if (plan.modality !== 0 && plan.modality !== 1) fail("modality", plan.modality, "allowed: 0 or 1");
  if (!Array.isArray(plan.stimuli)) fail("stimuli", plan.stimuli, "allowed: a list of {period, ring, pos, strength}");
  const names = spec.periods.map((p) => p.name);
  (plan.stimuli as unknown[]).forEach((st, i) => {
    const f = `stimuli[${i}]`;
    if (!isRecord(st)) fail(f, st, "allowed: {period, ring, pos, strength}");
    if (typeof st.period !== "string" || !names.includes(st.period))
      fail(`${f}.period`, st.period, `allowed: names of the task's periods (${names.join(", ")})`);
    if (st.ring !== 0 && st.ring !== 1) fail(`${f}.ring`, st.ring, "allowed: 0 (ring 1) or 1 (ring 2)");
    if (typeof st.pos !== "number" || !Number.isFinite(st.pos))
      fail(`${f}.pos`, st.pos, `allowed: a finite position in ring units (0…${RING})`);
    if (typeof st.strength !== "number" || !Number.isFinite(st.strength))
      fail(`${f}.strength`, st.strength, "allowed: a finite number");
  });
  if ((plan.stimuli as unknown[]).length > 0 && taskChannels < N_TASK_CHANNELS)
    fail(
      "stimuli",
      plan.stimuli,
      `allowed: none in a suite of ${taskChannels} task channels (rings need ${N_TASK_CHANNELS})`,
    );
  if (plan.channels !== undefined) {
    if (!Array.isArray(plan.channels)) fail("channels", plan.channels, "allowed: a list of {period, channel, value}");
    (plan.channels as unknown[]).forEach((st, i) => {
      const f = `channels[${i}]`;
      if (!isRecord(st)) fail(f, st, "allowed: {period, channel, value}");
      if (typeof st.period !== "string" || !names.includes(st.period))
        fail(`${f}.period`, st.period, `allowed: names of the task's periods (${names.join(", ")})`);
      if (
        typeof st.channel !== "number" ||
        !Number.isInteger(st.channel) ||
        st.channel < 0 ||
        st.channel >= taskChannels
      )
        fail(`${f}.channel`, st.channel, `allowed: an integer from 0 to ${taskChannels - 1} (the task channels)`);
      if (typeof st.value !== "number" || !Number.isFinite(st.value))
        fail(`${f}.value`, st.value, "allowed: a finite number");
    });
  }
}

/**
 * Refuse a task that cannot be trained on, with a TaskSpecError naming the task, the field, its value and what is
 * allowed: a missing name; periods that are not a non-empty list of uniquely named periods with valid durations
 * (each value 0 = empty or ≥ one step DT, finite; uniform lo < hi; a non-empty choice); fixationOn, responsePeriods
 * or noise.periods naming an unknown period; no response period, or one that can be empty; a negative or non-finite
 * noise sigma; seq outside {−1, 0, 1} (or not 0 with fewer than 17 classes); a draw that is not a function. Then
 * draws `trials` trials from a fixed seed (ring alternating) and refuses a target that is not an integer in
 * 0…nOutput − 1 (so every rendered label is in range), a stimulus on an unknown period or ring or with a non-finite
 * position or strength, a non-finite rendered input, a draw that throws, or a draw that does not give the same trial
 * again from the same generator state (e.g. one using Math.random, which would break resuming and determinism).
 * Consumes no randomness of any other stream.
 */
export function validateTaskSpec(spec: TaskSpec, context: TaskSpecContext = {}): void {
  const nOutput = context.nOutput ?? MAX_OUTPUT;
  const task = context.index !== undefined ? `#${context.index}` : "(unnamed)";
  if (!isRecord(spec)) throw new TaskSpecError(task, "spec", spec, "allowed: a TaskSpec object");
  const name = (spec as unknown as Record<string, unknown>).name;
  if (typeof name !== "string" || name.trim() === "")
    throw new TaskSpecError(task, "name", name, "allowed: a non-empty string");
  const label = JSON.stringify(name);
  checkFields(spec, label, nOutput);

  const trials = context.trials ?? VALIDATION_TRIALS;
  let drawn = 0;
  const { periods, fixationOn, responsePeriods, noise, alternatesModality, seq } = spec;
  const checked: TaskSpec = {
    name,
    periods,
    fixationOn,
    responsePeriods,
    noise,
    alternatesModality,
    seq,
    ...(spec.unlabelled !== undefined ? { unlabelled: spec.unlabelled } : {}),
    draw(rng, modality, durations, force) {
      let plan: TrialPlan;
      try {
        plan = spec.draw(rng, modality, durations, force);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new TaskSpecError(
          label,
          "draw",
          undefined,
          "",
          `task ${label}: draw threw on validation trial ${drawn}: ${why}`,
        );
      }
      checkPlan(plan, spec, label, nOutput, drawn, context.taskChannels ?? N_TASK_CHANNELS);
      return plan;
    },
  };
  const suite: Suite = makeSuite(`validate:${name}`, [checked], nOutput, {
    taskChannels: context.taskChannels,
    ruleInputs: context.ruleInputs,
  });
  const rng = new Rng(VALIDATION_SEED, STREAMS.validation);
  for (; drawn < trials; drawn++) {
    const start = rng.getState();
    const modality = (drawn % 2) as 0 | 1;
    const tr = sampleTrial(suite, 0, rng, { modality });
    const fail: Fail = (field, value, allowed) => {
      throw new TaskSpecError(
        label,
        field,
        value,
        allowed,
        `task ${label}: validation trial ${drawn} has ${field} ${show(value)} — ${allowed}`,
      );
    };
    const bad = tr.inputs.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      fail(
        `input at step ${Math.floor(bad / suite.nInput)}, channel ${bad % suite.nInput}`,
        tr.inputs[bad],
        "allowed: a finite number",
      );
    const again = sampleTrial(suite, 0, Rng.fromState(start), { modality });
    if (!sameTrial(tr, again)) {
      throw new TaskSpecError(
        label,
        "draw",
        undefined,
        "",
        `task ${label}: draw gave a different trial from the same generator state (validation trial ${drawn}) — it must take all its randomness from its rng argument (not Math.random or outside state)`,
      );
    }
  }
}

function sameTrial(a: Trial, b: Trial): boolean {
  return (
    a.T === b.T && a.labels.every((l, i) => l === b.labels[i]) && a.inputs.every((v, i) => Object.is(v, b.inputs[i]))
  );
}

/**
 * Check a whole suite: the rule block layout (nTaskChannels 33, nInput = 33 + number of tasks), nOutput from 2 to
 * 17, at least one task, unique task names, and every task with validateTaskSpec. Throws TaskSpecError.
 */
export function validateSuite(suite: Suite, context: Omit<TaskSpecContext, "nOutput" | "index"> = {}): void {
  const where = `suite ${JSON.stringify(suite.name)}`;
  const fail: Fail = (field, value, allowed) => {
    throw new TaskSpecError(where, field, value, allowed, `${where}: ${field} is ${show(value)} — ${allowed}`);
  };
  if (!Array.isArray(suite.tasks) || suite.tasks.length === 0)
    fail("tasks", suite.tasks, "allowed: a non-empty list of TaskSpecs");
  if (!Number.isInteger(suite.nOutput) || suite.nOutput < 2 || suite.nOutput > MAX_OUTPUT)
    fail(
      "nOutput",
      suite.nOutput,
      `allowed: an integer from 2 to ${MAX_OUTPUT} (0 = fixate, 1…${RING} = ring directions)`,
    );
  if (!Number.isInteger(suite.nTaskChannels) || suite.nTaskChannels < 1 || suite.nTaskChannels > 4096)
    fail(
      "nTaskChannels",
      suite.nTaskChannels,
      `allowed: an integer from 1 to 4096 (${N_TASK_CHANNELS} in the neurogym layout: fixation + two rings of ${RING})`,
    );
  const rules = suite.ruleInputs !== false;
  if (suite.nInput !== suite.nTaskChannels + (rules ? suite.tasks.length : 0))
    fail(
      "nInput",
      suite.nInput,
      `allowed: ${suite.nTaskChannels + (rules ? suite.tasks.length : 0)} (${suite.nTaskChannels} task channels${rules ? " + one rule unit per task" : ", no rule units"})`,
    );
  const seen = new Map<string, number>();
  suite.tasks.forEach((spec, index) => {
    validateTaskSpec(spec, {
      ...context,
      nOutput: suite.nOutput,
      index,
      taskChannels: suite.nTaskChannels,
      ruleInputs: rules,
    });
    const prev = seen.get(spec.name);
    if (prev !== undefined)
      throw new TaskSpecError(
        JSON.stringify(spec.name),
        "name",
        spec.name,
        `allowed: a name not used by another task of the suite (tasks[${prev}] and tasks[${index}] both have it)`,
      );
    seen.set(spec.name, index);
  });
}
