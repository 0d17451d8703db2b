"""The self-checking question (lossbook.widgets.question): the Python face, the reference verdict
that the page's JavaScript must agree with (tests/browser/test_questions.py checks that)."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from lossbook.data.worked_examples import load_cat_car_frog
from lossbook.widgets import base
from lossbook.widgets.question import MESSAGES, Question, Verdict, parse_answer

WIDGETS = Path(base.__file__).parent


def image_loss(i: int, margin: float) -> float:
    """Image ``i``'s SVM loss by hand, Σ_{j≠y} max(0, s_j − s_y + Δ), from the worked
    example's score table (cat, car, frog)."""
    scores, y, _ = load_cat_car_frog()
    row, k = scores[i], int(y[i])
    total = 0.0
    for j in range(len(row)):
        if j != k:
            total += max(0.0, float(row[j]) - float(row[k]) + margin)
    return total


FROG_1, FROG_2 = image_loss(2, 1.0), image_loss(2, 2.0)     # 12.9 and 14.9 (the notes' numbers)
SUM_NOT_MEAN = sum(image_loss(i, 2.0) for i in range(3))    # the losses added, not the frog's


def frog_question(**kw) -> Question:
    args = dict(answer=FROG_2, tolerance=0.01,
                hints=[(FROG_1, "That is the loss with Δ = 1: every term grows with Δ."),
                       (SUM_NOT_MEAN, "That is a sum over the three images; the frog's alone.")],
                explanation="Both terms grow by 1 with Δ.")
    args.update(kw)
    return Question("What is the frog image's loss with Δ = 2?", **args)


def test_the_worked_example_numbers():
    """The numbers the question is built on, from the score table (not typed in)."""
    assert math.isclose(FROG_1, 12.9, abs_tol=1e-9) and math.isclose(FROG_2, 14.9, abs_tol=1e-9)
    assert math.isclose(SUM_NOT_MEAN, 3.9 + 0.0 + 14.9, abs_tol=1e-9)  # the README's losses


# ---- right --------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["14.9", " 14.90 ", "+14.9", "1.49e1", "149E-1", "14.9\u00a0",
                                   "\t14.905", "14.8905", "014.900"])
def test_right_answers_as_typed(typed):
    q = frog_question()
    v = q.check(typed)
    assert v.status == "right"
    assert v.value == float(typed.strip().replace("\u00a0", ""))
    assert v.message == f"Right: {v.value:.6g}. Both terms grow by 1 with Δ."


def test_right_within_the_tolerance_on_both_sides_and_wrong_just_outside():
    q = frog_question()
    for delta in (0.0, 0.004, -0.004, 0.0099, -0.0099):
        assert q.check(FROG_2 + delta).status == "right", delta
    for delta in (0.0101, -0.0101, 0.02, -1.0):
        assert q.check(FROG_2 + delta).status == "wrong", delta
    assert q.check(np.float32(14.9)).status == "right"  # numpy numbers are numbers
    assert q.check(15).status == "wrong"


def test_the_edge_of_the_tolerance_counts_as_right():
    """τ = 0.125 and the answer 0.5 are exact in binary: |v − a| = τ exactly on the edge."""
    q = Question("max(0, 2.5 - 3 + 1)?", answer=0.5, tolerance=0.125, hints=[(0.0, "Δ first")])
    assert q.check("0.625").status == "right" and q.check("0.375").status == "right"
    assert q.check("0.6250001").status == "wrong" and q.check("0.3749999").status == "wrong"
    assert q.check("-0.125").status == "hint" and q.check("0.125").status == "hint"
    assert q.check("-0.1250001").status == "wrong"


def test_relative_tolerance_scales_with_the_answer():
    q = Question("P(car) at T = 0.5?", answer=0.0021, rel_tolerance=0.05)
    assert q.tolerance == pytest.approx(0.05 * 0.0021)
    assert q.check("0.00215").status == "right"     # 2.4 % off
    assert q.check("0.0023").status == "wrong"      # 9.5 % off
    # the edge: 5 % of 0.0021 is 0.000105
    assert [q.check(t).status for t in ("0.0022049", "0.0019951", "0.0022051", "0.0019949")] \
        == ["right", "right", "wrong", "wrong"]
    # the larger of the two tolerances wins
    both = Question("x?", answer=1000.0, tolerance=0.5, rel_tolerance=0.01)
    assert both.tolerance == 10.0 and both.check("1009").status == "right"


def test_the_explanation_is_optional_and_the_unit_follows_the_numbers():
    q = Question("How many?", answer=3, integer=True, unit="weights")
    assert q.check("3").message == "Right: 3 weights."
    assert q.check("4").message == "Not right: 4 weights is not the answer. Try again."
    assert q.reveal() == "The answer is 3 weights."


# ---- hints --------------------------------------------------------------------------------------
def test_each_hint_is_given_for_its_wrong_value_within_the_tolerance():
    q = frog_question()
    for value, text in q.hints:
        for typed in (f"{value}", f"{value + 0.005}", f"{value - 0.005}"):
            v = q.check(typed)
            assert v == Verdict("hint", f"Not quite. {text}", float(typed)), typed
    assert q.check(f"{FROG_1 + 0.02}").status == "wrong"


def test_the_first_fitting_hint_wins():
    q = Question("q?", answer=0.0, tolerance=1.0, hints=[(5.0, "first"), (6.5, "second")])
    assert q.check("5.8").message == "Not quite. first"    # within 1 of both: the first
    assert q.check("5.9").message == "Not quite. first"
    assert q.check("6.2").message == "Not quite. second"   # 1.2 from the first
    assert q.check("7.6").status == "wrong"


# ---- wrong and invalid --------------------------------------------------------------------------
def test_wrong_says_the_value_read():
    q = frog_question()
    assert q.check("1e-3") == Verdict("wrong", "Not right: 0.001 is not the answer. Try again.",
                                      0.001)
    assert q.check("\u221212.9").message == "Not right: -12.9 is not the answer. Try again."
    assert q.check("123456789").message.startswith("Not right: 123456789 ")  # whole: in full
    assert q.check("123456789.5").message.startswith("Not right: 1.23457e+08 ")


@pytest.mark.parametrize("typed, why", [
    ("", "empty"), ("   ", "empty"), ("\u00a0", "empty"),
    ("14,9", "comma"), ("1,000", "comma"), ("1,000.5", "comma"),
    ("abc", "not_a_number"), ("14.9 abc", "not_a_number"), ("1/3", "not_a_number"),
    ("inf", "not_a_number"), ("nan", "not_a_number"), ("Infinity", "not_a_number"),
    ("0x10", "not_a_number"), ("1_000", "not_a_number"), ("1 000", "not_a_number"),
    ("\u0661\u0664", "not_a_number"), ("--1", "not_a_number"), ("1e", "not_a_number"),
    (".", "not_a_number"), ("e5", "not_a_number"), ("5-3", "not_a_number"),
    ("1e400", "not_finite"), ("-1e400", "not_finite"),
])
def test_invalid_inputs_are_refused_with_a_message(typed, why):
    v = frog_question().check(typed)
    assert v == Verdict("invalid", MESSAGES[why], None)
    assert parse_answer(typed) == why


def test_whole_number_questions():
    q = Question("How many weights are exactly zero?", answer=4, integer=True,
                 hints=[(0, "L2 shrinks weights but never to exactly zero.")])
    assert q.tolerance == 0.5
    assert q.check("4").status == "right" and q.check("4.0").status == "right"
    assert q.check("4e0").status == "right"
    assert q.check("4.4") == Verdict("invalid", MESSAGES["not_whole"], None)
    assert q.check(3.5).status == "invalid"
    assert q.check("0").status == "hint" and q.check("5").status == "wrong"


def test_non_finite_numbers_passed_from_python_are_invalid():
    q = frog_question()
    for x in (float("nan"), float("inf"), -np.inf):
        assert q.check(x).status == "invalid"


@pytest.mark.parametrize("bad", [None, True, [14.9], b"14.9", 1 + 2j])
def test_check_refuses_what_no_reader_can_type(bad):
    with pytest.raises(TypeError, match="value must be a typed text or a real number"):
        frog_question().check(bad)


def test_parse_agrees_with_float_on_every_accepted_text():
    """An independent reading: whatever the grammar accepts, Python's float reads the same."""
    texts = ["0", "-0", "+.5", "5.", "007", "1e-3", "1E+3", "-2.5e-07", "123456789012345678901",
             "0.1", "1e308", "1e-400"]
    for t in texts:
        assert parse_answer(t) == float(t), t


# ---- the explorer protocol: the kernel follows the page ---------------------------------------
def test_it_is_an_explorer_with_its_javascript_face():
    q = frog_question()
    assert isinstance(q, base.Explorer) and q._controls == []
    assert Question._esm == base.bundle("question")
    d = q.data
    assert d["answer"] == FROG_2 and d["tolerance"] == 0.01 and d["integer"] is False
    assert d["hints"] == [[v, t] for v, t in q.hints] and d["messages"] == MESSAGES
    assert d["prompt"] == "What is the frog image's loss with Δ = 2?"


def test_the_kernel_readout_follows_the_checked_text():
    q = frog_question()
    assert q.readout() == {"status": "unanswered", "message": ""}
    assert q._kernel_readout == {"status": "unanswered", "message": ""}
    for typed in ("12.9", "14.9", "oops", ""):
        q.response = typed
        v = q.check(typed)
        assert q._kernel_readout == {"status": v.status, "message": v.message}


def test_only_a_checked_text_recomputes():
    q = frog_question()
    calls = []
    q.compute = lambda: calls.append(q.response) or Question.compute(q)
    q.response = "12.9"
    assert calls == ["12.9"]                       # one recompute per checked text
    q.layout.width = "300px"
    q.data = {**q.data}
    assert calls == ["12.9"]                       # other traits recompute nothing


def test_reveal_gives_the_answer_and_the_explanation():
    assert frog_question().reveal() == "The answer is 14.9. Both terms grow by 1 with Δ."


def test_the_javascript_face_imports_only_the_helper_and_clashes_with_none_of_its_names():
    text = (WIDGETS / "question.js").read_text(encoding="utf8")
    imports = re.findall(r"^import .*$", text, flags=re.M)
    assert imports == ['import { general, html, injectStyle, tr } from "./_explorer.js";']
    assert text.count("export default") == 1 and "http" not in text
    top = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+"
                     r"([A-Za-z_$][\w$]*)", re.M)
    helper = set(top.findall((WIDGETS / "_explorer.js").read_text(encoding="utf8")))
    assert not helper & set(top.findall(text))
    # the same grammar and spaces on both faces
    from lossbook.widgets import question
    assert question.NUMBER.pattern.replace("(?:", "") in text.replace("(?:", "")
    spaces = "".join(f"\\u{ord(c):04x}" if ord(c) > 127 else
                     {" ": " ", "\t": "\\t", "\n": "\\n", "\r": "\\r"}[c] for c in question.SPACES)
    assert f"[{spaces}]" in text


# ---- validation at the boundary -----------------------------------------------------------------
@pytest.mark.parametrize("kw, error, match", [
    (dict(prompt=""), ValueError, "prompt must be a non-empty text"),
    (dict(prompt=3), TypeError, "prompt must be a str; got int"),
    (dict(answer=float("nan")), ValueError, "answer must be finite"),
    (dict(answer=np.inf), ValueError, "answer must be finite"),
    (dict(answer="14.9"), TypeError, "answer must be a real number; got str"),
    (dict(answer=True), TypeError, "answer must be a real number; got bool"),
    (dict(tolerance=0), ValueError, "tolerance must be positive; got 0"),
    (dict(tolerance=-0.1), ValueError, "tolerance must be positive"),
    (dict(tolerance=float("nan")), ValueError, "tolerance must be finite"),
    (dict(tolerance="0.01"), TypeError, "tolerance must be a real number"),
    (dict(tolerance=None), ValueError, "tolerance is needed"),
    (dict(tolerance=None, rel_tolerance=0.1, answer=0.0), ValueError, "tolerance is needed"),
    (dict(rel_tolerance=-0.01), ValueError, "rel_tolerance must be non-negative"),
    (dict(hints="12.9"), TypeError, "hints must be a list of .wrong value, hint text. pairs"),
    (dict(hints={12.9: "x"}), TypeError, "hints must be a list"),
    (dict(hints=None), TypeError, "hints must be a list"),
    (dict(hints=[12.9]), TypeError, r"hints\[0\] must be a \(wrong value, hint text\) pair"),
    (dict(hints=[(12.9, "a", "b")]), TypeError, r"hints\[0\] must be a .* pair"),
    (dict(hints=[("12.9", "a")]), TypeError, r"hints\[0\]\[0\] \(the wrong value\) must be a real"),
    (dict(hints=[(float("inf"), "a")]), ValueError, r"hints\[0\]\[0\] .* must be finite"),
    (dict(hints=[(12.9, "")]), ValueError,
     r"hints\[0\]\[1\] \(the hint text\) must be a non-empty"),
    (dict(hints=[(12.9, None)]), TypeError, r"hints\[0\]\[1\] \(the hint text\) must be a str"),
    (dict(hints=[(1.0, "ok"), (14.905, "x")]), ValueError,
     r"hints\[1\] is for 14.905, within the tolerance 0.01 of the answer"),
    (dict(hints=[(1.0, "a"), (1.005, "b")]), ValueError,
     r"hints\[1\] is for 1.005, within the tolerance 0.01 of hints\[0\]"),
    (dict(explanation=None), TypeError, "explanation must be a str"),
    (dict(unit=1), TypeError, "unit must be a str"),
    (dict(integer=1), TypeError, "integer must be True or False"),
    (dict(integer=True), ValueError, "answer must be a whole number when integer=True"),
])
def test_arguments_are_validated_with_a_message_naming_them(kw, error, match):
    args = dict(prompt="What is the frog image's loss with Δ = 2?", answer=14.9, tolerance=0.01)
    args.update(kw)
    prompt = args.pop("prompt")
    with pytest.raises(error, match=match):
        Question(prompt, **args)


def test_an_integer_hint_must_be_a_whole_number():
    with pytest.raises(ValueError, match=r"hints\[0\] is for 2.5, not a whole number"):
        Question("How many?", answer=4, integer=True, hints=[(2.5, "half")])
