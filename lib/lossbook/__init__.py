"""lossbook: the shared library of the course book *From the semantic gap to regularization*.

Every chapter imports it, as d2l's chapters import one package::

    import lossbook as lb
    lb.losses.svm_loss(scores, y)            # scores: (N, C), y: (N,)

The math lives in small modules, one idea each:

- :mod:`lossbook.losses`          softmax, SVM, cross-entropy, BCE, L2/L1, likelihoods, gradients
- :mod:`lossbook.regularization`  L2, L1, elastic net and their gradients
- :mod:`lossbook.linear`          the linear classifier f(x) = W x + b, naive and vectorized losses, SGD
- :mod:`lossbook.gradcheck`       numerical gradients and relative errors

Chapters add their data sets and widgets as further modules.
"""
from . import gradcheck, linear, losses, regularization

__all__ = ["gradcheck", "linear", "losses", "regularization"]
__version__ = "0.1.0"
