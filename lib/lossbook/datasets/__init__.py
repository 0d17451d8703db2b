"""Data sets of the book, each in its own module.

- :mod:`lossbook.datasets.shapes`   32 × 32 × 3 squares, circles and triangles, one knob per challenge
- :mod:`lossbook.datasets.toy2d`    small 2-D sets for the linear classifier (separable and not)
- :mod:`lossbook.datasets.cifar10`  the real CIFAR-10 loader (downloads on request, safe unpickling)
- :mod:`lossbook.datasets.digits`   scikit-learn's bundled 8 × 8 digits, split reproducibly

Import the module you need: ``from lossbook.datasets import shapes``.
"""
from . import cifar10, digits, shapes, toy2d

__all__ = ["cifar10", "digits", "shapes", "toy2d"]
