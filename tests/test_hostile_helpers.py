"""Hostile input to the data and chapter helpers (issue 14).

Every public function of the data modules and the chapter helpers gets a table of small, valid
baseline arguments; each array, label, scalar, count or seed argument is then replaced, one at a
time, by a hostile value (None, a string, a 0-d array, a bool, NaN, inf, complex, the wrong ndim or
shape, an empty array, a ragged list, a negative count or seed).  The call must raise a ValueError
or a TypeError whose message names the argument: never another exception type, never a figure
drawn from NaN.
"""
from __future__ import annotations

import dataclasses
import inspect

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lossbook import logistic, regpath  # noqa: E402
from lossbook.chapters import (ch01_semantic_gap as ch01, ch02_linear_classifier as ch02,  # noqa: E402
                               ch04_softmax as ch04, ch05_svm_vs_softmax as ch05,
                               ch06_regression_losses as ch06, ch07_classification_losses as ch07,
                               ch08_regularization as ch08, ch09_real_images as ch09)
from lossbook.data import (digits, photos, shapes, splits, toy1d, toy2d,  # noqa: E402
                           worked_examples)

MODULES = [toy1d, toy2d, shapes, splits, digits, photos, worked_examples,
           ch01, ch02, ch04, ch05, ch06, ch07, ch08, ch09]

RNG = np.random.default_rng(0)
IMG = RNG.integers(0, 256, (8, 10, 3), dtype=np.uint8)
IMG2 = RNG.integers(0, 256, (8, 10, 3), dtype=np.uint8)
SMALL = RNG.integers(0, 17, (4, 8, 8)).astype(float)          # 4 digit-like images
W3 = np.array([[1.0, 0.2], [-0.5, 1.0], [-0.5, -1.0]])
B3 = np.array([0.1, 0.0, -0.1])
X2 = np.array([[0.5, 0.4], [-0.4, 0.3], [0.5, -0.6], [0.1, 0.1]])
Y2 = np.array([0, 1, 2, 0])
DIG = RNG.integers(0, 17, (30, 8, 8)).astype(float)
DIG_Y = np.tile(np.arange(3), 10)


def _split():
    return splits.prepare(DIG, DIG_Y, ("0", "1", "2"), scale=16.0)


def _path():
    K, C, D = 3, 2, 2
    values = dict(reg_strengths=np.array([1.0, 0.1, 0.01]), W=RNG.normal(size=(K, C, D)),
                  b=np.zeros((K, C)), data_loss=np.ones(K), reg_loss=np.ones(K),
                  n_iter=np.ones(K, dtype=int), converged=np.ones(K, dtype=bool))
    names = [f.name for f in dataclasses.fields(regpath.PathResult)]
    return regpath.PathResult(**{n: values[n] for n in names})


def _grid():
    x = np.linspace(0, 1, 5)
    return ch06.loss_likelihood_grid(x, 2 * x, np.linspace(1, 3, 4), np.linspace(-1, 1, 3))


# name -> (function, baseline kwargs (a callable: fresh values each time), {argument: kind})
CASES = {
    "toy1d.make_line_data": (toy1d.make_line_data, lambda: dict(n=10, n_outliers=2),
                             dict(n="count", n_outliers="count", seed="seed", slope="scalar",
                                  intercept="scalar", scale="scalar", outlier_size="scalar",
                                  x_range="pair")),
    "toy1d.line_data_parts": (toy1d.line_data_parts, lambda: dict(n=10),
                              dict(n="count", seed="seed", slope="scalar", scale="scalar",
                                   x_range="pair")),
    "toy1d.sample_laplace_mixture": (
        toy1d.sample_laplace_mixture,
        lambda: dict(n=10, weights=np.array([0.5, 0.5]), locs=np.array([-1.0, 1.0]),
                     scales=np.array([1.0, 0.5])),
        dict(n="count", seed="seed", weights="vector", locs="vector", scales="vector")),
    "toy2d.make_two_blobs": (toy2d.make_two_blobs, lambda: dict(n_per_class=3),
                             dict(n_per_class="count", seed="seed", distance="scalar",
                                  spread="scalar")),
    "toy2d.overlapping_blobs": (toy2d.overlapping_blobs, lambda: dict(n_per_class=4),
                                dict(n_per_class="count", seed="seed", noise="scalar")),
    **{f"toy2d.{f.__name__}": (f, lambda: dict(n_per_class=3),
                               dict(n_per_class="count", seed="seed", noise="scalar"))
       for f in (toy2d.blobs, toy2d.rings, toy2d.quadrants, toy2d.split_class)},
    "toy2d.make_toy": (toy2d.make_toy, lambda: dict(name="blobs", n_per_class=3),
                       dict(n_per_class="count", seed="seed", name="choice")),
    "shapes.make_shapes": (shapes.make_shapes, lambda: dict(n_per_class=1),
                           dict(n_per_class="count", seed="seed", viewpoint="scalar",
                                clutter="scalar", return_info="flag")),
    "splits.shuffle_split": (splits.shuffle_split, lambda: dict(X=DIG, y=DIG_Y),
                             dict(X="rows", y="labels", test_fraction="scalar", seed="seed")),
    "splits.train_val_test_split": (splits.train_val_test_split, lambda: dict(X=DIG, y=DIG_Y),
                                    dict(X="rows", y="labels", val_fraction="scalar",
                                         test_fraction="scalar", seed="seed")),
    "splits.prepare": (splits.prepare,
                       lambda: dict(X=DIG, y=DIG_Y, class_names=("0", "1", "2"), scale=16.0),
                       dict(X="rows", y="labels", scale="scalar", seed="seed",
                            image_shape="shape", class_names="names")),
    "photos.load_photo": (photos.load_photo, lambda: dict(name="coffee", scale=0.05),
                          dict(name="choice", scale="scalar")),
    "photos.subject_mask": (photos.subject_mask, lambda: dict(shape=(6, 7)),
                            dict(shape="shape", center="pair", radii="pair",
                                 feather="scalar")),
    "photos.check_image": (photos.check_image, lambda: dict(image=IMG), dict(image="image")),
    "photos.check_strength": (photos.check_strength, lambda: dict(strength=0.5),
                              dict(strength="scalar")),
    "photos.apply": (photos.apply, lambda: dict(image=IMG, challenge="clutter", strength=0.5),
                     dict(image="image", strength="scalar", seed="seed",
                          challenge="choice")),
    **{f"photos.{name}": (fn, lambda: dict(image=IMG, strength=0.5),
                          dict(image="image", strength="scalar", seed="seed"))
       for name, fn in photos.CHALLENGES.items()},
    "photos.viewpoint_matrix": (photos.viewpoint_matrix, lambda: dict(shape=(6, 7), strength=0.5),
                                dict(shape="shape", strength="scalar")),
    "photos.clutter_texture": (photos.clutter_texture, lambda: dict(shape=(6, 7)),
                               dict(shape="shape", seed="seed")),
    "photos.context_scene": (photos.context_scene, lambda: dict(shape=(6, 7)),
                             dict(shape="shape")),
    "photos.occlusion_grain": (photos.occlusion_grain, lambda: dict(height=6),
                               dict(height="count", seed="seed")),
    "photos.deformation_phases": (photos.deformation_phases, lambda: dict(), dict(seed="seed")),
    "photos.deformation_waves": (photos.deformation_waves, lambda: dict(shape=(6, 7)),
                                 dict(shape="shape", seed="seed")),
    "worked_examples.load_score_table": (
        worked_examples.load_score_table, lambda: dict(path=worked_examples.CAT_CAR_FROG_PATH),
        dict(path="path")),
    "toy2d.demo_points": (toy2d.demo_points, lambda: dict(), dict()),
    "worked_examples.load_cat_car_frog": (worked_examples.load_cat_car_frog, lambda: dict(),
                                          dict()),
    "digits.load_digits": (digits.load_digits, lambda: dict(), dict()),
    # chapter 1
    "ch01.flat_image": (ch01.flat_image, lambda: dict(image=IMG), dict(image="image")),
    "ch01.pixel_distance": (ch01.pixel_distance, lambda: dict(a=IMG, b=IMG2),
                            dict(a="image", b="image", metric="choice")),
    "ch01.mean_abs_difference": (ch01.mean_abs_difference, lambda: dict(a=IMG, b=IMG2),
                                 dict(a="image", b="image")),
    "ch01.distance_rows": (ch01.distance_rows,
                           lambda: dict(image=IMG, reference=IMG2, strengths=(0.5,)),
                           dict(image="image", reference="image", strengths="vector",
                                seed="seed")),
    "ch01.distance_table": (ch01.distance_table,
                            lambda: dict(image=IMG, reference=IMG2, strengths=(0.5,)),
                            dict(image="image", reference="image", strengths="vector")),
    "ch01.channels_figure": (ch01.channels_figure, lambda: dict(image=IMG),
                             dict(image="image", dpi="count")),
    "ch01.challenges_figure": (ch01.challenges_figure, lambda: dict(image=IMG),
                               dict(image="image", reference="image", strength="scalar",
                                    seed="seed")),
    "ch01.shapes_figure": (ch01.shapes_figure, lambda: dict(n_per_row=2),
                           dict(n_per_row="count", seed="seed", level="scalar")),
    "ch01.neighbours_figure": (
        ch01.neighbours_figure,
        lambda: dict(test_images=SMALL[:2], test_labels=np.array([1, 2]), train_images=SMALL,
                     train_labels=np.array([1, 2, 1, 0]), neighbours=np.array([[0, 2], [1, 3]])),
        dict(test_images="images", train_images="images", test_labels="labels",
             train_labels="labels", neighbours="indices", metric="choice")),
    # chapter 2
    "ch02.zero_score_segment": (ch02.zero_score_segment, lambda: dict(w=W3[0], b=0.1, lim=1.0),
                                dict(w="vector", b="scalar", lim="scalar")),
    "ch02.decision_figure": (ch02.decision_figure, lambda: dict(W=W3, b=B3, X=X2, y=Y2),
                             dict(W="matrix", b="vector", X="matrix", y="labels",
                                  lim="scalar")),
    "ch02.decision_panels_figure": (ch02.decision_panels_figure,
                                    lambda: dict(panels=[(W3, B3, X2, Y2, "a")]),
                                    dict(panels="panels", lim="scalar", size="scalar")),
    "ch02.templates_as_images": (ch02.templates_as_images,
                                 lambda: dict(W=RNG.normal(size=(3, 12)), shape=(2, 2, 3)),
                                 dict(W="matrix", shape="shape")),
    "ch02.templates_figure": (ch02.templates_figure,
                              lambda: dict(W=RNG.normal(size=(3, 12)), class_names=("a", "b", "c"),
                                           image_shape=(2, 2, 3)),
                              dict(W="matrix", image_shape="shape", class_names="names")),
    "ch02.stretch_figure": (ch02.stretch_figure,
                            lambda: dict(x=np.array([56.0, 231, 24, 2]),
                                         W=RNG.normal(size=(3, 4)), b=B3,
                                         class_names=("cat", "dog", "ship")),
                            dict(x="vector", W="matrix", b="vector", image_shape="shape",
                                 class_names="names")),
    "ch02.bias_trick_figure": (ch02.bias_trick_figure,
                               lambda: dict(x=np.array([56.0, 231, 24, 2]),
                                            W=RNG.normal(size=(3, 4)), b=B3,
                                            class_names=("cat", "dog", "ship")),
                               dict(x="vector", W="matrix", b="vector", class_names="names")),
    "ch02.prepare": (ch02.prepare, lambda: dict(X_train=SMALL, X_test=SMALL[:2]),
                     dict(X_train="rows", X_test="rows", how="choice")),
    "ch02.score_parts": (ch02.score_parts, lambda: dict(W=RNG.normal(size=(3, 64)),
                                                       X=SMALL.reshape(4, -1)),
                         dict(W="matrix", X="matrix")),
    "ch02.preprocess": (ch02.preprocess, lambda: dict(X=SMALL), dict(X="rows", mean="vector")),
    "ch02.train_linear": (ch02.train_linear,
                          lambda: dict(X_train=DIG[:9], y_train=DIG_Y[:9], num_iters=2),
                          dict(X_train="rows", y_train="labels", num_iters="count",
                               seed="seed", reg_strength="scalar", learning_rate="scalar")),
    "ch02.knob_accuracy": (ch02.knob_accuracy,
                           lambda: dict(levels=(0.0,), knobs=("viewpoint",),
                                        n_train_per_class=2, n_test_per_class=1, num_iters=1),
                           dict(levels="vector", n_train_per_class="count",
                                n_test_per_class="count", seed="seed")),
    "ch02.knob_accuracy_figure": (ch02.knob_accuracy_figure,
                                  lambda: dict(levels=(0.0, 1.0),
                                               studies={"a": {"viewpoint": np.array([0.9, 0.5])}}),
                                  dict(levels="vector", studies="studies")),
    # chapter 4
    "ch04.naive_softmax": (ch04.naive_softmax, lambda: dict(scores=np.array([[1.0, 2.0, 3.0]])),
                           dict(scores="matrix")),
    "ch04.naive_cross_entropy": (ch04.naive_cross_entropy,
                                 lambda: dict(scores=np.array([[1.0, 2.0], [0.0, 1.0]]),
                                              y=np.array([0, 1])),
                                 dict(scores="matrix", y="labels")),
    "ch04.softmax_steps_figure": (ch04.softmax_steps_figure,
                                  lambda: dict(scores=np.array([3.2, 5.1, -1.7]), y=0,
                                               class_names=("cat", "car", "frog")),
                                  dict(scores="vector", y="index", class_names="names")),
    "ch04.entropy": (ch04.entropy, lambda: dict(p=np.array([0.5, 0.5])), dict(p="vector")),
    "ch04.cross_entropy_pq": (ch04.cross_entropy_pq,
                              lambda: dict(p=np.array([0.5, 0.5]), q=np.array([0.25, 0.75])),
                              dict(p="vector", q="vector")),
    "ch04.kl_divergence": (ch04.kl_divergence,
                           lambda: dict(p=np.array([0.5, 0.5]), q=np.array([0.25, 0.75])),
                           dict(p="vector", q="vector")),
    "ch04.probabilities_at_scales": (ch04.probabilities_at_scales,
                                     lambda: dict(scores=np.array([[1.0, 2.0]]),
                                                  factors=(0.5, 1.0)),
                                     dict(scores="matrix", factors="vector")),
    # chapter 5
    "ch05.losses_against_gap_figure": (ch05.losses_against_gap_figure,
                                       lambda: dict(other_scores_list=[np.array([9.0, 2.0])],
                                                    labels=["a"]),
                                       dict(other_scores_list="list_of_vectors",
                                            labels="names", margin="scalar")),
    # chapter 6
    "ch06.loss_likelihood_grid": (ch06.loss_likelihood_grid,
                                  lambda: dict(x=np.linspace(0, 1, 5), y=np.linspace(0, 2, 5),
                                               slopes=np.linspace(1, 3, 4),
                                               intercepts=np.linspace(-1, 1, 3)),
                                  dict(x="vector", y="vector", slopes="vector",
                                       intercepts="vector", scale="scalar", noise="choice")),
    "ch06.loss_likelihood_figure": (ch06.loss_likelihood_figure,
                                    lambda: dict(grid=_grid(), slopes=np.linspace(1, 3, 4),
                                                 intercepts=np.linspace(-1, 1, 3)),
                                    dict(grid="grid", slopes="vector", intercepts="vector")),
    # chapter 7
    "ch07.naive_binary_cross_entropy": (ch07.naive_binary_cross_entropy,
                                        lambda: dict(logits=np.array([1.0, -2.0]),
                                                     y=np.array([1.0, 0.0])),
                                        dict(logits="vector", y="vector")),
    "ch07.probability_grid": (ch07.probability_grid,
                              lambda: dict(w=np.array([1.0, -1.0]), b=0.5, resolution=4),
                              dict(w="vector", b="scalar", xlim="pair", ylim="pair",
                                   resolution="count")),
    "ch07.training_figure": (ch07.training_figure,
                             lambda: dict(X=X2, y=np.array([0, 1, 1, 0]),
                                          result=logistic.LogisticResult(np.array([1.0, 0.5]),
                                                                         0.1, [0.7, 0.5, 0.4])),
                             dict(X="matrix", y="labels", lim="pair", result="result")),
    # chapter 8
    "ch08.prior_width_l2": (ch08.prior_width_l2, lambda: dict(reg_strength=0.1, n_train=10),
                            dict(reg_strength="scalar", n_train="count")),
    "ch08.reg_strength_l2": (ch08.reg_strength_l2, lambda: dict(prior_width=0.5, n_train=10),
                             dict(prior_width="scalar", n_train="count")),
    "ch08.prior_scale_l1": (ch08.prior_scale_l1, lambda: dict(reg_strength=0.1, n_train=10),
                            dict(reg_strength="scalar", n_train="count")),
    "ch08.reg_strength_l1": (ch08.reg_strength_l1, lambda: dict(prior_scale=0.5, n_train=10),
                             dict(prior_scale="scalar", n_train="count")),
    "ch08.map_softmax": (ch08.map_softmax, lambda: dict(X=X2, y=Y2),
                         dict(X="matrix", y="labels", width="scalar", prior="choice")),
    "ch08.prior_figure": (ch08.prior_figure, lambda: dict(), dict(prior_width="scalar")),
    "ch08.optimum_path": (ch08.optimum_path, lambda: dict(reg="l2", reg_strengths=[0.0, 1.0]),
                          dict(reg_strengths="vector", A="matrix", w_star="vector",
                               beta="scalar", reg="choice")),
    "ch08.penalty_geometry_figure": (ch08.penalty_geometry_figure, lambda: dict(regs=("l2",)),
                                     dict(A="matrix", w_star="vector", beta="scalar",
                                          reg_strength="scalar", regs="choices")),
    "ch08.paths_figure": (ch08.paths_figure, lambda: dict(paths={"a": _path()}),
                          dict(class_index="index", feature_names="names")),
    "ch08.train_test_figure": (ch08.train_test_figure,
                               lambda: dict(reg_strengths=[0.01, 0.1, 1.0],
                                            train_acc=[0.9, 0.8, 0.5], test_acc=[0.7, 0.75, 0.5]),
                               dict(reg_strengths="vector", train_acc="vector",
                                    test_acc="vector")),
    # chapter 9
    "ch09.train": (ch09.train, lambda: dict(split=_split(), num_iters=2, batch_size=4),
                   dict(reg_strength="scalar", learning_rate="scalar", num_iters="count",
                        batch_size="count", seed="seed", split="split")),
    "ch09.validation_search": (ch09.validation_search,
                               lambda: dict(split=_split(), learning_rates=(0.1,),
                                            reg_strengths=(0.01,), num_iters=2, batch_size=4,
                                            verbose=False),
                               dict(learning_rates="vector", reg_strengths="vector",
                                    num_iters="count", seed="seed", split="split",
                                    verbose="flag")),
    "ch09.examples_figure": (ch09.examples_figure, lambda: dict(split=_split()),
                             dict(split="split")),
    "ch09.challenge_pairs_figure": (ch09.challenge_pairs_figure,
                                    lambda: dict(clean=IMG[None].repeat(3, 0),
                                                 hard=IMG2[None].repeat(3, 0),
                                                 y=np.array([0, 1, 2]),
                                                 class_names=("a", "b", "c"), n=2),
                                    dict(clean="images", hard="images", y="labels", n="count",
                                         class_names="names")),
    "ch09.confusion_matrix": (ch09.confusion_matrix,
                              lambda: dict(y_true=np.array([0, 1, 2]), y_pred=np.array([0, 2, 2]),
                                           n_classes=3),
                              dict(y_true="labels", y_pred="labels", n_classes="count")),
    "ch09.confusion_figure": (ch09.confusion_figure,
                              lambda: dict(M=np.array([[2, 1], [0, 3]]), class_names=("a", "b")),
                              dict(M="counts", class_names="names")),
    "ch09.loss_curves_figure": (ch09.loss_curves_figure,
                                lambda: dict(histories={"a": [3.0, 2.0, 1.5, 1.0]}, smooth=2),
                                dict(histories="histories", smooth="count")),
    "ch09.compare_with_sklearn": (ch09.compare_with_sklearn,
                                  lambda: dict(split=_split(), ours={}),
                                  dict(C="scalar", seed="seed", split="split")),
    "ch09.format_table": (ch09.format_table, lambda: dict(rows=[{"a": 1.0, "b": "x"}]),
                          dict(rows="rows_of_dicts")),
}
# ch08 and ch09 re-export chapter 2's templates_figure: the same function, tested once
SAME_AS = {"ch08.templates_figure", "ch09.templates_figure"}
SHORT = {m: m.__name__.rsplit(".", 1)[1].split("_")[0] if m.__name__.startswith(
    "lossbook.chapters") else m.__name__.rsplit(".", 1)[1] for m in MODULES}


def _public_functions():
    for mod in MODULES:
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                yield f"{SHORT[mod]}.{name}"


def test_every_public_function_has_a_case():
    missing = [n for n in _public_functions() if n not in CASES and n not in SAME_AS]
    assert not missing, f"no baseline for {missing}"


def _close(result):
    for r in result if isinstance(result, tuple) else (result,):
        if isinstance(r, Figure):
            r.clf()


@pytest.mark.parametrize("case", sorted(CASES))
def test_baseline_works(case):
    fn, baseline, _ = CASES[case]
    _close(fn(**baseline()))


def _nan(v):
    a = np.array(v, dtype=float)
    a.flat[0] = np.nan
    return a


def _inf(v):
    a = np.array(v, dtype=float)
    a.flat[-1] = np.inf
    return a


def _hostile(kind, good):
    """(label, value) pairs of hostile replacements for an argument of ``kind``."""
    common = [("None", None), ("str", "abc"), ("bool", True)]
    if kind in ("vector", "matrix", "pair", "list_of_vectors"):
        g = np.asarray(good, dtype=float) if kind != "list_of_vectors" else None
        out = common + [("0-d", np.array(1.0))]
        if kind != "list_of_vectors":
            out += [("ragged", [[1.0, 2.0], [3.0]])]
        if kind == "list_of_vectors":
            return out + [("nan", [_nan(good[0])]), ("inf", [_inf(good[0])]),
                          ("complex", [good[0] + 1j]), ("2-D", [np.ones((2, 2))]),
                          ("empty", [np.array([])]), ("no vectors", [])]
        out += [("nan", _nan(g)), ("inf", _inf(g)), ("complex", g + 1j),
                ("wrong ndim", g[..., None]), ("empty", np.array([]))]
        if kind == "pair":
            out += [("three", (1.0, 2.0, 3.0))]
        return out
    if kind in ("image", "images", "rows"):
        g = np.asarray(good)
        return common + [("0-d", np.array(1.0)), ("ragged", [[1.0, 2.0], [3.0]]),
                         ("nan", _nan(g)), ("inf", _inf(g)), ("complex", g + 1j),
                         ("wrong ndim", g.reshape(-1) if kind == "rows" else g[0]),
                         ("empty", g[:0]),
                         ("strings", np.full(g.shape, "a"))]
    if kind in ("labels", "indices", "counts"):
        g = np.asarray(good)
        return common + [("0-d", np.array(1)), ("ragged", [[1, 2], [3]]),
                         ("float", g + 0.5), ("nan", _nan(g)), ("complex", g + 1j),
                         ("wrong ndim", g[..., None]), ("short", g[:-1]), ("negative", -1 - g),
                         ("empty", g[:0])]
    if kind == "scalar":
        return common + [("nan", np.nan), ("inf", np.inf), ("complex", 1 + 2j),
                         ("array", np.array([1.0, 2.0])), ("list", [1.0])]
    if kind == "count":
        return [("None", None), ("str", "3"), ("float", 1.5), ("bool", True), ("negative", -1),
                ("array", np.array([2, 3]))]
    if kind == "seed":
        return [("str", "3"), ("float", 1.5), ("bool", True), ("negative", -1),
                ("array", np.array([2, 3]))]
    if kind == "index":
        return [("None", None), ("str", "0"), ("float", 0.5), ("bool", True), ("negative", -1),
                ("huge", 10 ** 6)]
    if kind == "shape":
        return common + [("0-d", np.array(3)), ("empty", ()), ("float", (2.5, 3)),
                         ("negative", (-2, 3)), ("nan", (np.nan, 3)), ("zero", (0, 3))]
    if kind == "names":
        return [("None", None), ("int", 3), ("too few", list(good)[:-1] or ["x", "y"])]
    if kind == "choice":
        return [("None", None), ("unknown", "no-such-thing"), ("int", 3)]
    if kind == "choices":
        return [("None", None), ("unknown", ("no-such-thing",)), ("str", "l2"), ("empty", ())]
    if kind == "flag":
        return [("str", "False"), ("int", 0), ("None", None)]
    if kind == "path":
        return [("None", None), ("int", 3)]
    if kind == "split":
        return [("None", None), ("str", "abc"), ("tuple", (1, 2))]
    if kind == "result":
        return [("None", None), ("nan w", logistic.LogisticResult(np.array([np.nan, 1.0]), 0.0,
                                                                  [1.0])),
                ("bad w", logistic.LogisticResult(np.array([1.0, 2.0, 3.0]), 0.0, [1.0])),
                ("nan history", logistic.LogisticResult(np.array([1.0, 2.0]), 0.0, [np.nan]))]
    if kind == "grid":
        bad = dict(good)
        bad["loss"] = good["loss"][:, :1]
        nan = dict(good)
        nan["loss"] = _nan(good["loss"])
        return [("None", None), ("str", "abc"), ("empty dict", {}), ("wrong shape", bad),
                ("nan", nan)]
    if kind == "panels":
        return [("None", None), ("str", "abc"), ("empty", []), ("short tuple", [(W3, B3)]),
                ("nan W", [(_nan(W3), B3, X2, Y2, "a")]),
                ("bad labels", [(W3, B3, X2, Y2 + 0.5, "a")])]
    if kind == "studies":
        return [("None", None), ("str", "abc"), ("empty", {}),
                ("nan", {"a": {"viewpoint": np.array([np.nan, 0.5])}}),
                ("short", {"a": {"viewpoint": np.array([0.5])}}),
                ("not a dict", {"a": [0.5, 0.5]})]
    if kind == "histories":
        return [("None", None), ("str", "abc"), ("empty", {}), ("nan", {"a": [1.0, np.nan]}),
                ("2-D", {"a": [[1.0, 2.0]]}), ("empty history", {"a": []})]
    if kind == "rows_of_dicts":
        return [("None", None), ("str", "abc"), ("empty", []), ("not dicts", [1, 2]),
                ("missing key", [{"a": 1.0}, {"b": 2.0}])]
    raise AssertionError(kind)


# how a hostile value may be named in the message, when not by its own argument name
ALIASES = {"rows_of_dicts": ("rows",)}



def _good(fn, baseline, arg):
    """The baseline value of ``arg``, or its default."""
    kwargs = baseline()
    if arg in kwargs:
        return kwargs[arg]
    default = inspect.signature(fn).parameters[arg].default
    if arg in ("reference", "mean") and default is None:
        return IMG2 if arg == "reference" else np.zeros(64)
    if arg == "image_shape" and default is None:
        return (8, 8)
    if arg == "feature_names" and default is None:
        return ("a", "b")
    return default


HOSTILE = [pytest.param(case, arg, label, id=f"{case}-{arg}-{label}")
           for case, (fn, baseline, args) in sorted(CASES.items())
           for arg, kind in args.items()
           for label, _ in _hostile(kind, _good(fn, baseline, arg))]


@pytest.mark.parametrize("case, arg, label", HOSTILE)
def test_hostile_argument_is_refused_by_name(case, arg, label):
    fn, baseline, args = CASES[case]
    kind = args[arg]
    if label == "None" and inspect.signature(fn).parameters[arg].default is None:
        pytest.skip("None is this argument's documented default")
    value = dict(_hostile(kind, _good(fn, baseline, arg)))[label]
    kwargs = baseline()
    kwargs[arg] = value
    with pytest.raises((ValueError, TypeError)) as info:
        _close(fn(**kwargs))
    names = ALIASES.get(kind, (arg,))
    assert any(n in str(info.value) for n in names), (
        f"{case}({arg}={label}) raised {type(info.value).__name__}: {info.value}")
    # exactly these types: numpy's UFuncTypeError (a TypeError) or AxisError (a ValueError
    # and an IndexError) leak an implementation detail instead of naming the argument
    assert type(info.value) in (ValueError, TypeError), type(info.value)


# ---- data generators: counts and seeds -------------------------------------------------------
GENERATORS = {name: (fn, baseline, args) for name, (fn, baseline, args) in CASES.items()
              if any(k == "seed" for k in args.values()) and name.split(".")[0] in
              ("toy1d", "toy2d", "shapes", "photos")}


@pytest.mark.parametrize("case", sorted(GENERATORS))
@pytest.mark.parametrize("seed", [-1, 1.5, "3", True, None, np.float64(2.0)])
def test_generator_seed_refused(case, seed):
    fn, baseline, _ = GENERATORS[case]
    kwargs = baseline()
    kwargs["seed"] = seed
    with pytest.raises((ValueError, TypeError), match="seed"):
        _close(fn(**kwargs))


@pytest.mark.parametrize("case", sorted(GENERATORS))
def test_generator_is_seeded(case):
    fn, baseline, _ = GENERATORS[case]
    a, b = fn(**baseline(), **({} if "seed" in baseline() else {"seed": 3})), \
        fn(**baseline(), **({} if "seed" in baseline() else {"seed": 3}))
    for u, v in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
        if isinstance(u, np.ndarray):
            np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize("fn, arg", [(toy1d.make_line_data, "n"), (toy1d.line_data_parts, "n"),
                                     (toy2d.blobs, "n_per_class"),
                                     (toy2d.make_two_blobs, "n_per_class"),
                                     (toy2d.overlapping_blobs, "n_per_class"),
                                     (shapes.make_shapes, "n_per_class"),
                                     (photos.occlusion_grain, "height")])
def test_zero_count_is_a_clear_error(fn, arg):
    kwargs = {arg: 0}
    if fn is photos.occlusion_grain:
        kwargs = {"height": 0}
    with pytest.raises(ValueError, match=rf"{arg} must be an integer >= \d"):
        fn(**kwargs)


def test_sample_laplace_mixture_zero_draws():
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        toy1d.sample_laplace_mixture(0, [1.0], [0.0], [1.0])


# ---- properties ------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=0, max_size=4),
       st.lists(st.integers(1, 4), min_size=0, max_size=4))
def test_pixel_distance_shapes(shape_a, shape_b):
    """Any two shapes: a number for equal shapes (checked against a hand loop), else a
    ValueError naming a and b."""
    a = np.arange(int(np.prod(shape_a)), dtype=float).reshape(shape_a)
    b = np.ones(shape_b)
    if a.shape == b.shape and a.size:
        want = sum(abs(u - v) for u, v in zip(a.ravel().tolist(), b.ravel().tolist()))
        assert ch01.pixel_distance(a, b) == pytest.approx(want)
    else:
        with pytest.raises(ValueError, match=r"\ba\b|\bb\b"):
            ch01.pixel_distance(a, b)


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.floats(allow_nan=True),
                 st.complex_numbers(), st.integers(-5, -1),
                 st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=3)))
def test_strength_hostile(value):
    """A strength is a real number in [0, 1]; anything else is refused naming strength."""
    ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
          and 0 <= value <= 1)
    if ok:
        photos.check_strength(value)
    else:
        with pytest.raises((ValueError, TypeError), match="strength"):
            photos.check_strength(value)


# ---- counts that would exhaust memory --------------------------------------------------------
from lossbook import linear  # noqa: E402
from lossbook.chapters import ch03_svm_loss as ch03  # noqa: E402

_X3 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_Y3 = np.array([0, 1, 1])


@pytest.mark.parametrize("call, arg", [
    (lambda v: linear.init_params(3, v), "n_classes"),
    (lambda v: linear.init_params(v, 2), "n_features"),
    (lambda v: regpath.fit(_X3, _Y3, n_classes=v), "n_classes"),
    (lambda v: ch03.train_svm_exact(_X3, _Y3, n_classes=v, reg_strength=0.1), "n_classes"),
    (lambda v: toy1d.make_line_data(v), "n"),
    (lambda v: toy1d.line_data_parts(v), "n"),
    (lambda v: toy1d.sample_laplace_mixture(v, [1.0], [0.0], [1.0]), "n"),
    (lambda v: toy2d.blobs(v), "n_per_class"),
    (lambda v: toy2d.make_two_blobs(v), "n_per_class"),
    (lambda v: toy2d.overlapping_blobs(v), "n_per_class"),
    (lambda v: shapes.make_shapes(v), "n_per_class"),
    (lambda v: photos.occlusion_grain(v), "height"),
    (lambda v: ch01.shapes_figure(n_per_row=v), "n_per_row"),
    (lambda v: ch01.channels_figure(np.zeros((4, 4, 3)), dpi=v), "dpi"),
])
@pytest.mark.parametrize("value", [2 ** 40, 10 ** 12])
def test_a_count_beyond_memory_is_refused_before_allocating(call, arg, value):
    """A count that would ask for terabytes (a label of 2**40 stated as n_classes, 10**12 points)
    gets a ValueError naming the argument and its limit, and nothing is allocated first."""
    import tracemalloc
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=rf"^{arg}\b.*(at most|<=|\[)"):
            call(value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2 ** 20, f"{peak / 2 ** 20:.0f} MiB traced before the error"
