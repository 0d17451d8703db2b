// Chapter 1, the semantic gap: the JavaScript face of ChallengeExplorer (ch01_semantic_gap.py).
//
// The photo is transformed here, in the page, exactly as lossbook.data.photos does it in Python:
// the same interpolation (scikit-image's bilinear warp with edge pixels for viewpoint; scipy's
// map_coordinates order 1 with mirror boundaries for deformation), the same colour conversions
// (scikit-image's rgb2hsv / hsv2rgb for intraclass), the same order of floating-point operations
// and numpy's rounding (np.rint: half to even), so every pixel equals Python's.  The fixed inputs
// come from the kernel in `data`: the photo, the clutter texture and the context scene as PNG
// images (decoded without colour management: the same bytes), the occlusion grain and the
// deformation waves as numbers.  The distances are sums of integers: exact in any order.
import { explorer, fixed, html, thousands, tr } from "./_explorer.js";

// ---- numpy's arithmetic --------------------------------------------------------------------
/** np.rint: the nearest integer, ties to even. */
export function rint(x) {
  const r = Math.round(x);  // ties go up
  return (r - x === 0.5 && r % 2 !== 0) ? r - 1 : r;
}

/** np.clip(np.rint(x), 0, 255) as an integer. */
function u8(x) {
  const r = rint(x);
  return r < 0 ? 0 : (r > 255 ? 255 : r);
}

/** numpy's float remainder a % b (the sign of b, as Python's). */
export function pymod(a, b) {
  let m = a % b;
  if (m !== 0) {
    if ((b < 0) !== (m < 0)) m += b;
  } else {
    m = b < 0 ? -0 : 0;
  }
  return m;
}

/** np.linspace(start, stop, num): i · step + start, the last one exactly stop. */
export function linspace(start, stop, num) {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

// ---- the fixed ingredients ------------------------------------------------------------------
/** challenges.subject_mask: a soft ellipse (H·W), 1 on the subject, 0 on the background. */
export function subjectMask(h, w, {center, radii, feather}) {
  const m = new Float64Array(h * w);
  const r0 = radii[0] * radii[0];
  const r1 = radii[1] * radii[1];
  const top = 1.0 + feather;
  const width = 2 * feather;
  for (let i = 0; i < h; i++) {
    const dy = (i + 0.5) / h - center[0];
    const ty = (dy * dy) / r0;
    for (let j = 0; j < w; j++) {
      const dx = (j + 0.5) / w - center[1];
      const r = Math.sqrt(ty + (dx * dx) / r1);
      const v = (top - r) / width;
      m[i * w + j] = v < 0 ? 0 : (v > 1 ? 1 : v);
    }
  }
  return m;
}

/** challenges.viewpoint_matrix: output (column x, row y) -> input point, as [H0, ..., H5]. */
export function viewpointMatrix(h, w, s) {
  const theta = (40 * s) * (Math.PI / 180);
  const k = 1 + 0.5 * s;
  const a = Math.cos(theta) / k;
  const b = Math.sin(theta) / k;
  const cx = w / 2;
  const cy = h / 2;
  return [a, b, cx - a * cx - b * cy, -b, a, cy + b * cx - a * cy];
}

/** skimage.color.rgb2hsv of a uint8 RGB image (the photo is converted with x · (1/255)). */
export function rgb2hsv(rgb) {
  const n = rgb.length / 3;
  const out = new Float64Array(rgb.length);
  const scale = 1.0 / 255;
  for (let p = 0; p < n; p++) {
    const r = rgb[3 * p] * scale;
    const g = rgb[3 * p + 1] * scale;
    const b = rgb[3 * p + 2] * scale;
    const v = Math.max(r, g, b);
    const delta = v - Math.min(r, g, b);
    let hue = 0;
    let sat = 0;
    if (delta !== 0) {
      sat = delta / v;
      if (r === v) hue = (g - b) / delta;
      if (g === v) hue = 2.0 + (b - r) / delta;
      if (b === v) hue = 4.0 + (r - g) / delta;
      hue = pymod(hue / 6.0, 1.0);
    }
    out[3 * p] = hue;
    out[3 * p + 1] = sat;
    out[3 * p + 2] = v;
  }
  return out;
}

/** skimage.color.hsv2rgb of one pixel, into out[o..o+2]. */
function hsv2rgbPixel(h, s, v, out, o) {
  const hi6 = Math.floor(h * 6);
  const f = h * 6 - hi6;
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  switch (hi6 % 6) {
    case 0: out[o] = v; out[o + 1] = t; out[o + 2] = p; break;
    case 1: out[o] = q; out[o + 1] = v; out[o + 2] = p; break;
    case 2: out[o] = p; out[o + 1] = v; out[o + 2] = t; break;
    case 3: out[o] = p; out[o + 1] = q; out[o + 2] = v; break;
    case 4: out[o] = t; out[o + 1] = p; out[o + 2] = v; break;
    default: out[o] = v; out[o + 1] = p; out[o + 2] = q;
  }
}

/** scipy.ndimage's map_coordinate for mode "reflect" (NI_EXTEND_REFLECT). */
function reflectCoordinate(x, len) {
  if (x < 0) {
    if (len <= 1) return 0;
    const sz2 = 2 * len;
    if (x < -sz2) x = sz2 * Math.trunc(-x / sz2) + x;
    return x < -len ? x + sz2 : (x > -1e-15 ? 1e-15 : -x) - 1;
  }
  if (x > len - 1) {
    if (len <= 1) return 0;
    const sz2 = 2 * len;
    x -= sz2 * Math.trunc(x / sz2);
    if (x >= len) x = sz2 - x - 1;
  }
  return x;
}

/** One axis of scipy's order-1 spline: the two source indices (mirrored at the borders) and
 *  their weights, as ni_interpolation.c computes them.  null: outside (the constant cval). */
function splineAxis(coordinate, len, into) {
  const c = reflectCoordinate(coordinate, len);
  if (!(c > -1.0)) return false;
  const start = Math.floor(c);
  if (start < 0 || start + 1 >= len) {
    into[0] = Math.trunc(reflectCoordinate(start, len));
    into[1] = Math.trunc(reflectCoordinate(start + 1, len));
  } else {
    into[0] = start;
    into[1] = start + 1;
  }
  const x = c - Math.floor(c);
  into[2] = 1.0 - x;
  into[3] = 1.0 - into[2];
  return true;
}

// ---- the transforms -------------------------------------------------------------------------
/**
 * What every transform needs and no strength changes (computed once): `data` is the explorer's
 * data, `pixels` the decoded images {photo, texture, scene} (uint8 RGB, row by row).
 */
export function prepare(data, pixels) {
  const h = data.height;
  const w = data.width;
  const n = h * w;
  const photo = pixels.photo;
  const mask = subjectMask(h, w, data.mask);
  let lo = 255;
  let hi = 0;
  for (let i = 0; i < photo.length; i++) {
    if (photo[i] < lo) lo = photo[i];
    if (photo[i] > hi) hi = photo[i];
  }
  return {
    h, w, n, photo, mask, lo, hi,
    texture: pixels.texture,
    scene: pixels.scene,
    ramp: linspace(0.1, 0.7, w),
    grain: Float64Array.from(data.grain),
    board: data.board,
    waves: {sx: Float64Array.from(data.waves.sx), cy: Float64Array.from(data.waves.cy),
      sy: Float64Array.from(data.waves.sy), cx: Float64Array.from(data.waves.cx)},
    hsv: rgb2hsv(photo),
    referenceL1: data.reference_l1,
    out: new Uint8Array(3 * n),
    scratch: new Float64Array(3),
    axisR: new Float64Array(4),
    axisC: new Float64Array(4),
  };
}

function viewpoint(ctx, s, out) {
  const {h, w, photo, lo, hi} = ctx;
  const [H0, H1, H2, H3, H4, H5] = viewpointMatrix(h, w, s);
  const metric = H1 === 0 && H3 === 0;  // scikit-image's _transform_metric
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const cc = metric ? H0 * c + H2 : H0 * c + H1 * r + H2;
      const rr = metric ? H4 * r + H5 : H3 * c + H4 * r + H5;
      // skimage's bilinear_interpolation, mode "edge"
      const minr = Math.floor(rr);
      const minc = Math.floor(cc);
      const maxr = Math.ceil(rr);
      const maxc = Math.ceil(cc);
      const dr = rr - minr;
      const dc = cc - minc;
      const r0 = minr < 0 ? 0 : (minr > h - 1 ? h - 1 : minr);
      const r1 = maxr < 0 ? 0 : (maxr > h - 1 ? h - 1 : maxr);
      const c0 = minc < 0 ? 0 : (minc > w - 1 ? w - 1 : minc);
      const c1 = maxc < 0 ? 0 : (maxc > w - 1 ? w - 1 : maxc);
      const tl = 3 * (r0 * w + c0);
      const tr = 3 * (r0 * w + c1);
      const bl = 3 * (r1 * w + c0);
      const br = 3 * (r1 * w + c1);
      const o = 3 * (r * w + c);
      for (let k = 0; k < 3; k++) {
        const top = (1 - dc) * photo[tl + k] + dc * photo[tr + k];
        const bottom = (1 - dc) * photo[bl + k] + dc * photo[br + k];
        let v = (1 - dr) * top + dr * bottom;
        v = v < lo ? lo : (v > hi ? hi : v);  // warp's clip to the input's range
        out[o + k] = u8(v);
      }
    }
  }
}

function illumination(ctx, s, out) {
  const {h, w, photo, ramp} = ctx;
  for (let j = 0; j < w; j++) {
    const factor = (1 - s) + s * ramp[j];
    for (let i = 0; i < h; i++) {
      const o = 3 * (i * w + j);
      out[o] = u8(photo[o] * factor);
      out[o + 1] = u8(photo[o + 1] * factor);
      out[o + 2] = u8(photo[o + 2] * factor);
    }
  }
}

/** clutter and context: m·I + (1 − m)·((1 − s)·I + s·B) with B the texture or the scene. */
function blendBackground(ctx, s, out, background) {
  const {n, photo, mask} = ctx;
  const keep = 1 - s;
  for (let p = 0; p < n; p++) {
    const m = mask[p];
    const om = 1 - m;
    for (let k = 3 * p; k < 3 * p + 3; k++) {
      const v = photo[k];
      out[k] = u8(m * v + om * (keep * v + s * background[k]));
    }
  }
}

function occlusion(ctx, s, out) {
  const {h, w, photo, grain, board} = ctx;
  out.set(photo);
  const edge = rint(0.65 * s * w);  // Python's round(): half to even
  for (let i = 0; i < h; i++) {
    const r = u8(board[0] + grain[i]);
    const g = u8(board[1] + grain[i]);
    const b = u8(board[2] + grain[i]);
    for (let j = 0; j < Math.min(edge, w); j++) {
      const o = 3 * (i * w + j);
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
}

function deformation(ctx, s, out) {
  const {h, w, photo, waves, axisR, axisC} = ctx;
  const amp = 0.06 * w * s;
  const {sx, cy, sy, cx} = waves;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const y = i + (amp * sx[j]) * cy[i];
      const x = j + (amp * sy[i]) * cx[j];
      const o = 3 * (i * w + j);
      if (!splineAxis(y, h, axisR) || !splineAxis(x, w, axisC)) {
        out[o] = out[o + 1] = out[o + 2] = 0;  // cval (never reached with mirror boundaries)
        continue;
      }
      const p00 = 3 * (axisR[0] * w + axisC[0]);
      const p01 = 3 * (axisR[0] * w + axisC[1]);
      const p10 = 3 * (axisR[1] * w + axisC[0]);
      const p11 = 3 * (axisR[1] * w + axisC[1]);
      const wr0 = axisR[2];
      const wr1 = axisR[3];
      const wc0 = axisC[2];
      const wc1 = axisC[3];
      for (let k = 0; k < 3; k++) {
        let t = 0.0;
        t += photo[p00 + k] * wr0 * wc0;
        t += photo[p01 + k] * wr0 * wc1;
        t += photo[p10 + k] * wr1 * wc0;
        t += photo[p11 + k] * wr1 * wc1;
        out[o + k] = u8(t);
      }
    }
  }
}

function intraclass(ctx, s, out) {
  const {n, photo, hsv, mask, scratch} = ctx;
  const turn = 0.5 * s;
  const saturate = 1 + 0.6 * s;
  const darken = 1 - 0.35 * s;
  for (let p = 0; p < n; p++) {
    const k = 3 * p;
    const hue = pymod(hsv[k] + turn, 1.0);
    let sat = hsv[k + 1] * saturate;
    sat = sat < 0 ? 0 : (sat > 1 ? 1 : sat);
    hsv2rgbPixel(hue, sat, hsv[k + 2] * darken, scratch, 0);
    const m = mask[p];
    const om = 1 - m;
    for (let c = 0; c < 3; c++) {
      out[k + c] = u8(m * (scratch[c] * 255.0) + om * photo[k + c]);
    }
  }
}

const TRANSFORMS = {
  viewpoint,
  illumination,
  clutter: (ctx, s, out) => blendBackground(ctx, s, out, ctx.texture),
  occlusion,
  deformation,
  intraclass,
  context: (ctx, s, out) => blendBackground(ctx, s, out, ctx.scene),
};

/** challenges.apply(photo, name, s): a new uint8 RGB image (or `out`, reused). */
export function transform(ctx, name, s, out = new Uint8Array(3 * ctx.n)) {
  if (!(name in TRANSFORMS)) throw new Error(`unknown challenge ${name}`);
  if (s === 0 && name !== "illumination" && name !== "clutter" && name !== "context") {
    out.set(ctx.photo);  // Python returns a copy (and so does every blend at s = 0)
    return out;
  }
  TRANSFORMS[name](ctx, s, out);
  return out;
}

/** The twin of the Python compute(): the transformed photo, |Δ| per pixel (mean over R, G, B)
 *  and the distances to the original. */
export function compute(ctx, name, s, heat = new Float64Array(ctx.n)) {
  const image = transform(ctx, name, s, ctx.out);
  const {photo, n} = ctx;
  let l1 = 0;
  let sq = 0;
  for (let p = 0; p < n; p++) {
    const k = 3 * p;
    const d0 = image[k] - photo[k];
    const d1 = image[k + 1] - photo[k + 1];
    const d2 = image[k + 2] - photo[k + 2];
    const a = Math.abs(d0) + Math.abs(d1) + Math.abs(d2);
    l1 += a;
    sq += d0 * d0 + d1 * d1 + d2 * d2;
    heat[p] = a / 3;
  }
  const ref = ctx.referenceL1;
  return {image, heat, l1, l2: Math.sqrt(sq), mean_abs: l1 / (3 * n), reference_l1: ref,
    ratio: ref > 0 ? l1 / ref : Infinity};
}

// ---- the page ---------------------------------------------------------------------------------
/** A base64 PNG as uint8 RGB (no colour management, no premultiplied alpha: the same bytes). */
async function decodePng(b64, w, h) {
  const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}),
    {colorSpaceConversion: "none", premultiplyAlpha: "none"});
  if (bitmap.width !== w || bitmap.height !== h) {
    throw new Error(`a ${bitmap.width}×${bitmap.height} image, expected ${w}×${h}`);
  }
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext("2d", {willReadFrequently: true});
  g.drawImage(bitmap, 0, 0);
  bitmap.close?.();
  const rgba = g.getImageData(0, 0, w, h).data;
  const rgb = new Uint8Array(3 * w * h);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgb[p] = rgba[q];
    rgb[p + 1] = rgba[q + 1];
    rgb[p + 2] = rgba[q + 2];
  }
  return rgb;
}

const CH01_CSS = `
.lb-ch01 .lb-shots{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-start}
.lb-explorer.lb-ch01 figure.lb-shot{flex:1 1 200px;max-width:300px;min-width:0;margin:0;padding:0}
.lb-explorer.lb-ch01 .lb-shot figcaption{font-size:12.5px;font-weight:600;line-height:1.35;
  margin:0 0 3px;padding:0;min-height:2.7em;display:flex;align-items:flex-end;
  justify-content:center;text-align:center;color:inherit}
.lb-ch01 .lb-shot canvas{display:block;width:100%;height:auto;border-radius:2px}
.lb-ch01 .lb-bar{height:10px;margin-top:4px;border:1px solid var(--lb-grid)}
.lb-ch01 .lb-bar-ticks{display:flex;justify-content:space-between;font-size:11px}
`;

function setup({root, model, figure, readout, data}) {
  root.classList.add("lb-ch01");
  if (!document.getElementById("lossbook-ch01-css")) {
    html("style", {id: "lossbook-ch01-css"}, document.head, CH01_CSS);
  }
  const {width: w, height: h} = data;
  const label = tr(data.label);  // the photo's name in the page's language (the value keeps it)
  const caption = html("div", {class: "lb-caption"});
  figure.before(caption);
  const shots = html("div", {class: "lb-shots"}, figure);
  figure.style.display = "block";
  const shot = (title) => {
    const box = html("figure", {class: "lb-shot"}, shots);
    const head = html("figcaption", {}, box, title);
    // never wider than its pixels: an enlarged photo would be blurred
    const canvas = html("canvas", {role: "img", width: w, height: h, style: `max-width:${w}px`},
      box);
    return {box, head, canvas, g: canvas.getContext("2d", {willReadFrequently: true})};
  };
  const original = shot(tr("original: \"{label}\"", {label}));
  const changed = shot("");
  const diff = shot(tr("|difference| (mean over R, G, B)"));
  original.canvas.setAttribute("aria-label", tr("The original photo, labelled \"{label}\".",
    {label}));
  // the heat map's colour bar: magma from 0 to 255
  const magma = [];
  for (let i = 0; i < 256; i++) {
    const hex = data.magma.slice(6 * i, 6 * i + 6);
    magma.push([0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16)));
  }
  const stops = [0, 32, 64, 96, 128, 160, 192, 224, 255]
    .map((i) => `rgb(${magma[i].join(",")}) ${(100 * i / 255).toFixed(1)}%`);
  html("div", {class: "lb-bar", "aria-hidden": "true",
    style: `background:linear-gradient(to right,${stops.join(",")})`}, diff.box);
  const ticks = html("div", {class: "lb-bar-ticks", "aria-hidden": "true"}, diff.box);
  ["0", "|Δ| (0–255)", "255"].forEach((t) => html("span", {}, ticks, t));

  const shown = changed.g.createImageData(w, h);
  const heatImage = diff.g.createImageData(w, h);
  const heat = new Float64Array(w * h);
  let ctx = null;

  function paint(target, rgb) {
    const px = target.data;
    for (let p = 0, q = 0; q < px.length; p += 3, q += 4) {
      px[q] = rgb[p];
      px[q + 1] = rgb[p + 1];
      px[q + 2] = rgb[p + 2];
      px[q + 3] = 255;
    }
  }

  function update() {
    if (!ctx) {
      readout.show([], tr("decoding the photo…"));
      return;
    }
    const name = model.get("challenge");
    const s = model.get("strength");
    const r = compute(ctx, name, s, heat);
    paint(shown, r.image);
    changed.g.putImageData(shown, 0, 0);
    const px = heatImage.data;
    for (let p = 0, q = 0; p < heat.length; p++, q += 4) {
      // matplotlib's Normalize(0, 255) then a 256-colour map: floor(v / 255 · 256), 256 -> 255
      const k = Math.min(255, Math.floor((heat[p] / 255) * 256));
      const c = magma[k];
      px[q] = c[0];
      px[q + 1] = c[1];
      px[q + 2] = c[2];
      px[q + 3] = 255;
    }
    diff.g.putImageData(heatImage, 0, 0);
    const challenge = tr(name);
    const strength = fixed(s, 2);
    changed.head.textContent = tr("{challenge}, strength {strength}: still \"{label}\"",
      {challenge, strength, label});
    changed.canvas.setAttribute("aria-label", tr("The photo after the {challenge} challenge at "
      + "strength {strength}: still labelled \"{label}\"; a pixel value moved by {moved} on "
      + "average (0–255).", {challenge, strength, label, moved: fixed(r.mean_abs, 1)}));
    diff.canvas.setAttribute("aria-label", tr("Heat map of how far each pixel moved (mean |Δ| "
      + "over R, G, B; dark: unchanged, bright: up to 255); L1 distance {l1}, {ratio} times the "
      + "distance to a flat image of the cat's mean colour.", {l1: thousands(r.l1, 0),
      ratio: fixed(r.ratio, 2)}));
    caption.textContent = tr(data.descriptions[name] || "");
    readout.show([
      ["challenge", "challenge", name, challenge],
      ["strength", "strength", s, fixed(s, 2)],
      ["label_original", "label of the original", data.label, label],
      ["label_transformed", "label of the transformed photo", data.label, label],
      ["l1", "L1 distance Σ|Δ|", r.l1, thousands(r.l1, 0)],
      ["l2", "L2 distance √(ΣΔ²)", r.l2, thousands(r.l2, 0)],
      ["mean_abs", "mean |Δ| per value (0–255)", r.mean_abs, fixed(r.mean_abs, 1)],
      ["reference_l1", tr("L1 distance {label} → flat mean-colour image", {label}), r.reference_l1,
        thousands(r.reference_l1, 0)],
      ["ratio", "ratio of the two L1 distances", r.ratio, fixed(r.ratio, 2)],
    ]);
    root.dataset.drawn = `${name} ${s}`;
  }

  Promise.all([decodePng(data.photo, w, h), decodePng(data.texture, w, h),
    decodePng(data.scene, w, h)]).then(([photo, texture, scene]) => {
    ctx = prepare(data, {photo, texture, scene});
    const img = original.g.createImageData(w, h);
    paint(img, photo);
    original.g.putImageData(img, 0, 0);
    update();
    root.dataset.ready = "true";
  }).catch((err) => {
    readout.show([], tr("The photo could not be decoded: {error}", {error: err.message}));
    throw err;
  });
  return update;
}

export default {
  render({model, el}) {
    return explorer(model, el, setup, {readoutTitle: "Pixel distance to the original"});
  },
};
