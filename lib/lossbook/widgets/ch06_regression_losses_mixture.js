// Chapter 6, a mixture of two Laplace densities: the JavaScript face of MixtureExplorer
// (ch06_regression_losses.py).
//
//   p(y) = τ₁ Laplace(y | f₁, b₁) + τ₂ Laplace(y | f₂, b₂),  τ₂ = 1 − τ₁           (eq. 6.7)
//   Lᵢ = −log p(yᵢ), by log-sum-exp as lossbook.losses.laplace_mixture_nll          (eq. 6.8)
//
// compute() is the twin of the Python compute_mixture(); the browser tests check the two agree.
import { PALETTE, attrs, explorer, fixed, legend, npSum, panel, pathData, short, tr } from "./_explorer.js";

/** −log Σₘ wₘ/(2bₘ) exp(−|y − fₘ|/bₘ) at one target, stably: with aₘ the log of each term and
 *  a* = max aₘ, −(a* + log Σₘ exp(aₘ − a*)) (a zero weight gives aₘ = −∞, a term of 0). */
export function mixtureNll(y, w, f, b) {
  const a = w.map((wm, m) => Math.log(wm) - Math.log(2 * b[m]) - Math.abs(y - f[m]) / b[m]);
  const top = Math.max(...a);
  let sum = 0;
  for (const am of a) sum += Math.exp(am - top);
  return -(top + Math.log(sum));
}

export function laplacePdf(r, b) {
  return Math.exp(-Math.abs(r) / b) / (2 * b);
}

/** np.linspace(start, stop, num). */
export function linspace(start, stop, num) {
  const step = (stop - start) / (num - 1);
  return Array.from({length: num}, (_, i) => (i === num - 1 ? stop : i * step + start));
}

/** The mixture's density and weighted components on `grid`, the mean NLL of `targets` and the
 *  NLL at each of `points`. */
export function compute(weight1, loc1, loc2, scale1, scale2, targets, points, grid) {
  const w = [weight1, 1.0 - weight1];
  const f = [loc1, loc2];
  const b = [scale1, scale2];
  const nll = targets.map((y) => mixtureNll(y, w, f, b));
  return {
    w, f, b,
    density: grid.map((y) => Math.exp(-mixtureNll(y, w, f, b))),
    components: [0, 1].map((m) => grid.map((y) => w[m] * laplacePdf(y - f[m], b[m]))),
    data_nll: npSum(nll) / nll.length,
    point_nll: points.map((y) => mixtureNll(y, w, f, b)),
  };
}

/** A number as the readout keys spell it: 0, -1, 2.2. */
function keyNumber(v) {
  return String(v);
}

function setup({model, figure, readout, data}) {
  const {targets, edges, heights, points} = data;
  const grid = linspace(data.grid.start, data.grid.stop, data.grid.num);
  const colors = {mix: PALETTE[0], c1: PALETTE[2], c2: PALETTE[3], hist: PALETTE[7]};
  const key = legend(figure, [{label: tr("data (N = {n})", {n: targets.length}), color: colors.hist},
    {label: "τ₁ × component 1", color: colors.c1, kind: "line", dash: "5 3"},
    {label: "τ₂ × component 2", color: colors.c2, kind: "line", dash: "5 3"},
    {label: "mixture density", color: colors.mix, kind: "line"},
    {label: "reference points y = 0, −1, 2.2", color: "currentColor", kind: "line"}]);
  key.style.flex = "1 1 100%";  // the legend on a row of its own, the panels below
  const p = panel(figure, {width: 400, height: 250, xLabel: "y", yLabel: "density"});
  p.setX([edges[0], edges[edges.length - 1]]);
  p.setTitle("the data and the mixture");
  let histScale = null;

  return function update() {
    const r = compute(model.get("weight1"), model.get("loc1"), model.get("loc2"),
      model.get("scale1"), model.get("scale2"), targets, points, grid);
    const peak = Math.max(...r.density);
    // the top moves in steps of 0.25 (as in the Python figure), so the axes rarely change
    p.setY([0, Math.max(0.5, Math.ceil(4.6 * peak) / 4)]);
    if (p.y !== histScale) {  // the histogram is fixed: drawn again only when the axis moves
      histScale = p.y;
      heights.forEach((h, k) => {
        const x0 = p.x(edges[k]);
        attrs(p.mark(`bar-${k}`, "rect"), {x: x0,
          width: Math.max(0, p.x(edges[k + 1]) - x0 - 0.5), y: p.y(h),
          height: p.y(0) - p.y(h), fill: colors.hist, opacity: 0.45});
      });
    }
    r.components.forEach((comp, m) => {
      attrs(p.mark(`component-${m}`, "path"), {d: pathData(grid, comp, p.x, p.y), fill: "none",
        stroke: m ? colors.c2 : colors.c1, "stroke-width": 1.5, "stroke-dasharray": "5 3"});
    });
    attrs(p.mark("density", "path"), {d: pathData(grid, r.density, p.x, p.y), fill: "none",
      stroke: colors.mix, "stroke-width": 2.5});
    points.forEach((y, k) => {
      const px = p.x(y);
      attrs(p.mark(`point-${k}`, "line"), {x1: px, x2: px, y1: p.plot.bottom,
        y2: p.plot.bottom - 12, class: "lb-ink", "stroke-width": 2});
    });
    const [w1, w2] = r.w;
    p.describe("Histogram of the data with the mixture density and its two weighted components",
      tr("Mixture: weight {w1} on Laplace({f1}, {b1}) and {w2} on Laplace({f2}, {b2}); its "
      + "density peaks at {peak}; the mean negative log-likelihood of the {n} targets is {nll}. "
      + "Tick marks at the reference points y = {points}.", {w1: fixed(w1, 2),
        f1: short(r.f[0]), b1: short(r.b[0]), w2: fixed(w2, 2), f2: short(r.f[1]),
        b2: short(r.b[1]), peak: fixed(peak, 3), n: targets.length, nll: fixed(r.data_nll, 4),
        points: points.map(short).join(", ")}));
    const rows = [
      ["tau1", "τ₁", w1, fixed(w1, 2)],
      ["tau2", "τ₂", w2, fixed(w2, 2)],
      ["data_nll", "mean NLL (data)", r.data_nll, fixed(r.data_nll, 4)],
    ];
    points.forEach((y, k) => {
      rows.push([`nll_at_${keyNumber(y)}`, tr("NLL at y = {y}", {y: short(y).replace("-", "−")}),
        r.point_nll[k], fixed(r.point_nll[k], 4)]);
    });
    readout.show(rows);
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "Negative log-likelihood"});
  },
};
