"""Stage 8, write: one folder per document, and the merged dataset of every document.

``write_document`` writes ``<out>/<doc_id>/`` (``document.json`` plus one CSV per contract
table); ``merge_dataset`` rebuilds ``<out>/dataset/`` (CSV + Parquet per table,
``datapackage.json``, ``manifest.json``) from every ``<out>/*/document.json``. The column
order and types come from the contract (``../shared/spec/dataset.md``) and the pydantic
models, never from the data, so an empty column keeps its type in every file.

Nothing is ever half-written: files go to a temporary name in the same directory and are
moved over the old one with ``os.replace``; a document's folder is built next to the old
one and swapped in.
"""

from __future__ import annotations

import json
import os
import shutil
import types
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from thaidoc.schemas import RECORD_TABLES, SCHEMA_VERSION, Document, DocumentMeta

DATASET_DIR = "dataset"
DOCUMENT_JSON = "document.json"
CSV_ENCODING = "utf-8-sig"  # with a byte-order mark, so Excel shows the Thai

# Every table starts with these, taken from the document's metadata.
DOCUMENT_KEYS = ["doc_id", "fiscal_year"]

# The contract's columns, in the contract's order. Other model fields follow them, in
# model order; bounding boxes stay in document.json.
CONTRACT_COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id",
        "source_file",
        "sha256",
        "title",
        "doc_type",
        "agency",
        "fiscal_year",
        "period_start",
        "period_end",
        "page_count",
        "pipeline_version",
        "extracted_at",
    ],
    "sections": [
        "section_id",
        "parent_id",
        "level",
        "kind",
        "number",
        "title",
        "page_start",
        "page_end",
    ],
    "projects": ["project_no", "name", "strategy_no", "plan_no", "page"],
    "budgets": [
        "project_no",
        "line_no",
        "label",
        "amount_thb",
        "status",
        "amount_text",
        "page",
    ],
    "indicators": [
        "indicator_id",
        "scope",
        "owner_no",
        "name",
        "weight_pct",
        "unit",
        "condition",
        "page",
    ],
    "targets": ["indicator_id", "kind", "label", "value", "unit", "cumulative", "text"],
    "results": ["project_no", "value", "unit", "text", "page"],
}
NOT_IN_CSV = {"bbox"}
# The record counts reported per document by the CLI and the flow.
COUNTED_TABLES = ("projects", "budgets", "indicators", "targets", "results")

TABLE_MODELS: dict[str, type[BaseModel]] = {
    "documents": DocumentMeta,
    **{table: model for table, (model, _) in RECORD_TABLES.items()},
}

# How a Python field type is stored: (pandas dtype, Arrow type, Table Schema type).
# Dates and times are ISO 8601 strings everywhere, as printed in the CSV.
ColumnType = tuple[str, pa.DataType, str]
COLUMN_TYPES: dict[type, ColumnType] = {
    int: ("Int64", pa.int64(), "integer"),
    float: ("Float64", pa.float64(), "number"),
    bool: ("boolean", pa.bool_(), "boolean"),
    str: ("string", pa.string(), "string"),
    date: ("string", pa.string(), "date"),
    datetime: ("string", pa.string(), "datetime"),
}


def column_type(annotation: Any) -> ColumnType:
    """The storage type of a pydantic field annotation (``int | None`` is ``int``)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return column_type(inner)
    if origin is Literal:
        (value_type,) = {type(value) for value in get_args(annotation)}
        return column_type(value_type)
    if annotation in COLUMN_TYPES:
        return COLUMN_TYPES[annotation]
    raise TypeError(f"no column type for field type {annotation!r}")


def table_columns(table: str) -> dict[str, ColumnType]:
    """Column name -> storage type of one table, in file order."""
    fields = TABLE_MODELS[table].model_fields
    leading = [c for c in DOCUMENT_KEYS if c not in fields] + CONTRACT_COLUMNS[table]
    names = leading + [n for n in fields if n not in leading and n not in NOT_IN_CSV]
    meta_fields = DocumentMeta.model_fields
    return {
        name: column_type((fields[name] if name in fields else meta_fields[name]).annotation)
        for name in names
    }


def table_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Every contract table of one document as rows of JSON-ready values."""
    keys = {key: getattr(doc.meta, key) for key in DOCUMENT_KEYS}
    rows = {"documents": [doc.meta.model_dump(mode="json")]}
    for table, (_, attribute) in RECORD_TABLES.items():
        rows[table] = [
            {**keys, **record.model_dump(mode="json", exclude=NOT_IN_CSV)}
            for record in getattr(doc, attribute)
        ]
    return rows


def table_frame(table: str, rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    columns = table_columns(table)
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype({name: pandas_dtype for name, (pandas_dtype, _, _) in columns.items()})


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, arrow) for name, (_, arrow, _) in table_columns(table).items()])


def document_summary(doc: Document) -> dict[str, Any]:
    """What the CLI and the flow report per document: identity and record counts."""
    return {
        "doc_id": doc.meta.doc_id,
        "doc_type": doc.meta.doc_type,
        "fiscal_year": doc.meta.fiscal_year,
        "pages": doc.meta.page_count,
        **{table: len(getattr(doc, table)) for table in COUNTED_TABLES},
        "warnings": len(doc.warnings),
        "warning_codes": dict(Counter(w.code for w in doc.warnings).most_common()),
    }


def write_document(doc: Document, out_dir: Path) -> Path:
    """Write ``out_dir/<doc_id>/`` (document.json and the CSVs), replacing it as a whole."""
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = out_dir / doc.meta.doc_id
    staging = out_dir / f".{doc.meta.doc_id}.writing-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        (staging / DOCUMENT_JSON).write_text(document_json(doc), encoding="utf-8")
        for table, rows in table_rows(doc).items():
            write_csv(table_frame(table, rows), staging / f"{table}.csv")
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def document_json(doc: Document) -> str:
    # ensure_ascii is off in pydantic's JSON: Thai stays readable.
    return doc.model_dump_json(indent=1)


def merge_dataset(out_dir: Path) -> Path:
    """Rebuild ``out_dir/dataset/`` from every ``out_dir/<doc_id>/document.json``."""
    docs = load_documents(out_dir)
    dataset = out_dir / DATASET_DIR
    dataset.mkdir(parents=True, exist_ok=True)
    per_document = [table_rows(doc) for doc in docs]
    for table in TABLE_MODELS:
        frame = table_frame(table, (row for rows in per_document for row in rows[table]))
        atomic_write(dataset / f"{table}.csv", partial(write_csv, frame))
        arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
        atomic_write(dataset / f"{table}.parquet", partial(pq.write_table, arrow))
    write_json(dataset / "datapackage.json", datapackage())
    write_json(dataset / "manifest.json", manifest(docs))
    return dataset


def load_documents(out_dir: Path) -> list[Document]:
    """Every document written under ``out_dir``, by doc_id (staging folders are hidden)."""
    paths = sorted(out_dir.glob(f"[!.]*/{DOCUMENT_JSON}"))
    docs = []
    for path in paths:
        try:
            docs.append(Document.model_validate_json(path.read_bytes()))
        except ValueError as exc:
            raise ValueError(
                f"{path} is not a valid thaidoc document ({exc.__class__.__name__}); "
                "extract that PDF again or remove its folder"
            ) from exc
    return docs


def manifest(docs: list[Document]) -> dict[str, Any]:
    fields = ["source_file", "sha256", "doc_id", "pipeline_version", "extracted_at"]
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [doc.meta.model_dump(mode="json", include=set(fields)) for doc in docs],
    }


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package describing the merged CSV tables."""
    return {
        "name": "thaidoc-dataset",
        "version": SCHEMA_VERSION,
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "format": "csv",
                "encoding": CSV_ENCODING,
                "schema": {
                    "fields": [
                        {"name": name, "type": schema_type}
                        for name, (_, _, schema_type) in table_columns(table).items()
                    ]
                },
            }
            for table in TABLE_MODELS
        ],
    }


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding=CSV_ENCODING)


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then move it into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def swap_in(staging: Path, folder: Path) -> None:
    """Put the finished ``staging`` folder at ``folder``, replacing the old one."""
    if not folder.exists():
        staging.rename(folder)
        return
    retired = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex}")
    folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired)
