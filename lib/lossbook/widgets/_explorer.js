// The helpers every explorer's JavaScript face shares: number formats like Python's, scales and
// ticks, SVG panels with keyed marks (built once, updated in place), the controls built by name
// from the Python traits, the readout, and the explorer shell (one update path); every text they
// show goes through tr(), in the page's language (the Korean texts are in _ko.js).
//
// A chapter module imports what it needs:  import { explorer, panel, ... } from "./_explorer.js";
// Python (lossbook.widgets.base.bundle) sends this file and the chapter's as one ES module.

// ---- colours: Okabe & Ito's colour-blind-safe palette ------------------------------------------
// (its grey darkened from #999999 to #888888: 3.5:1 against a white page and 5.3:1 against the
// dark theme's, the 3:1 that marks need)
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9",
  "#F0E442", "#888888"];
export const SVG_NS = "http://www.w3.org/2000/svg";

// ---- the page's language -------------------------------------------------------------------------
// Every text an explorer shows goes through tr(): on a page whose <html lang> is Korean ("ko",
// the book's Korean edition) it is looked up in the Korean dictionary (widgets/_ko.js, which the
// bundle adds after this file), keyed by the English text; anywhere else (the English pages,
// JupyterLab, Voilà, Node) the English text is kept.  A text built from values is a template with
// {name} placeholders: tr("{image}: loss L_{i}", {image, i}).  A text with no word in it (no two
// Latin letters in a row once the math words log, exp, max, argmax are set aside: "W", "τ₁",
// "−log P(Y = y) = 2.04") and a text already in Korean need no dictionary; any
// other text the dictionary lacks is shown in English and noted in
// globalThis.lossbookUntranslated (a Set the browser tests read).
const DICTIONARIES = {};
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
const WORD = /[A-Za-z]{2}/;
const MATH_WORDS = /\b(?:log|exp|max|argmax)\b/g;

/** Add `entries` (English text -> translation) to the dictionary of language `lang`. */
export function addTranslations(lang, entries) {
  DICTIONARIES[lang] = Object.assign(DICTIONARIES[lang] || {}, entries);
}

/** A copy of the dictionary of language `lang` (the tests check it covers every text). */
export function translations(lang) {
  return {...DICTIONARIES[lang]};
}

/** The page's language, read now: "ko" on the Korean pages, "en" where <html lang> is absent. */
export function pageLanguage() {
  const lang = typeof document === "undefined" ? "" : document.documentElement.lang || "";
  return lang.toLowerCase().split("-")[0] || "en";
}

/** `text` in the page's language, its {name} placeholders filled from `values`. */
export function tr(text, values = {}) {
  let template = String(text ?? "");
  const dictionary = DICTIONARIES[pageLanguage()];
  if (dictionary && WORD.test(template.replace(MATH_WORDS, "")) && !HANGUL.test(template)) {
    if (Object.prototype.hasOwnProperty.call(dictionary, template)) template = dictionary[template];
    else (globalThis.lossbookUntranslated ||= new Set()).add(template);
  }
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
}

// ---- numbers as Python prints them --------------------------------------------------------------
function special(x) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

/** Python's f"{x:.{digits}f}" (a negative zero keeps its sign, as in Python). */
export function fixed(x, digits) {
  const s = special(x);
  if (s !== null) return s;
  const text = Math.abs(x).toFixed(digits);
  return (x < 0 || Object.is(x, -0)) ? "-" + text : text;
}

/** Python's f"{x:+.{digits}f}". */
export function signed(x, digits) {
  const text = fixed(x, digits);
  return text.startsWith("-") || text === "nan" ? text : "+" + text;
}

/** Python's f"{x:.{precision}g}": shortest of fixed or exponent notation, no trailing zeros. */
export function general(x, precision = 6) {
  const s = special(x);
  if (s !== null) return s;
  const p = Math.max(1, precision);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, expText] = x.toExponential(p - 1).split("e");
  const exp = Number(expText);
  const strip = (t) => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (exp >= -4 && exp < p) return strip(x.toFixed(Math.max(0, p - 1 - exp)));
  const e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
  return `${strip(mantissa)}e${exp < 0 ? "-" : "+"}${e}`;
}

/** Python's f"{x:.{precision}e}". */
export function exponent(x, precision = 2) {
  const s = special(x);
  if (s !== null) return s;
  const [mantissa, expText] = x.toExponential(precision).split("e");
  const exp = Number(expText);
  const e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
  return `${mantissa}e${exp < 0 ? "-" : "+"}${e}`;
}

/** Python's f"{x:,.{digits}f}" (thousands separated by commas). */
export function thousands(x, digits = 0) {
  const text = fixed(x, digits);
  const [whole, frac] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A short label for a number: 2.9, 0, 12.9, 5.27 (two decimals at most). */
export function short(x) {
  const text = fixed(x, 2).replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" || text === "" ? "0" : text;
}

// ---- sums as numpy adds them ---------------------------------------------------------------------
/** numpy's sum of a float64 array (``np.sum``'s pairwise summation: eight accumulators per block
 *  of at most 128 values, halves rounded down to a multiple of 8 above that), so that a mean or
 *  a total agrees with the Python face to the last bit.  ``lo``, ``n``: the slice summed. */
export function npSum(a, lo = 0, n = a.length) {
  if (n < 8) {
    let res = 0;
    for (let i = lo; i < lo + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    const r = Array.prototype.slice.call(a, lo, lo + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, lo, n2) + npSum(a, lo + n2, n - n2);
}

// ---- the regularization term ------------------------------------------------------------------
/** R(W) of the penalty ``reg`` ("l2": ΣW², "l1": Σ|W|, "elastic_net": βΣW² + Σ|W|) scaled by
 *  ``coefSq`` on the squares and ``coefAbs`` on the absolute values, formed as
 *  (√coefSq·m)² Σ(W/m)² + (coefAbs·m) Σ|W|/m with m = max|W|, so that nothing overflows or
 *  underflows on the way when the result is representable. */
function scaledPenalty(W, coefSq, coefAbs) {
  let m = 0;
  for (const w of W) m = Math.max(m, Math.abs(w));
  if (m === 0) return 0;
  let sq = 0;
  let abs = 0;
  for (const w of W) {
    sq += (w / m) * (w / m);
    abs += Math.abs(w) / m;
  }
  const t = Math.sqrt(coefSq) * m;
  return (coefSq === 0 ? 0 : t * (t * sq)) + (coefAbs === 0 ? 0 : (coefAbs * m) * abs);
}

/** λ R(W), the regularization term of the full loss (lossbook.regularization.reg_loss):
 *  λ·R(W) as written where that product is finite and not tiny, exactly 0 at λ = 0 (no 0·∞),
 *  and the scaled form otherwise, so a huge W with a tiny λ stays finite.  ``W``: the weights,
 *  any iterable of numbers (flatten a matrix first). */
export function regTerm(lam, W, reg = "l2", beta = 1.0) {
  if (lam === 0) return 0;
  const weights = Array.from(W);
  let plain = 0;
  for (const w of weights) {
    if (reg === "l2") plain += w * w;
    else if (reg === "l1") plain += Math.abs(w);
    else plain += beta * w * w + Math.abs(w);
  }
  const direct = lam * plain;
  if (Number.isFinite(direct) && Math.min(plain, direct) >= SAFE_LOW) return direct;
  if (reg === "l2") return scaledPenalty(weights, lam, 0);
  if (reg === "l1") return scaledPenalty(weights, 0, lam);
  return scaledPenalty(weights, lam * beta, lam);
}

/** Below this, R(W) or λR(W) may hold underflowed terms (regularization._SAFE_LOW). */
const SAFE_LOW = 1e-290;

// ---- scales and ticks ---------------------------------------------------------------------------
/** About `count` round tick values covering [lo, hi] (1, 2, 5 × a power of ten apart). */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) || 10 * power;
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** A linear map from `domain` [d0, d1] to `range` [r0, r1], with `.ticks(n)` and `.invert`. */
export function scaleLinear(domain, range) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0 || 1);
  const scale = (v) => r0 + (v - d0) * k;
  scale.invert = (r) => d0 + (r - r0) / k;
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  scale.ticks = (count = 5) => niceTicks(Math.min(d0, d1), Math.max(d0, d1), count);
  return scale;
}

/** A log10 map; `.ticks()` gives the powers of ten in the domain (at most `count`, evenly). */
export function scaleLog(domain, range) {
  const inner = scaleLinear(domain.map(Math.log10), range);
  const scale = (v) => inner(Math.log10(Math.max(v, Number.MIN_VALUE)));
  scale.invert = (r) => 10 ** inner.invert(r);
  scale.domain = domain;
  scale.range = range;
  scale.ticks = (count = 5) => {
    const lo = Math.ceil(Math.log10(domain[0]));
    const hi = Math.floor(Math.log10(domain[1]));
    const every = Math.max(1, Math.ceil((hi - lo + 1) / count));
    const ticks = [];
    for (let e = lo; e <= hi; e += every) ticks.push(10 ** e);
    return ticks;
  };
  return scale;
}

/** The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, ... that is >= x (and >= floor): an axis
 *  top that moves in steps (the twin of Python's nice_ceiling). */
export function niceCeiling(x, floor = 1.0) {
  const v = Math.max(x, floor);
  const k = Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) {
    if (m * 10 ** k >= v * (1 - 1e-12)) return m * 10 ** k;
  }
  return 10 ** (k + 1);
}

// ---- SVG ----------------------------------------------------------------------------------------
/** Set attributes (null removes one); returns the element. */
export function attrs(el, values) {
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) el.removeAttribute(name);
    else el.setAttribute(name, String(value));
  }
  return el;
}

/** A new SVG element with attributes, appended to `parent` if given. */
export function svg(tag, values = {}, parent = null) {
  const el = attrs(document.createElementNS(SVG_NS, tag), values);
  if (parent) parent.appendChild(el);
  return el;
}

/** A new HTML element with attributes and text, appended to `parent` if given. */
export function html(tag, values = {}, parent = null, text = null) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(values)) {
    if (name === "class") el.className = value;
    else if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  if (text !== null) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}

/** An SVG path through the points (xs[i], ys[i]); non-finite points break the line. */
export function pathData(xs, ys, x, y) {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const px = x(xs[i]);
    const py = y(ys[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${px.toFixed(2)},${py.toFixed(2)}`;
    pen = true;
  }
  return d;
}

/** About how wide a tick label is drawn (11 px text), in the panel's units, without a layout
 *  (the panel may not be on screen yet): a wide (CJK) character 1 em, any other 0.55 em. */
function tickWidth(label) {
  let em = 0;
  for (const ch of label) em += WIDE.test(ch) ? 1 : 0.55;
  return 11 * em;
}
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7a3\uff00-\uffef]/;

/**
 * One plot: its own <svg> (so several panels wrap on a phone), a plot area with scales, axes
 * drawn again only when their domain changes, and keyed marks created once and updated in place.
 *
 *   const p = panel(parent, {width: 360, height: 220, title: "...", xLabel: "...", yLabel: "..."});
 *   p.setX([0, 1]); p.setY([0, 5]);
 *   attrs(p.mark("total", "line"), {x1: ..., ...});
 */
export function panel(parent, options = {}) {
  const o = {width: 360, height: 230, xLog: false, yLog: false, xTicks: null, yTicks: null,
    ...options};
  const m = {top: 26, right: 12, bottom: 40, left: 50, ...options.margin};
  const root = svg("svg", {viewBox: `0 0 ${o.width} ${o.height}`, role: "img",
    class: "lb-panel", style: `max-width:${o.width}px`});
  const label = svg("title", {}, root);
  const desc = svg("desc", {}, root);
  if (parent) parent.appendChild(root);
  const plot = {left: m.left, top: m.top, right: o.width - m.right, bottom: o.height - m.bottom};
  const axes = svg("g", {class: "lb-axes"}, root);
  const clipId = `lb-clip-${Math.random().toString(36).slice(2)}`;
  const clip = svg("clipPath", {id: clipId}, svg("defs", {}, root));
  svg("rect", {x: plot.left, y: plot.top - 1, width: plot.right - plot.left,
    height: plot.bottom - plot.top + 2}, clip);
  const clipped = svg("g", {"clip-path": `url(#${clipId})`}, root);
  const free = svg("g", {}, root);
  const title = svg("text", {x: (plot.left + plot.right) / 2, y: 16, class: "lb-title",
    "text-anchor": "middle"}, root);
  const marks = new Map();
  const self = {
    root, plot, width: o.width, height: o.height, x: null, y: null,
    /** a mark by key, created on first use: clipped to the plot area unless `free` */
    mark(key, tag, {unclipped = false} = {}) {
      let el = marks.get(key);
      if (!el) {
        el = svg(tag, {}, unclipped ? free : clipped);
        marks.set(key, el);
      }
      return el;
    },
    setTitle(text) {
      text = tr(text);
      if (title.textContent !== text) title.textContent = text;
    },
    /** the figure's text alternative (read by screen readers) */
    describe(name, text = "") {
      name = tr(name);
      text = tr(text);
      if (label.textContent !== name) label.textContent = name;
      if (desc.textContent !== text) desc.textContent = text;
    },
    setX(domain, ticks = o.xTicks) {
      if (self.x && same(self.x.domain, domain) && ticks === self._xTicks) return;
      self._xTicks = ticks;
      self.x = (o.xLog ? scaleLog : scaleLinear)(domain, [plot.left, plot.right]);
      drawAxes();
    },
    setY(domain, ticks = o.yTicks) {
      if (self.y && same(self.y.domain, domain) && ticks === self._yTicks) return;
      self._yTicks = ticks;
      self.y = (o.yLog ? scaleLog : scaleLinear)(domain, [plot.bottom, plot.top]);
      drawAxes();
    },
  };
  function same(a, b) {
    return a[0] === b[0] && a[1] === b[1];
  }
  function tickList(scale, given, count) {
    if (typeof given === "function") return given(scale);
    if (Array.isArray(given)) return given.map((t) => (typeof t === "object" ? t : {value: t}));
    return scale.ticks(count).map((v) => ({value: v}));
  }
  function tickText(v) {
    if (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)) return general(v, 3);
    return general(v, 6);
  }
  function drawAxes() {
    if (!self.x || !self.y) return;
    axes.replaceChildren();
    svg("rect", {x: plot.left, y: plot.top, width: plot.right - plot.left,
      height: plot.bottom - plot.top, class: "lb-frame"}, axes);
    for (const t of tickList(self.y, self._yTicks, 5)) {
      const py = self.y(t.value);
      if (py < plot.top - 0.5 || py > plot.bottom + 0.5) continue;
      svg("line", {x1: plot.left, x2: plot.right, y1: py, y2: py, class: "lb-grid"}, axes);
      svg("text", {x: plot.left - 5, y: py + 4, "text-anchor": "end", class: "lb-tick"}, axes)
        .textContent = t.label ?? tickText(t.value);
    }
    const xTicks = tickList(self.x, self._xTicks, 6).map((t) => ({...t, px: self.x(t.value)}))
      .filter(({px}) => px >= plot.left - 0.5 && px <= plot.right + 0.5);
    // the room of one tick label: the distance to its nearest neighbour
    const room = Math.min(...xTicks.slice(1).map((t, i) => t.px - xTicks[i].px));
    for (const t of xTicks) {
      const px = t.px;
      svg("line", {x1: px, x2: px, y1: plot.bottom, y2: plot.bottom + 4, class: "lb-axis"}, axes);
      const label = String(t.label ?? tickText(t.value));
      const text = svg("text", {x: px, y: plot.bottom + 16, "text-anchor": "middle",
        class: "lb-tick"}, axes);
      const write = (lines) => {
        text.replaceChildren();
        lines.forEach((line, i) => {
          svg("tspan", {x: px, dy: i === 0 ? 0 : 13}, text).textContent = line;
        });
      };
      write(label.split("\n"));
      // a one-line label wider than its room (a long name, or a name in another language) goes
      // on two lines, broken at the space nearest its middle
      const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
      if (spaces.length && !label.includes("\n") && tickWidth(label) > room - 4) {
        const at = spaces.reduce((a, b) => (Math.abs(b - label.length / 2)
          < Math.abs(a - label.length / 2) ? b : a));
        write([label.slice(0, at), label.slice(at + 1)]);
      }
    }
    if (o.xLabel) {
      svg("text", {x: (plot.left + plot.right) / 2, y: o.height - 6, "text-anchor": "middle",
        class: "lb-label"}, axes).textContent = tr(o.xLabel);
    }
    if (o.yLabel) {
      const cy = (plot.top + plot.bottom) / 2;
      svg("text", {x: 12, y: cy, "text-anchor": "middle", class: "lb-label",
        transform: `rotate(-90 12 ${cy})`}, axes).textContent = tr(o.yLabel);
    }
  }
  return self;
}

/** A legend of coloured swatches (HTML, wraps on a phone): items [{label, color, dash}]. */
export function legend(parent, items) {
  const box = html("div", {class: "lb-legend"}, parent);
  for (const item of items) {
    const entry = html("span", {class: "lb-legend-item"}, box);
    const sw = svg("svg", {width: 22, height: 12, "aria-hidden": "true"}, entry);
    if (item.kind === "line") {
      svg("line", {x1: 1, x2: 21, y1: 6, y2: 6, stroke: item.color, "stroke-width": 2.5,
        "stroke-dasharray": item.dash || null}, sw);
    } else if (item.kind === "hollow") {
      svg("rect", {x: 5, y: 1, width: 10, height: 10, fill: "none", stroke: item.color,
        "stroke-width": 1.5, "stroke-dasharray": item.dash || null}, sw);
    } else {
      svg("rect", {x: 5, y: 1, width: 10, height: 10, fill: item.color}, sw);
    }
    html("span", {}, entry, tr(item.label));
  }
  return box;
}

// ---- controls, built by name from the Python traits ---------------------------------------------
let uid = 0;
const nextId = (stem) => `lb-${stem}-${++uid}-${Math.random().toString(36).slice(2, 7)}`;

function decimals(step) {
  const text = String(step);
  return text.includes("e-") ? Number(text.split("e-")[1]) : (text.split(".")[1] || "").length;
}

/** `value` clamped to [min, max] and put on the grid min + k·step (as the Python slider does). */
export function snap(value, spec) {
  const {min, max, step} = spec;
  let v = Math.min(max, Math.max(min, value));
  if (step) {
    v = min + Math.round((v - min) / step) * step;
    v = Number(v.toFixed(Math.min(12, decimals(step) + decimals(min))));
    v = Math.min(max, Math.max(min, v));
  }
  return v;
}

function commit(model, name, value) {
  model.set(name, value);
  model.save_changes();
}

function numberControl(model, parent, spec) {
  const log = spec.kind === "log_slider";
  const id = nextId(spec.name);
  const row = html("div", {class: "lb-control", "data-param": spec.name}, parent);
  const label = tr(spec.label);
  html("label", {for: id}, row, label);
  const range = html("input", {type: "range", id, min: spec.min, max: spec.max, step: spec.step,
    "data-param": spec.name, "data-role": "slider"}, row);
  const box = html("input", {type: "number", "aria-label": tr("{label} (type a value)", {label}),
    "data-param": spec.name, "data-role": "number", class: "lb-number",
    step: log ? "any" : spec.step, min: log ? 10 ** spec.min : spec.min,
    max: log ? 10 ** spec.max : spec.max}, row);
  const toRange = (v) => (log ? Math.log10(v) : v);
  const fromRange = (r) => (log ? 10 ** r : r);
  const digits = log ? null : decimals(spec.step);
  const show = (v) => {
    range.value = String(toRange(v));
    if (document.activeElement !== box) box.value = log ? general(v, 3) : fixed(v, digits);
    range.setAttribute("aria-valuetext", log ? general(v, 3) : fixed(v, digits));
  };
  range.addEventListener("input", () => {
    const v = log ? fromRange(snap(Number(range.value), spec)) : snap(Number(range.value), spec);
    commit(model, spec.name, spec.kind === "int_slider" ? Math.round(v) : v);
  });
  box.addEventListener("change", () => {
    const typed = Number(box.value);
    if (box.value.trim() === "" || !Number.isFinite(typed)) {
      show(model.get(spec.name));
      return;
    }
    let v;
    if (log) {  // a typed value goes to the nearest point of the slider's grid, as a drag does
      v = 10 ** snap(Math.log10(Math.max(typed, Number.MIN_VALUE)), spec);
    } else {
      v = snap(typed, spec);
    }
    if (spec.kind === "int_slider") v = Math.round(v);
    commit(model, spec.name, v);
    box.value = log ? general(v, 3) : fixed(v, digits);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") box.dispatchEvent(new Event("change"));
  });
  return show;
}

function checkboxControl(model, parent, spec) {
  const id = nextId(spec.name);
  const row = html("div", {class: "lb-control lb-check", "data-param": spec.name}, parent);
  const box = html("input", {type: "checkbox", id, "data-param": spec.name}, row);
  html("label", {for: id}, row, tr(spec.label));
  box.addEventListener("change", () => commit(model, spec.name, box.checked));
  return (v) => {
    box.checked = Boolean(v);
  };
}

function selectControl(model, parent, spec) {
  const id = nextId(spec.name);
  const row = html("div", {class: "lb-control", "data-param": spec.name}, parent);
  html("label", {for: id}, row, tr(spec.label));
  const select = html("select", {id, "data-param": spec.name}, row);
  spec.options.forEach(([label], i) => html("option", {value: String(i)}, select, tr(label)));
  select.addEventListener("change", () =>
    commit(model, spec.name, spec.options[Number(select.value)][1]));
  return (v) => {
    const i = spec.options.findIndex(([, value]) => value === v);
    if (i >= 0) select.value = String(i);
  };
}

function toggleControl(model, parent, spec) {
  const group = html("fieldset", {class: "lb-control lb-toggle", "data-param": spec.name}, parent);
  html("legend", {}, group, tr(spec.label));
  const name = nextId(spec.name);
  const inputs = spec.options.map(([label, value], i) => {
    const id = `${name}-${i}`;
    const pair = html("span", {class: "lb-option"}, group);  // a button never wraps from its label
    const input = html("input", {type: "radio", name, id, value: String(i),
      "data-param": spec.name}, pair);
    html("label", {for: id}, pair, tr(label));
    input.addEventListener("change", () => {
      if (input.checked) commit(model, spec.name, value);
    });
    return input;
  });
  return (v) => {
    spec.options.forEach(([, value], i) => {
      inputs[i].checked = value === v;
    });
  };
}

function matrixControl(model, parent, spec) {
  const box = html("fieldset", {class: "lb-control lb-matrix", "data-param": spec.name}, parent);
  html("legend", {}, box, tr(spec.label));
  const table = html("table", {}, box);
  const head = html("tr", {}, table);
  html("td", {}, head);  // the corner cell heads nothing
  const cols = spec.col_labels.map((c) => tr(c));
  cols.forEach((c) => html("th", {scope: "col"}, head, c));
  const template = spec.cell_label || "{row}: {col}";
  const cells = spec.row_labels.map((r, i) => {
    const line = html("tr", {}, table);
    const row = tr(r);
    html("th", {scope: "row"}, line, row);
    return cols.map((col, j) => {
      const input = html("input", {type: "number", step: spec.step, class: "lb-number",
        "aria-label": tr(template, {row, col}),
        "data-param": spec.name, "data-index": `${i},${j}`}, html("td", {}, line));
      input.addEventListener("change", () => {
        const v = Number(input.value);
        if (input.value.trim() === "" || !Number.isFinite(v)) return;
        const next = model.get(spec.name).map((row) => row.slice());
        next[i][j] = spec.min !== undefined ? Math.min(spec.max, Math.max(spec.min, v)) : v;
        commit(model, spec.name, next);
      });
      return input;
    });
  });
  return (v) => {
    v.forEach((row, i) => row.forEach((x, j) => {
      const input = cells[i][j];
      if (document.activeElement !== input || Number(input.value) !== x) input.value = String(x);
    }));
  };
}

/** One slider (with its number box) per entry of a list or a list of lists: spec.labels has the
 *  value's shape; each entry's control carries data-index "i" or "i,j". */
function sliderArrayControl(model, parent, spec) {
  const flat = [];
  spec.labels.forEach((entry, i) => {
    if (Array.isArray(entry)) entry.forEach((label, j) => flat.push({label, index: [i, j]}));
    else flat.push({label: entry, index: [i]});
  });
  const get = (value, index) => (index.length === 2 ? value[index[0]][index[1]] : value[index[0]]);
  const shows = flat.map(({label, index}) => {
    const proxy = {  // a one-entry model: writes go to a copy of the whole array
      get: () => get(model.get(spec.name), index),
      set: (_name, v) => {
        const next = JSON.parse(JSON.stringify(model.get(spec.name)));
        if (index.length === 2) next[index[0]][index[1]] = v;
        else next[index[0]] = v;
        model.set(spec.name, next);
      },
      save_changes: () => model.save_changes(),
    };
    const show = numberControl(proxy, parent, {...spec, kind: "slider", label});
    for (const el of parent.lastElementChild.querySelectorAll("[data-param]")) {
      el.setAttribute("data-index", index.join(","));
    }
    parent.lastElementChild.setAttribute("data-index", index.join(","));
    return (value) => show(get(value, index));
  });
  return (value) => shows.forEach((show) => show(value));
}

const BUILDERS = {slider_array: sliderArrayControl, slider: numberControl, int_slider: numberControl, log_slider: numberControl,
  checkbox: checkboxControl, select: selectControl, toggle: toggleControl, matrix: matrixControl};

/** Build every control of `model.get("_controls")` into `parent`; each follows its trait. */
export function buildControls(model, parent) {
  const box = html("div", {class: "lb-controls"}, parent);
  const shows = {};
  for (const spec of model.get("_controls")) {
    const show = BUILDERS[spec.kind](model, box, spec);
    shows[spec.name] = show;
    show(model.get(spec.name));
  }
  return {box, shows};
}

/** A button that runs `action` (it works with or without a kernel). */
export function button(parent, label, action, {title = null} = {}) {
  const el = html("button", {type: "button", class: "lb-button",
    title: title === null ? null : tr(title)}, parent, tr(label));
  el.addEventListener("click", action);
  return el;
}

// ---- the readout ------------------------------------------------------------------------------
/**
 * A table of named numbers: rows [key, label, value, text].  `value` (a number, or a string) goes
 * in `data-value` at full precision, `text` is what the reader sees (the printed precision); the
 * labels, the title and the note are shown in the page's language (tr), the keys and values never.
 * Built again only when the keys or labels change; otherwise the texts change in place.
 */
export function readout(parent, title = "") {
  const box = html("div", {class: "lb-readout", "aria-live": "polite"}, parent);
  if (title) html("div", {class: "lb-readout-title"}, box, tr(title));
  const table = html("table", {}, box);
  const note = html("div", {class: "lb-note"}, box);
  let signature = "";
  let spans = [];
  return {
    box,
    show(rows, noteText = "") {
      rows = rows.map(([key, label, ...rest]) => [key, tr(label), ...rest]);
      noteText = tr(noteText);
      const sig = rows.map(([key, label]) => `${key}\u0000${label}`).join("\u0001");
      if (sig !== signature) {
        table.replaceChildren();
        spans = rows.map(([key, label]) => {
          const tr = html("tr", {}, table);
          html("td", {}, tr, label);
          return html("span", {class: "lossbook-value", "data-key": key}, html("td", {}, tr));
        });
        signature = sig;
      }
      rows.forEach(([, , value, text], i) => {
        const span = spans[i];
        const v = String(value);
        if (span.getAttribute("data-value") !== v) span.setAttribute("data-value", v);
        if (span.textContent !== text) span.textContent = text;
      });
      if (note.textContent !== noteText) note.textContent = noteText;
    },
  };
}

// ---- the shell: one update path ------------------------------------------------------------------
const CSS = `
.lb-explorer{--lb-fg:currentColor;--lb-muted:rgba(127,127,127,.9);--lb-grid:rgba(127,127,127,.25);
  --lb-surface:rgba(127,127,127,.08);font-size:14px;line-height:1.35;max-width:100%;
  padding:10px 12px;border:1px solid var(--lb-grid);border-radius:6px;margin:.5em 0;
  box-sizing:border-box;overflow-wrap:anywhere;color:var(--pst-color-text-base,inherit);
  background:var(--pst-color-background,transparent)}
.lb-explorer *{box-sizing:border-box}
.lb-explorer:lang(ko){word-break:keep-all}
html[data-theme=dark] .bd-content div.cell_output .widget-subarea:has(.lb-explorer){
  background-color:transparent;color:var(--pst-color-text-base);padding:0}
.lb-explorer .lb-heading{font-weight:600;margin:0 0 6px}
.lb-explorer .lb-controls{display:flex;flex-wrap:wrap;gap:4px 18px;align-items:center;
  margin-bottom:6px}
.lb-explorer .lb-control{display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px;
  max-width:100%}
.lb-explorer .lb-control label{white-space:nowrap}
.lb-explorer input[type=range]{width:170px;max-width:52vw;accent-color:#0072B2}
.lb-explorer .lb-number{width:5.6em;font:inherit;color:inherit;background:var(--lb-surface);
  border:1px solid var(--lb-grid);border-radius:3px;padding:1px 3px}
.lb-explorer select,.lb-explorer .lb-button{font:inherit;color:inherit;
  background:var(--lb-surface);border:1px solid var(--lb-muted);border-radius:4px;
  padding:2px 8px;cursor:pointer}
.lb-explorer .lb-button:hover{background:var(--lb-grid)}
.lb-explorer :focus-visible{outline:2px solid #0072B2;outline-offset:1px}
.lb-explorer fieldset{border:0;padding:0;margin:0;min-width:0}
.lb-explorer legend{padding:0;float:left;margin:0 8px 0 0;font-size:inherit;font-weight:normal;
  line-height:inherit;border:0;width:auto;color:inherit}
.lb-explorer .lb-toggle label{margin-right:10px}
.lb-explorer .lb-option{white-space:nowrap}
.lb-explorer .lb-matrix table{border-collapse:collapse;clear:both}
.lb-explorer .lb-matrix th{font-weight:normal;text-align:left;padding:1px 6px;font-size:13px}
.lb-explorer .lb-matrix td{padding:1px 3px}
.lb-explorer .lb-actions{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0}
.lb-explorer .lb-figure{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:flex-start}
.lb-explorer .lb-panel{width:100%;height:auto;flex:1 1 300px;min-width:0;overflow:visible}
.lb-explorer .lb-panel text{fill:currentColor;font-family:inherit}
.lb-explorer .lb-tick{font-size:11px}
.lb-explorer .lb-label{font-size:12px}
.lb-explorer .lb-title{font-size:12.5px;font-weight:600}
.lb-explorer .lb-mark-text{font-size:11px}
.lb-explorer .lb-frame{fill:none;stroke:var(--lb-muted);stroke-width:1}
.lb-explorer .lb-grid{stroke:var(--lb-grid);stroke-width:1}
.lb-explorer .lb-axis{stroke:var(--lb-muted)}
.lb-explorer .lb-ink{stroke:currentColor}
.lb-explorer .lb-legend{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12.5px;
  margin:2px 0 4px;flex:1 1 100%}
.lb-explorer .lb-legend-item{display:inline-flex;align-items:center;gap:4px}
.lb-explorer .lb-readout{margin-top:6px;font-size:13.5px;overflow-x:auto}
.lb-explorer .lb-readout-title{font-weight:600}
.lb-explorer .lb-readout table{border-collapse:collapse;margin:0}
.lb-explorer .lb-readout td{padding:1px 10px 1px 0;vertical-align:top;text-align:left;
  border:0;background:none}
.lb-explorer .lb-readout td:last-child{text-align:right;font-family:var(--pst-font-family-monospace,
  monospace);white-space:nowrap}
.lb-explorer .lb-note{font-size:12.5px;opacity:.85}
.lb-explorer .lb-caption{font-style:italic;margin:2px 0 4px}
.lb-explorer .lb-wide{overflow-x:auto;max-width:100%}
.lb-explorer canvas{max-width:100%;height:auto;image-rendering:auto}
`;

/** Add the style sheet `css` to the page once, as <style id="`id`"> (every view of a module
 *  shares it). */
export function injectStyle(id, css) {
  if (document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  document.head.appendChild(style);
}

/**
 * The explorer shell.  `setup(parts)` builds the drawing once and returns `update()`, which reads
 * the controls from the model, computes, and redraws in place; it runs on every change of any
 * control (from the page or from Python).  parts: {model, root, controls, actions, figure,
 * readout, data}.  Returns anywidget's cleanup function.
 */
export function explorer(model, el, setup, {readoutTitle = ""} = {}) {
  injectStyle("lossbook-explorer-css", CSS);
  const title = tr(model.get("_title"));
  const root = html("div", {class: "lb-explorer", role: "group",
    "aria-label": title || tr("explorer")}, el);
  if (title) html("div", {class: "lb-heading"}, root, title);
  const controls = buildControls(model, root);
  const actions = html("div", {class: "lb-actions"}, root);
  const figure = html("div", {class: "lb-figure"}, root);
  const parts = {model, root, controls, actions, figure, data: model.get("data"),
    readout: readout(root, readoutTitle)};
  const update = setup(parts);
  let count = 0;
  const run = () => {
    update();
    root.dataset.updates = String(++count);
  };
  const names = model.get("_controls").map((spec) => spec.name);
  const listeners = names.map((name) => {
    const handler = () => {
      controls.shows[name](model.get(name));
      run();
    };
    model.on(`change:${name}`, handler);
    return [name, handler];
  });
  const kernel = () => {
    root.dataset.kernelReadout = JSON.stringify(model.get("_kernel_readout") || {});
  };
  model.on("change:_kernel_readout", kernel);
  kernel();
  if (!actions.childElementCount) actions.remove();
  run();
  return () => {
    for (const [name, handler] of listeners) model.off(`change:${name}`, handler);
    model.off("change:_kernel_readout", kernel);
  };
}
