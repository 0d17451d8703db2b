// A numeric question that checks itself: the JavaScript face of Question (question.py).
//
//   right:  |v − answer| ≤ τ;   hint: the first (h, text) with |v − h| ≤ τ;   else wrong
//
// parseAnswer() and checkAnswer() are the twins of the Python parse_answer() and Question.check();
// the browser tests check the two agree, typed input by typed input.  The texts come from Python
// (data.messages), so only the logic lives here twice; on a Korean page they, and the buttons,
// are shown in Korean (tr() of _explorer.js, the Korean set in _ko.js, keyed by the English text).
import { general, html, injectStyle, tr } from "./_explorer.js";

// the spaces a reader may leave around the number (question.py's SPACES)
const QUESTION_SPACES = /^[ \t\n\r\u00a0\u2009\u202f]+|[ \t\n\r\u00a0\u2009\u202f]+$/g;
const QUESTION_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
// after this many tries that are not right, "Show answer" appears
const TRIES_BEFORE_REVEAL = 2;

/** The number typed, or the key of data.messages saying why it is refused. */
export function parseAnswer(raw, integer) {
  const text = String(raw).replace(QUESTION_SPACES, "").replace(/\u2212/g, "-");
  if (text === "") return "empty";
  if (text.includes(",")) return "comma";
  if (!QUESTION_NUMBER.test(text)) return "not_a_number";
  const value = Number(text);
  if (!Number.isFinite(value)) return "not_finite";
  if (integer && value !== Math.floor(value)) return "not_whole";
  return value;
}

/** A number as both faces print it: a whole number below 1e15 in full (153600000), any other
 *  as Python's f"{x:.6g}"; then the unit. */
function showNumber(x, unit) {
  const text = Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : general(x, 6);
  return unit ? `${text} ${unit}` : text;
}

function joinText(...parts) {
  return parts.filter(Boolean).join(" ");
}

/** The verdict on a typed text: {status, message, value}, as Question.check gives it. */
export function checkAnswer(raw, question) {
  const {answer, tolerance, hints, explanation, integer, unit, messages} = question;
  const value = parseAnswer(raw, integer);
  if (typeof value === "string") {
    return {status: "invalid", message: tr(messages[value]), value: null};
  }
  if (Math.abs(value - answer) <= tolerance) {
    const right = tr(messages.right, {value: showNumber(value, unit)});
    return {status: "right", message: joinText(right, explanation), value};
  }
  for (const [hint, text] of hints) {
    if (Math.abs(value - hint) <= tolerance) {
      return {status: "hint", message: `${tr(messages.hint)} ${text}`, value};
    }
  }
  return {status: "wrong", message: tr(messages.wrong, {value: showNumber(value, unit)}), value};
}

/** What "Show answer" says (Question.reveal). */
export function revealAnswer(question) {
  const {answer, explanation, unit, messages} = question;
  return joinText(tr(messages.reveal, {answer: showNumber(answer, unit)}), explanation);
}

// ---- the page ---------------------------------------------------------------------------------
// Colours from the book's theme (pydata's variables, light and dark), with fallbacks elsewhere;
// the verdict is said in words, its colour only marks the border.
const QUESTION_CSS = `
.lb-question{--lb-q-line:rgba(127,127,127,.35);--lb-q-field:rgba(127,127,127,.08);
  font-size:14px;line-height:1.4;max-width:100%;padding:10px 12px;margin:.5em 0;
  border:1px solid var(--lb-q-line);border-left:4px solid var(--pst-color-primary,#0072B2);
  border-radius:6px;box-sizing:border-box;overflow-wrap:anywhere;
  color:var(--pst-color-text-base,inherit);background:var(--pst-color-background,transparent)}
.lb-question *{box-sizing:border-box}
.lb-question:lang(ko){word-break:keep-all}
html[data-theme=dark] .bd-content div.cell_output .widget-subarea:has(.lb-question){
  background-color:transparent;color:var(--pst-color-text-base);padding:0}
.lb-question .lb-q-prompt{font-weight:600;margin:0 0 6px}
.lb-question .lb-q-row{display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center}
.lb-question input{width:9em;max-width:100%;font:inherit;color:inherit;
  background:var(--lb-q-field);border:1px solid rgba(127,127,127,.9);border-radius:3px;
  padding:2px 5px}
.lb-question button{font:inherit;color:inherit;background:var(--lb-q-field);
  border:1px solid rgba(127,127,127,.9);border-radius:4px;padding:2px 10px;cursor:pointer}
.lb-question button:hover{background:var(--lb-q-line)}
.lb-question :focus-visible{outline:2px solid #0072B2;outline-offset:1px}
.lb-question .lb-q-verdict{margin-top:6px;padding-left:8px;border-left:4px solid transparent;
  min-height:1.4em}
.lb-question .lb-q-verdict:empty{display:none}
.lb-question .lb-q-verdict p{margin:0}
.lb-question .lb-q-verdict[data-status=right]{border-left-color:var(--pst-color-success,#009E73)}
.lb-question .lb-q-verdict[data-status=hint]{border-left-color:var(--pst-color-warning,#E69F00)}
.lb-question .lb-q-verdict[data-status=wrong],
.lb-question .lb-q-verdict[data-status=invalid]{border-left-color:var(--pst-color-danger,#D55E00)}
.lb-question .lb-q-verdict[data-status=revealed]{border-left-color:var(--pst-color-info,#56B4E9)}
`;

let questionCount = 0;

/** A page-unique id prefix: each question may run its own copy of this module (anywidget loads
 *  the module once per widget), so a counter alone would repeat; a random part does not. */
function questionId() {
  questionCount += 1;
  return `lb-question-${questionCount}-${Math.random().toString(36).slice(2, 9)}`;
}

/**
 * The verdict area of `root`; returns `show(status, message)`.  The message is said in a live
 * region, a new paragraph each time (built whole, then added), so that a screen reader announces
 * it again even when it is the same as the last one.  As in the explorers' readout, the values
 * carry `data-key` (status, message) and `data-value`: Question.readout(), which the tests read.
 */
function verdictArea(root) {
  const statusValue = html("span", {class: "lossbook-value", "data-key": "status",
    "data-value": "unanswered", hidden: ""}, root);
  const region = html("div", {class: "lb-q-verdict", role: "status", "aria-live": "polite",
    "aria-atomic": "true"}, root);
  return (status, message) => {
    root.dataset.status = status;
    region.setAttribute("data-status", status);
    statusValue.setAttribute("data-value", status);
    const said = html("p");
    html("span", {class: "lossbook-value", "data-key": "message", "data-value": message}, said,
      message);
    region.replaceChildren(said);
  };
}

function renderQuestion(model, el) {
  injectStyle("lossbook-question-css", QUESTION_CSS);
  const question = model.get("data");
  const id = questionId();
  const promptId = `${id}-prompt`;
  const boxId = `${id}-box`;
  const root = html("div", {class: "lb-question", role: "group", "aria-labelledby": promptId,
    "data-status": "unanswered", "data-tries": "0"}, el);
  html("p", {class: "lb-q-prompt", id: promptId}, root, question.prompt);
  const row = html("div", {class: "lb-q-row"}, root);
  html("label", {for: boxId}, row, tr("Your answer"));
  const box = html("input", {type: "text", id: boxId, autocomplete: "off", spellcheck: "false",
    "aria-describedby": promptId}, row);
  if (question.unit) html("span", {class: "lb-q-unit"}, row, question.unit);
  const checkButton = html("button", {type: "button"}, row, tr("Check"));
  const show = verdictArea(root);
  let tries = 0;
  let revealButton = null;

  const reveal = () => show("revealed", revealAnswer(question));
  const check = () => {
    const verdict = checkAnswer(box.value, question);
    show(verdict.status, verdict.message);
    if (verdict.status === "hint" || verdict.status === "wrong") tries += 1;
    root.dataset.tries = String(tries);
    if (tries >= TRIES_BEFORE_REVEAL && !revealButton) {
      revealButton = html("button", {type: "button", class: "lb-q-reveal"}, row,
        tr("Show answer"));
      revealButton.addEventListener("click", reveal);
    }
    model.set("response", box.value);  // with a kernel, Python checks the same text
    model.save_changes();
  };
  checkButton.addEventListener("click", check);
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    check();
  });
  const kernel = () => {
    root.dataset.kernelReadout = JSON.stringify(model.get("_kernel_readout") || {});
  };
  model.on("change:_kernel_readout", kernel);
  kernel();
  return () => model.off("change:_kernel_readout", kernel);
}

export default {
  render({model, el}) {
    return renderQuestion(model, el);
  },
};
