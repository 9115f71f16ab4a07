// Models as bytes: readModel/writeModel's platform-free core (model.safetensors, as gyrus train writes it).
import { decodeModel, encodeModel, type LoadedModel } from "../train/checkpoint.js";
import { checkModel } from "./check.js";
import { ArgumentError } from "./errors.js";

/** Decodes a model.safetensors (or checkpoint.safetensors) file's bytes; `source` names it in errors. */
export function modelFromBytes(bytes: unknown, source = "model"): LoadedModel {
  if (!(bytes instanceof Uint8Array))
    throw new ArgumentError("bytes", bytes, "must be a Uint8Array of a safetensors file");
  const { config, step, nInput, nOutput, params, perm } = decodeModel(bytes, source);
  return { config, step, nInput, nOutput, params, perm };
}

/** Encodes a model as model.safetensors bytes (loadable by PyTorch's safetensors too). */
export function modelToBytes(model: unknown): Uint8Array {
  checkModel("model", model);
  return encodeModel(model.config, model, model.nInput, model.nOutput);
}
