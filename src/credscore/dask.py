"""`score_dataframe`: :func:`credscore.score_frame` over a Dask DataFrame, partition by partition.

Needs the optional extra: ``pip install "credscore[dask]"``. Dask is imported when the
function runs, so ``import credscore.dask`` works without it. Each worker process rebuilds
the model once and reuses it for every partition it scores (the scorer travels as a
:class:`~credscore.batch.ScorerHandle`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from credscore.api import Scorer, default_scorer
from credscore.batch import (
    DEFAULT_TOP_CUES,
    ArticleColumns,
    ScoreColumns,
    ScorerHandle,
    check_options,
    resolve_columns,
    result_frame,
    score_frame,
)

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd


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

    Same columns, dtypes and arguments as :func:`credscore.score_frame`; call ``.compute()``
    or write it out (``to_parquet``) to run it. ``scorer`` defaults to the shipped model.
    """
    try:
        import dask.dataframe as dd
    except ImportError:
        raise ImportError('credscore.dask needs Dask: pip install "credscore[dask]"') from None
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"ddf must be a dask DataFrame, got {type(ddf).__name__}")
    # Checked once here, on the empty meta frame, rather than in every task.
    columns = resolve_columns(list(ddf.columns), text=text, title=title, url=url)
    check_options(n_jobs=1, top_cues=top_cues)
    handle = ScorerHandle.of(scorer if scorer is not None else default_scorer())
    return ddf.map_partitions(
        _score_partition,
        handle,
        columns,
        top_cues,
        meta=result_frame(ScoreColumns.empty(), ddf._meta.index[:0]),
        align_dataframes=False,
    )


def _score_partition(
    partition: pd.DataFrame, handle: ScorerHandle, columns: ArticleColumns, top_cues: int
) -> pd.DataFrame:
    return score_frame(
        partition,
        text=columns.text,
        title=columns.title,
        url=columns.url,
        scorer=handle.scorer,
        top_cues=top_cues,
    )
