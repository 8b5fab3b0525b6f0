"""The training side: data sets, the estimator, the recipe, evaluation, the model card.

Nothing on the scoring side imports this package (a test walks the imports): scoring needs
numpy and the shipped artefact, never scikit-learn, pandas or the data loaders.

- :mod:`~credscore.training.datasets` loads the shared collections and users' tables into one
  schema and cleans them;
- :mod:`~credscore.training.estimator` is the scikit-learn estimator that fits a
  :class:`credscore.model.CredibilityModel`;
- :mod:`~credscore.training.recipe` is the shipped recipe and ``credscore train``;
- :mod:`~credscore.training.evaluation` measures it on publishers (and topics and
  collections) it never saw; :mod:`~credscore.training.model_card` renders the card;
- :mod:`~credscore.training.headline` fits the headline model behind ``clickbait_title``;
- :mod:`~credscore.training.reports` and :mod:`~credscore.training.plots` are the tables and
  figures the notebooks show.
"""
