// One piece of training whose bits the e2e test compares between Chromium and Node: a fresh Trainer on `config`,
// `steps` Adam steps (with the swap rounds that fall due), encoded as model.safetensors. Platform-free: the page's
// trainer worker runs it on the browser engine, the test on the Node engine.
import { modelToBytes, Trainer, type Engine, type TrainConfig } from "../browser.js";

export function trainedModelBytes(engine: Engine, config: TrainConfig, steps: number): Uint8Array {
  const trainer = new Trainer(engine, config);
  try {
    for (let i = 0; i < steps; i++) trainer.trainStep();
    return modelToBytes(trainer.model());
  } finally {
    trainer.dispose();
  }
}
