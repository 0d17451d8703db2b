// Chapter 6, Gaussian versus Laplace noise: the JavaScript face of DensitiesExplorer
// (ch06_regression_losses.py).
//
//   Gaussian:  N(r | 0, σ²) = exp(−r²/(2σ²)) / √(2πσ²),   NLL = ½ log(2πσ²) + r²/(2σ²),
//              P(|r| > 3) = erfc(3/(σ√2))
//   Laplace:   Laplace(r | 0, b) = exp(−|r|/b) / (2b),     NLL = log(2b) + |r|/b,
//              P(|r| > 3) = exp(−3/b)
//
// compute() is the twin of the Python compute_densities(); the browser tests check the two agree.
import { PALETTE, attrs, explorer, fixed, general, legend, panel, pathData, short, tr } from "./_explorer.js";

// ---- erfc: W. J. Cody's rational Chebyshev approximations (CALERF, SPECFUN, 1969/1990) -------
// Relative error below about 1e-15 on the whole real line (the twin of Python's math.erfc).
const ERF_A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
  3.20937758913846947e03, 1.85777706184603153e-1];
const ERF_B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
  2.84423683343917062e03];
const ERF_C = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
  2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
  2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
const ERF_D = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
  1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
  3.43936767414372164e03, 1.23033935480374942e03];
const ERF_P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
  1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
const ERF_Q = [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
  6.05183413124413191e-2, 2.33520497626869185e-3];
const SQRPI = 5.6418958354775628695e-1;  // 1/√π

/** exp(−y²) · q, with y² split as ysq² + del so that the large square loses no digits. */
function expMinusSquare(y, q) {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * q;
}

/** The complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt. */
export function erfc(x) {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let result;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = ERF_A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + ERF_A[i]) * ysq;
      den = (den + ERF_B[i]) * ysq;
    }
    return 1 - x * (num + ERF_A[3]) / (den + ERF_B[3]);
  } else if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERF_C[i]) * y;
      den = (den + ERF_D[i]) * y;
    }
    result = expMinusSquare(y, (num + ERF_C[7]) / (den + ERF_D[7]));
  } else if (y >= 26.543) {
    result = 0;  // erfc(26.543) is below the smallest double
  } else {
    const ysq = 1 / (y * y);
    let num = ERF_P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + ERF_P[i]) * ysq;
      den = (den + ERF_Q[i]) * ysq;
    }
    const r = ysq * (num + ERF_P[4]) / (den + ERF_Q[4]);
    result = expMinusSquare(y, (SQRPI - r) / y);
  }
  return x < 0 ? 2 - result : result;
}

// ---- the compute twin ------------------------------------------------------------------------
export function gaussianPdf(r, sigma) {
  const v = sigma * sigma;
  return Math.exp(-(r * r) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
}

export function laplacePdf(r, b) {
  return Math.exp(-Math.abs(r) / b) / (2 * b);
}

/** Both densities on `num` points of [−rMax, rMax] and every readout number at `residual`. */
export function compute(sigma, b, residual, rMax = 6, num = 401, tailAt = 3) {
  const r = Array.from({length: num}, (_, i) => (i === num - 1 ? rMax
    : -rMax + i * ((2 * rMax) / (num - 1))));
  const v = sigma * sigma;
  return {
    r,
    gaussian: r.map((t) => gaussianPdf(t, sigma)),
    laplace: r.map((t) => laplacePdf(t, b)),
    residual,
    gaussian_pdf: gaussianPdf(residual, sigma),
    laplace_pdf: laplacePdf(residual, b),
    gaussian_nll: 0.5 * Math.log(2 * Math.PI * v) + (residual * residual) / (2 * v),
    laplace_nll: Math.log(2 * b) + Math.abs(residual) / b,
    gaussian_tail: erfc(tailAt / (sigma * Math.SQRT2)),
    laplace_tail: Math.exp(-tailAt / b),
  };
}

// ---- the drawing -----------------------------------------------------------------------------
const LOG_FLOOR = 1e-12;
const LOG_TOP = 5;

function setup({model, figure, readout, data}) {
  const {r_max: rMax, num, tail_at: tailAt} = data;
  const gColor = PALETTE[0];
  const lColor = PALETTE[1];
  const key = legend(figure, [{label: "Gaussian (L2)", color: gColor, kind: "line"},
    {label: "Laplace (L1)", color: lColor, kind: "line", dash: "6 3"},
    {label: "residual r", color: "currentColor", kind: "line", dash: "4 3"}]);
  key.style.flex = "1 1 100%";  // the legend on a row of its own, the panels below
  const lin = panel(figure, {width: 310, height: 240, title: "linear scale",
    xLabel: "residual r = y − f", yLabel: "density p(r)"});
  const log = panel(figure, {width: 310, height: 240, title: "log scale", yLog: true,
    xLabel: "residual r = y − f", yLabel: "density p(r), log scale",
    yTicks: [{value: 1e-12, label: "1e-12"}, {value: 1e-8, label: "1e-8"},
      {value: 1e-4, label: "1e-4"}, {value: 1, label: "1"}]});
  lin.setTitle("linear scale");
  log.setTitle("log scale");
  lin.setX([-rMax, rMax]);
  log.setX([-rMax, rMax]);
  lin.setY([0, 2.6]);
  log.setY([LOG_FLOOR, LOG_TOP]);
  // a value far below the log panel's floor is drawn just below it (then clipped)
  const floor = (ys) => ys.map((v) => Math.max(v, LOG_FLOOR / 100));

  return function update() {
    const res = compute(model.get("sigma"), model.get("b"), model.get("residual"), rMax, num,
      tailAt);
    for (const [p, scale, transform] of [[lin, "lin", (ys) => ys], [log, "log", floor]]) {
      attrs(p.mark("gaussian", "path"), {d: pathData(res.r, transform(res.gaussian), p.x, p.y),
        fill: "none", stroke: gColor, "stroke-width": 2});
      attrs(p.mark("laplace", "path"), {d: pathData(res.r, transform(res.laplace), p.x, p.y),
        fill: "none", stroke: lColor, "stroke-width": 2, "stroke-dasharray": "6 3"});
      const px = p.x(res.residual);
      attrs(p.mark("residual", "line"), {x1: px, x2: px, y1: p.plot.top, y2: p.plot.bottom,
        class: "lb-ink", "stroke-width": 1, "stroke-dasharray": "4 3", opacity: 0.7});
      for (const [name, value, color] of [["g", res.gaussian_pdf, gColor],
        ["l", res.laplace_pdf, lColor]]) {
        const shown = scale === "log" ? Math.max(value, LOG_FLOOR / 100) : value;
        attrs(p.mark(`dot-${name}`, "circle"), {cx: px, cy: p.y(shown), r: 3.5, fill: color});
      }
    }
    const at = tr("At r = {r}, σ = {sigma}, b = {b}: Gaussian density {gaussian}, Laplace density "
      + "{laplace}.", {r: short(res.residual), sigma: short(model.get("sigma")),
      b: short(model.get("b")), gaussian: general(res.gaussian_pdf, 3),
      laplace: general(res.laplace_pdf, 3)});
    lin.describe("The Gaussian and the Laplace density of the residual, linear scale",
      `${at} ${tr("The Gaussian is a bell, the Laplace a sharper peak with straight sides.")}`);
    log.describe("The Gaussian and the Laplace density of the residual, log scale",
      `${at} ${tr("On a log scale the Gaussian is a downward parabola and the Laplace a tent of "
      + "two straight lines: far from 0 the Gaussian falls much faster (thin tails).")}`);
    readout.show([
      ["gaussian_pdf", "Gaussian density", res.gaussian_pdf, fixed(res.gaussian_pdf, 4)],
      ["laplace_pdf", "Laplace density", res.laplace_pdf, fixed(res.laplace_pdf, 4)],
      ["gaussian_nll", "Gaussian NLL", res.gaussian_nll, fixed(res.gaussian_nll, 4)],
      ["laplace_nll", "Laplace NLL", res.laplace_nll, fixed(res.laplace_nll, 4)],
      ["gaussian_tail", tr("Gaussian P(|r| > {r})", {r: short(tailAt)}), res.gaussian_tail,
        general(res.gaussian_tail, 3)],
      ["laplace_tail", tr("Laplace P(|r| > {r})", {r: short(tailAt)}), res.laplace_tail,
        general(res.laplace_tail, 3)],
    ]);
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "At the residual r"});
  },
};
