// Chapter 7, softmax with a temperature: the JavaScript face of TemperatureExplorer
// (ch07_classification_losses.py).
//
//   p = softmax(s / T) = exp((s − max s) / T) / Σ exp((s − max s) / T)   (stable: no overflow)
//   entropy = −Σ p log p (over p > 0);   distance to the one-hot argmax = ½ Σ |p − onehot|
//
// compute() is the twin of the Python compute_temperature(); the browser tests check they agree.
import { PALETTE, attrs, explorer, fixed, general, legend, npSum, panel, short, tr } from "./_explorer.js";

/** softmax(scores / T), the one-hot argmax (first of ties), the largest probability, the
 *  entropy in nats and the total-variation distance to the one-hot argmax. */
export function compute(scores, temperature) {
  const m = Math.max(...scores);
  const e = scores.map((s) => Math.exp((s - m) / temperature));
  const total = npSum(e);
  const probs = e.map((v) => v / total);
  const arg = scores.indexOf(m);
  const oneHot = scores.map((_, k) => (k === arg ? 1 : 0));
  const terms = probs.filter((p) => p > 0).map((p) => p * Math.log(p));
  return {
    probs, oneHot, arg, temperature,
    maxProb: Math.max(...probs),
    entropy: 0 - npSum(terms),
    tvToOneHot: 0.5 * npSum(probs.map((p, k) => Math.abs(p - oneHot[k]))),
  };
}

function setup({model, figure, readout, data}) {
  const keys = data.class_names;  // the readout keys (p_cat, ...) keep the names as given
  const names = keys.map((name) => tr(name));
  const c = names.length;
  legend(figure, [{label: "softmax(s / T)", color: PALETTE[0]},
    {label: "one-hot argmax", color: "currentColor", kind: "hollow", dash: "4 3"}])
    .style.flexBasis = "100%";  // a line of its own above the chart, at any width
  const p = panel(figure, {width: 430, height: 250, yLabel: "probability",
    xTicks: names.map((name, k) => ({value: k, label: name})),
    yTicks: [0, 0.25, 0.5, 0.75, 1], margin: {left: 54, bottom: 34}});
  p.setX([-0.6, c - 0.4]);
  p.setY([0, 1.08]);
  const y0 = p.y(0);

  return function update() {
    const scores = model.get("scores");
    const r = compute(scores, model.get("temperature"));
    const tText = general(r.temperature, 3);
    p.setTitle(tr("softmax(s / T) at T = {T}", {T: tText}));
    for (let k = 0; k < c; k++) {
      const bar = (key, half, h, extra) => {
        const x0 = p.x(k - half);
        attrs(p.mark(key, "rect"), {x: x0, width: p.x(k + half) - x0, y: p.y(h),
          height: y0 - p.y(h), ...extra});
      };
      bar(`bar-${k}`, 0.3, r.probs[k], {fill: PALETTE[0]});
      bar(`hot-${k}`, 0.4, r.oneHot[k], {fill: "none", stroke: "currentColor",
        "stroke-width": 1.5, "stroke-dasharray": "4 3"});
      attrs(p.mark(`text-${k}`, "text", {unclipped: true}), {x: p.x(k),
        y: p.y(r.probs[k]) - 4, "text-anchor": "middle",
        class: "lb-mark-text"}).textContent = fixed(r.probs[k], 2);
    }
    const rows = names.map((name, k) => [`p_${keys[k]}`, `P(${name})`, r.probs[k],
      fixed(r.probs[k], 4)]);
    rows.push(["max_prob", "largest probability", r.maxProb, fixed(r.maxProb, 4)]);
    rows.push(["entropy", "entropy (nats)", r.entropy, fixed(r.entropy, 4)]);
    rows.push(["tv_to_one_hot", "distance to one-hot", r.tvToOneHot, fixed(r.tvToOneHot, 4)]);
    readout.show(rows, `T = ${tText}`);
    const said = names.map((name, k) => `${name} ${short(r.probs[k])}`).join(", ");
    p.describe(tr("Bar chart of softmax(s / T) at T = {T}, over the dashed one-hot argmax",
      {T: tText}), tr("Scores {scores}; probabilities {probabilities}; the argmax is {name}.",
      {scores: names.map((name, k) => `${name} ${short(scores[k])}`).join(", "),
        probabilities: said, name: names[r.arg]}));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "softmax(s / T)"});
  },
};
