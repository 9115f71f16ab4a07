// One piece of training whose bits the e2e test compares between Chromium and Node: a fresh Trainer on `config`,
// `steps` Adam steps (with the swap rounds that fall due), encoded as model.safetensors. Platform-free: the page's
// trainer worker runs it on the browser engine, the test on the Node engine.
import type { Engine } from "../engine/api.js";
import { encodeModel } from "../train/checkpoint.js";
import type { TrainConfig } from "../train/config.js";
import { Trainer } from "../train/trainer.js";

export function trainedModelBytes(engine: Engine, config: TrainConfig, steps: number): Uint8Array {
  const trainer = new Trainer(engine, config);
  try {
    for (let i = 0; i < steps; i++) trainer.trainStep();
    return encodeModel(config, trainer.snapshot(), trainer.suite.nInput, trainer.suite.nOutput);
  } finally {
    trainer.dispose();
  }
}
