// The public tensor names and layouts of a gyrus network. They are also the checkpoint format: keep them.
import type { Positions } from "./positions.js";
import type { ConnectionCost } from "./connection-cost.js";

/** Parameters of the RNN of docs/spec.md §1.5, each a row-major Float32Array (PyTorch Linear layout). */
export interface Params {
  /** [nHidden, nInput]: W_in[i*nInput + k] is the weight from input k to hidden neuron i. */
  W_in: Float32Array;
  /** [nHidden, nHidden]: W[i*nHidden + j] is the weight from hidden neuron j to hidden neuron i. */
  W: Float32Array;
  /** [nHidden] */
  b_h: Float32Array;
  /** [nOutput, nHidden]: W_out[o*nHidden + i] is the weight from hidden neuron i to output o. */
  W_out: Float32Array;
  /** [nOutput] */
  b_o: Float32Array;
}

/** The name of one of the five parameter tensors. */
export type ParamName = keyof Params;
/** The five parameter tensors in the order every file and buffer keeps them. */
export const PARAM_NAMES: readonly ParamName[] = ["W_in", "W", "b_h", "W_out", "b_o"];

/** A training window in the engine's batch layout (time-major). */
export interface Batch {
  /** [T, B, nInput]: inputs[(t*B + b)*nInput + k]. */
  inputs: Float32Array;
  /** [T, B]: class index in 0..nOutput-1 at every step. */
  labels: Int32Array;
  /** Steps in the window. The flat arrays cannot tell T from B, so the engine needs T or B (or both). */
  T?: number;
  /** Sequences in the batch. */
  B?: number;
}

/** The hidden units' nonlinearities. */
export const ACTIVATIONS = ["relu", "tanh", "softplus"] as const;
/** One of ACTIVATIONS. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Options of Engine.lossAndGradients: activation, positions, λ, the connection cost, noise. */
export interface LossOptions {
  activation: Activation;
  /** Where the hidden neurons sit: the distance matrix D of ℓ_cc comes from it (see geometry.ts). */
  positions: Positions;
  /** Weight of the connection cost ℓ_cc in the loss (the paper's Eq. 3; docs/spec.md §1.5). */
  lambda: number;
  /**
   * Weight of the distance term A·Σ D⊙|W| inside ℓ_cc (docs/spec.md Eq. 2): the cost is bimtCost(A), plain L1 for A = 0.
   * Required unless `cost` is given; not allowed with it.
   */
  A?: number;
  /** The connection cost ℓ_cc, a built-in (l1Cost(), bimtCost(A)) or user-supplied; default bimtCost(A). */
  cost?: ConnectionCost;
  /** Standard deviation of the recurrent noise added to every pre-activation. 0 = no noise. */
  noiseStd: number;
  /** Seed of the recurrent noise. */
  seed: number;
}

/** What Engine.lossAndGradients returns: the loss, its parts and the exact gradients. */
export interface LossResult {
  /** taskLoss + lambda * connectionCost */
  loss: number;
  /** Mean softmax cross-entropy over all T·B steps. */
  taskLoss: number;
  /** ℓ_cc of the paper's Eq. 2 (docs/spec.md §1.5) (sum form), without the factor lambda. */
  connectionCost: number;
  grads: Params;
}

/** Sizes of a network: inputs, hidden neurons, outputs. */
export interface Dims {
  nInput: number;
  nHidden: number;
  nOutput: number;
}
