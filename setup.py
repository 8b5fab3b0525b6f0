"""Ship the trained model (top-level ``models/``) and the team's sample inside the wheel.

The model and its card live in ``models/`` (where the team reviews them); this hook copies
them into ``credscore/models/`` at build time so a plain ``pip install .`` carries them.
Editable installs read ``models/`` in the checkout directly (see credscore.model_io).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("credscore-model.joblib", "model_card.json", "MODEL_CARD.md")


class BuildWithModel(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "models"
        target = Path(self.build_lib) / "credscore" / "models"
        target.mkdir(parents=True, exist_ok=True)
        for name in SHIPPED:
            if (source / name).exists():
                shutil.copy2(source / name, target / name)
        # The team-written sample, for load_sample() and the notebooks outside a checkout.
        sample = Path(__file__).parent / "data" / "sample" / "articles.csv"
        if sample.exists():
            (Path(self.build_lib) / "credscore" / "_sample").mkdir(exist_ok=True)
            shutil.copy2(sample, Path(self.build_lib) / "credscore" / "_sample" / sample.name)


setup(cmdclass={"build_py": BuildWithModel})
