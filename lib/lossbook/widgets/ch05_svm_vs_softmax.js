// Chapter 5, SVM versus softmax: the JavaScript face of SvmVsSoftmaxExplorer
// (ch05_svm_vs_softmax.py).  One image, class 0 correct, scores (s₀, s₁, ...):
//
//   SVM:      L = Σ_{j≠0} max(0, s_j − s₀ + Δ)            (0 from s₀ = max_{j≠0} s_j + Δ on)
//   softmax:  L = −log(e^{s₀} / Σ_j e^{s_j}) = log1p(Σ_{j≠argmax} e^{s_j − max s}) − (s₀ − max s)
//
// compute() is the twin of the Python compute(), formula for formula as lossbook.losses computes
// them (the log-sum-exp with the largest term taken out, so [10, −100, −100] gives 3.4e-48, not 0).
import { PALETTE, attrs, explorer, fixed, general, legend, niceCeiling, panel, pathData, tr } from "./_explorer.js";

/** The multiclass SVM loss of one image, class 0 correct (lossbook.losses.svm_loss). */
export function svmLoss(scores, margin) {
  let total = 0;
  for (let j = 1; j < scores.length; j++) total += Math.max(0, scores[j] - scores[0] + margin);
  return total;
}

/** The softmax loss −log P(Y = 0) (lossbook.losses.cross_entropy). */
export function softmaxLoss(scores) {
  let first = 0;
  scores.forEach((v, k) => {
    if (v > scores[first]) first = k;
  });
  const m = scores[first];
  let rest = 0;
  scores.forEach((v, k) => {
    if (k !== first) rest += Math.exp(v - m);
  });
  return 0 - ((scores[0] - m) - Math.log1p(rest));
}

/** P(Y = 0) (lossbook.losses.softmax). */
export function probCorrect(scores) {
  const m = Math.max(...scores);
  const e = scores.map((v) => Math.exp(v - m));
  return e[0] / e.reduce((a, b) => a + b, 0);
}

/** Both losses for the scores (correctScore, ...others), and along `grid` (values of s₀). */
export function compute(others, correctScore, margin, grid = null) {
  const scores = [correctScore, ...others];
  const g = grid || Array.from({length: 251}, (_, i) => -5 + i * 0.1);
  return {
    scores, margin,
    svmLoss: svmLoss(scores, margin),
    softmaxLoss: softmaxLoss(scores),
    probCorrect: probCorrect(scores),
    svmZeroFrom: Math.max(...others) + margin,
    grid: g,
    svmCurve: g.map((s0) => svmLoss([s0, ...others], margin)),
    softmaxCurve: g.map((s0) => softmaxLoss([s0, ...others])),
  };
}

const SVM = PALETTE[0];
const SOFTMAX = PALETTE[1];
const ZOOM_TOP = 2;

function setup({model, figure, readout, data}) {
  const examples = new Map(data.examples);
  legend(figure, [{label: "SVM (hinge) loss", color: SVM, kind: "line"},
    {label: "softmax loss", color: SOFTMAX, kind: "line"},
    {label: "the SVM loss is 0 from here on (max other score + Δ)", color: SVM, kind: "line",
      dash: "5 3"}]).style.flexBasis = "100%";
  const xLabel = "score of the correct class, s₀";
  // side by side in the book's column (flex-basis 300 px each), one above the other on a phone
  const full = panel(figure, {width: 360, height: 250, xLabel, yLabel: "loss",
    margin: {left: 46, right: 12}});
  const zoom = panel(figure, {width: 300, height: 250, xLabel, margin: {left: 40, right: 12}});
  full.setX([-5, 20]);
  // min-width 0: the two may shrink a little to share a line (an SVG's automatic minimum width is
  // its full max-width)
  for (const p of [full, zoom]) Object.assign(p.root.style, {flexBasis: "300px", minWidth: "0"});
  zoom.setY([-0.05, ZOOM_TOP], [0, 0.5, 1, 1.5, 2]);
  zoom.setTitle("zoom: losses below 2");
  const zoomGrid = Array.from({length: 201}, (_, i) => i * 0.05);  // offsets from the left edge

  function draw(p, r, grid, svmCurve, softmaxCurve) {
    const s0 = r.scores[0];
    attrs(p.mark("zero", "line"), {x1: p.x(r.svmZeroFrom), x2: p.x(r.svmZeroFrom),
      y1: p.plot.top, y2: p.plot.bottom, stroke: SVM, "stroke-width": 1.2,
      "stroke-dasharray": "5 3"});
    attrs(p.mark("current", "line"), {x1: p.x(s0), x2: p.x(s0), y1: p.plot.top,
      y2: p.plot.bottom, class: "lb-ink", "stroke-width": 1, "stroke-dasharray": "1.5 3",
      opacity: 0.8});
    attrs(p.mark("svm", "path"), {d: pathData(grid, svmCurve, p.x, p.y), fill: "none",
      stroke: SVM, "stroke-width": 2.2});
    attrs(p.mark("softmax", "path"), {d: pathData(grid, softmaxCurve, p.x, p.y), fill: "none",
      stroke: SOFTMAX, "stroke-width": 2.2});
    attrs(p.mark("svm-point", "circle"), {cx: p.x(s0), cy: p.y(r.svmLoss), r: 5, fill: SVM});
    attrs(p.mark("softmax-point", "circle"), {cx: p.x(s0), cy: p.y(r.softmaxLoss), r: 5,
      fill: "none", stroke: SOFTMAX, "stroke-width": 2});
  }

  return function update() {
    const name = model.get("example");
    const others = examples.get(name);
    const r = compute(others, model.get("correct_score"), model.get("margin"));
    const s0 = r.scores[0];
    const top = niceCeiling(1.1 * Math.max(Math.max(...r.svmCurve), Math.max(...r.softmaxCurve)));
    full.setY([-0.02 * top, top]);
    draw(full, r, r.grid, r.svmCurve, r.softmaxCurve);
    // the zoom follows the current score in steps of 5, so its axes rarely change
    const left = 5 * Math.floor((s0 - 2.5) / 5);
    zoom.setX([left, left + 10]);
    const zg = zoomGrid.map((dx) => left + dx);
    draw(zoom, r, zg, zg.map((v) => svmLoss([v, ...others], r.margin)),
      zg.map((v) => softmaxLoss([v, ...others])));
    const scores = r.scores.map((v) => general(v)).join(", ");
    full.setTitle(tr("[{scores}]: SVM {svm}, softmax {softmax}", {scores,
      svm: general(r.svmLoss, 3), softmax: general(r.softmaxLoss, 3)}));

    readout.show([
      ["correct_score", "correct class score s₀", s0, fixed(s0, 2)],
      ["margin", "margin Δ", r.margin, fixed(r.margin, 2)],
      ["svm_loss", "SVM loss", r.svmLoss, fixed(r.svmLoss, 4)],
      ["softmax_loss", "softmax loss", r.softmaxLoss, general(r.softmaxLoss, 4)],
      ["prob_correct", "softmax P(Y = 0)", r.probCorrect, fixed(r.probCorrect, 4)],
      ["svm_zero_from", "SVM loss is 0 for s₀ ≥", r.svmZeroFrom, fixed(r.svmZeroFrom, 2)],
    ]);
    const said = tr("At s₀ = {s0}: SVM loss {svm}, softmax loss {softmax}; the SVM loss is 0 "
      + "from s₀ = {zero} on.", {s0: general(s0), svm: general(r.svmLoss, 3),
      softmax: general(r.softmaxLoss, 3), zero: general(r.svmZeroFrom)});
    full.describe(tr("The SVM and softmax losses against s₀ from −5 to 20, other scores {name}",
      {name}), said);
    zoom.describe(tr("Zoom on losses below 2, s₀ from {lo} to {hi}", {lo: left, hi: left + 10}),
      said);
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "SVM versus softmax, class 0 correct"});
  },
};
