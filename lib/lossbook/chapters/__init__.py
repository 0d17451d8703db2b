"""What one chapter computes or draws, one module per chapter; a notebook, its chapter module, its
explorer (:mod:`lossbook.widgets`) and its test share one stem::

    from lossbook.chapters import ch03_svm_loss as ch

Each module opens with the chapter that uses it and what for.  A later chapter may reuse what an
earlier one defined (d2l's "defined in"): chapters 8 and 9 show their templates with chapter 2's
:func:`~lossbook.chapters.ch02_linear_classifier.templates_figure`.  Every figure is a
``<thing>_figure(...) -> matplotlib.figure.Figure``, never pyplot.
"""
from . import (ch01_semantic_gap, ch02_linear_classifier, ch03_svm_loss, ch04_softmax,
               ch05_svm_vs_softmax, ch06_regression_losses, ch07_classification_losses,
               ch08_regularization, ch09_real_images)

__all__ = ["ch01_semantic_gap", "ch02_linear_classifier", "ch03_svm_loss", "ch04_softmax",
           "ch05_svm_vs_softmax", "ch06_regression_losses", "ch07_classification_losses",
           "ch08_regularization", "ch09_real_images"]
