"""Benchmark: naive (loop) versus vectorized SVM and softmax loss-and-gradient at CIFAR-10 sizes.

    python benchmarks/losses.py [--n 500] [--repeat 5]

Prints, for N = 500 examples of D = 3073 features (3072 pixels plus the bias trick's 1) and C = 10
classes, the best-of-`repeat` time of each implementation and the ratio.  Goal: the vectorized
code is at least 100 times faster than the naive loops.  This is a benchmark, not a test: the
figures depend on the machine and its load, so nothing here asserts a time.
"""
from __future__ import annotations

import argparse

import numpy as np

from lossbook import linear
from lossbook.chapters.ch03_svm_loss import best_time

GOAL = 100.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="examples N (default 500)")
    parser.add_argument("--d", type=int, default=3073, help="features D (default 3073)")
    parser.add_argument("--c", type=int, default=10, help="classes C (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing, best kept")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    X = rng.normal(0, 64, size=(args.n, args.d))           # like centred CIFAR-10 pixels
    y = rng.integers(0, args.c, size=args.n)
    W, b = linear.init_params(args.d, args.c, scale=1e-4, seed=0)
    reg = 5e-6

    print(f"naive vs vectorized loss and gradient: N={args.n}, D={args.d}, C={args.c}, "
          f"best of {args.repeat}")
    print(f"{'loss':<8} {'naive (ms)':>11} {'vectorized (ms)':>16} {'speed-up':>9}  goal")
    for name, naive, vec in (("svm", linear.svm_loss_naive, linear.svm_loss_vectorized),
                             ("softmax", linear.softmax_loss_naive,
                              linear.softmax_loss_vectorized)):
        ln, dn, _ = naive(W, b, X, y, reg_strength=reg)
        lv, dv, _ = vec(W, b, X, y, reg_strength=reg)
        diff = np.abs(dn - dv).max()
        t_naive = best_time(lambda: naive(W, b, X, y, reg_strength=reg), repeat=args.repeat)
        t_vec = best_time(lambda: vec(W, b, X, y, reg_strength=reg), repeat=args.repeat)
        ratio = t_naive / t_vec
        verdict = "met" if ratio >= GOAL else "NOT met"
        print(f"{name:<8} {t_naive * 1e3:>11.1f} {t_vec * 1e3:>16.2f} {ratio:>8.0f}x  "
              f">= {GOAL:.0f}x {verdict}   (losses {ln:.6f} / {lv:.6f}, max |dW diff| {diff:.1e})")


if __name__ == "__main__":
    main()
