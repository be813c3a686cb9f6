"""Load a dataset: read CSV/Parquet tables, validate them, quarantine what fails.

>>> from graphgov.load import load_dataset
>>> res = load_dataset("datasets/zhejiang-sample")  # from the repository's root
>>> res.exit_code, res.summary()["rejected"]
(0, 0)

Every row ends accepted (typed, in ``res.tables``), rejected with one reason (in
``res.rejects``; the codes are :data:`REASONS`), or collapsed as an exact duplicate;
``res.counts`` says how many went where. Fatal problems raise
:class:`graphgov.errors.DatasetError`.
"""

from graphgov.load.reasons import REASONS
from graphgov.load.result import REJECT_COLUMNS, LoadResult, TableCounts
from graphgov.load.validate import load_dataset

__all__ = ["REASONS", "REJECT_COLUMNS", "LoadResult", "TableCounts", "load_dataset"]
