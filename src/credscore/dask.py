"""`score_dataframe`: :func:`credscore.score_frame` over a Dask DataFrame, partition by partition.

Needs the optional extra: ``pip install credscore[dask]``. Dask is imported when the function
runs, so ``import credscore.dask`` works without it. Each worker process rebuilds the model
once and reuses it for every partition it scores (the scorer travels as a cached handle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from credscore.batch import DEFAULT_TOP_CUES, _resolve_columns, _ScorerHandle, empty_result

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

    from credscore.api import Scorer


def score_dataframe(
    ddf: dd.DataFrame,
    *,
    text: str = "text",
    title: str | None = "title",
    url: str | None = "url",
    scorer: Scorer | None = None,
    top_cues: int = DEFAULT_TOP_CUES,
) -> dd.DataFrame:
    """A lazy Dask DataFrame of ``score_frame`` results, partitioned and indexed like ``ddf``.

    Same columns and arguments as :func:`credscore.score_frame`; call ``.compute()`` or
    write it out (``to_parquet``) to run it. ``scorer`` defaults to the shipped model.
    """
    try:
        import dask.dataframe as dd
    except ImportError:
        raise ImportError("credscore.dask needs Dask: pip install 'credscore[dask]'") from None
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"ddf must be a dask DataFrame, got {type(ddf).__name__}")
    # Check the columns once here, on the empty meta frame, rather than in every task.
    columns = _resolve_columns(ddf._meta, text=text, title=title, url=url)
    if scorer is None:
        from credscore.api import default_scorer

        scorer = default_scorer()
    handle = _ScorerHandle.of(scorer)
    return ddf.map_partitions(
        _score_partition,
        handle,
        *columns,
        top_cues,
        meta=empty_result(ddf._meta.index),
        align_dataframes=False,
    )


def _score_partition(
    partition: pd.DataFrame,
    handle: _ScorerHandle,
    text: str,
    title: str | None,
    url: str | None,
    top_cues: int,
) -> pd.DataFrame:
    from credscore.batch import score_frame

    return score_frame(
        partition, text=text, title=title, url=url, scorer=handle.scorer, top_cues=top_cues
    )
