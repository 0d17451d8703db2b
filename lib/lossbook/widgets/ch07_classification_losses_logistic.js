// Chapter 7, logistic regression by hand: the JavaScript face of LogisticExplorer
// (ch07_classification_losses.py).
//
//   z_i = w·x_i + b,   L = mean of  max(z_i, 0) − z_i y_i + log(1 + e^(−|z_i|))   (BCE from logits)
//   ∂L/∂w = Σ_i x_i (σ(z_i) − y_i) / N,   ∂L/∂b = Σ_i (σ(z_i) − y_i) / N
//
// The formulas are lossbook's stable ones (losses.binary_cross_entropy, losses.sigmoid), so every
// slider setting gives finite numbers.  compute() is the twin of the Python compute_logistic();
// the browser tests check they agree.  The probability map σ(w·x + b) is painted on a <canvas>
// under the SVG plot (axes, boundary, points).
import { PALETTE, attrs, explorer, fixed, html, legend, npSum, panel, short, signed, svg, tr } from "./_explorer.js";

/** σ(z) without overflow (lossbook.losses.sigmoid): e^z / (1 + e^z) for negative z. */
export function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const ez = Math.exp(z);
  return ez / (1 + ez);
}

/** The decision boundary w·x + b = 0 as two points at the edges of [lo, hi]² (NaN if w = 0). */
export function boundary(w1, w2, b, lim) {
  if (Math.abs(w2) >= Math.abs(w1) && w2 !== 0) {
    return {x: lim.slice(), y: lim.map((x) => -(w1 * x + b) / w2)};
  }
  if (w1 !== 0) return {x: lim.map((y) => -(w2 * y + b) / w1), y: lim.slice()};
  return {x: [NaN, NaN], y: [NaN, NaN]};
}

/** Mean binary cross-entropy of (X, y) for w = (w1, w2) and b, its gradient and the accuracy. */
export function compute(w1, w2, b, X, y, lim = [-5, 5]) {
  const n = X.length;
  const z = X.map(([x1, x2]) => (x1 * w1 + x2 * w2) + b);
  const per = z.map((v, i) => (Math.max(v, 0) - v * y[i]) + Math.log1p(Math.exp(-Math.abs(v))));
  const scale = 1 / n;
  const g = z.map((v, i) => (sigmoid(v) - y[i]) * scale);
  return {
    z,
    loss: npSum(per) / n,
    accuracy: npSum(z.map((v, i) => (((v > 0) ? 1 : 0) === y[i] ? 1 : 0))) / n,
    dw: [npSum(g.map((gi, i) => X[i][0] * gi)), npSum(g.map((gi, i) => X[i][1] * gi))],
    db: npSum(g),
    boundary: boundary(w1, w2, b, lim),
  };
}

// the map's colours: class 0 blue, class 1 vermillion (Okabe–Ito), fading to transparent at
// P = 1/2, so the page's own background (light or dark) shows through near the boundary
const BLUE = [0, 114, 178];
const ORANGE = [213, 94, 0];
const LEVELS = 512;
const MAX_ALPHA = 0.72;

/** RGBA of the map at probability p (alpha in [0, 1]). */
export function mapColor(p) {
  const t = 2 * p - 1;
  const [r, g, bl] = t < 0 ? BLUE : ORANGE;
  return [r, g, bl, MAX_ALPHA * Math.abs(t) ** 0.8];
}

const LUT = (() => {
  const lut = new Uint8ClampedArray(LEVELS * 4);
  for (let k = 0; k < LEVELS; k++) {
    const [r, g, b, a] = mapColor(k / (LEVELS - 1));
    lut.set([r, g, b, Math.round(255 * a)], 4 * k);
  }
  return lut;
})();

function setup({model, figure, readout, data}) {
  const {X, y, lim} = data;
  const width = 430;
  const height = 380;
  const margin = {top: 26, right: 86, bottom: 42, left: 46};
  legend(figure, [{label: "y = 0 (circles)", color: PALETTE[0]},
    {label: "y = 1 (squares)", color: PALETTE[1]},
    {label: "decision boundary, P = ½", color: "currentColor", kind: "line"}])
    .style.flexBasis = "100%";  // a line of its own above the map, at any width

  // a positioned box: the canvas (the map) covers the plot area, the SVG (axes, marks) lies above
  const box = html("div", {class: "lb-map", style: `position:relative;flex:1 1 300px;`
    + `max-width:${width}px;min-width:0`}, figure);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const pct = (v, of) => `${(100 * v / of).toFixed(4)}%`;
  const canvas = html("canvas", {role: "img", style: `position:absolute;`
    + `left:${pct(margin.left, width)};top:${pct(margin.top, height)};`
    + `width:${pct(plotW, width)};height:${pct(plotH, height)};max-width:none`}, box);
  const density = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  canvas.width = Math.round(plotW * density);
  canvas.height = Math.round(plotH * density);
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(canvas.width, canvas.height);
  const p = panel(box, {width, height, margin, xLabel: "x₁", yLabel: "x₂"});
  p.setTitle("probability map and decision boundary");
  attrs(p.root, {style: `position:relative;display:block;width:100%;max-width:${width}px`});
  p.setX(lim);
  p.setY(lim);

  // the colour bar, beside the plot
  const barX = p.plot.right + 16;
  const gradId = `lb-cbar-${Math.random().toString(36).slice(2)}`;
  const grad = svg("linearGradient", {id: gradId, x1: 0, y1: 1, x2: 0, y2: 0},
    p.root.querySelector("defs"));
  for (let k = 0; k <= 20; k++) {
    const [r, g, b, a] = mapColor(k / 20);
    svg("stop", {offset: k / 20, "stop-color": `rgb(${r},${g},${b})`, "stop-opacity": a}, grad);
  }
  const cbar = p.mark("colourbar", "g", {unclipped: true});
  svg("rect", {x: barX, y: p.plot.top, width: 12, height: p.plot.bottom - p.plot.top,
    fill: `url(#${gradId})`, class: "lb-axis"}, cbar);
  const cy = (v) => p.plot.bottom - v * (p.plot.bottom - p.plot.top);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg("line", {x1: barX + 12, x2: barX + 16, y1: cy(v), y2: cy(v), class: "lb-axis"}, cbar);
    svg("text", {x: barX + 18, y: cy(v) + 4, class: "lb-tick"}, cbar).textContent = String(v);
  }
  const mid = (p.plot.top + p.plot.bottom) / 2;
  svg("text", {x: width - 6, y: mid, "text-anchor": "middle", class: "lb-label",
    transform: `rotate(-90 ${width - 6} ${mid})`}, cbar).textContent = "P(y = 1 | x)";

  // the points, drawn once: circles for y = 0, squares for y = 1
  X.forEach(([x1, x2], i) => {
    const px = p.x(x1);
    const py = p.y(x2);
    const style = {fill: PALETTE[y[i]], stroke: "currentColor", "stroke-width": 0.8};
    if (y[i] === 0) attrs(p.mark(`pt-${i}`, "circle"), {cx: px, cy: py, r: 3.6, ...style});
    else attrs(p.mark(`pt-${i}`, "rect"), {x: px - 3.2, y: py - 3.2, width: 6.4, height: 6.4,
      ...style});
  });
  const line = p.mark("boundary", "line");

  function paint(w1, w2, b) {
    // z is linear in the pixel: z = z00 + i·dzdx + j·dzdy at pixel centres
    const W = canvas.width;
    const H = canvas.height;
    const [lo, hi] = lim;
    const sx = (hi - lo) / W;
    const sy = (hi - lo) / H;
    const z00 = w1 * (lo + 0.5 * sx) + w2 * (hi - 0.5 * sy) + b;
    const dzdx = w1 * sx;
    const dzdy = -w2 * sy;
    const px = image.data;
    let o = 0;
    for (let j = 0; j < H; j++) {
      let zz = z00 + j * dzdy;
      for (let i = 0; i < W; i++, zz += dzdx, o += 4) {
        const k = 4 * Math.round(sigmoid(zz) * (LEVELS - 1));
        px[o] = LUT[k];
        px[o + 1] = LUT[k + 1];
        px[o + 2] = LUT[k + 2];
        px[o + 3] = LUT[k + 3];
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  return function update() {
    const w1 = model.get("w1");
    const w2 = model.get("w2");
    const b = model.get("b");
    const r = compute(w1, w2, b, X, y, lim);
    paint(w1, w2, b);
    const bd = r.boundary;
    if (Number.isFinite(bd.x[0])) {
      attrs(line, {x1: p.x(bd.x[0]), y1: p.y(bd.y[0]), x2: p.x(bd.x[1]), y2: p.y(bd.y[1]),
        stroke: "currentColor", "stroke-width": 2, display: null});
    } else {
      attrs(line, {display: "none"});
    }
    readout.show([
      ["loss", "mean BCE", r.loss, fixed(r.loss, 4)],
      ["accuracy", "accuracy", r.accuracy, fixed(r.accuracy, 2)],
      ["dw1", "∂L/∂w₁", r.dw[0], signed(r.dw[0], 4)],
      ["dw2", "∂L/∂w₂", r.dw[1], signed(r.dw[1], 4)],
      ["db", "∂L/∂b", r.db, signed(r.db, 4)],
    ], "gradient descent moves each slider against the sign of its gradient");
    const terms = {w1: short(w1), w2: short(w2), b: short(b)};
    const where = Number.isFinite(bd.x[0])
      ? tr("the decision boundary {w1}·x₁ + {w2}·x₂ + {b} = 0 crosses it", terms)
      : tr("with w = 0 there is no boundary: P = σ(b) everywhere");
    const map = tr("Probability map of P(y = 1 | x) = σ({w1}·x₁ + {w2}·x₂ + {b}) on [−5, 5]²: "
      + "blue where class 0 is the more likely, vermillion where class 1 is, fading out where "
      + "both are equally likely", terms);
    if (canvas.getAttribute("aria-label") !== map) canvas.setAttribute("aria-label", map);
    p.describe("Probability map of P(y = 1 | x) = σ(w·x + b) on [−5, 5]², blue for class 0, "
      + "vermillion for class 1, with the decision boundary and the 100 points",
    tr("{where}; {percent}% of the points are on their class's side; mean binary "
      + "cross-entropy {loss}.", {where, percent: Math.round(100 * r.accuracy),
      loss: fixed(r.loss, 4)}));
  };
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "Binary cross-entropy"});
  },
};
