// The ConnectionCost built-ins (l1Cost, bimtCost) against today's ℓ_cc formula and against float64 finite differences, the reference loss through them, and the interface's argument errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bimtCost,
  checkConnectionCost,
  ConnectionCostError,
  l1Cost,
  resolveCost,
  type ConnectionCost,
} from "../../src/model/connection-cost.js";
import { distanceMatrix } from "../../src/model/geometry.js";
import {
  referenceLossAndGradients,
  toParams64,
  zerosLike,
  type Params64,
  type ParamsLike,
} from "../../src/model/reference.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";
import { sqDistCost } from "../helpers/sq-dist-cost.js";

/** Today's ℓ_cc written out longhand: Σ|p| over all five tensors + A·Σ D_ij|W_ij|, and λ·∂ of it (sign(0) = 0). */
function longhand(
  params: ParamsLike,
  D: ArrayLike<number>,
  A: number,
  lambda: number,
): { value: number; grads: Params64 } {
  let l1 = 0;
  const grads = zerosLike(params);
  for (const name of PARAM_NAMES) {
    for (let i = 0; i < params[name].length; i++) {
      l1 += Math.abs(params[name][i]);
      grads[name][i] += lambda * Math.sign(params[name][i]);
    }
  }
  let dist = 0;
  for (let i = 0; i < params.W.length; i++) {
    dist += D[i] * Math.abs(params.W[i]);
    grads.W[i] += lambda * A * D[i] * Math.sign(params.W[i]);
  }
  return { value: l1 + A * dist, grads };
}

/** Central differences of cost.value in float64 for every parameter entry. */
function finiteDifferences(cost: ConnectionCost, params: Params64, D: ArrayLike<number>, h: number): Params64 {
  const fd = zerosLike(params);
  for (const name of PARAM_NAMES) {
    const arr = params[name];
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      arr[i] = x + h;
      const up = cost.value(params, D);
      arr[i] = x - h;
      const down = cost.value(params, D);
      arr[i] = x;
      fd[name][i] = (up - down) / (2 * h);
    }
  }
  return fd;
}

function subgradientOf(cost: ConnectionCost, params: ParamsLike, D: ArrayLike<number>, scale: number): Params64 {
  const out = zerosLike(params);
  cost.subgradient(params, D, out, scale);
  return out;
}

const exact = { rtol: 0, atol: 0 };

describe("built-in connection costs", () => {
  it("l1Cost and bimtCost(A) give today's ℓ_cc and λ·∂ℓ_cc exactly (zeros included)", () => {
    fc.assert(
      fc.property(problemArb({ minAbs: 0, noise: "never" }), (pr) => {
        const D = distanceMatrix(pr.positions);
        const old = longhand(pr.params, D, pr.A, pr.lambda);
        expect(bimtCost(pr.A).value(pr.params, D)).toBe(old.value);
        const g = subgradientOf(bimtCost(pr.A), pr.params, D, pr.lambda);
        for (const name of PARAM_NAMES) expectClose(g[name], old.grads[name], exact, `bimt ${name}`);
        const l1 = longhand(pr.params, D, 0, pr.lambda);
        expect(l1Cost().value(pr.params, D)).toBe(l1.value);
        expect(bimtCost(0).value(pr.params, D)).toBe(l1.value);
        const gl = subgradientOf(l1Cost(), pr.params, D, pr.lambda);
        for (const name of PARAM_NAMES) expectClose(gl[name], l1.grads[name], exact, `l1 ${name}`);
      }),
      propertyConfig(200),
    );
  });

  it("subgradient accumulates into out and is linear in scale", () => {
    fc.assert(
      fc.property(problemArb({ noise: "never" }), fc.double({ min: -3, max: 3, noNaN: true }), (pr, scale) => {
        const D = distanceMatrix(pr.positions);
        for (const cost of [l1Cost(), bimtCost(pr.A), sqDistCost()]) {
          const one = subgradientOf(cost, pr.params, D, 1);
          const out = zerosLike(pr.params);
          for (const name of PARAM_NAMES) out[name].fill(0.5);
          cost.subgradient(pr.params, D, out, scale);
          for (const name of PARAM_NAMES) {
            expectClose(
              out[name],
              Array.from(one[name], (v) => 0.5 + scale * v),
              { rtol: 1e-14, atol: 1e-15 },
              `${cost.name} ${name}`,
            );
          }
        }
      }),
      propertyConfig(100),
    );
  });

  it("each subgradient matches float64 central differences of its value away from 0 (|p| ≥ 1e-3 > step)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(problemArb({ noise: "never", minAbs: 1e-3 }), (pr) => {
        const D = distanceMatrix(pr.positions);
        const p = toParams64(pr.params);
        for (const cost of [l1Cost(), bimtCost(pr.A), sqDistCost()]) {
          const fd = finiteDifferences(cost, p, D, 1e-6);
          const g = subgradientOf(cost, p, D, 1);
          for (const name of PARAM_NAMES)
            expectClose(g[name], fd[name], { rtol: 1e-7, atol: 1e-7 }, `${cost.name} A ${pr.A} ${name}`);
        }
        seen.add(pr.A === 0 ? "A=0" : "A>0");
        seen.add(pr.dims.nHidden > 1 ? "n>1" : "n=1");
      }),
      propertyConfig(150),
    );
    for (const k of ["A=0", "A>0", "n>1"]) expect(seen.has(k), k).toBe(true);
  });

  it("swaps apply to BIMT with A > 0 only; the kernel tags name the wasm path", () => {
    expect(bimtCost(1.5)).toMatchObject({ name: "bimt", swaps: true, kernel: { kind: "bimt", A: 1.5 } });
    expect(bimtCost(0).swaps).toBe(false);
    expect(l1Cost()).toMatchObject({ name: "l1", swaps: false, kernel: { kind: "l1" } });
    expect(Object.isFrozen(bimtCost(1))).toBe(true);
  });
});

describe("the reference loss through a ConnectionCost", () => {
  it("{A} is bimtCost(A) bit for bit, {A: 0} is l1Cost(); a user cost enters loss and gradients as λ·ℓ, λ·∂ℓ", () => {
    fc.assert(
      fc.property(problemArb(), (pr) => {
        const base = { activation: pr.activation, positions: pr.positions, lambda: pr.lambda, noise: pr.noise };
        const a = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, A: pr.A });
        const b = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, cost: bimtCost(pr.A) });
        expect(b.loss).toBe(a.loss);
        expect(b.connectionCost).toBe(a.connectionCost);
        for (const name of PARAM_NAMES) expectClose(b.grads[name], a.grads[name], exact, name);
        const z = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, A: 0 });
        const l = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, cost: l1Cost() });
        expect(l.loss).toBe(z.loss);
        for (const name of PARAM_NAMES) expectClose(l.grads[name], z.grads[name], exact, name);
        // A user cost: task part equal to the λ = 0 run, plus λ·ℓ and λ·∂ℓ.
        const D = distanceMatrix(pr.positions);
        const sq = sqDistCost();
        const u = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, cost: sq });
        const t = referenceLossAndGradients(pr.params, pr.batch, pr.dims, { ...base, lambda: 0, cost: sq });
        expect(u.connectionCost).toBe(sq.value(pr.params, D));
        expect(u.loss).toBe(u.taskLoss + pr.lambda * u.connectionCost);
        const sub = subgradientOf(sq, pr.params, D, pr.lambda);
        for (const name of PARAM_NAMES) {
          expectClose(
            u.grads[name],
            Array.from(t.grads[name], (v, i) => v + sub[name][i]),
            { rtol: 1e-12, atol: 1e-15 },
            name,
          );
        }
      }),
      propertyConfig(100),
    );
  });
});

describe("arguments", () => {
  it("checkConnectionCost names the first bad field", () => {
    const good = sqDistCost();
    const bad: [unknown, RegExp][] = [
      [null, /^cost: null — must be a ConnectionCost object$/],
      [{ ...good, name: "" }, /^cost\.name: "" — must be a non-empty string$/],
      [{ ...good, swaps: "yes" }, /^cost\.swaps: "yes" — must be true or false$/],
      [{ ...good, value: 3 }, /^cost\.value: 3 — must be a function$/],
      [{ ...good, subgradient: undefined }, /^cost\.subgradient: missing — must be a function$/],
      [
        { ...good, kernel: { kind: "bimt", A: -1 } },
        /^cost\.kernel: .*\(set only by l1Cost, bimtCost and sernnCost\)$/,
      ],
      [{ ...good, kernel: { kind: "sernn", epsilon: 0 } }, /^cost\.kernel: .*epsilon.*e > 0/],
    ];
    for (const [c, msg] of bad) {
      expect(() => checkConnectionCost(c)).toThrow(ConnectionCostError);
      expect(() => checkConnectionCost(c)).toThrow(msg);
    }
    expect(() => checkConnectionCost(good)).not.toThrow();
    expect(() => checkConnectionCost(bimtCost(2))).not.toThrow();
  });

  it("bimtCost rejects a bad A; resolveCost wants exactly one of A and cost", () => {
    expect(() => bimtCost(-1)).toThrow(/^A: -1 — must be a finite number ≥ 0$/);
    expect(() => bimtCost(NaN)).toThrow(/^A: NaN — must be a finite number ≥ 0$/);
    expect(() => resolveCost({})).toThrow(/^A: missing — required when no cost is given/);
    expect(() => resolveCost({ A: 1, cost: l1Cost() })).toThrow(/^A: 1 — not allowed together with cost/);
    expect(resolveCost({ A: 2 }).kernel).toEqual({ kind: "bimt", A: 2 });
    const sq = sqDistCost();
    expect(resolveCost({ cost: sq })).toBe(sq);
  });
});
