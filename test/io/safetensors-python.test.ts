// Cross-check of our files with an independent reader: Python's struct + json + numpy following the published
// format (the way safetensors.numpy reads), on a real model.safetensors layout. Skipped without python3 + numpy.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeSafetensors } from "../../src/io/safetensors.js";

const PY = process.env.GYRUS_PYTHON ?? "python3";
const hasNumpy = spawnSync(PY, ["-c", "import numpy"], { encoding: "utf8" }).status === 0;

const READER = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
meta = header.pop("__metadata__", {})
dt = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "U32": "<u4", "U8": "u1"}
out = {"metadata": meta, "aligned": (8 + n) % 8 == 0, "tensors": {}}
end = 0
for name, t in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
    b, e = t["data_offsets"]
    assert b == end, "gap or overlap"
    end = e
    a = np.frombuffer(data[b:e], dtype=dt[t["dtype"]]).reshape(t["shape"])
    out["tensors"][name] = {"shape": list(a.shape), "sum": float(a.astype(np.float64).sum()), "first": a.ravel()[:3].tolist()}
assert end == len(data), "trailing bytes"
print(json.dumps(out))
`;

describe("safetensors files read by Python (struct + json + numpy)", () => {
  it.skipIf(!hasNumpy)("shapes, values, metadata and alignment agree", () => {
    const W = Float32Array.from({ length: 12 }, (_, i) => i / 4 - 1);
    const perm = Int32Array.from([2, 0, 1]);
    const bytes = encodeSafetensors(
      {
        W: { dtype: "F32", shape: [3, 4], data: W },
        permutation: { dtype: "I32", shape: [3], data: perm },
        b: { dtype: "F64", shape: [2], data: Float64Array.from([0.5, -2]) },
      },
      { format: "gyrus-model-1", step: "7" },
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gyrus-st-")), "m.safetensors");
    fs.writeFileSync(file, bytes);
    const r = spawnSync(PY, ["-c", READER, file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metadata).toEqual({ format: "gyrus-model-1", step: "7" });
    expect(out.aligned).toBe(true);
    expect(out.tensors.W).toEqual({ shape: [3, 4], sum: W.reduce((a, b) => a + b, 0), first: [-1, -0.75, -0.5] });
    expect(out.tensors.permutation).toEqual({ shape: [3], sum: 3, first: [2, 0, 1] });
    expect(out.tensors.b.first).toEqual([0.5, -2]);
  });
});
