"""The book's data: data sets and worked examples, one module each (data files travel with the
package).  Data makers only: no losses, no figures.

- :mod:`lossbook.data.cifar10`          the real CIFAR-10 loader (downloads on request, safe unpickling)
- :mod:`lossbook.data.digits`           scikit-learn's bundled 8 × 8 digits (one loader)
- :mod:`lossbook.data.photos`           scikit-image's photos and the challenges of chapter 1 as transforms
- :mod:`lossbook.data.shapes`           32 × 32 × 3 squares, circles and triangles, one knob per challenge
- :mod:`lossbook.data.splits`           reproducible splits, and the prepared :class:`~lossbook.data.splits.Split`
- :mod:`lossbook.data.toy1d`            points around a line (with outliers), Laplace-mixture draws
- :mod:`lossbook.data.toy2d`            small 2-D sets for the linear and logistic classifiers
- :mod:`lossbook.data.worked_examples`  the cat / car / frog scores of chapters 3, 4 and 8
"""
from . import cifar10, digits, photos, shapes, splits, toy1d, toy2d, worked_examples

__all__ = ["cifar10", "digits", "photos", "shapes", "splits", "toy1d", "toy2d", "worked_examples"]
