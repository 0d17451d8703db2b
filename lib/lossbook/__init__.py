"""lossbook: the shared library of the course book *From the semantic gap to regularization*.

Every chapter imports it one way, as d2l's chapters import one package::

    import lossbook as lb
    from lossbook.chapters import ch03_svm_loss as ch

    lb.losses.svm_loss(scores, y)            # scores: (N, C), y: (N,)

The package is laid out in rooms by role:

- the math the book teaches, chapter-free (numpy only, no data makers, no figures):
  :mod:`~lossbook.losses` (softmax, SVM, cross-entropy, BCE, L2/L1, likelihoods, gradients),
  :mod:`~lossbook.regularization` (L2, L1, elastic net), :mod:`~lossbook.linear` (the linear
  classifier f(x) = W x + b, naive and vectorized losses, SGD, the one ``accuracy``),
  :mod:`~lossbook.logistic`, :mod:`~lossbook.regression`, :mod:`~lossbook.regpath`
  (regularized fits and paths), :mod:`~lossbook.knn`, :mod:`~lossbook.gradcheck`; all validate
  their arguments with ``_validation``;
- :mod:`lossbook.data`: data sets and worked examples (their files travel with the package);
- :mod:`lossbook.chapters`: what one chapter computes or draws, one module per chapter;
- :mod:`lossbook.widgets`: the live explorers, one module per chapter on one ``Explorer`` base,
  and the page's self-checking questions (:class:`~lossbook.widgets.Question`);
- :mod:`lossbook.exercises`: the your-turn exercises' checker (``lb.exercises.check(name, fn)``)
  and ``lossbook-assignment``, which writes a chapter as an assignment.
"""
from . import gradcheck, knn, linear, logistic, losses, regpath, regression, regularization
from . import data
from . import chapters
from . import widgets
from . import exercises

__all__ = ["losses", "regularization", "linear", "logistic", "regression", "regpath", "knn",
           "gradcheck", "data", "chapters", "widgets", "exercises"]
__version__ = "0.1.0"
