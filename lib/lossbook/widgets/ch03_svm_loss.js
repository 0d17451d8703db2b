// Chapter 3, the multiclass SVM loss: the JavaScript face of SvmExplorer (ch03_svm_loss.py).
//
//   m_ij = max(0, s_ij − s_iy_i + Δ)  (squared if asked),  j ≠ y_i;   L_i = Σ_j m_ij;   L = mean L_i
//
// compute() is the twin of the Python compute(); the browser tests check the two agree.
import { PALETTE, attrs, button, explorer, fixed, legend, niceCeiling, panel, short, tr } from "./_explorer.js";

/** Hinge terms (N × C, 0 at y_i), per-image losses and their mean. */
export function compute(scores, y, margin, squared) {
  const terms = scores.map((row, i) => row.map((s, j) => {
    if (j === y[i]) return 0;
    const m = Math.max(0, s - row[y[i]] + margin);
    return squared ? m * m : m;
  }));
  const losses = terms.map((row) => row.reduce((a, b) => a + b, 0));
  const total = losses.reduce((a, b) => a + b, 0) / losses.length;
  return {terms, losses, total, margin, squared};
}

function setup({model, actions, figure, readout, data}) {
  const {y, initial} = data;
  const classes = data.class_names.map((name) => tr(name));  // shown in the page's language
  const images = data.image_names.map((name) => tr(name));
  const n = images.length;
  const c = classes.length;
  button(actions, "reset to the worked example", () => {
    for (const [name, value] of Object.entries(initial)) model.set(name, value);
    model.save_changes();
  });
  legend(figure, [...classes.map((name, j) => ({label: tr("term of class {name}", {name}),
    color: PALETTE[j]})), {label: "L, the mean", color: PALETTE[1], kind: "line", dash: "5 3"}]);
  const xTicks = images.map((name, i) => ({value: i,
    label: tr("{image}\n(correct: {name})", {image: name, name: classes[y[i]]})}));
  const left = panel(figure, {width: 390, height: 240, xTicks, margin: {bottom: 44}});
  const right = panel(figure, {width: 270, height: 240,
    xTicks: images.map((name, i) => ({value: i, label: name})), margin: {bottom: 44}});
  left.setX([-0.6, n - 0.4]);
  right.setX([-0.6, n - 0.4]);
  right.setTitle("per-image losses and their mean");
  const width = 0.8 / (c - 1);

  return function update() {
    const r = compute(model.get("scores"), y, model.get("margin"), model.get("squared"));
    const top = niceCeiling(1.15 * Math.max(...r.losses));
    left.setY([0, top]);
    right.setY([0, top]);
    left.setTitle(tr(r.squared ? "squared hinge terms, Δ = {margin}" : "hinge terms, Δ = {margin}",
      {margin: short(r.margin)}));
    for (let i = 0; i < n; i++) {
      const others = [...Array(c).keys()].filter((j) => j !== y[i]);
      others.forEach((j, k) => {
        const x = i - 0.4 + width * (k + 0.5);
        const h = r.terms[i][j];
        const x0 = left.x(x - width * 0.45);
        attrs(left.mark(`bar-${i}-${j}`, "rect"), {x: x0, width: left.x(x + width * 0.45) - x0,
          y: left.y(h), height: left.y(0) - left.y(h), fill: PALETTE[j]});
        attrs(left.mark(`text-${i}-${j}`, "text", {unclipped: true}), {x: left.x(x),
          y: left.y(h) - 3, "text-anchor": "middle", class: "lb-mark-text"})
          .textContent = short(h);
      });
      const x0 = right.x(i - 0.4);
      const h = r.losses[i];
      attrs(right.mark(`loss-${i}`, "rect"), {x: x0, width: right.x(i + 0.4) - x0,
        y: right.y(h), height: right.y(0) - right.y(h), fill: PALETTE[7]});
      attrs(right.mark(`loss-text-${i}`, "text", {unclipped: true}), {x: right.x(i),
        y: right.y(h) - 3, "text-anchor": "middle", class: "lb-mark-text"}).textContent = short(h);
    }
    attrs(right.mark("total", "line"), {x1: right.plot.left, x2: right.plot.right,
      y1: right.y(r.total), y2: right.y(r.total), stroke: PALETTE[1], "stroke-width": 2,
      "stroke-dasharray": "6 4"});
    const sq = r.squared ? "²" : "";
    const rows = [];
    const said = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < c; j++) {
        if (j === y[i]) continue;
        rows.push([`term_${i}_${j}`, `${images[i]}: max(0, s_${classes[j]} − s_${classes[y[i]]}`
          + ` + Δ)${sq}`, r.terms[i][j], fixed(r.terms[i][j], 2)]);
      }
      rows.push([`loss_${i}`, tr("{image}: loss L_{i}", {image: images[i], i}), r.losses[i],
        fixed(r.losses[i], 2)]);
      said.push(`${images[i]} ${short(r.losses[i])}`);
    }
    rows.push(["total", "L = mean of the L_i", r.total, fixed(r.total, 2)]);
    rows.push(["margin", "margin Δ", r.margin, fixed(r.margin, 2)]);
    readout.show(rows);
    const losses = said.join(", ");
    left.describe(r.squared ? "Bar chart of the squared hinge terms, grouped by image"
      : "Bar chart of the hinge terms, grouped by image",
      tr("Per-image losses: {losses}.", {losses}));
    right.describe("Bar chart of the per-image losses with their mean",
      tr("Per-image losses: {losses}; their mean L = {mean}.", {losses, mean: short(r.total)}));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "multiclass SVM loss"});
  },
};
