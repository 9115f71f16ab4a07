// Example: a task of your own (a TaskSpec written here), in a suite with two yang20 tasks, trained and evaluated.
// Imports only from the package "gyrus" (defineSuite, validateTaskSpec, TaskSpecError, train's `suite` option).
import { defineSuite, loadSuite, train, TaskSpecError, validateTaskSpec } from "gyrus";

const RING = 16; // units per stimulus ring; readout class 0 = fixate, 1 + d = ring direction d

/**
 * "Opposite": a stimulus appears at direction d; after a random delay, respond at the opposite side of the ring
 * (direction d + 8). Like yang20's dlyanti, but with shorter periods and a delay drawn from [200, 600) ms.
 */
const opposite = {
  name: "opposite",
  periods: [
    { name: "fixation", duration: { kind: "const", ms: 300 } },
    { name: "stimulus", duration: { kind: "const", ms: 300 } },
    { name: "delay", duration: { kind: "uniform", lo: 200, hi: 600 } },
    { name: "decision", duration: { kind: "const", ms: 300 } },
  ],
  fixationOn: ["fixation", "stimulus", "delay"], // fixation input 1 until the response
  responsePeriods: ["decision"], // the label is the target here, 0 (fixate) elsewhere
  alternatesModality: true, // ring 1 and ring 2 take turns
  seq: 0, // the target does not move during the response
  // All randomness from rng (same seed, same trial): gyrus checks this.
  draw(rng, modality, durations) {
    const d = rng.int(RING);
    return {
      stimuli: [{ period: "stimulus", ring: modality, pos: d, strength: 1 }],
      target: 1 + ((d + RING / 2) % RING),
      modality,
    };
  },
};

// A spec is checked before anything trains; a mistake is a TaskSpecError naming the task and the field.
validateTaskSpec(opposite);
let refused = null;
try {
  validateTaskSpec({ ...opposite, name: "broken", responsePeriods: ["response"] });
} catch (e) {
  refused = e;
}
if (!(refused instanceof TaskSpecError))
  throw new Error(`a spec with an unknown response period was not refused: ${refused}`);
console.log(`validateTaskSpec refuses a broken spec: ${refused.message}`);

// The suite: the new task and two built-in ones; rule input i is tasks[i].
const builtIn = loadSuite("yang20", { tasks: ["go", "dm1"] }).tasks;
const suite = defineSuite("opposite+go+dm1", [opposite, ...builtIn]);
const names = suite.tasks.map((t) => t.name);
console.log(`suite ${suite.name}: ${names.join(", ")} (${suite.nInput} inputs, ${suite.nOutput} outputs)`);

const steps = 500;
const result = await train(
  {
    preset: "quick",
    suite: "custom", // a user-defined suite: its tasks come from the `suite` option, recorded by name in `tasks`
    tasks: names,
    geometry: { kind: "grid", rows: 8, cols: 8 },
    steps,
    lr: 5e-3,
    seed: 1,
  },
  { suite },
);
if (!result.finished || result.step !== steps)
  throw new Error(`training stopped at step ${result.step} of ${steps} (${result.stoppedBy})`);
const ev = result.evaluation;
if (!ev) throw new Error("training ran no evaluation at its last step");
if (ev.tasks.map((t) => t.task).join() !== names.join())
  throw new Error(`evaluated tasks ${ev.tasks.map((t) => t.task).join(", ")}, expected ${names.join(", ")}`);
for (const t of ev.tasks) console.log(`accuracy ${t.task} ${t.accuracy.toFixed(3)} (${t.trials} trials)`);
console.log(`mean accuracy ${ev.mean.toFixed(3)} after ${steps} steps`);
const mine = ev.tasks.find((t) => t.task === "opposite");
// Chance is about 1/17; a network that learned nothing of the new task stays near it.
if (!(mine.accuracy > 0.3))
  throw new Error(`the new task's accuracy ${mine.accuracy} after ${steps} steps: the network did not learn it`);
