"""The book's interactive explorers: one module per chapter, every explorer an :class:`Explorer`.

An explorer is one anywidget with two faces (:mod:`lossbook.widgets.base`):

* Python: controls declared as traits named as the parameters of the module's pure ``compute``
  (numpy, the reference that notebooks print and tests check against independent computations);
  ``explorer.result`` follows every control, ``explorer.readout()`` gives the numbers shown;
* JavaScript: ``widgets/<module>.js`` computes and draws the same thing in the reader's browser,
  so the explorer is live in the static book with no kernel; the browser tests prove the two
  faces agree.  The shared JavaScript helper (formats, scales, marks, controls, readout) is
  ``widgets/_explorer.js``.

==============================  =====================================================
module                          explorers
==============================  =====================================================
``ch01_semantic_gap``           :class:`ChallengeExplorer` (a photo, transformed)
``ch02_linear_classifier``      :class:`LinearExplorer` (W, b, SVM/softmax, steps)
``ch03_svm_loss``               :class:`SvmExplorer` (the hinge, term by term)
``ch04_softmax``                :class:`SoftmaxExplorer`
``ch05_svm_vs_softmax``         :class:`SvmVsSoftmaxExplorer`
``ch06_regression_losses``      densities, outliers (L2 vs L1 fits), a Laplace mixture
``ch07_classification_losses``  logistic regression by hand, softmax temperature
``ch08_regularization``         :class:`LambdaExplorer` (penalty and λ, re-fitted)
==============================  =====================================================
"""
from .base import Explorer, ReadoutValues, bundle
from .question import Question

__all__ = ["Explorer", "Question", "ReadoutValues", "bundle"]
