from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow

EXTRACTOR_VERSION: str
CLAIM_COLUMNS: Tuple[str, ...]

class CorroborateError(ValueError):
    """An input Corroborate cannot read (empty, binary), with the command
    line's message (``NAME: the file is empty``)."""

Claim = Dict[str, Any]

def extract_jsonl(data: Union[str, bytes, bytearray], format: str = "auto", name: Optional[str] = None) -> str: ...
def extract(data: Union[str, bytes, bytearray], format: str = "auto", name: Optional[str] = None) -> List[Claim]: ...
def extract_batch(
    data: Union[pyarrow.Table, pyarrow.RecordBatch, Any],
    text_column: str = "text",
    id_column: str = "id",
    format: str = "auto",
    name_column: Optional[str] = None,
    carry: Sequence[str] = (),
    errors: str = "raise",
    sentences: bool = False,
) -> pyarrow.Table: ...
def read_dump(path_or_file: Any, rows: int = 1000) -> Iterator[pyarrow.RecordBatch]: ...
def groups(
    claims: Union[Iterable[Mapping[str, Any]], pyarrow.Table],
    documents: Optional[Mapping[str, Union[str, bytes]]] = None,
) -> List[Dict[str, Any]]: ...
def diff(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]: ...

class DumpBatches:
    def __init__(self, file: Any, rows: int = 1000, max_revision_bytes: int = ...) -> None: ...
    def __iter__(self) -> "DumpBatches": ...
    def __next__(self) -> List[Tuple[str, pyarrow.Array]]: ...
