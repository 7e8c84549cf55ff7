"""Stage 8, write: one folder per document, and the merged dataset of every document.

``write_document`` writes ``<out>/<doc_id>/`` (``document.json`` plus one CSV per contract
table); ``merge_dataset`` rebuilds ``<out>/dataset/`` from every ``<out>/*/document.json``:
CSV + Parquet per table (with ``project_key`` and ``project_links`` linking the same
project across documents), ``datapackage.json`` (Frictionless, with primary and foreign
keys), JSON Schemas of the models, ``manifest.json``, the DuckDB warehouse and the CKAN
metadata. The column order and types come from the contract
(``../shared/spec/dataset.md``) and the pydantic models, never from the data, so an empty
column keeps its type in every file.

Nothing is ever half-written: a document's folder, and the dataset folder as a whole, are
built next to the old one and swapped in; a failure on the way leaves the old one as it
was.
"""

from __future__ import annotations

import json
import shutil
import types
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from thaidoc.pipeline.links import (
    LinkedProject,
    ProjectLink,
    ProjectName,
    link_projects,
    project_keys,
)
from thaidoc.pipeline.warehouse import WAREHOUSE_FILE, build_warehouse
from thaidoc.publish import ckan_package
from thaidoc.schemas import RECORD_TABLES, SCHEMA_VERSION, Document, DocumentMeta

DATASET_DIR = "dataset"
DOCUMENT_JSON = "document.json"
SCHEMA_DIR = "schema"  # JSON Schemas of the models, inside the dataset folder
CKAN_PACKAGE_JSON = "ckan_package.json"
CSV_ENCODING = "utf-8-sig"  # with a byte-order mark, so Excel shows the Thai

# Every table starts with these, taken from the document's metadata.
DOCUMENT_KEYS = ["doc_id", "fiscal_year"]
# Row numbers given by the write stage (1, 2, … in the document's order), where a table's
# records have no number of their own to be keyed by.
ROW_NUMBERS = {"results": "result_no"}

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
    "results": ["result_no", "project_no", "value", "unit", "text", "page"],
    "project_links": [
        "doc_id_a",
        "project_no_a",
        "doc_id_b",
        "project_no_b",
        "score",
        "evidence",
    ],
}
NOT_IN_CSV = {"bbox"}
# The record counts reported per document by the CLI and the flow.
COUNTED_TABLES = ("projects", "budgets", "indicators", "targets", "results")

# The tables of one document's folder, and those of the merged dataset.
TABLE_MODELS: dict[str, type[BaseModel]] = {
    "documents": DocumentMeta,
    **{table: model for table, (model, _) in RECORD_TABLES.items()},
}
DATASET_MODELS: dict[str, type[BaseModel]] = {
    **TABLE_MODELS,
    "projects": LinkedProject,
    "project_links": ProjectLink,
}

# Keys of the merged tables (declared in datapackage.json and in the warehouse).
PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "sections": ["doc_id", "section_id"],
    "projects": ["doc_id", "project_no"],
    "budgets": ["doc_id", "project_no", "line_no"],
    "indicators": ["doc_id", "indicator_id"],
    "targets": ["doc_id", "indicator_id", "kind", "label"],
    "results": ["doc_id", "result_no"],
    "project_links": ["doc_id_a", "project_no_a", "doc_id_b", "project_no_b"],
}
# table -> [(columns, referenced table, referenced columns)]. A result need not belong to a
# project (a document-wide figure), and a key with a missing part cannot be checked, so
# results refer to their document only.
ForeignKey = tuple[list[str], str, list[str]]
FOREIGN_KEYS: dict[str, list[ForeignKey]] = {
    **{
        table: [(["doc_id"], "documents", ["doc_id"])]
        for table in DATASET_MODELS
        if table not in ("documents", "project_links")
    },
    "budgets": [
        (["doc_id"], "documents", ["doc_id"]),
        (["doc_id", "project_no"], "projects", ["doc_id", "project_no"]),
    ],
    "targets": [
        (["doc_id"], "documents", ["doc_id"]),
        (["doc_id", "indicator_id"], "indicators", ["doc_id", "indicator_id"]),
    ],
    "project_links": [
        (["doc_id_a", "project_no_a"], "projects", ["doc_id", "project_no"]),
        (["doc_id_b", "project_no_b"], "projects", ["doc_id", "project_no"]),
    ],
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


def table_columns(
    table: str, models: dict[str, type[BaseModel]] = TABLE_MODELS
) -> dict[str, ColumnType]:
    """Column name -> storage type of one table, in file order."""
    fields = models[table].model_fields
    document_keys = [] if table == "project_links" else DOCUMENT_KEYS  # a link spans two
    leading = [c for c in document_keys if c not in fields] + CONTRACT_COLUMNS[table]
    names = leading + [n for n in fields if n not in leading and n not in NOT_IN_CSV]
    meta_fields = DocumentMeta.model_fields
    return {
        name: COLUMN_TYPES[int]
        if name == ROW_NUMBERS.get(table)
        else column_type((fields[name] if name in fields else meta_fields[name]).annotation)
        for name in names
    }


def dataset_columns(table: str) -> dict[str, ColumnType]:
    """Column name -> storage type of one table of the merged dataset."""
    return table_columns(table, DATASET_MODELS)


def table_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Every contract table of one document as rows of JSON-ready values."""
    keys = {key: getattr(doc.meta, key) for key in DOCUMENT_KEYS}
    rows = {"documents": [doc.meta.model_dump(mode="json")]}
    for table, (_, attribute) in RECORD_TABLES.items():
        rows[table] = [
            {
                **keys,
                **({ROW_NUMBERS[table]: number} if table in ROW_NUMBERS else {}),
                **record.model_dump(mode="json", exclude=NOT_IN_CSV),
            }
            for number, record in enumerate(getattr(doc, attribute), start=1)
        ]
    return rows


def table_frame(columns: dict[str, ColumnType], rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype({name: pandas_dtype for name, (pandas_dtype, _, _) in columns.items()})


def arrow_schema(columns: dict[str, ColumnType]) -> pa.Schema:
    return pa.schema([(name, arrow) for name, (_, arrow, _) in columns.items()])


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
            write_csv(table_frame(table_columns(table), rows), staging / f"{table}.csv")
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def document_json(doc: Document) -> str:
    # ensure_ascii is off in pydantic's JSON: Thai stays readable.
    return doc.model_dump_json(indent=1)


def merge_dataset(out_dir: Path) -> Path:
    """Rebuild ``out_dir/dataset/`` from every ``out_dir/<doc_id>/document.json``.

    The new dataset is built in a hidden folder beside the old one and swapped in whole,
    so readers see either the previous dataset or the new one, never a mix.
    """
    docs = load_documents(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".{DATASET_DIR}.writing-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        write_dataset(docs, staging)
        swap_in(staging, out_dir / DATASET_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir / DATASET_DIR


def write_dataset(docs: list[Document], folder: Path) -> None:
    """Every file of the merged dataset, written into ``folder``."""
    frames = dataset_frames(docs)
    for table, frame in frames.items():
        write_csv(frame, folder / f"{table}.csv")
        arrow = pa.Table.from_pandas(
            frame, schema=arrow_schema(dataset_columns(table)), preserve_index=False
        )
        pq.write_table(arrow, folder / f"{table}.parquet")
    write_json(folder / "datapackage.json", datapackage())
    write_json(folder / "manifest.json", manifest(docs))
    for name, schema in json_schemas().items():
        (folder / SCHEMA_DIR).mkdir(exist_ok=True)
        write_json(folder / SCHEMA_DIR / f"{name}.schema.json", schema)
    write_json(folder / CKAN_PACKAGE_JSON, ckan_package(frames["documents"]))
    build_warehouse(folder, folder / WAREHOUSE_FILE)


def dataset_frames(docs: list[Document]) -> dict[str, pd.DataFrame]:
    """The merged tables: every document's rows, projects keyed across documents."""
    per_document = [table_rows(doc) for doc in docs]
    rows = {
        table: [row for doc_rows in per_document for row in doc_rows[table]]
        for table in TABLE_MODELS
    }
    projects = project_names(docs)
    links = link_projects(projects)
    keys = project_keys(projects, links)
    rows["projects"] = [
        {**row, "project_key": keys[(row["doc_id"], row["project_no"])]} for row in rows["projects"]
    ]
    rows["project_links"] = [link.model_dump() for link in links]
    return {table: table_frame(dataset_columns(table), rows[table]) for table in DATASET_MODELS}


def project_names(docs: list[Document]) -> list[ProjectName]:
    return [
        ProjectName(
            doc_id=doc.meta.doc_id,
            project_no=project.project_no,
            name=project.name,
            fiscal_year=doc.meta.fiscal_year,
            agency=doc.meta.agency,
            strategy_no=project.strategy_no,
        )
        for doc in docs
        for project in doc.projects
    ]


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
    """A Frictionless Data Package describing the merged CSV tables and their keys."""
    return {
        "name": "thaidoc-dataset",
        "version": SCHEMA_VERSION,
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "format": "csv",
                "encoding": CSV_ENCODING,
                "schema": table_schema(table),
            }
            for table in DATASET_MODELS
        ],
    }


def table_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of one merged table."""
    return {
        "fields": [
            {"name": name, "type": schema_type}
            for name, (_, _, schema_type) in dataset_columns(table).items()
        ],
        "primaryKey": PRIMARY_KEYS[table],
        "foreignKeys": [
            {"fields": fields, "reference": {"resource": resource, "fields": reference}}
            for fields, resource, reference in FOREIGN_KEYS.get(table, [])
        ],
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of ``document.json`` and of each merged table's record model."""
    models: dict[str, type[BaseModel]] = {"document": Document, **DATASET_MODELS}
    return {
        name: {"$comment": f"thaidoc schema {SCHEMA_VERSION}", **model.model_json_schema()}
        for name, model in models.items()
    }


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding=CSV_ENCODING)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def swap_in(staging: Path, folder: Path) -> None:
    """Put the finished ``staging`` folder at ``folder``, replacing the old one."""
    if not folder.exists():
        staging.rename(folder)
        return
    retired = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex}")
    folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired)
