from typing import Optional, Sequence, Tuple

from pyspark.sql import DataFrame
from pyspark.sql.types import StructType

REVISION_CHANGE_SCHEMA: Tuple[str, ...]

def claim_schema() -> StructType: ...
def extract(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "rev_id",
    name_col: Optional[str] = None,
    format: str = "auto",
    carry: Sequence[str] = (),
    errors: str = "raise",
    sentences: bool = False,
) -> DataFrame: ...
def revisions(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "rev_id",
    page_col: str = "title",
    order_cols: Sequence[str] = ("timestamp", "rev_id"),
    name_col: Optional[str] = "name",
    timestamp_col: Optional[str] = "timestamp",
    contributor_col: Optional[str] = "contributor",
    format: str = "wikitext",
) -> DataFrame: ...
