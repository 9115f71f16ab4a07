// Network-neuroscience metrics of the recurrent weight graph (docs/analysis.md, "Graph metrics"): the undirected
// graph of |W| (binary: the top fraction of weights, as seRNN's analysis; or weighted), Newman's modularity Q with a
// seeded Louvain community search, small-worldness against degree-preserving random graphs, and the adjusted Rand
// index between two labellings. Plain TypeScript, float64; every random choice comes from the one seed.
import { Rng, STREAMS } from "../tasks/rng.js";

/** An undirected graph on n nodes: a symmetric n×n weight matrix with a zero diagonal (0 = no edge). */
export interface Graph {
  n: number;
  /** Row-major n×n, symmetric, zero diagonal. */
  w: Float64Array;
}

const GRAPH_STREAM = STREAMS.graph;

/**
 * The binary undirected graph of a recurrent W (n×n, row-major): the strongest `fraction` of the off-diagonal |W_ij|
 * (ties at the cut included) become edges, and i–j is an edge if either direction is (seRNN's analysis binarises
 * the top 10 % of |W| and then symmetrises).
 */
export function binaryGraph(W: ArrayLike<number>, n: number, fraction = 0.1): Graph {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`fraction: ${fraction} — must be in (0, 1]`);
  const vals: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) vals.push(Math.abs(W[i * n + j]));
  vals.sort((a, b) => b - a);
  const keep = Math.max(1, Math.round(fraction * vals.length));
  const cut = vals[keep - 1];
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = Math.abs(W[i * n + j]);
      if (a > 0 && a >= cut) w[i * n + j] = w[j * n + i] = 1;
    }
  return { n, w };
}

/** The weighted undirected graph of a recurrent W: w_ij = (|W_ij| + |W_ji|)/2 off the diagonal. */
export function weightedGraph(W: ArrayLike<number>, n: number): Graph {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = (Math.abs(W[i * n + j]) + Math.abs(W[j * n + i])) / 2;
  return { n, w };
}

/** Each node's strength (weighted degree, self-loops included) and their total, 2m. */
function strengths(g: Graph): { k: Float64Array; twoM: number } {
  const { n, w } = g;
  const k = new Float64Array(n);
  let twoM = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      k[i] += w[i * n + j];
      twoM += w[i * n + j];
    }
  return { k, twoM };
}

/** Newman's modularity Q = (1/2m) Σ_ij (w_ij − k_i k_j / 2m) δ(c_i, c_j) of a labelling (0 for a graph without edges). */
export function modularity(g: Graph, labels: ArrayLike<number>): number {
  const { n, w } = g;
  const { k, twoM } = strengths(g);
  if (twoM === 0) return 0;
  const inside = new Map<number, number>(),
    degree = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    degree.set(labels[i], (degree.get(labels[i]) ?? 0) + k[i]);
    for (let j = 0; j < n; j++)
      if (labels[i] === labels[j]) inside.set(labels[i], (inside.get(labels[i]) ?? 0) + w[i * n + j]);
  }
  let q = 0;
  for (const [c, d] of degree) q += (inside.get(c) ?? 0) / twoM - (d / twoM) ** 2;
  return q;
}

/** Communities relabelled 0, 1, … in order of first appearance. */
function compact(labels: Int32Array): Int32Array<ArrayBuffer> {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

/**
 * Louvain (Blondel et al. 2008): move single nodes to the neighbouring community with the largest modularity gain
 * (visiting nodes in a seeded random order, repeating until no move helps), then merge communities into nodes and
 * repeat on the smaller graph, until nothing changes. The search is greedy, so it runs `restarts` times (node orders
 * from the seed) and keeps the highest Q (the first on ties). Returns the communities (0, 1, …) and their Q.
 */
export function louvain(g: Graph, seed = 0, restarts = 10): { labels: Int32Array; q: number } {
  if (!(Number.isInteger(restarts) && restarts >= 1)) throw new Error(`restarts: ${restarts} — must be an integer ≥ 1`);
  const rng = new Rng(seed, GRAPH_STREAM);
  let best = louvainOnce(g, rng);
  for (let r = 1; r < restarts; r++) {
    const next = louvainOnce(g, rng);
    if (next.q > best.q + 1e-12) best = next;
  }
  return best;
}

/** The graph whose nodes are the communities of `labels` (0 … m−1): w'_cd = Σ over c × d (internal weight on the diagonal). */
function aggregate(g: Graph, labels: Int32Array): Graph {
  const { n, w } = g;
  const m = Math.max(...labels) + 1;
  const w2 = new Float64Array(m * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w2[labels[i] * m + labels[j]] += w[i * n + j];
  return { n: m, w: w2 };
}

/**
 * Louvain's local phase on `g` from the partition `comm` (changed in place): each node, in a seeded random order,
 * moves to the neighbouring community with the largest modularity gain, until a pass moves nothing. Returns
 * whether any node moved.
 */
function localMoves(g: Graph, comm: Int32Array, rng: Rng): boolean {
  const { n, w } = g;
  const { k, twoM } = strengths(g);
  if (twoM === 0) return false;
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) tot[comm[i]] += k[i];
  let movedAny = false;
  for (let pass = 0; pass < 1000; pass++) {
    let moved = false;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const ci = comm[i];
      // Weights from i to each neighbouring community (a merged node's self-loop is not a link).
      const links = new Map<number, number>();
      for (let j = 0; j < n; j++) {
        const x = w[i * n + j];
        if (x !== 0 && j !== i) links.set(comm[j], (links.get(comm[j]) ?? 0) + x);
      }
      tot[ci] -= k[i];
      // Gain of putting i into c: links(c) − tot(c)·k_i / 2m (the common factor 1/m dropped).
      let best = ci,
        bestGain = (links.get(ci) ?? 0) - (tot[ci] * k[i]) / twoM;
      for (const [c, l] of links) {
        const gain = l - (tot[c] * k[i]) / twoM;
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      tot[best] += k[i];
      if (best !== ci) {
        comm[i] = best;
        moved = true;
        movedAny = true;
      }
    }
    if (!moved) break;
  }
  return movedAny;
}

/**
 * One Louvain search: local moves of single nodes, then of communities of the graph aggregated level by level;
 * then again single nodes on the original graph (a refinement the plain method lacks), until nothing moves.
 */
function louvainOnce(g: Graph, rng: Rng): { labels: Int32Array; q: number } {
  let membership = Int32Array.from({ length: g.n }, (_, i) => i);
  for (let round = 0; round < 32; round++) {
    let changed = localMoves(g, membership, rng);
    membership = compact(membership);
    let cur = aggregate(g, membership);
    for (let level = 0; level < 64 && cur.n > 1; level++) {
      const comm = Int32Array.from({ length: cur.n }, (_, i) => i);
      if (!localMoves(cur, comm, rng)) break;
      changed = true;
      const c = compact(comm);
      membership = membership.map((m) => c[m]);
      cur = aggregate(cur, c);
    }
    if (!changed) break;
  }
  const labels = compact(membership);
  return { labels, q: modularity(g, labels) };
}

/** Mean local clustering coefficient of a binary graph (nodes of degree < 2 count 0). */
export function clusteringCoefficient(g: Graph): number {
  const { n, w } = g;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const nb: number[] = [];
    for (let j = 0; j < n; j++) if (w[i * n + j] !== 0) nb.push(j);
    const d = nb.length;
    if (d < 2) continue;
    let tri = 0;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) if (w[nb[a] * n + nb[b]] !== 0) tri++;
    sum += (2 * tri) / (d * (d - 1));
  }
  return sum / n;
}

/**
 * Characteristic path length of a binary graph: the mean shortest-path length over ordered pairs of distinct nodes
 * that are connected (BFS from every node); NaN if no pair is.
 */
export function pathLength(g: Graph): number {
  const { n, w } = g;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (w[i * n + j] !== 0) adj[i].push(j);
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let total = 0,
    pairs = 0;
  for (let s = 0; s < n; s++) {
    dist.fill(-1);
    dist[s] = 0;
    let head = 0,
      tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++];
      for (const v of adj[u])
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          total += dist[v];
          pairs++;
          queue[tail++] = v;
        }
    }
  }
  return pairs ? total / pairs : NaN;
}

/**
 * A random binary graph with the same degree sequence (Maslov–Sneppen): `swapsPerEdge`·m double-edge swaps a–b, c–d
 * → a–d, c–b, each kept only if it creates no self-loop or multi-edge.
 */
export function degreePreservingRandom(g: Graph, rng: Rng, swapsPerEdge = 10): Graph {
  const { n } = g;
  const w = Float64Array.from(g.w, (x) => (x !== 0 ? 1 : 0));
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (w[i * n + j]) edges.push([i, j]);
  const m = edges.length;
  if (m < 2) return { n, w };
  for (let t = 0; t < swapsPerEdge * m; t++) {
    const e1 = rng.int(m),
      e2 = rng.int(m);
    if (e1 === e2) continue;
    const [a, b] = edges[e1];
    let [c, d] = edges[e2];
    if (rng.int(2)) [c, d] = [d, c];
    if (a === d || c === b || a === c || b === d) continue;
    if (w[a * n + d] || w[c * n + b]) continue;
    w[a * n + b] = w[b * n + a] = 0;
    w[c * n + d] = w[d * n + c] = 0;
    w[a * n + d] = w[d * n + a] = 1;
    w[c * n + b] = w[b * n + c] = 1;
    edges[e1] = [a, d];
    edges[e2] = [c, b];
  }
  return { n, w };
}

/** Small-worldness of a binary graph against `count` degree-preserving random graphs (seeded). */
export interface SmallWorld {
  /** σ = (C / C_rand) / (L / L_rand). */
  sigma: number;
  clustering: number;
  pathLength: number;
  randomClustering: number;
  randomPathLength: number;
  count: number;
}

/** σ = (C/C_rand)/(L/L_rand), with C_rand and L_rand the means over `count` degree-preserving random graphs. */
export function smallWorldness(g: Graph, count = 1000, seed = 0): SmallWorld {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`count: ${count} — must be an integer ≥ 1`);
  const rng = new Rng(seed, GRAPH_STREAM + 1);
  const C = clusteringCoefficient(g),
    L = pathLength(g);
  let cr = 0,
    lr = 0;
  for (let r = 0; r < count; r++) {
    const h = degreePreservingRandom(g, rng);
    cr += clusteringCoefficient(h);
    lr += pathLength(h);
  }
  cr /= count;
  lr /= count;
  return { sigma: C / cr / (L / lr), clustering: C, pathLength: L, randomClustering: cr, randomPathLength: lr, count };
}

/** Adjusted Rand index of two labellings of the same items (Hubert & Arabie 1985); 1 when identical partitions. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`adjustedRandIndex: ${a.length} and ${b.length} labels`);
  const n = a.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const table = new Map<string, number>(),
    ra = new Map<number, number>(),
    rb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  let index = 0,
    sa = 0,
    sb = 0;
  for (const x of table.values()) index += pairs(x);
  for (const x of ra.values()) sa += pairs(x);
  for (const x of rb.values()) sb += pairs(x);
  const expected = (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** The graph section of an analysis (`gyrus analyze --graph`): the binary and the weighted graph of |W|. */
export interface GraphSummary {
  /** Fraction of the strongest off-diagonal weights kept in the binary graph (0.1, as seRNN). */
  fraction: number;
  binary: {
    edges: number;
    q: number;
    communities: number;
    /** Louvain communities (cell order). */
    labels: number[];
    /** Agreement with the functional clusters over the important neurons (adjusted Rand index). */
    ari: number;
    smallWorld: SmallWorld;
  };
  weighted: { q: number; communities: number; labels: number[]; ari: number };
  seconds: number;
}

/** Options of graphSummary. */
export interface GraphOptions {
  /** Kept fraction of the binary graph (default 0.1). */
  fraction?: number;
  /** Degree-preserving random graphs behind small-worldness (default 1,000). */
  randomGraphs?: number;
  /** Seed of Louvain and the random graphs. */
  seed?: number;
}

/** Q, communities, their agreement with the functional clusters, and small-worldness of W (cell order). */
export function graphSummary(
  W: ArrayLike<number>,
  n: number,
  cellLabels: ArrayLike<number>,
  o: GraphOptions = {},
): GraphSummary {
  const t0 = performance.now();
  const fraction = o.fraction ?? 0.1,
    seed = o.seed ?? 0;
  const important = Array.from({ length: n }, (_, c) => c).filter((c) => cellLabels[c] >= 0);
  const ari = (labels: Int32Array) =>
    important.length
      ? adjustedRandIndex(
          important.map((c) => labels[c]),
          important.map((c) => cellLabels[c]),
        )
      : NaN;
  const bin = binaryGraph(W, n, fraction);
  const b = louvain(bin, seed);
  const wg = weightedGraph(W, n);
  const w = louvain(wg, seed);
  let edges = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (bin.w[i * n + j]) edges++;
  return {
    fraction,
    binary: {
      edges,
      q: b.q,
      communities: Math.max(-1, ...b.labels) + 1,
      labels: Array.from(b.labels),
      ari: ari(b.labels),
      smallWorld: smallWorldness(bin, o.randomGraphs ?? 1000, seed),
    },
    weighted: { q: w.q, communities: Math.max(-1, ...w.labels) + 1, labels: Array.from(w.labels), ari: ari(w.labels) },
    seconds: (performance.now() - t0) / 1000,
  };
}
