"""The shipped credibility model and its card, installed as the package data ``credscore.models``.

``pyproject.toml`` maps this folder to the package ``credscore.models``, so the model is read
with :mod:`importlib.resources` (:func:`credscore.models_dir`) the same way from a checkout,
an editable install and a wheel. ``credscore train --out models/`` rewrites it.
"""
