// A user-defined task the tests share: "go to the opposite side after a delay" — a bump on ring 1 or 2, a random
// delay, then respond at pos + 8.
import { constMs, RING, uniformMs, type TaskSpec } from "../../src/tasks/spec.js";

export const OPPOSITE: TaskSpec = {
  name: "opposite",
  periods: [
    { name: "fixation", duration: constMs(300) },
    { name: "stimulus", duration: constMs(300) },
    { name: "delay", duration: uniformMs(200, 600) },
    { name: "decision", duration: constMs(300) },
  ],
  fixationOn: ["fixation", "stimulus", "delay"],
  responsePeriods: ["decision"],
  alternatesModality: true,
  seq: 0,
  draw(rng, modality) {
    const d = rng.int(RING);
    return {
      stimuli: [{ period: "stimulus", ring: modality, pos: d, strength: 1 }],
      target: 1 + ((d + RING / 2) % RING),
      modality,
    };
  },
};
