// Chapter 6, outliers: the JavaScript face of OutlierExplorer (ch06_regression_losses.py).
//
// The data are rebuilt as lossbook.data.toy1d.make_line_data builds them: the points before any
// outlier is moved (data.x, data.y) and the order in which points become outliers (data.order);
// the first `n_outliers` of that order are moved up by `outlier_size`.  Then two lines:
//   L2, least squares:               argmin Σ (a xᵢ + c − yᵢ)²   (closed form, centred sums)
//   L1, least absolute deviations:   argmin Σ |a xᵢ + c − yᵢ|    (exact, as regression.fit_l1)
// compute() is the twin of the Python compute_outliers(); the browser tests check the two agree.
import { PALETTE, attrs, explorer, fixed, legend, npSum, panel, short, tr } from "./_explorer.js";

/** np.median: the middle value, or the mean of the two middle values. */
export function median(values) {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  const h = Math.floor(n / 2);
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** The points of make_line_data with the first `nOutliers` of `order` moved up by `size`. */
export function lineData(base, nOutliers, size) {
  const isOutlier = new Array(base.x.length).fill(false);
  for (const i of base.order.slice(0, nOutliers)) isOutlier[i] = true;
  const y = base.y.map((v, i) => v + size * (isOutlier[i] ? 1 : 0));
  return {x: base.x.slice(), y, isOutlier};
}

/** Least squares line (slope, intercept) from the centred sums. */
export function fitL2(x, y) {
  const n = x.length;
  const xm = npSum(x) / n;
  const ym = npSum(y) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - xm) * (x[i] - xm);
    sxy += (x[i] - xm) * (y[i] - ym);
  }
  const slope = sxy / sxx;
  return [slope, ym - slope * xm];
}

/** min over the intercept of Σ|yᵢ − a xᵢ − c| at the slope a: [value, best intercept c]. */
function profile(a, x, y) {
  const r = y.map((v, i) => v - a * x[i]);
  const c = median(r);
  return [npSum(r.map((v) => Math.abs(v - c))), c];
}

/** The exact least-absolute-deviations line, by the algorithm of regression.fit_l1: the slopes
 *  of the lines through every pair of points (i < j, distinct x), sorted and made unique, and a
 *  binary search for the minimum of the convex profile over them; the intercept is the median.
 *  Same arithmetic as numpy (products, differences, np.median, np.sum's pairwise order), so the
 *  same comparisons and the same line, also where the minimum is not unique. */
export function fitL1(x, y) {
  const n = x.length;
  const raw = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - x[i];
      if (dx !== 0) raw.push((y[j] - y[i]) / dx);
    }
  }
  const sorted = Float64Array.from(raw).sort();
  const slopes = sorted.filter((v, k) => k === 0 || v !== sorted[k - 1]);
  let lo = 0;
  let hi = slopes.length - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (profile(slopes[mid], x, y)[0] <= profile(slopes[mid + 1], x, y)[0]) hi = mid;
    else lo = mid + 1;
  }
  return [slopes[lo], profile(slopes[lo], x, y)[1]];
}

function meanLosses([slope, intercept], x, y) {
  const f = x.map((v) => slope * v + intercept);
  const d = f.map((v, i) => v - y[i]);
  return [npSum(d.map((v) => v * v)) / d.length, npSum(d.map(Math.abs)) / d.length];
}

/** Everything OutlierExplorer shows, for `nOutliers` outliers of size `size`. */
export function compute(base, nOutliers, size) {
  const {x, y, isOutlier} = lineData(base, nOutliers, size);
  const l2 = fitL2(x, y);
  const l1 = fitL1(x, y);
  const [l2L2, l2L1] = meanLosses(l2, x, y);
  const [l1L2, l1L1] = meanLosses(l1, x, y);
  return {x, y, isOutlier, l2_params: l2, l1_params: l1, l2_fit_l2: l2L2, l2_fit_l1: l2L1,
    l1_fit_l2: l1L2, l1_fit_l1: l1L1};
}

function setup({model, figure, readout, data}) {
  const base = {x: data.x, y: data.y, order: data.order};
  const {slope: trueSlope, intercept: trueIntercept} = data;
  const colors = {l2: PALETTE[0], l1: PALETTE[1], outlier: PALETTE[4], point: PALETTE[7]};
  const key = legend(figure, [{label: "true line", color: colors.point, kind: "line", dash: "2 3"},
    {label: "L2 fit (least squares)", color: colors.l2, kind: "line"},
    {label: "L1 fit (least abs.)", color: colors.l1, kind: "line", dash: "7 4"},
    {label: "data", color: colors.point}, {label: "outliers", color: colors.outlier}]);
  key.style.flex = "1 1 100%";  // the legend on a row of its own, the panels below
  const p = panel(figure, {width: 400, height: 270, xLabel: "x", yLabel: "y"});
  const xs = [-0.3, 10.3];
  p.setX(xs);
  const line = (key, [a, c], style) => attrs(p.mark(key, "line"), {x1: p.x(xs[0]),
    x2: p.x(xs[1]), y1: p.y(a * xs[0] + c), y2: p.y(a * xs[1] + c), ...style});

  return function update() {
    const n = model.get("n_outliers");
    const size = model.get("outlier_size");
    const r = compute(base, n, size);
    // the top moves in steps of 2 (as in the Python figure), so the axes rarely change
    p.setY([-1, Math.max(8, 2 * Math.ceil((Math.max(...r.y) + 1) / 2))]);
    p.setTitle(tr(n === 1 ? "{n} outlier moved up by {size}" : "{n} outliers moved up by {size}",
      {n, size: short(size)}));
    line("true", [trueSlope, trueIntercept], {stroke: colors.point, "stroke-width": 1.5,
      "stroke-dasharray": "2 3"});
    r.x.forEach((x, i) => {
      const out = r.isOutlier[i];
      attrs(p.mark(`point-${i}`, "circle"), {cx: p.x(x), cy: p.y(r.y[i]), r: out ? 4 : 3,
        fill: out ? colors.outlier : colors.point, stroke: out ? "currentColor" : "none",
        "stroke-width": 0.8, "data-outlier": out ? "1" : "0"});
    });
    line("l2", r.l2_params, {stroke: colors.l2, "stroke-width": 2.5});
    line("l1", r.l1_params, {stroke: colors.l1, "stroke-width": 2.5, "stroke-dasharray": "7 4"});
    const [a2, c2] = r.l2_params;
    const [a1, c1] = r.l1_params;
    p.describe("Scatter plot of the data with the true line, the L2 line and the L1 line",
      tr("{count} points around y = {slope} x + {intercept}, {n} of them moved up by {size}. "
      + "L2 line: slope {a2}, intercept {c2}. L1 line: slope {a1}, intercept {c1}.",
      {count: r.x.length, slope: short(trueSlope), intercept: short(trueIntercept), n,
        size: short(size), a2: fixed(a2, 3), c2: fixed(c2, 3), a1: fixed(a1, 3),
        c1: fixed(c1, 3)}));
    readout.show([
      ["l2_slope", "L2 line: slope", a2, fixed(a2, 3)],
      ["l2_intercept", "L2 line: intercept", c2, fixed(c2, 3)],
      ["l1_slope", "L1 line: slope", a1, fixed(a1, 3)],
      ["l1_intercept", "L1 line: intercept", c1, fixed(c1, 3)],
      ["l2_fit_l2_loss", "L2 line: mean L2 loss", r.l2_fit_l2, fixed(r.l2_fit_l2, 3)],
      ["l2_fit_l1_loss", "L2 line: mean L1 loss", r.l2_fit_l1, fixed(r.l2_fit_l1, 3)],
      ["l1_fit_l2_loss", "L1 line: mean L2 loss", r.l1_fit_l2, fixed(r.l1_fit_l2, 3)],
      ["l1_fit_l1_loss", "L1 line: mean L1 loss", r.l1_fit_l1, fixed(r.l1_fit_l1, 3)],
    ], tr("true line: slope {slope}, intercept {intercept}", {slope: short(trueSlope),
      intercept: short(trueIntercept)}));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup,
      {readoutTitle: "Fitted lines (mean losses over all points)"});
  },
};
