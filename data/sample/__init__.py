"""The team's labelled sample, installed as the package data ``credscore.sample``.

``pyproject.toml`` maps this folder to the package ``credscore.sample``, so
:func:`credscore.training.datasets.load_sample` and the notebooks find it through
:mod:`importlib.resources` in a checkout and in a wheel alike.
"""
