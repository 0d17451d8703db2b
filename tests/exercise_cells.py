"""The your-turn exercises of the chapters, written into the notebooks from one place.

``python tests/exercise_cells.py`` inserts (or rewrites) before each chapter's summary a section
"Check yourself" (numeric questions the page checks, ``lb.widgets.Question``, their code hidden
in the book) and a section "Your turn: write it yourself": per exercise a numbered statement,
the stub the reader fills in (nbgrader's student form, ``raise NotImplementedError()``), the
check cell (``lb.exercises.check(name, fn)``), the written answer folded
(``<details class="lossbook-solution">``) and a folded answer-key cell that defines a solution and
checks it, so that nbval proves every solution passes.  The cells carry nbgrader's metadata
(``solution`` on the stub, ``locked`` on the check) and the answer keys the tag ``solution``,
which ``lossbook-assignment`` removes.  Cell ids are fixed, so rewriting is idempotent.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Your turn: write it yourself"
INTRO = (
    SECTION + "\n\n"
    "Write each function in the cell under its exercise, then run the check under it. "
    "`lb.exercises.check` runs your function on cases you do not see (random scores and the "
    "edges: equal scores, a margin met exactly, huge scores, one image, two classes), compares "
    "it with the library and, when the answer is wrong, says which mistake it looks like. "
    "Until you write the function, the check says so.")
#: a sentence of the book's edition only (tagged ``solution``: the assignment drops it), and of
#: the screen only: the print edition gathers the solutions at the chapter's end
#: (``lossbook-screen-only``, see _ext/lossbook_print.py)
SCREEN_ONLY = '<div class="lossbook-screen-only">\n\n{}\n\n</div>'
KEYS_NOTE = SCREEN_ONLY.format(
    "A folded cell after each check holds one solution, checked the same way; open it once you "
    "are done.")


@dataclass(frozen=True)
class Exercise:
    number: str          # "3.8"
    slug: str            # the id of the statement and the cells
    title: str
    statement: str       # markdown
    answer: str          # the written answer (markdown, folded)
    stub: str            # the code the reader completes
    checks: tuple[tuple[str, str], ...]   # (exercise name, the reader's function)
    solution: str        # the answer key's code (defines <fn>_solution)


def _stub(signature: str, doc: str) -> str:
    return f'def {signature}:\n    """{doc}"""\n    # YOUR CODE HERE\n    raise NotImplementedError()'


EXERCISES: dict[str, list[Exercise]] = {
    "02_linear_classifier": [Exercise(
        "2.6", "sgd-step", "One step of gradient descent",
        "Write `sgd_step(W, grad, learning_rate)`: the weights after one step downhill, "
        "$W - \\eta\\,\\nabla_W L$ with $\\eta$ = `learning_rate`. Return a new array and leave "
        "`W` as it was: the caller may still need the old weights.",
        "Subtract, do not add: the gradient points uphill. `W - learning_rate * grad` makes a "
        "new array; `W -= ...` would change the caller's `W` in place.",
        _stub("sgd_step(W, grad, learning_rate)",
              "W after one step: W - learning_rate * grad (a new array)."),
        (("sgd_step", "sgd_step"),),
        "def sgd_step_solution(W, grad, learning_rate):\n"
        "    return W - learning_rate * grad   # a new array; W is unchanged\n\n"
        "lb.exercises.check(\"sgd_step\", sgd_step_solution)")],
    "03_svm_loss": [
        Exercise(
            "3.8", "svm-loss-loop", "The SVM loss, one term at a time",
            "Write `svm_loss_loop(scores, y, margin)` with explicit loops over the images $i$ and "
            "the classes $j$: the mean over the images of "
            "$L_i = \\sum_{j \\ne y_i} \\max(0, s_{ij} - s_{iy_i} + \\Delta)$. `scores` is "
            "$(N, C)$, `y` holds the $N$ correct classes, `margin` is $\\Delta$.",
            "Start from 0, loop over $i$ and over $j$, skip $j = y_i$, add "
            "$\\max(0, s_{ij} - s_{iy_i} + \\Delta)$; divide the total by $N$ at the end. "
            "Forgetting to skip $j = y_i$ adds $\\Delta$ to every $L_i$.",
            _stub("svm_loss_loop(scores, y, margin=1.0)",
                  "Mean multiclass SVM loss, with loops; scores: (N, C)."),
            (("svm_loss_loop", "svm_loss_loop"),),
            "def svm_loss_loop_solution(scores, y, margin=1.0):\n"
            "    n, c = scores.shape\n"
            "    total = 0.0\n"
            "    for i in range(n):\n"
            "        for j in range(c):\n"
            "            if j != y[i]:\n"
            "                total += max(0.0,\n"
            "                             scores[i, j] - scores[i, y[i]] + margin)\n"
            "    return total / n\n\n"
            "lb.exercises.check(\"svm_loss_loop\", svm_loss_loop_solution)"),
        Exercise(
            "3.9", "svm-loss-vectorized", "The SVM loss without loops",
            "Write `svm_loss(scores, y, margin)` again, now without a Python loop: pick the "
            "correct scores with `scores[np.arange(N), y]`, form every margin at once and zero "
            "the correct class's term.",
            "The correct scores are `scores[np.arange(N), y]`, a column after `[:, None]`. "
            "`np.maximum(0, scores - correct[:, None] + margin)` holds every term; set the "
            "correct class's entries to 0 (each is exactly $\\Delta$), sum and divide by $N$.",
            _stub("svm_loss(scores, y, margin=1.0)",
                  "Mean multiclass SVM loss, vectorized; scores: (N, C)."),
            (("svm_loss", "svm_loss"),),
            "def svm_loss_solution(scores, y, margin=1.0):\n"
            "    n = scores.shape[0]\n"
            "    correct = scores[np.arange(n), y][:, None]\n"
            "    terms = np.maximum(0.0, scores - correct + margin)\n"
            "    terms[np.arange(n), y] = 0.0\n"
            "    return terms.sum() / n\n\n"
            "lb.exercises.check(\"svm_loss\", svm_loss_solution)"),
        Exercise(
            "3.10", "svm-grad", "The SVM loss's gradient",
            "Write `svm_grad(scores, y, margin)`: the gradient of the mean SVM loss with respect "
            "to the scores, an array shaped like `scores`. Each positive term adds $1/N$ to "
            "its class $j$ and subtracts $1/N$ from the correct class $y_i$.",
            "Mark the positive terms, `positive = terms > 0` (the correct class excluded). The "
            "gradient is `positive / N`, and the correct class's entry of row $i$ is minus the "
            "number of positive terms in that row, over $N$. Without the $1/N$ it is the "
            "gradient of the sum, $N$ times too large.",
            _stub("svm_grad(scores, y, margin=1.0)",
                  "d(mean SVM loss)/d(scores), shape (N, C)."),
            (("svm_grad", "svm_grad"),),
            "def svm_grad_solution(scores, y, margin=1.0):\n"
            "    n = scores.shape[0]\n"
            "    rows = np.arange(n)\n"
            "    terms = scores - scores[rows, y][:, None] + margin\n"
            "    positive = (terms > 0).astype(float)\n"
            "    positive[rows, y] = 0.0\n"
            "    positive[rows, y] = -positive.sum(axis=1)\n"
            "    return positive / n\n\n"
            "lb.exercises.check(\"svm_grad\", svm_grad_solution)"),
    ],
    "04_softmax": [
        Exercise(
            "4.5", "softmax-loss", "The softmax loss, safe at any score",
            "Write `softmax_loss(scores, y)`: the mean over the images of "
            "$-\\log\\big(e^{s_{iy_i}} / \\sum_j e^{s_{ij}}\\big)$. It must stay finite for "
            "scores of $\\pm 10^4$: shift each row by its maximum first (section "
            "*Numerical stability*).",
            "Subtract each row's maximum, `shifted = scores - scores.max(axis=1, "
            "keepdims=True)`; then $-\\log p_{y_i}$ = `log(sum(exp(shifted))) - "
            "shifted[y_i]` row by row; average. Without the shift `exp(1e4)` is inf and the "
            "loss NaN.",
            _stub("softmax_loss(scores, y)",
                  "Mean softmax cross-entropy; scores: (N, C)."),
            (("softmax_loss", "softmax_loss"),),
            "def softmax_loss_solution(scores, y):\n"
            "    n = scores.shape[0]\n"
            "    shifted = scores - scores.max(axis=1, keepdims=True)\n"
            "    log_norm = np.log(np.exp(shifted).sum(axis=1))\n"
            "    return np.mean(log_norm - shifted[np.arange(n), y])\n\n"
            "lb.exercises.check(\"softmax_loss\", softmax_loss_solution)"),
        Exercise(
            "4.6", "softmax-grad", "The softmax loss's gradient",
            "Write `softmax_grad(scores, y)`: the gradient of the mean softmax loss with "
            "respect to the scores, $(P - Y)/N$ with $P$ the probabilities and $Y$ the one-hot "
            "labels (section *The gradient*).",
            "Compute the probabilities from the shifted scores, subtract 1 at each correct "
            "class and divide by $N$. The opposite sign, $Y - P$, points uphill.",
            _stub("softmax_grad(scores, y)",
                  "d(mean softmax loss)/d(scores), shape (N, C)."),
            (("softmax_grad", "softmax_grad"),),
            "def softmax_grad_solution(scores, y):\n"
            "    n = scores.shape[0]\n"
            "    e = np.exp(scores - scores.max(axis=1, keepdims=True))\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    p[np.arange(n), y] -= 1.0\n"
            "    return p / n\n\n"
            "lb.exercises.check(\"softmax_grad\", softmax_grad_solution)"),
        Exercise(
            "4.7", "numerical-gradient", "Check a gradient by finite differences",
            "Write `numerical_gradient(f, x, h)`: for each entry of `x`, the centred difference "
            "$\\big(f(x + h e_k) - f(x - h e_k)\\big) / 2h$, in an array shaped like `x`; leave "
            "`x` as it was. Then compare it with your `softmax_grad` on a few random scores: "
            "the relative error should be about $10^{-9}$ or less.",
            "Loop over the entries with `np.ndindex(x.shape)`: save the entry, set it to "
            "$x_k + h$ and $x_k - h$ in turn, evaluate, restore it. Dividing by $h$ instead of "
            "$2h$ doubles every entry; the one-sided $(f(x + h e_k) - f(x))/h$ is less "
            "accurate, with an error of order $h$.",
            _stub("numerical_gradient(f, x, h=1e-5)",
                  "Centred differences of f at x, shaped like x."),
            (("numerical_gradient", "numerical_gradient"),),
            "def numerical_gradient_solution(f, x, h=1e-5):\n"
            "    grad = np.zeros_like(x, dtype=float)\n"
            "    for k in np.ndindex(x.shape):\n"
            "        saved = x[k]\n"
            "        x[k] = saved + h\n"
            "        up = f(x)\n"
            "        x[k] = saved - h\n"
            "        down = f(x)\n"
            "        x[k] = saved\n"
            "        grad[k] = (up - down) / (2 * h)\n"
            "    return grad\n\n"
            "check = lb.exercises.check(\"numerical_gradient\",\n"
            "                           numerical_gradient_solution)\n"
            "rng = np.random.default_rng(0)\n"
            "S, y = rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])\n"
            "numeric = numerical_gradient_solution(\n"
            "    lambda s: softmax_loss_solution(s, y), S.copy())\n"
            "analytic = softmax_grad_solution(S, y)\n"
            "print(\"relative error:\",\n"
            "      f\"{lb.gradcheck.rel_error(analytic, numeric):.0e}\")\n"
            "check"),
    ],
    "06_regression_losses": [
        Exercise(
            "6.5", "gaussian-nll", "The Gaussian negative log-likelihood",
            "Write `gaussian_nll(y, prediction, sigma)`: the mean over the points of "
            "$\\tfrac12\\log(2\\pi\\sigma^2) + (y_i - f_i)^2 / (2\\sigma^2)$, the constant "
            "included.",
            "Both terms come from $-\\log$ of the Gaussian density. Forgetting the constant "
            "shifts the loss by $\\tfrac12\\log(2\\pi\\sigma^2)$; writing $\\sigma$ where "
            "$\\sigma^2$ belongs changes both terms.",
            _stub("gaussian_nll(y, prediction, sigma)",
                  "Mean Gaussian NLL of targets y given predictions."),
            (("gaussian_nll", "gaussian_nll"),),
            "def gaussian_nll_solution(y, prediction, sigma):\n"
            "    r = (y - prediction) / sigma\n"
            "    return np.mean(0.5 * np.log(2 * np.pi * sigma**2) + 0.5 * r**2)\n\n"
            "lb.exercises.check(\"gaussian_nll\", gaussian_nll_solution)"),
        Exercise(
            "6.6", "laplace-nll", "The Laplace negative log-likelihood",
            "Write `laplace_nll(y, prediction, b)`: the mean over the points of "
            "$\\log(2b) + |y_i - f_i| / b$.",
            "The Laplace density is $e^{-|r|/b} / (2b)$, so the constant is $\\log(2b)$, not "
            "$\\log b$ (erratum 10 of the notes).",
            _stub("laplace_nll(y, prediction, b)",
                  "Mean Laplace NLL of targets y given predictions."),
            (("laplace_nll", "laplace_nll"),),
            "def laplace_nll_solution(y, prediction, b):\n"
            "    return np.mean(np.log(2 * b) + np.abs(y - prediction) / b)\n\n"
            "lb.exercises.check(\"laplace_nll\", laplace_nll_solution)"),
    ],
    "07_classification_losses": [Exercise(
        "7.4", "bce-loss", "Binary cross-entropy from logits",
        "Write `bce_loss(logits, y)`: the mean over the points of "
        "$-[y_i \\log\\sigma(z_i) + (1 - y_i)\\log(1 - \\sigma(z_i))]$ for logits $z_i$ and "
        "labels $y_i \\in \\{0, 1\\}$, finite even for $z = \\pm 10^4$.",
        "Use $-\\log\\sigma(z) = \\log(1 + e^{-z})$ and $-\\log(1 - \\sigma(z)) = "
        "\\log(1 + e^{z})$, so the loss is $\\log(1 + e^{z}) - y z$; "
        "`np.logaddexp(0, z) - y * z` computes it without overflow. `np.log(sigmoid(z))` "
        "is $\\log 0 = -\\infty$ once $\\sigma(z)$ rounds to 0.",
        _stub("bce_loss(logits, y)", "Mean binary cross-entropy from logits."),
        (("bce_loss", "bce_loss"),),
        "def bce_loss_solution(logits, y):\n"
        "    return np.mean(np.logaddexp(0.0, logits) - y * logits)\n\n"
        "lb.exercises.check(\"bce_loss\", bce_loss_solution)")],
    "08_regularization": [
        Exercise(
            "8.5", "l2-penalty", "The L2 penalty and its gradient",
            "Write `l2_penalty(W, reg_strength)`, $\\lambda \\sum W^2$, and "
            "`l2_grad(W, reg_strength)`, its gradient $2\\lambda W$.",
            "Square, sum, multiply by $\\lambda$. The derivative of $w^2$ is $2w$: "
            "$\\lambda W$ without the 2 is half the gradient.",
            _stub("l2_penalty(W, reg_strength)", "lambda * sum of W squared.") + "\n\n\n"
            + _stub("l2_grad(W, reg_strength)", "The gradient of l2_penalty in W."),
            (("l2_penalty", "l2_penalty"), ("l2_grad", "l2_grad")),
            "def l2_penalty_solution(W, reg_strength):\n"
            "    return reg_strength * np.sum(W * W)\n\n\n"
            "def l2_grad_solution(W, reg_strength):\n"
            "    return 2 * reg_strength * W\n\n"
            "display(lb.exercises.check(\"l2_penalty\", l2_penalty_solution))\n"
            "lb.exercises.check(\"l2_grad\", l2_grad_solution)"),
        Exercise(
            "8.6", "l1-penalty", "The L1 penalty and its gradient",
            "Write `l1_penalty(W, reg_strength)`, $\\lambda \\sum |W|$, and "
            "`l1_grad(W, reg_strength)`, $\\lambda\\,\\mathrm{sign}(W)$ (0 where a weight is "
            "exactly 0, the subgradient the library uses).",
            "`np.sign` is already 0 at 0. The L1 gradient has no 2 and does not shrink with "
            "$W$: it pushes every nonzero weight by the same $\\lambda$, which is why L1 makes "
            "exact zeros.",
            _stub("l1_penalty(W, reg_strength)", "lambda * sum of |W|.") + "\n\n\n"
            + _stub("l1_grad(W, reg_strength)", "lambda * sign(W), 0 at 0."),
            (("l1_penalty", "l1_penalty"), ("l1_grad", "l1_grad")),
            "def l1_penalty_solution(W, reg_strength):\n"
            "    return reg_strength * np.sum(np.abs(W))\n\n\n"
            "def l1_grad_solution(W, reg_strength):\n"
            "    return reg_strength * np.sign(W)\n\n"
            "display(lb.exercises.check(\"l1_penalty\", l1_penalty_solution))\n"
            "lb.exercises.check(\"l1_grad\", l1_grad_solution)"),
    ],
}


#: numeric questions the page checks itself (lb.widgets.Question), per chapter: (slug, code);
#: each answer is computed by the library in the cell (its input is hidden in the book)
QUESTIONS: dict[str, list[tuple[str, str]]] = {
    "01_semantic_gap": [
        ("pixels-one", """lb.widgets.Question(
    "How many numbers make up one 32 × 32 colour image of CIFAR-10?",
    answer=32 * 32 * 3, integer=True,
    hints=[(1024, "That is one channel: a colour image has three, "
                  "red, green and blue."),
           (96, "The numbers multiply, they do not add: 32 × 32 "
                "pixels, each with 3 values.")],
    explanation="32 × 32 pixels × 3 channels = 3,072 numbers, each "
                "an integer from 0 to 255.")"""),
        ("pixels-all", """lb.widgets.Question(
    "And how many numbers are the 50,000 training images together?",
    answer=50_000 * 32 * 32 * 3, integer=True,
    hints=[(51_200_000, "That counts one channel per pixel; there "
                        "are three."),
           (153_600, "That is 50 × 3,072: there are 50,000 "
                     "images.")],
    explanation="50,000 × 3,072 = 153,600,000 numbers (about 154 MB "
                "as bytes).")"""),
    ],
    "02_linear_classifier": [
        ("ship-score", """x4 = np.array([[56.0, 231.0, 24.0, 2.0]])
W4 = np.array([[0.2, -0.5, 0.1, 2.0], [1.5, 1.3, 2.1, 0.0],
               [0.0, 0.25, 0.2, -0.3]])
b4 = np.array([1.1, 3.2, -1.2])
lb.widgets.Question(
    "What is the ship score of the 4-pixel image x = (56, 231, 24, 2)?",
    answer=lb.linear.scores(x4, W4, b4)[0, 2], tolerance=0.01,
    hints=[(61.95, "That is W x without the bias: add b = −1.2."),
           (437.9, "That is the dog's score; the ship is the third "
                   "row of W.")],
    explanation="0·56 + 0.25·231 + 0.2·24 − 0.3·2 − 1.2 = 57.75 + 4.8 "
                "− 0.6 − 1.2 = 60.75.")"""),
        ("cifar-parameters", """lb.widgets.Question(
    "How many numbers does a linear classifier for CIFAR-10 learn "
    "(W and b)?",
    answer=10 * 3072 + 10, integer=True,
    hints=[(30_720, "That is W alone: each of the 10 classes also has "
                    "a bias."),
           (3_073, "That is one class's row and bias; there are 10 "
                   "classes.")],
    explanation="W is 10 × 3,072 and b has 10 entries: 30,730 "
                "numbers.")"""),
    ],
    "03_svm_loss": [
        ("frog-margin-2", """S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
lb.widgets.Question(
    "With the margin Δ = 2, what is the frog image's loss L₃?",
    answer=lb.losses.svm_loss(S[2:], [2], margin=2.0), tolerance=0.01,
    hints=[(12.9, "That is the frog's loss with Δ = 1: each of its "
                  "two hinge terms grows by 1 when Δ does."),
           (16.9, "The sum skips the correct class: you added its "
                  "term, which is exactly Δ = 2."),
           (7.45, "L₃ is the sum of the two hinge terms, "
                  "not their mean.")],
    explanation="max(0, 2.2 + 3.1 + 2) + max(0, 2.5 + 3.1 + 2) "
                "= 7.3 + 7.6 = 14.9.")"""),
        ("svm-mean", """lb.widgets.Question(
    "What is the SVM loss L of the three images (Δ = 1), to two decimals?",
    answer=lb.losses.svm_loss(S, [0, 1, 2]), tolerance=0.01,
    hints=[(9.9, "That is the notes' slip (erratum 1): the losses are "
                 "2.9, 0 and 12.9."),
           (15.8, "That is the sum of the three losses; L is their "
                  "mean over the N = 3 images.")],
    explanation="L = (2.9 + 0 + 12.9) / 3 = 5.27.")"""),
        ("svm-init", """lb.widgets.Question(
    "With C = 10 classes and every score 0, what is Lᵢ (Δ = 1)?",
    answer=lb.losses.svm_loss(np.zeros((1, 10)), [0]), integer=True,
    hints=[(10, "The sum runs over the wrong classes only: there are "
                "C − 1 of them."),
           (0, "Equal scores do not meet the margin: every wrong class "
               "costs max(0, 0 − 0 + 1) = 1.")],
    explanation="Nine wrong classes, each max(0, 0 − 0 + 1) = 1: "
                "Lᵢ = C − 1 = 9, the sanity check at the start of "
                "training.")"""),
    ],
    "04_softmax": [
        ("cat-softmax", """lb.widgets.Question(
    "What is the cat image's softmax loss for the scores "
    "(3.2, 5.1, −1.7)?",
    answer=lb.losses.cross_entropy([[3.2, 5.1, -1.7]], [0]),
    tolerance=0.01,
    hints=[(0.89, "That is −log₁₀ P(cat): the loss uses the natural "
                  "logarithm."),
           (0.13, "That is P(cat) itself; the loss is −log P(cat)."),
           (0.14, "That is −log P(car): the cat is the correct "
                  "class.")],
    explanation="P(cat) = e^3.2 / (e^3.2 + e^5.1 + e^−1.7) = 0.130, "
                "and −ln 0.130 = 2.04.")"""),
        ("equal-scores", """lb.widgets.Question(
    "With C = 10 classes and all scores equal, what is the softmax "
    "loss Lᵢ (two decimals)?",
    answer=lb.losses.cross_entropy(np.zeros((1, 10)), [0]),
    tolerance=0.01,
    hints=[(1.0, "That is log₁₀ 10: the loss uses the natural "
                 "logarithm."),
           (0.1, "That is the probability 1/C; the loss is its "
                 "−log.")],
    explanation="Each probability is 1/10, so Lᵢ = −ln(1/10) = ln 10 "
                "= 2.30.")"""),
    ],
    "05_svm_vs_softmax": [
        ("softmax-10-9-9", """lb.widgets.Question(
    "Correct class first: what is the softmax loss of the scores "
    "(10, 9, 9) (three decimals)?",
    answer=lb.losses.cross_entropy([[10.0, 9.0, 9.0]], [0]),
    tolerance=0.001,
    hints=[(0, "That is the SVM loss (the margin of 1 is met); the "
               "softmax still wants P(correct) closer to 1."),
           (0.576, "That is P(correct) itself; the loss is its "
                   "−log.")],
    explanation="−ln(e^10 / (e^10 + 2e^9)) = ln(1 + 2/e) = 0.551.")"""),
        ("softmax-mean", """lb.widgets.Question(
    "What is the mean softmax loss of the three examples (10, −2, 3), "
    "(10, 9, 9), (10, −100, −100) (three decimals)?",
    answer=lb.losses.cross_entropy(
        [[10, -2, 3], [10, 9, 9], [10, -100, -100]], [0, 0, 0]),
    tolerance=0.001,
    hints=[(0, "That is the notes' conclusion (erratum 3); the "
               "example (10, 9, 9) alone costs 0.551."),
           (0.552, "That is the sum of the three losses; the mean "
                   "divides it by 3.")],
    explanation="(0.00092 + 0.551 + 0) / 3 = 0.184.")"""),
    ],
    "06_regression_losses": [
        ("gaussian-point", """lb.widgets.Question(
    "A prediction f = 1 for a target y = 0.5: what is its Gaussian "
    "NLL with σ = 0.8 (two decimals)?",
    answer=lb.losses.gaussian_nll([1.0], [0.5], 0.8), tolerance=0.01,
    hints=[(0.2, "That is only (y − f)²/(2σ²): the NLL also has the "
               "constant ½ log(2πσ²)."),
           (0.96, "That uses σ where σ² belongs: the constant is "
                  "½ log(2πσ²) and the square is over 2σ².")],
    explanation="½ log(2π · 0.64) + 0.25 / 1.28 = 0.696 + 0.195 "
                "= 0.89.")"""),
        ("laplace-point", """lb.widgets.Question(
    "The same point under a Laplace model with b = 0.8: what is its "
    "NLL (two decimals)?",
    answer=lb.losses.laplace_nll([1.0], [0.5], 0.8), tolerance=0.01,
    hints=[(0.40, "That uses log b: the Laplace density is "
                  "e^(−|r|/b) / (2b), so the constant is log(2b)."),
           (0.63, "That is only |y − f| / b: add the constant "
                  "log(2b).")],
    explanation="log(1.6) + 0.5 / 0.8 = 0.470 + 0.625 = 1.10.")"""),
    ],
    "07_classification_losses": [
        ("temperature-car", """lb.widgets.Question(
    "For the cat image's scores (3.2, 5.1, −1.7), what is P(car) at "
    "the temperature T = 0.5 (three decimals)?",
    answer=lb.losses.softmax([3.2, 5.1, -1.7], temperature=0.5)[1],
    tolerance=0.001,
    hints=[(0.87, "That is P(car) at T = 1: divide the scores by "
                  "T = 0.5 first."),
           (0.022, "That is P(cat) at T = 0.5; car is the second "
                   "class.")],
    explanation="The scores over T are (6.4, 10.2, −3.4), and "
                "e^10.2 / (e^6.4 + e^10.2 + e^−3.4) = 0.978.")"""),
        ("bce-zero", """lb.widgets.Question(
    "A logit z = 0 for a point of class y = 1: what is its binary "
    "cross-entropy (three decimals)?",
    answer=lb.losses.binary_cross_entropy([0.0], [1]), tolerance=0.001,
    hints=[(0.5, "That is σ(0), the probability; the loss is "
                 "−log σ(0)."),
           (0.301, "That is −log₁₀ 0.5: the loss uses the natural "
                   "logarithm.")],
    explanation="σ(0) = 0.5 and −ln 0.5 = ln 2 = 0.693.")"""),
    ],
    "08_regularization": [
        ("l1-zeros", """lb.widgets.Question(
    "In the λ explorer, with the L1 penalty at λ = 0.1, how many of "
    "the six weights are exactly zero?",
    answer=compute("l1", 0.1).n_zero,
    integer=True,
    hints=[(0, "That is what L2 gives: it shrinks weights but does not "
               "make them exactly zero. Choose L1."),
           (6, "At λ = 0.1 some weights survive: all six are zero only "
               "for a larger λ.")],
    explanation="Set the penalty to L1 and λ to 0.1: the readout "
                "counts the weights that are exactly 0.")"""),
        ("l2-spread", """lb.widgets.Question(
    "For x = (1, 1, 1, 1), what is the L2 penalty ΣW² of "
    "w₂ = (¼, ¼, ¼, ¼)?",
    answer=lb.regularization.l2([0.25, 0.25, 0.25, 0.25]),
    tolerance=0.001,
    hints=[(1.0, "That is the L2 penalty of w₁ = (1, 0, 0, 0), or the "
                 "L1 penalty of either."),
           (0.0625, "That is one squared weight; add all four.")],
    explanation="4 × (¼)² = 0.25: L2 prefers the spread-out w₂ "
                "(w₁ costs 1).")"""),
    ],
}
CHECK_INTRO = ("## Check yourself\n\n" + SCREEN_ONLY.format(
    "Type a number and press *Enter* or *Check*: the page checks it, with no kernel, and "
    "answers a common wrong number with a hint."))


def _markdown(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _code(cell_id: str, source: str, metadata: dict) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": metadata,
            "outputs": [], "source": source}


def _nbgrader(grade_id: str, *, solution: bool) -> dict:
    """nbgrader's cell metadata (schema 3): the student's cell, or a read-only check."""
    return {"grade": False, "grade_id": grade_id, "locked": not solution,
            "schema_version": 3, "solution": solution, "task": False}


def cells_for(ex: Exercise) -> list[dict]:
    statement = (f'<div class="lossbook-exercise" id="{ex.slug}">\n\n'
                 f"**Exercise {ex.number} · {ex.title}**\n\n{ex.statement}\n\n</div>")
    answer = (f'<details class="lossbook-solution">\n'
              f"<summary>Solution to Exercise {ex.number}</summary>\n\n{ex.answer}\n\n"
              + SCREEN_ONLY.format("The folded cell below holds a full solution and checks it.")
              + "\n\n</details>")
    cells = [_markdown(f"ex-{ex.slug}", statement),
             _code(f"ex-{ex.slug}-stub", ex.stub,
                   {"nbgrader": _nbgrader(f"{ex.slug}-code", solution=True)})]
    for k, (name, fn) in enumerate(ex.checks):
        cells.append(_code(f"ex-{ex.slug}-check{k or ''}",
                           f'lb.exercises.check("{name}", {fn})',
                           {"nbgrader": _nbgrader(f"{ex.slug}-check{k or ''}",
                                                  solution=False)}))
    cells.append(_markdown(f"ex-{ex.slug}-answer", answer))
    cells.append(_code(f"ex-{ex.slug}-key", f"# A solution to Exercise {ex.number}\n"
                                            + ex.solution,
                       {"tags": ["hide-cell", "solution"],
                        "jupyter": {"source_hidden": True},
                        "mystnb": {"code_prompt_show": "Show a solution",
                                   "code_prompt_hide": "Hide the solution"}}))
    return cells


def _split_at_summary(cells: list) -> int:
    """The index of the cell that starts with "## Summary", splitting the markdown cell that
    holds it further down (chapters 6–8 end their last exercises and the summary in one cell)."""
    for i, cell in enumerate(cells):
        text = cell["source"]
        if cell["cell_type"] != "markdown" or "## Summary" not in text:
            continue
        at = text.index("## Summary")
        if at == 0:
            return i
        before = nbformat.from_dict(dict(cell, source=text[:at].rstrip("\n")))
        after = nbformat.from_dict(dict(cell, id=f"{cell['id']}-summary", source=text[at:]))
        cells[i:i + 1] = [before, after]
        return i + 1
    raise ValueError("no '## Summary' heading")


def rewrite(stem: str) -> None:
    path = ROOT / "chapters" / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if not str(c.get("id", "")).startswith("ex-")]
    summary = _split_at_summary(cells)
    new = []
    if stem in QUESTIONS:
        new.append(_markdown("ex-questions", CHECK_INTRO))
        new += [_code(f"ex-q-{slug}", code,
                      {"tags": ["remove-input"], "jupyter": {"source_hidden": True}})
                for slug, code in QUESTIONS[stem]]
    exercises = EXERCISES.get(stem, [])
    if exercises:
        new += [_markdown("ex-intro", INTRO),
                dict(_markdown("ex-keys-note", KEYS_NOTE), metadata={"tags": ["solution"]})]
    for ex in exercises:
        new += cells_for(ex)
    nb.cells = cells[:summary] + [nbformat.from_dict(c) for c in new] + cells[summary:]
    nbformat.validate(nb)
    nbformat.write(nb, path)
    print(f"{path.name}: {len(QUESTIONS.get(stem, []))} question(s), "
          f"{len(exercises)} exercise(s)")


def main(argv: list[str]) -> int:
    for stem in sorted(set(EXERCISES) | set(QUESTIONS)):
        if not argv or stem in argv:
            rewrite(stem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
