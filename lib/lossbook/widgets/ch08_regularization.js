// Chapter 8, regularization: the JavaScript face of LambdaExplorer (ch08_regularization.py).
//
// A softmax classifier on 2-D points (three classes), fitted for the chosen penalty and λ:
//
//   min over W (3 × 2), b (3)   (1/N) Σ_i −log softmax(W x_i + b)_{y_i}  +  λ R(W)
//
// by the same accelerated proximal gradient as lossbook.regpath.fit (FISTA with gradient-based
// adaptive restart, the soft-threshold for the L1 part, step 1 / (L + 2λβ), stopping when the
// gradient mapping is below tol), warm-started from this page's previous fit.  compute() is the
// twin of the Python compute(); the browser tests check the two agree.
import {
  PALETTE, attrs, explorer, exponent, fixed, injectStyle, legend, panel, regTerm, short, tr,
} from "./_explorer.js";

const PENALTY_LABELS = {l2: "L2", l1: "L1", elastic_net: "elastic net"};
const SUB = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];

/** Coefficients of ΣW² and Σ|W| in the penalty R (regpath._split_penalty). */
function splitPenalty(reg, beta) {
  if (reg === "l2") return [1.0, 0.0];
  if (reg === "l1") return [0.0, 1.0];
  if (reg === "elastic_net") return [beta, 1.0];
  throw new Error(`penalty must be one of l2, l1, elastic_net; got ${reg}`);
}

/** The problem in flat arrays: X (N·D, row-major), y (N), N, D. */
export function problem(points, labels) {
  const n = points.length;
  const d = points[0].length;
  const X = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, j) => { X[i * d + j] = v; }));
  return {X, y: Int32Array.from(labels), n, d};
}

/** The largest eigenvalue of a symmetric matrix (D+1 small), by cyclic Jacobi rotations. */
function largestEigenvalue(A, m) {
  const a = Float64Array.from(A);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] ** 2;
    if (off < 1e-30 * (1 + a.reduce((s, v) => s + v * v, 0))) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {  // columns p, q
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {  // rows p, q
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
      }
    }
  }
  let top = -Infinity;
  for (let k = 0; k < m; k++) top = Math.max(top, a[k * m + k]);
  return top;
}

/** regpath.lipschitz_constant(X, "softmax"): σ₁([X, 1])² / (2N), σ₁ the largest singular value. */
export function lipschitzConstant(prob) {
  const {X, n, d} = prob;
  const m = d + 1;
  const G = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < m; p++) {
      const xp = p < d ? X[i * d + p] : 1;
      for (let q = 0; q < m; q++) G[p * m + q] += xp * (q < d ? X[i * d + q] : 1);
    }
  }
  const s1 = Math.sqrt(Math.max(0, largestEigenvalue(G, m)));
  return s1 * s1 / n * 0.5;
}

/** Mean softmax cross-entropy of (W, b) and, if gW/gb are given, its gradient into them
 *  (regpath._data_loss_grad; the same operations in the same order per point). */
function dataLoss(W, b, prob, c, gW = null, gb = null) {
  const {X, y, n, d} = prob;
  const s = prob.scratch || (prob.scratch = new Float64Array(2 * c));
  let total = 0;
  if (gW) {
    gW.fill(0);
    gb.fill(0);
  }
  for (let i = 0, row = 0; i < n; i++, row += d) {
    let top = -Infinity;
    for (let k = 0; k < c; k++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += X[row + j] * W[k * d + j];
      v += b[k];
      s[k] = v;
      if (v > top) top = v;
    }
    let z = 0;
    for (let k = 0; k < c; k++) {
      s[k] -= top;
      const e = Math.exp(s[k]);
      s[c + k] = e;
      z += e;
    }
    const yi = y[i];
    total += Math.log(z) - s[yi];
    if (gW) {
      for (let k = 0; k < c; k++) {
        const g = (k === yi ? s[c + k] / z - 1 : s[c + k] / z) / n;
        for (let j = 0; j < d; j++) gW[k * d + j] += g * X[row + j];
        gb[k] += g;
      }
    }
  }
  return total / n;
}

/**
 * regpath.fit for the softmax loss: minimize mean CE + λR(W) from (W0, b0) (zeros if null).
 * W is flat (C·D, row-major).  Returns {W, b, objective, dataLoss, regLoss, nIter, converged}.
 */
export function fit(prob, c, reg, lam, {beta = 1.0, W0 = null, b0 = null, maxIter = 3000,
  tol = 1e-5, L = null} = {}) {
  const {d} = prob;
  const size = c * d;
  const [c2, c1] = splitPenalty(reg, beta);
  const lipschitz = L === null ? lipschitzConstant(prob) : L;
  const lam2 = lam * c2;
  const lam1 = lam * c1;
  const step = 1.0 / (lipschitz + 2.0 * lam2);
  const thresh = step * lam1;
  // the iterates of regpath.fit in four reused buffers: W_prev (the last step's result), the
  // extrapolated point y, the new step W_new, and the gradient at y
  let Wprev = W0 ? Float64Array.from(W0) : new Float64Array(size);
  let bprev = b0 ? Float64Array.from(b0) : new Float64Array(c);
  const Wy = Float64Array.from(Wprev);
  const by = Float64Array.from(bprev);
  let Wn = new Float64Array(size);
  let bn = new Float64Array(c);
  const gW = new Float64Array(size);
  const gb = new Float64Array(c);
  let t = 1.0;
  let converged = false;
  let it = 0;
  for (it = 1; it <= maxIter; it++) {
    dataLoss(Wy, by, prob, c, gW, gb);
    let move = 0;
    for (let k = 0; k < size; k++) {
      const v = Wy[k] - step * (gW[k] + 2.0 * lam2 * Wy[k]);
      Wn[k] = thresh > 0 ? Math.sign(v) * Math.max(Math.abs(v) - thresh, 0.0) : v;
      move = Math.max(move, Math.abs(Wn[k] - Wy[k]));
    }
    for (let k = 0; k < c; k++) {
      bn[k] = by[k] - step * gb[k];
      move = Math.max(move, Math.abs(bn[k] - by[k]));
    }
    if (move / step < tol) {  // the gradient mapping is small: the minimum, to tol
      converged = true;
      break;
    }
    // gradient-based adaptive restart: drop the momentum when it points against the last step
    let dot = 0;
    for (let k = 0; k < size; k++) dot += (Wy[k] - Wn[k]) * (Wn[k] - Wprev[k]);
    let dotb = 0;
    for (let k = 0; k < c; k++) dotb += (by[k] - bn[k]) * (bn[k] - bprev[k]);
    if (dot + dotb > 0) t = 1.0;
    const tn = 0.5 * (1.0 + Math.sqrt(1.0 + 4.0 * t * t));
    const mom = (t - 1.0) / tn;
    for (let k = 0; k < size; k++) Wy[k] = Wn[k] + mom * (Wn[k] - Wprev[k]);
    for (let k = 0; k < c; k++) by[k] = bn[k] + mom * (bn[k] - bprev[k]);
    [Wprev, Wn] = [Wn, Wprev];  // W_prev <- W_new; the old buffer takes the next step
    [bprev, bn] = [bn, bprev];
    t = tn;
  }
  // converged: the last step W_new; else the last step taken, now in W_prev (the start if none)
  const W = converged ? Wn : Wprev;
  const b = converged ? bn : bprev;
  if (it > maxIter) it = maxIter;
  const data = dataLoss(W, b, prob, c);
  const regLoss = regTerm(lam, W, reg, beta);  // λ R(W): exactly 0 at λ = 0
  return {W, b, objective: data + regLoss, dataLoss: data, regLoss, nIter: it, converged};
}

/** Fraction of the points whose largest score (the first, on ties) is their label. */
export function accuracy(W, b, prob, c) {
  const {X, y, n, d} = prob;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let top = -Infinity;
    for (let k = 0; k < c; k++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += X[i * d + j] * W[k * d + j];
      v += b[k];
      if (v > top) {
        top = v;
        best = k;
      }
    }
    if (best === y[i]) right += 1;
  }
  return right / n;
}

/**
 * The twin of the Python compute(penalty, reg_strength, data, W, b): the fit (warm-started from
 * W0, b0; an L2 start is centred first, as in Python), its losses, norms and accuracies.
 * `train`, `test`: problems; `L`: the Lipschitz constant of `train`.
 */
export function compute(penalty, lam, train, test, {W0 = null, b0 = null, beta = 1.0,
  maxIter = 3000, tol = 1e-5, L = null} = {}) {
  const c = 3;
  const d = train.d;
  let start = W0;
  if (penalty === "l2" && W0) {  // the softmax ignores a vector added to every row of W
    start = Float64Array.from(W0);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let k = 0; k < c; k++) m += W0[k * d + j];
      m /= c;
      for (let k = 0; k < c; k++) start[k * d + j] = W0[k * d + j] - m;
    }
  }
  const r = fit(train, c, penalty, lam, {beta, W0: start, b0, maxIter, tol, L});
  let sq = 0;
  let abs = 0;
  let zeros = 0;
  for (const w of r.W) {
    sq += w * w;
    abs += Math.abs(w);
    if (w === 0) zeros += 1;
  }
  return {penalty, lam, W: r.W, b: r.b, dataLoss: r.dataLoss, regLoss: r.regLoss,
    totalLoss: r.objective, weightNorm: Math.sqrt(sq), l1Norm: abs, nZero: zeros,
    trainAcc: accuracy(r.W, r.b, train, c), testAcc: accuracy(r.W, r.b, test, c),
    nIter: r.nIter, converged: r.converged};
}

/** Keep the part of `poly` where a·x + b·y + c ≥ 0 (Sutherland–Hodgman, one half-plane). */
function clip(poly, a, bb, cc) {
  const out = [];
  for (let i = 0; i < poly.length; i++) {
    const P = poly[i];
    const Q = poly[(i + 1) % poly.length];
    const fP = a * P[0] + bb * P[1] + cc;
    const fQ = a * Q[0] + bb * Q[1] + cc;
    if (fP >= 0) out.push(P);
    if ((fP >= 0) !== (fQ >= 0)) {
      const t = fP / (fP - fQ);
      out.push([P[0] + t * (Q[0] - P[0]), P[1] + t * (Q[1] - P[1])]);
    }
  }
  return out;
}

/**
 * The decision regions over the square [−limit, limit]²: for each class the convex polygon where
 * its score is the largest (the first class wins a tie, as numpy's argmax).  Exact, where the
 * Python side samples them on a grid.
 */
export function regionPolygons(W, b, limit, c = 3) {
  const square = [[-limit, -limit], [limit, -limit], [limit, limit], [-limit, limit]];
  const polys = [];
  for (let k = 0; k < c; k++) {
    let poly = square;
    for (let j = 0; j < c && poly.length; j++) {
      if (j === k) continue;
      const a = W[k * 2] - W[j * 2];
      const bb = W[k * 2 + 1] - W[j * 2 + 1];
      const cc = b[k] - b[j];
      if (a === 0 && bb === 0) {  // parallel rows: one class wins everywhere
        if (cc < 0 || (cc === 0 && j < k)) poly = [];
        continue;
      }
      poly = clip(poly, a, bb, cc);
    }
    polys.push(poly);
  }
  return polys;
}

function area(poly) {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % poly.length];
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
}

const CH08_CSS = `
.lb-ch08 .lb-panel{min-width:0}
.lb-ch08 .lb-panel.lb-ch08-regions{flex:1 1 280px}
.lb-ch08 .lb-panel.lb-ch08-weights{flex:1 1 250px}
.lb-ch08 .lb-ch08-point-train{stroke:currentColor;stroke-width:.6}
.lb-ch08 .lb-readout{flex:1 1 100%;margin-top:2px}
.lb-ch08 .lb-readout table{display:grid;grid-template-columns:repeat(auto-fit,minmax(205px,1fr));
  column-gap:28px;max-width:640px}
.lb-ch08 .lb-readout tr{display:flex;justify-content:space-between;gap:10px}
.lb-ch08 .lb-readout td{white-space:nowrap;overflow-wrap:normal}
.lb-ch08 .lb-readout td:last-child{padding-right:0}
`;

function setup({model, root, figure, readout, data}) {
  injectStyle("lossbook-ch08-css", CH08_CSS);
  root.classList.add("lb-ch08");
  const train = problem(data.X_train, data.y_train);
  const test = problem(data.X_test, data.y_test);
  const L = lipschitzConstant(train);
  const limit = data.limit;
  const names = data.class_names.map((name) => tr(name));  // in the page's language
  const colors = [PALETTE[0], PALETTE[1], PALETTE[2]];
  const opts = {beta: data.beta, maxIter: data.max_iter, tol: data.tol, L};
  legend(figure, [...names.map((name, k) => ({label: name, color: colors[k]})),
    {label: "train (filled)", color: PALETTE[7]},
    {label: "test (hollow)", color: PALETTE[7], kind: "hollow"}]);

  // left: the decision regions, the points, the rows of W as arrows (a square plot area)
  const left = panel(figure, {width: 330, height: 340, xLabel: "x₁", yLabel: "x₂",
    margin: {top: 26, right: 10, bottom: 40, left: 46}});
  left.root.classList.add("lb-ch08-regions");
  left.setTitle("decision regions; arrows: rows of W");
  left.setX([-limit, limit]);
  left.setY([-limit, limit]);
  const regions = colors.map((color, k) => attrs(left.mark(`region-${k}`, "path"), {fill: color,
    "fill-opacity": 0.2, stroke: color, "stroke-opacity": 0.55, "stroke-width": 1}));
  const dot = (key, p, k, filled) => attrs(left.mark(key, "circle"), {cx: left.x(p[0]),
    cy: left.y(p[1]), r: 3.4, fill: filled ? colors[k] : "none", stroke: filled ? null : colors[k],
    "stroke-width": filled ? null : 1.3, class: filled ? "lb-ch08-point-train" : null});
  data.X_test.forEach((p, i) => dot(`test-${i}`, p, data.y_test[i], false));
  data.X_train.forEach((p, i) => dot(`train-${i}`, p, data.y_train[i], true));
  const shafts = colors.map((color, k) => attrs(left.mark(`shaft-${k}`, "line"), {stroke: color,
    "stroke-width": 2.6, "stroke-linecap": "round"}));
  const heads = colors.map((color, k) => attrs(left.mark(`head-${k}`, "path"), {fill: color,
    stroke: "currentColor", "stroke-width": 0.6}));

  // right: the six weights as bars, on a fixed scale
  const labels = [];
  for (let k = 0; k < 3; k++) for (let j = 0; j < 2; j++) labels.push(`W${SUB[k]},${SUB[j + 1]}`);
  const right = panel(figure, {width: 300, height: 340, yLabel: "weight",
    xTicks: labels.map((label, i) => ({value: i, label})),
    margin: {top: 26, right: 10, bottom: 40, left: 50}});
  right.root.classList.add("lb-ch08-weights");
  right.setX([-0.6, 5.6]);
  right.setY([-data.weight_limit, data.weight_limit]);
  attrs(right.mark("zero", "line", {unclipped: true}), {x1: right.plot.left,
    x2: right.plot.right, y1: right.y(0), y2: right.y(0), class: "lb-ink", "stroke-width": 1});
  const bars = labels.map((_, i) => attrs(right.mark(`bar-${i}`, "rect"),
    {fill: colors[Math.floor(i / 2)]}));
  const values = labels.map((_, i) => attrs(right.mark(`value-${i}`, "text", {unclipped: true}),
    {"text-anchor": "middle", class: "lb-mark-text"}));
  figure.appendChild(readout.box);  // below the plots, in two columns when there is room

  let state = {W: null, b: null};
  return function update() {
    const penalty = model.get("penalty");
    const lam = model.get("reg_strength");
    const r = compute(penalty, lam, train, test, {...opts, W0: state.W, b0: state.b});
    state = {W: r.W, b: r.b};

    const polys = regionPolygons(r.W, r.b, limit);
    const total = (2 * limit) ** 2;
    const shares = polys.map((poly) => area(poly) / total);
    polys.forEach((poly, k) => {
      const d = poly.length ? "M" + poly.map(([x, y]) =>
        `${left.x(x).toFixed(2)},${left.y(y).toFixed(2)}`).join("L") + "Z" : "";
      attrs(regions[k], {d});
    });
    const x0 = left.x(0);
    const y0 = left.y(0);
    for (let k = 0; k < 3; k++) {
      const tx = left.x(r.W[2 * k]);
      const ty = left.y(r.W[2 * k + 1]);
      const len = Math.hypot(tx - x0, ty - y0);
      if (len < 1) {
        attrs(shafts[k], {visibility: "hidden"});
        attrs(heads[k], {visibility: "hidden"});
        continue;
      }
      const ux = (tx - x0) / len;
      const uy = (ty - y0) / len;
      const head = Math.min(10, 0.6 * len);
      const bx = tx - ux * head;
      const by = ty - uy * head;
      attrs(shafts[k], {x1: x0, y1: y0, x2: bx, y2: by, visibility: null});
      attrs(heads[k], {visibility: null, d: `M${tx.toFixed(2)},${ty.toFixed(2)}`
        + `L${(bx - uy * head * 0.45).toFixed(2)},${(by + ux * head * 0.45).toFixed(2)}`
        + `L${(bx + uy * head * 0.45).toFixed(2)},${(by - ux * head * 0.45).toFixed(2)}Z`});
    }

    const [lo, hi] = right.y.domain;
    r.W.forEach((w, i) => {
      const h = Math.max(lo, Math.min(hi, w));
      const xa = right.x(i - 0.35);
      attrs(bars[i], {x: xa, width: right.x(i + 0.35) - xa, y: Math.min(right.y(h), right.y(0)),
        height: Math.abs(right.y(0) - right.y(h))});
      const up = w >= 0;
      attrs(values[i], {x: right.x(i), y: up ? right.y(h) - 4 : right.y(h) + 13}).textContent =
        // "0" only for a weight that is exactly zero; a tiny one reads "≈0"
        w === 0 ? "0" : (Number(short(w)) === 0 ? "≈0" : short(w));
    });
    const zeroText = tr("{n} exactly zero", {n: r.nZero});
    right.setTitle(tr("the 6 weights: {zero}", {zero: zeroText}));

    const label = PENALTY_LABELS[penalty];
    readout.show([
      ["penalty", "penalty", label, tr(label)],
      ["lambda", "λ", lam, exponent(lam, 2)],
      ["weight_norm", "‖W‖ = √ΣW²", r.weightNorm, fixed(r.weightNorm, 4)],
      ["l1_norm", "Σ|W|", r.l1Norm, fixed(r.l1Norm, 4)],
      ["n_zero", "weights exactly 0", r.nZero, String(r.nZero)],
      ["data_loss", "data loss", r.dataLoss, fixed(r.dataLoss, 4)],
      ["reg_loss", "reg loss λR(W)", r.regLoss, fixed(r.regLoss, 4)],
      ["total_loss", "total loss", r.totalLoss, fixed(r.totalLoss, 4)],
      ["train_acc", "train accuracy", r.trainAcc, fixed(r.trainAcc, 3)],
      ["test_acc", "test accuracy", r.testAcc, fixed(r.testAcc, 3)],
      ["n_iter", "steps of this re-fit", r.nIter, String(r.nIter)],
    ]);
    const pct = (s) => `${Math.round(100 * s)}%`;
    const rows = names.map((name, k) => `${name} (${short(r.W[2 * k])}, ${short(r.W[2 * k + 1])})`);
    left.describe(tr("Decision regions of the softmax classifier fitted with the {penalty} "
      + "penalty, λ = {lambda}, with the rows of W as arrows", {penalty: tr(label),
      lambda: exponent(lam, 2)}),
      tr("Share of the square predicted as {shares}. Rows of W: {rows}. {train} training points "
      + "(filled), {test} test points (hollow).", {shares: names.map((name, k) =>
        `${name}: ${pct(shares[k])}`).join(", "), rows: rows.join("; "),
      train: data.X_train.length, test: data.X_test.length}));
    right.describe(tr("Bar chart of the six weights: {zero}", {zero: zeroText}),
      labels.map((name, i) => `${name} = ${r.W[i] === 0 ? "0" : short(r.W[i])}`).join(", ") + ".");
    root.dataset.regionShares = shares.map((s) => s.toFixed(4)).join(",");
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "softmax classifier, re-fitted for this λ"});
  },
};
