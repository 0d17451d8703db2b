// Chapter 2, the linear classifier: the JavaScript face of LinearExplorer
// (ch02_linear_classifier.py).
//
//   s_i = W x_i + b;   L = (1/N) Σ_i L_i + λ Σ W²   (L_i: multiclass SVM or softmax);
//   ∂L/∂W = Σ_i G_i x_iᵀ + 2λW,  ∂L/∂b = Σ_i G_i   with G = ∂L/∂s
//
// compute() is the twin of the Python compute(): the same formulas as lossbook.losses and
// lossbook.linear.loss_and_grad, with every sum taken in the order numpy takes it (scores element
// by element, the gradient's sums point after point, the mean of the L_i by numpy's pairwise
// summation), so the two faces agree to the last bit except where Math.exp / Math.log1p and
// numpy's differ by an ulp (softmax).  The buttons act here, with no kernel:
// * "One gradient step" / "10 steps": W ← W − η ∂L/∂W, b ← b − η ∂L/∂b, n times, then ONE snap to
//   the sliders' grid: clip to ±5 and round to 0.01 exactly as numpy's np.round(x, 2) does
//   (rint(100 x) / 100, halves to even), as LinearExplorer.step(n) does in Python.
// * "Randomize W, b": every entry uniform in [−3, 3], snapped, from a seeded PRNG (mulberry32,
//   seeded with the explorer's `seed`; one stream per view).  It is not numpy's stream: Python's
//   LinearExplorer.randomize() draws other (equally random) numbers.
import {
  attrs, button, explorer, fixed, html, injectStyle, npSum, panel, regTerm, short, svg, tr,
} from "./_explorer.js";

const MARGIN = 1.0;
const PARAM_RANGE = 5.0;

/** Scores s_ik = (x_i0 w_k0 + x_i1 w_k1 + ...) + b_k, element by element. */
export function scores(X, W, b) {
  return X.map((x) => W.map((w, k) => {
    let s = x[0] * w[0];
    for (let d = 1; d < x.length; d++) s = s + x[d] * w[d];
    return s + b[k];
  }));
}

function argmax(row) {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
  return best;
}

/** Everything the explorer shows: scores, L_i, data/reg/total loss, dW, db, predictions,
 *  accuracy (the twin of Python's compute()). */
export function compute(W, b, X, y, loss, regStrength, margin = MARGIN) {
  const s = scores(X, W, b);
  const n = X.length;
  const c = W.length;
  const scale = 1.0 / n;
  const per = new Array(n);
  const G = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = s[i];
    const yi = y[i];
    const g = new Array(c).fill(0);
    if (loss === "svm") {
      let li = 0;
      let count = 0;
      for (let j = 0; j < c; j++) {
        const m = j === yi ? 0 : row[j] - row[yi] + margin;
        li += Math.max(0, m);
        if (m > 0) {
          g[j] = 1 * scale;
          count += 1;
        }
      }
      g[yi] = (0 - count) * scale;
      per[i] = li;
    } else {
      const top = argmax(row);
      const shifted = row.map((v) => v - row[top]);
      const e = shifted.map(Math.exp);
      let others = 0;
      let total = 0;
      for (let j = 0; j < c; j++) {
        others += j === top ? 0 : e[j];
        total += e[j];
      }
      const logNorm = Math.log1p(others);
      per[i] = 0 - (shifted[yi] - logNorm);
      for (let j = 0; j < c; j++) g[j] = (e[j] / total - (j === yi ? 1 : 0)) * scale;
    }
    G[i] = g;
  }
  const d = W[0].length;
  const dW = W.map(() => new Array(d).fill(0));
  const db = new Array(c).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      for (let e = 0; e < d; e++) dW[k][e] = dW[k][e] + G[i][k] * X[i][e];
      db[k] = db[k] + G[i][k];
    }
  }
  for (let k = 0; k < c; k++) {
    for (let e = 0; e < d; e++) {
      // λ = 0 adds exactly nothing (no 0·∞), as lossbook.regularization.reg_loss_grad
      if (regStrength !== 0) dW[k][e] = dW[k][e] + (2.0 * regStrength) * W[k][e];
    }
  }
  const dataLoss = npSum(per) / n;
  const regLoss = regTerm(regStrength, W.flat(), "l2");  // λ ΣW²: exactly 0 at λ = 0
  const predictions = s.map(argmax);
  let right = 0;
  predictions.forEach((p, i) => {
    if (p === y[i]) right += 1;
  });
  return {scores: s, losses: per, dataLoss, regLoss, totalLoss: dataLoss + regLoss, dW, db,
    predictions, accuracy: right / n};
}

/** One step of gradient descent (not snapped): {W, b}. */
export function gradientStep(W, b, X, y, loss, regStrength, learningRate) {
  const r = compute(W, b, X, y, loss, regStrength);
  return {W: W.map((row, k) => row.map((w, d) => w - learningRate * r.dW[k][d])),
    b: b.map((v, k) => v - learningRate * r.db[k])};
}

/** numpy's rint: to the nearest integer, halves to the even one. */
export function rint(x) {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** A parameter on the sliders' grid, as np.round(np.clip(v, -5, 5), 2) (+ 0: no "-0.00"). */
export function snapParam(v) {
  const clipped = Math.min(PARAM_RANGE, Math.max(-PARAM_RANGE, v));
  return rint(clipped * 100) / 100 + 0;
}

/** `n` gradient steps from (W, b), then one snap to the grid (Python's LinearExplorer.step). */
export function steps(W, b, X, y, loss, regStrength, learningRate, n) {
  let p = {W, b};
  for (let t = 0; t < n; t++) p = gradientStep(p.W, p.b, X, y, loss, regStrength, learningRate);
  return {W: p.W.map((row) => row.map(snapParam)), b: p.b.map(snapParam)};
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The part of the square [−lim, lim]² where `a·x + c ≥ 0` (`> 0` if strict), by clipping the
 *  convex polygon `poly` (Sutherland–Hodgman). */
function clip(poly, a, c, strict) {
  if (a[0] === 0 && a[1] === 0) return (c > 0 || (c === 0 && !strict)) ? poly : [];
  const f = (p) => a[0] * p[0] + a[1] * p[1] + c;
  const out = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    const fp = f(p);
    const fq = f(q);
    if (fp >= 0) out.push(p);
    if ((fp >= 0) !== (fq >= 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** The convex region where class k wins (argmax, ties to the lower index), as a polygon. */
export function region(W, b, k, lim) {
  let poly = [[-lim, -lim], [lim, -lim], [lim, lim], [-lim, lim]];
  for (let j = 0; j < W.length && poly.length; j++) {
    if (j === k) continue;
    poly = clip(poly, [W[k][0] - W[j][0], W[k][1] - W[j][1]], b[k] - b[j], j < k);
  }
  return poly;
}

const MARKERS = ["square", "circle", "triangle"];

function marker(parent, shape, x, y, r, color) {
  const common = {fill: color, stroke: "currentColor", "stroke-width": 0.9};
  if (shape === "square") {
    return svg("rect", {x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7,
      ...common}, parent);
  }
  if (shape === "circle") return svg("circle", {cx: x, cy: y, r, ...common}, parent);
  const h = r * 1.15;
  return svg("polygon", {points: `${x},${y - h} ${x + h * 0.95},${y + h * 0.65} `
    + `${x - h * 0.95},${y + h * 0.65}`, ...common}, parent);
}

const LIN_CSS = `
.lb-lin .lb-lin-side{display:flex;flex-direction:column;gap:2px;flex:1 1 330px;min-width:0}
.lb-lin .lb-lin-side .lb-control{margin:1px 0}
.lb-lin .lb-lin-side select{max-width:100%;min-width:0}
.lb-lin .lb-lin-class .lb-control{flex-wrap:nowrap}
.lb-lin .lb-lin-class .lb-control label{min-width:0;flex:0 1 auto}
.lb-lin .lb-lin-class input[type=range]{width:100px;flex:1 1 60px;min-width:50px}
.lb-lin .lb-lin-class .lb-number{width:4.6em;flex:0 0 auto}
.lb-lin .lb-lin-class{border-left:3px solid var(--lb-class);padding:0 0 2px 8px;margin:3px 0}
.lb-lin .lb-lin-class-name{font-weight:600}
.lb-lin .lb-lin-class-name::before{content:"";display:inline-block;width:.75em;height:.75em;
  margin-right:6px;border-radius:2px;background:var(--lb-class)}
.lb-lin .lb-lin-plot{flex:1 1 300px;max-width:380px;min-width:0}
.lb-lin .lb-lin-plot .lb-panel{display:block}
.lb-lin .lb-lin-bottom{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:flex-start}
.lb-lin .lb-lin-bottom .lb-readout{flex:0 1 auto}
.lb-lin .lb-lin-table{margin-top:6px;font-size:13px;max-width:100%;min-width:0}
.lb-lin .lb-lin-table .lb-lin-scroll{max-height:330px;overflow:auto;max-width:100%}
.lb-lin .lb-lin-table table{border-collapse:collapse}
.lb-lin .lb-lin-table th{font-weight:600;padding:0 4px;text-align:right;position:sticky;top:0;
  white-space:nowrap;
  background:var(--pst-color-background,Canvas)}
.lb-lin .lb-lin-table td{padding:0 4px;text-align:right;border:0;background:none;
  font-family:var(--pst-font-family-monospace,monospace);white-space:nowrap}
.lb-lin .lb-lin-table tr.lb-wrong td{background:rgba(214,39,40,.2)}
.lb-lin .lb-lin-table .lb-note{margin-top:2px}
.lb-lin .lb-lin-legend svg{overflow:visible}
`;

function setup({model, root, controls, actions, figure, readout, data}) {
  injectStyle("lossbook-ch02-css", LIN_CSS);
  root.classList.add("lb-lin");
  const {datasets, lim, class_colors: colors} = data;
  const names = Object.fromEntries(model.get("_controls").find((s) => s.name === "dataset")
    .options.map(([label, value]) => [value, tr(label)]));
  const C = colors.length;

  // ---- layout: [figure | data set + the sliders of W and b, class by class], then the loss,
  // λ, η and the buttons, then [readout | per-point table]
  root.insertBefore(figure, controls.box);
  const plotBox = html("div", {class: "lb-lin-plot"}, figure);
  const side = html("div", {class: "lb-lin-side"}, figure);
  side.appendChild(controls.box.querySelector('.lb-control[data-param="dataset"]'));
  for (let k = 0; k < C; k++) {
    const group = html("div", {class: "lb-lin-class", role: "group",
      "aria-label": tr("class {k}", {k}), style: `--lb-class:${colors[k]}`}, side);
    // the name in the text's colour (the class's colour on a white or a dark page is too
    // faint for text), marked by a swatch of the class's colour
    html("div", {class: "lb-lin-class-name"}, group, tr("class {k}", {k}));
    for (const row of controls.box.querySelectorAll(
      `.lb-control[data-param="W"][data-index^="${k},"], .lb-control[data-param="b"]`
      + `[data-index="${k}"]`)) {
      group.appendChild(row);
    }
  }
  root.insertBefore(actions, controls.box.nextSibling);
  const bottom = html("div", {class: "lb-lin-bottom"});
  root.insertBefore(bottom, readout.box);
  bottom.appendChild(readout.box);
  const tableBox = html("div", {class: "lb-lin-table"}, bottom);

  const stepBy = (n) => {
    const {X, y} = datasets[model.get("dataset")];
    const next = steps(model.get("W"), model.get("b"), X, y, model.get("loss"),
      model.get("reg_strength"), model.get("learning_rate"), n);
    model.set("W", next.W);
    model.set("b", next.b);
    model.save_changes();
  };
  const random = mulberry32(data.seed);
  const range = data.random_range;
  button(actions, "One gradient step", () => stepBy(1),
    {title: "W ← W − η ∂L/∂W, b ← b − η ∂L/∂b"});
  button(actions, "10 steps", () => stepBy(10), {title: "ten gradient steps"});
  button(actions, "Randomize W, b", () => {
    const draw = () => snapParam(-range + 2 * range * random());
    const W = model.get("W").map((row) => row.map(draw));
    const b = model.get("b").map(draw);
    model.set("W", W);
    model.set("b", b);
    model.save_changes();
  }, {title: tr("draw every entry uniformly in [−{range}, {range}]", {range})});

  // ---- the figure: regions (polygons), zero-score lines, arrows along w_k, the points
  const p = panel(plotBox, {width: 360, height: 368, xLabel: "x₁", yLabel: "x₂",
    margin: {top: 24, right: 12, bottom: 42, left: 46}});
  p.setTitle("regions (argmax), zero-score lines, wₖ");
  p.setX([-lim, lim]);
  p.setY([-lim, lim]);
  const regions = colors.map((color, k) => attrs(p.mark(`region-${k}`, "polygon"),
    {fill: color, "fill-opacity": 0.24, stroke: "none", "data-class": k}));
  const lines = colors.map((color, k) => attrs(p.mark(`line-${k}`, "line"),
    {stroke: color, "stroke-width": 2, "data-class": k}));
  const shafts = colors.map((color, k) => attrs(p.mark(`arrow-${k}`, "line"),
    {stroke: color, "stroke-width": 2.4, "data-class": k}));
  const heads = colors.map((color, k) => attrs(p.mark(`head-${k}`, "polygon"),
    {fill: color, stroke: "none", "data-class": k}));
  const points = p.mark("points", "g", {unclipped: true});
  const legendBox = html("div", {class: "lb-legend lb-lin-legend"}, plotBox);
  colors.forEach((color, k) => {
    const item = html("span", {class: "lb-legend-item"}, legendBox);
    marker(svg("svg", {width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true"}, item),
      MARKERS[k], 7, 7, 5, color);
    html("span", {}, item, tr("class {k}", {k}));
  });

  let shown = null;   // the data set drawn and tabulated
  let cells = [];
  let rows = [];
  function showData(name) {
    const {X, y} = datasets[name];
    points.replaceChildren();
    const few = X.length <= 12;
    X.forEach(([a, c], i) => {
      marker(points, MARKERS[y[i]], p.x(a), p.y(c), 4.6, colors[y[i]]);
      if (few) {
        svg("text", {x: p.x(a) + 6, y: p.y(c) - 5, class: "lb-mark-text",
          "font-size": 9}, points).textContent = String(i);
      }
    });
    tableBox.replaceChildren();
    const scroll = html("div", {class: "lb-lin-scroll", tabindex: 0, role: "region",
      "aria-label": tr("scores and loss of every point")}, tableBox);
    const table = html("table", {}, scroll);
    const head = html("tr", {}, html("thead", {}, table));
    for (const h of ["i", "x₁", "x₂", "yᵢ", "s₀", "s₁", "s₂", "Lᵢ"]) {
      html("th", {scope: "col"}, head, h);
    }
    const body = html("tbody", {}, table);
    rows = [];
    cells = X.map((_, i) => {
      const line = html("tr", {}, body);
      rows.push(line);
      html("td", {}, line, String(i));
      const keys = [`x1_${i}`, `x2_${i}`, `y_${i}`, ...colors.map((__, k) => `s_${i}_${k}`),
        `L_${i}`];
      return keys.map((key) => html("span", {class: "lossbook-value", "data-key": key},
        html("td", {}, line)));
    });
    html("div", {class: "lb-note"}, tableBox, tr("rows in red (✗): misclassified points"));
    shown = name;
  }
  const put = (span, value, text) => {
    const v = String(value);
    if (span.getAttribute("data-value") !== v) span.setAttribute("data-value", v);
    if (span.textContent !== text) span.textContent = text;
  };

  return function update() {
    const name = model.get("dataset");
    if (name !== shown) showData(name);
    const {X, y} = datasets[name];
    const W = model.get("W");
    const b = model.get("b");
    const loss = model.get("loss");
    const lambda = model.get("reg_strength");
    const r = compute(W, b, X, y, loss, lambda);

    for (let k = 0; k < C; k++) {
      const poly = region(W, b, k, lim);
      attrs(regions[k], {points: poly.map(([u, v]) => `${p.x(u).toFixed(2)},`
        + `${p.y(v).toFixed(2)}`).join(" ")});
      const [w0, w1] = W[k];
      const n2 = w0 * w0 + w1 * w1;
      const hide = {x1: null, x2: null, y1: null, y2: null, visibility: "hidden"};
      if (!(n2 > 1e-12)) {
        attrs(lines[k], hide);
        attrs(shafts[k], hide);
        attrs(heads[k], {points: null, visibility: "hidden"});
        continue;
      }
      // the line w·x + b = 0 through o = −b w / |w|², along (−w1, w0); the arrow from o along w
      const norm = Math.sqrt(n2);
      const o = [-b[k] * w0 / n2, -b[k] * w1 / n2];
      const far = 10 * lim / norm;
      attrs(lines[k], {x1: p.x(o[0] - far * w1), y1: p.y(o[1] + far * w0),
        x2: p.x(o[0] + far * w1), y2: p.y(o[1] - far * w0), visibility: null});
      const len = 0.25 * lim;
      const ux = w0 / norm;
      const uy = w1 / norm;
      const tip = [p.x(o[0] + len * ux), p.y(o[1] + len * uy)];
      const base = [p.x(o[0]), p.y(o[1])];
      const sx = ux;        // screen direction (y flipped)
      const sy = -uy;
      const hl = 9;
      const hw = 4.5;
      const back = [tip[0] - hl * sx, tip[1] - hl * sy];
      attrs(shafts[k], {x1: base[0], y1: base[1], x2: back[0], y2: back[1], visibility: null});
      attrs(heads[k], {points: `${tip[0]},${tip[1]} ${back[0] - hw * sy},${back[1] + hw * sx} `
        + `${back[0] + hw * sy},${back[1] - hw * sx}`, visibility: null});
    }

    // ---- per-point table
    const wrong = [];
    X.forEach(([a, c], i) => {
      const row = cells[i];
      put(row[0], a, fixed(a, 2));
      put(row[1], c, fixed(c, 2));
      put(row[2], y[i], String(y[i]));
      for (let k = 0; k < C; k++) put(row[3 + k], r.scores[i][k], fixed(r.scores[i][k], 2));
      put(row[3 + C], r.losses[i], fixed(r.losses[i], 3));
      const bad = r.predictions[i] !== y[i];
      if (bad) wrong.push(i);
      if (rows[i].classList.contains("lb-wrong") !== bad) {
        rows[i].classList.toggle("lb-wrong", bad);
        rows[i].firstChild.textContent = bad ? `${i} ✗` : String(i);
      }
    });

    // ---- the readout
    const lossName = loss === "svm" ? "SVM" : "softmax";
    const out = [
      ["loss", "loss", lossName, tr(lossName)],
      ["data_loss", "data loss (1/N) Σ Lᵢ", r.dataLoss, fixed(r.dataLoss, 3)],
      ["reg_loss", tr("reg. loss λ ΣW² (λ = {lambda})", {lambda: fixed(lambda, 2)}), r.regLoss,
        fixed(r.regLoss, 3)],
      ["total_loss", "total loss", r.totalLoss, fixed(r.totalLoss, 3)],
      ["accuracy", "accuracy", r.accuracy, fixed(r.accuracy, 3)],
    ];
    for (let k = 0; k < C; k++) {
      for (let d = 0; d < W[k].length; d++) {
        out.push([`dW_${k}_${d}`, `∂L/∂W[${k},${d}]`, r.dW[k][d], fixed(r.dW[k][d], 3)]);
      }
      out.push([`db_${k}`, `∂L/∂b[${k}]`, r.db[k], fixed(r.db[k], 3)]);
    }
    const eta = model.get("learning_rate");
    const next = steps(W, b, X, y, loss, lambda, eta, 1);
    const after = compute(next.W, next.b, X, y, loss, lambda).totalLoss;
    out.push(["next_total_loss", tr("total loss after one step (η = {eta})", {eta: fixed(eta, 2)}),
      after,
      fixed(after, 3)]);
    readout.show(out);

    const which = wrong.join(", ");
    const said = wrong.length === 0 ? tr("every point classified correctly")
      : tr(wrong.length > 1 ? "misclassified: points {points}" : "misclassified: point {points}",
        {points: which});
    p.describe("Decision regions of the linear classifier, with each class's zero-score line "
      + "and an arrow along its weight vector",
      tr("{data}, {n} points; {loss} loss; accuracy {accuracy}; {said}.", {data: names[name],
        n: X.length, loss: tr(lossName), accuracy: short(r.accuracy), said})
      + " " + W.map((w, k) => tr("Class {k}: w = ({w0}, {w1}), b = {b}.", {k,
        w0: short(w[0]), w1: short(w[1]), b: short(b[k])})).join(" "));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "Loss"});
  },
};
