// seRNN's one-choice maze task (Achterberg, Akarca et al. 2023; the mazeGeneratorI of their public demo,
// 8erberg/spatially-embedded-RNN), written as a TaskSpec with nothing but what gyrus exports to users — the plan's
// `channels`, `unlabelled`, and a suite layout of 8 task channels without rule units — so a user could have
// written it (docs/tasks.md, "seRNN's maze").
//
// Eight mazes: the goal (one of four corners, one-hot on channels 0–3) is shown for 20 steps, then a 10-step delay
// with no input, then the two open directions (two-hot on channels 4–7: left, up, right, down) for 20 steps; the
// answer is the direction of the first step towards the goal, asked only at the last step (seRNN's
// return_sequences=False). Gaussian input noise σ 0.05 on every channel and step (seRNN's GaussianNoise(0.05)).
import type { Suite, TaskSpec } from "./spec.js";
import { defineSuite } from "./custom.js";

/** Directions in seRNN's one-hot order; the readout class of a direction is its index. */
export const MAZE_DIRECTIONS = ["left", "up", "right", "down"] as const;
/** The goal corners of the demo's maze dictionary (7, 9, 17, 19), channel = index. */
export const MAZE_GOALS = [7, 9, 17, 19] as const;

/** The demo's eight first-choice problems: goal, the two open directions, the answer. */
export const MAZES: readonly { goal: number; choices: string; answer: string }[] = [
  { goal: 9, choices: "ul", answer: "u" },
  { goal: 9, choices: "rd", answer: "r" },
  { goal: 19, choices: "ld", answer: "d" },
  { goal: 17, choices: "rd", answer: "d" },
  { goal: 17, choices: "ul", answer: "l" },
  { goal: 7, choices: "ur", answer: "u" },
  { goal: 19, choices: "lr", answer: "r" },
  { goal: 7, choices: "lr", answer: "l" },
];

const DIR = (c: string) => "lurd".indexOf(c);

/** The maze as a TaskSpec: periods goal 2 s, delay 1 s, choices 1.9 s and a 0.1 s response step (DT 100 ms). */
export const SERNN_MAZE: TaskSpec = {
  name: "maze",
  periods: [
    { name: "goal", duration: { kind: "const", ms: 2000 } },
    { name: "delay", duration: { kind: "const", ms: 1000 } },
    { name: "choices", duration: { kind: "const", ms: 1900 } },
    { name: "response", duration: { kind: "const", ms: 100 } },
  ],
  fixationOn: [],
  responsePeriods: ["response"],
  unlabelled: true,
  noise: { sigma: 0.05, periods: ["goal", "delay", "choices", "response"], channels: "all" },
  alternatesModality: false,
  seq: 0,
  draw(rng) {
    const m = MAZES[rng.int(MAZES.length)];
    const goal = MAZE_GOALS.indexOf(m.goal as (typeof MAZE_GOALS)[number]);
    const shown = [...m.choices].flatMap((c) =>
      ["choices", "response"].map((period) => ({ period, channel: 4 + DIR(c), value: 1 })),
    );
    return {
      stimuli: [],
      channels: [{ period: "goal", channel: goal, value: 1 }, ...shown],
      target: DIR(m.answer),
      modality: 0,
    };
  },
};

/** The suite "sernn-maze": the maze alone, 8 input channels, no rule units, 4 readout classes. */
export function sernnMazeSuite(): Suite {
  return defineSuite("sernn-maze", [SERNN_MAZE], { nOutput: 4, taskChannels: 8, ruleInputs: false });
}
