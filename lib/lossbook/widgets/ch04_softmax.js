// Chapter 4, the softmax: the JavaScript face of SoftmaxExplorer (ch04_softmax.py).
//
//   e_k = exp(s_k / T),   P(Y = k) = e_k / Σ_j e_j,   L = −log P(Y = y)
//
// compute() is the twin of the Python compute(), formula for formula as lossbook.losses computes
// them: the exponentials may overflow to Infinity (as numpy's do), the probabilities come from
// the shifted scores (s − max s)/T, and the loss from the log-sum-exp of s/T with the largest
// term taken out, log1p(Σ_{j≠argmax} e^{z_j − max z}), so a confident loss (about 1e-48) keeps its
// digits.  The browser tests check the two faces agree.
import { PALETTE, attrs, explorer, fixed, general, legend, niceCeiling, panel, tr } from "./_explorer.js";

/** Exponentials, their sum, probabilities and loss of one image's scores (C,) with label y. */
export function compute(scores, y, temperature) {
  const T = temperature;
  const exps = scores.map((s) => Math.exp(s / T));
  const sumExp = exps.reduce((a, b) => a + b, 0);
  // lossbook.losses.softmax: e^{(s − max s)/T}, normalized
  const m = Math.max(...scores);
  const e = scores.map((s) => Math.exp((s - m) / T));
  const total = e.reduce((a, b) => a + b, 0);
  const probs = e.map((v) => v / total);
  // lossbook.losses.cross_entropy of s/T: shifted − log1p(sum of the other terms)
  const z = scores.map((s) => s / T);
  let first = 0;
  z.forEach((v, k) => {
    if (v > z[first]) first = k;
  });
  const shifted = z.map((v) => v - z[first]);
  let rest = 0;
  shifted.forEach((v, k) => {
    if (k !== first) rest += Math.exp(v);
  });
  const loss = 0 - (shifted[y] - Math.log1p(rest));
  return {scores, y, temperature: T, exps, sumExp, probs, loss};
}

const CORRECT = PALETTE[1];
const OTHER = PALETTE[7];
const LOSS_TOP = 7;

function setup({model, figure, readout, data}) {
  const names = data.class_names.map((name) => tr(name));  // in the page's language
  const c = names.length;
  legend(figure, [{label: "the correct class", color: CORRECT},
    {label: "the other classes", color: OTHER}]).style.flexBasis = "100%";
  const xTicks = names.map((name, k) => ({value: k, label: name}));
  // three panels of 216 px side by side in the book's column, one above the other on a phone
  const size = {width: 216, height: 210, margin: {left: 40, right: 8}};
  const expPanel = panel(figure, {...size, xTicks, title: ""});
  const probPanel = panel(figure, {...size, xTicks});
  const lossPanel = panel(figure, {...size, xLabel: "P(Y = y), the correct class",
    yLabel: "loss −log p", margin: {left: 40, right: 8, bottom: 40}});
  for (const p of [expPanel, probPanel, lossPanel]) {
    // min-width 0: a panel may shrink a little on a line (an SVG's automatic minimum width is
    // its full max-width, which would wrap the third panel in the book's column)
    Object.assign(p.root.style, {flexBasis: "200px", minWidth: "0"});
  }
  expPanel.setX([-0.6, c - 0.4]);
  expPanel.setTitle("exponentials e^(sₖ/T)");
  probPanel.setX([-0.6, c - 0.4]);
  probPanel.setY([0, 1.1], [0, 0.2, 0.4, 0.6, 0.8, 1]);
  probPanel.setTitle("P(Y = k), summing to 1");
  lossPanel.setX([0, 1]);
  lossPanel.setY([0, LOSS_TOP]);
  // the −log p curve never changes: drawn once
  const ps = Array.from({length: 300}, (_, i) => 1e-3 + (i * (1 - 1e-3)) / 299);
  let d = "";
  ps.forEach((p, i) => {
    d += `${i ? "L" : "M"}${lossPanel.x(p).toFixed(2)},${lossPanel.y(-Math.log(p)).toFixed(2)}`;
  });
  attrs(lossPanel.mark("curve", "path"), {d, fill: "none", stroke: "currentColor",
    "stroke-width": 1.4, opacity: 0.7});
  const guide = attrs(lossPanel.mark("guide", "line"), {stroke: CORRECT, "stroke-width": 1.2,
    "stroke-dasharray": "2 3"});
  // unclipped: a loss above the axis top (7) shows as a whole marker on the top edge
  const marker = attrs(lossPanel.mark("marker", "circle", {unclipped: true}), {r: 5,
    fill: CORRECT});

  function bars(p, values, top, text, y) {
    values.forEach((v, k) => {
      const h = Math.min(v, top);
      const x0 = p.x(k - 0.35);
      attrs(p.mark(`bar-${k}`, "rect"), {x: x0, width: p.x(k + 0.35) - x0, y: p.y(h),
        height: p.y(0) - p.y(h), fill: k === y ? CORRECT : OTHER});
      attrs(p.mark(`text-${k}`, "text", {unclipped: true}), {x: p.x(k), y: p.y(h) - 3,
        "text-anchor": "middle", class: "lb-mark-text"}).textContent = text(v);
    });
  }

  return function update() {
    const r = compute(model.get("scores"), model.get("y"), model.get("temperature"));
    const finite = r.exps.filter(Number.isFinite);
    const top = finite.length ? niceCeiling(1.15 * Math.max(...finite), 1e-300) : 1;
    expPanel.setY([0, top]);
    bars(expPanel, r.exps, top, (v) => general(v, 3), r.y);
    bars(probPanel, r.probs, 1.1, (v) => fixed(v, 2), r.y);
    const py = r.probs[r.y];
    const shown = Math.min(r.loss, LOSS_TOP);
    attrs(marker, {cx: lossPanel.x(py), cy: lossPanel.y(shown)});
    attrs(guide, {x1: lossPanel.x(py), x2: lossPanel.x(py), y1: lossPanel.y(0),
      y2: lossPanel.y(shown)});
    lossPanel.setTitle(`−log P(Y = y) = ${fixed(r.loss, 3)}`);

    const correct = names[r.y];
    const rows = names.map((name, k) => [`exp_${k}`, `e^(s_${name}/T)`, r.exps[k],
      general(r.exps[k], 4)]);
    rows.push(["sum_exp", "sum of the exponentials", r.sumExp, general(r.sumExp, 4)]);
    names.forEach((name, k) => rows.push([`prob_${k}`, `P(Y = ${name})`, r.probs[k],
      fixed(r.probs[k], 4)]));
    rows.push(["loss", tr("loss −log P(Y = {name})", {name: correct}), r.loss, fixed(r.loss, 4)]);
    rows.push(["temperature", "temperature T", r.temperature, fixed(r.temperature, 2)]);
    readout.show(rows);

    const list = (values, f) => names.map((name, k) => `${name} ${f(values[k])}`).join(", ");
    const highlighted = "{values}; the correct class, {name}, is highlighted.";
    expPanel.describe(tr("Bar chart of the exponentials e^(s_k/T) at T = {T}",
      {T: fixed(r.temperature, 2)}),
      tr(highlighted, {values: list(r.exps, (v) => general(v, 3)), name: correct}));
    probPanel.describe("Bar chart of the softmax probabilities, which sum to 1",
      tr(highlighted, {values: list(r.probs, (v) => fixed(v, 2)), name: correct}));
    lossPanel.describe("The curve −log p against the probability p of the correct class",
      tr("The marker is at p = {p}, loss {loss}.", {p: fixed(py, 3), loss: fixed(r.loss, 3)}));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "softmax"});
  },
};
