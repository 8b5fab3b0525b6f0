"""credscore.dask: the same results as score_frame, on a 2-process LocalCluster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from credscore.api import Scorer
from credscore.batch import score_frame

REPO = Path(__file__).resolve().parents[1]


def test_module_imports_without_dask() -> None:
    code = (
        "import sys; sys.modules['dask'] = None; sys.modules['dask.dataframe'] = None\n"
        "import credscore.dask as m\n"
        "try:\n    m.score_dataframe(None)\nexcept ImportError as e:\n    print(e)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'pip install "credscore[dask]"' in result.stdout


@pytest.fixture(scope="module")
def cluster_client():
    pytest.importorskip("dask.dataframe", reason="dask is an optional extra: credscore[dask]")
    distributed = pytest.importorskip("dask.distributed", reason="needs distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_dask_matches_score_frame_exactly(cluster_client, sample_model_dir) -> None:
    import dask.dataframe as dd

    from credscore.dask import score_dataframe

    frame = pd.read_csv(REPO / "data" / "sample" / "articles.csv")[["text", "title", "url"]]
    frame = pd.concat([frame] * 3, ignore_index=True)
    frame.loc[[4, 50], "text"] = [None, "   "]  # bad rows travel through Dask too
    frame.loc[7, "title"] = np.nan
    frame.index = frame.index * 3 + 1
    scorer = Scorer(sample_model_dir)
    expected = score_frame(frame, scorer=scorer)

    lazy = score_dataframe(dd.from_pandas(frame, npartitions=6), scorer=scorer)
    assert list(lazy.columns) == list(expected.columns)
    result = lazy.compute()
    pd.testing.assert_frame_equal(result, expected, check_exact=True)

    def models_loaded() -> int:
        from credscore import batch

        return len(batch._WORKER_SCORERS)

    # Six partitions over two workers, yet each worker rebuilt the model at most once.
    loaded = cluster_client.run(models_loaded)
    assert len(loaded) == 2 and set(loaded.values()) <= {0, 1} and sum(loaded.values()) >= 1


def test_missing_column_is_refused_before_running(sample_model_dir) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="dask is an optional extra")
    from credscore.dask import score_dataframe

    frame = dd.from_pandas(pd.DataFrame({"body": ["Some words here."]}), npartitions=1)
    with pytest.raises(ValueError, match="text column 'text' not found"):
        score_dataframe(frame, scorer=Scorer(sample_model_dir))
    with pytest.raises(TypeError, match="dask DataFrame"):
        score_dataframe(frame.compute(), scorer=Scorer(sample_model_dir))


# dask's own Parquet code calls set_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")
def test_dask_scores_write_to_parquet(sample_model_dir, tmp_path) -> None:
    """Issue 18: `scores.to_parquet(...)` raised ArrowInvalid on object columns holding a
    sentinel; the columns are float64 and pandas' string dtype, nullable, so they write."""
    dd = pytest.importorskip("dask.dataframe", reason="dask is an optional extra: credscore[dask]")
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    import dask

    from credscore.dask import score_dataframe

    frame = pd.read_csv(REPO / "data" / "sample" / "articles.csv")[["text", "title", "url"]]
    frame.loc[[3, 17], "text"] = [None, "   "]  # failed rows: NaN credibility, an error
    scorer = Scorer(sample_model_dir)
    scores = score_dataframe(dd.from_pandas(frame, npartitions=3), scorer=scorer)
    with dask.config.set(scheduler="synchronous"):
        scores.to_parquet(tmp_path / "scores")
    back = pd.read_parquet(tmp_path / "scores")
    expected = score_frame(frame, scorer=scorer)
    assert back["credibility"].dtype == "float64"
    assert all(str(back[name].dtype).startswith("string") for name in expected.columns[1:])
    pd.testing.assert_frame_equal(
        back.reset_index(drop=True),
        expected.reset_index(drop=True),
        check_dtype=False,  # the string dtype's storage may differ after the round trip
    )
    assert back["error"].notna().sum() == 2 and back["credibility"].isna().sum() == 2
