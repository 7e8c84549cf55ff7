"""The write stage on small hand-built documents: files, columns, types, atomicity."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest

from thaidoc.pipeline import write
from thaidoc.pipeline.write import (
    CONTRACT_COLUMNS,
    DOCUMENT_KEYS,
    dataset_columns,
    merge_dataset,
    table_columns,
    write_document,
)
from thaidoc.schemas import (
    RECORD_TABLES,
    SCHEMA_VERSION,
    BBox,
    Budget,
    Document,
    DocumentMeta,
    Indicator,
    Project,
    QualityWarning,
    Result,
    Section,
    Target,
)

BOX = BBox(x0=10, top=20, x1=30, bottom=40)


def make_document(doc_id: str = "a1b2c3d4e5f60718", *, projects: int = 2) -> Document:
    return Document(
        meta=DocumentMeta(
            doc_id=doc_id,
            source_file=f"{doc_id}.pdf",
            sha256=doc_id * 4,
            title="แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2567",
            doc_type="action_plan",
            agency="สำนักงานพัฒนารัฐบาลดิจิทัล",
            fiscal_year=2567,
            period_start=date(2023, 10, 1),
            period_end=date(2024, 9, 30),
            page_count=12,
            pipeline_version="0.1.0",
            extracted_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        ),
        sections=[
            Section(
                section_id="s1",
                level=1,
                kind="chapter",
                number="1",
                title="บทนำ",
                page_start=1,
                page_end=3,
                bbox=BOX,
            ),
        ],
        projects=[
            Project(project_no=n, name=f"โครงการที่ {n}", strategy_no=1, page=5, bbox=BOX)
            for n in range(1, projects + 1)
        ],
        budgets=[
            Budget(
                project_no=1,
                line_no=1,
                amount_thb=10_095_000,
                status="allocated",
                amount_text="10.0950 ลบ.",
                page=5,
                bbox=BOX,
            ),
            Budget(
                project_no=2, line_no=1, status="pending", amount_text="จะมีการจัดสรรต่อไป", page=5
            ),
        ],
        indicators=[
            Indicator(
                indicator_id="p1-1", scope="project", owner_no="1", name="ระดับความสำเร็จ", page=5
            ),
        ],
        targets=[
            Target(
                indicator_id="p1-1",
                kind="single",
                value=79,
                unit="ชุดข้อมูล",
                cumulative=True,
                text="สะสม 79 ชุดข้อมูล",
                page=5,
            ),
        ],
        warnings=[QualityWarning(code="unplaced_glyph", message="(cid:3)", page=1, bbox=BOX)],
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def test_document_folder_holds_the_lossless_json_and_one_csv_per_table(tmp_path):
    doc = make_document()
    folder = write_document(doc, tmp_path)

    assert folder == tmp_path / doc.meta.doc_id
    assert Document.model_validate_json((folder / "document.json").read_bytes()) == doc
    assert "สำนักงาน" in (folder / "document.json").read_text(encoding="utf-8")  # not \u escapes
    tables = {"documents", *RECORD_TABLES}
    assert {p.stem for p in folder.glob("*.csv")} == tables
    assert [p.name for p in tmp_path.iterdir()] == [doc.meta.doc_id]  # no staging left behind


@pytest.mark.parametrize("table", ["documents", *RECORD_TABLES])
def test_csv_starts_with_a_bom_and_follows_the_contract_column_order(tmp_path, table):
    folder = write_document(make_document(), tmp_path)
    path = folder / f"{table}.csv"

    assert path.read_bytes().startswith(b"\xef\xbb\xbfdoc_id,")
    columns = header(path)
    leading = [c for c in DOCUMENT_KEYS if c not in CONTRACT_COLUMNS[table]]
    assert columns[: len(leading) + len(CONTRACT_COLUMNS[table])] == [
        *leading,
        *CONTRACT_COLUMNS[table],
    ]
    assert {"doc_id", "fiscal_year"} <= set(columns)
    assert "bbox" not in columns


def test_csv_values_keep_thai_integer_baht_and_iso_dates(tmp_path):
    folder = write_document(make_document(), tmp_path)

    (meta,) = read_csv(folder / "documents.csv")
    assert meta["period_start"] == "2023-10-01"
    assert meta["fiscal_year"] == "2567"
    budgets = read_csv(folder / "budgets.csv")
    assert [b["amount_thb"] for b in budgets] == ["10095000", ""]
    assert budgets[1]["amount_text"] == "จะมีการจัดสรรต่อไป"
    assert {b["doc_id"] for b in budgets} == {"a1b2c3d4e5f60718"}


def test_an_empty_table_still_has_its_header_row(tmp_path):
    folder = write_document(make_document(), tmp_path)

    path = folder / "results.csv"
    assert header(path) == list(table_columns("results"))
    assert read_csv(path) == []


def test_rewriting_a_document_replaces_its_rows_and_a_new_one_adds_rows(tmp_path):
    write_document(make_document("aaaaaaaaaaaaaaaa", projects=3), tmp_path)
    merge_dataset(tmp_path)
    assert len(read_csv(tmp_path / "dataset" / "projects.csv")) == 3

    write_document(make_document("aaaaaaaaaaaaaaaa", projects=2), tmp_path)
    dataset = merge_dataset(tmp_path)
    assert len(read_csv(dataset / "projects.csv")) == 2

    write_document(make_document("bbbbbbbbbbbbbbbb", projects=4), tmp_path)
    dataset = merge_dataset(tmp_path)
    rows = read_csv(dataset / "projects.csv")
    assert [r["doc_id"] for r in rows] == ["aaaaaaaaaaaaaaaa"] * 2 + ["bbbbbbbbbbbbbbbb"] * 4
    assert pq.read_table(dataset / "projects.parquet").num_rows == 6
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in manifest["documents"]] == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
    assert set(manifest["documents"][0]) == {
        "source_file",
        "sha256",
        "doc_id",
        "pipeline_version",
        "extracted_at",
    }


def test_parquet_types_come_from_the_models_not_the_data(tmp_path):
    full = make_document("aaaaaaaaaaaaaaaa")
    write_document(full, tmp_path)
    full_schemas = {
        t: pq.read_schema(merge_dataset(tmp_path) / f"{t}.parquet") for t in RECORD_TABLES
    }

    empty = tmp_path / "empty"
    write_document(Document(meta=full.meta), empty)
    dataset = merge_dataset(empty)
    for table, schema in full_schemas.items():
        assert pq.read_schema(dataset / f"{table}.parquet").remove_metadata() == (
            schema.remove_metadata()
        ), table
    budgets = pq.read_schema(tmp_path / "dataset" / "budgets.parquet")
    assert str(budgets.field("amount_thb").type) == "int64"
    assert str(budgets.field("fiscal_year").type) == "int64"


def test_datapackage_describes_every_merged_table(tmp_path):
    write_document(make_document(), tmp_path)
    dataset = merge_dataset(tmp_path)

    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"documents", *RECORD_TABLES, "project_links"}
    fields = {f["name"]: f["type"] for f in resources["budgets"]["schema"]["fields"]}
    assert fields["amount_thb"] == "integer"
    assert list(fields) == header(dataset / "budgets.csv")
    assert package["version"] == SCHEMA_VERSION
    budgets = resources["budgets"]["schema"]
    assert budgets["primaryKey"] == ["doc_id", "project_no", "line_no"]
    assert {
        "fields": ["doc_id", "project_no"],
        "reference": {"resource": "projects", "fields": ["doc_id", "project_no"]},
    } in budgets["foreignKeys"]


def test_results_are_numbered_in_document_order_to_key_them(tmp_path):
    doc = make_document()
    doc.results = [Result(project_no=1, value=v, text=f"{v} ชุดข้อมูล", page=9) for v in (5, 3, 5)]
    folder = write_document(doc, tmp_path)
    assert [r["result_no"] for r in read_csv(folder / "results.csv")] == ["1", "2", "3"]


def test_merged_projects_carry_a_key_shared_by_the_same_project_in_another_year(tmp_path):
    plan = make_document("aaaaaaaaaaaaaaaa", projects=0)
    plan.projects = [
        Project(project_no=7, name="โครงการศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX)", page=3),
        Project(project_no=8, name="โครงการท้องถิ่นดิจิทัล", page=3),
    ]
    plan.budgets = []
    report = make_document("bbbbbbbbbbbbbbbb", projects=0)
    report.meta.fiscal_year = 2564
    report.projects = [Project(project_no=12, name="(GDX) ระบบแลกเปลี่ยนข้อมูล", page=8)]
    report.budgets = []
    for doc in (plan, report):
        write_document(doc, tmp_path)
    dataset = merge_dataset(tmp_path)

    keys = {
        (r["doc_id"], r["project_no"]): r["project_key"] for r in read_csv(dataset / "projects.csv")
    }
    assert keys[("aaaaaaaaaaaaaaaa", "7")] == keys[("bbbbbbbbbbbbbbbb", "12")]
    assert keys[("aaaaaaaaaaaaaaaa", "8")] != keys[("aaaaaaaaaaaaaaaa", "7")]
    (link,) = read_csv(dataset / "project_links.csv")
    assert (link["doc_id_a"], link["project_no_a"]) == ("bbbbbbbbbbbbbbbb", "12")  # earlier year
    assert (link["doc_id_b"], link["project_no_b"]) == ("aaaaaaaaaaaaaaaa", "7")
    assert "gdx" in link["evidence"]


def test_json_schemas_of_the_models_are_written_with_the_dataset(tmp_path):
    doc = make_document()
    write_document(doc, tmp_path)
    schemas = merge_dataset(tmp_path) / "schema"

    document_schema = json.loads((schemas / "document.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(doc.model_dump_json()), document_schema)
    assert SCHEMA_VERSION in document_schema["$comment"]
    assert {p.name for p in schemas.iterdir()} >= {
        f"{table}.schema.json" for table in ("documents", *RECORD_TABLES, "project_links")
    }


def test_a_crash_mid_write_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    doc = make_document(projects=3)
    folder = write_document(doc, tmp_path)
    merge_dataset(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    dataset_before = (tmp_path / "dataset" / "projects.csv").read_bytes()

    real_write_csv = write.write_csv

    def crash_on_budgets(frame, path):
        if path.name.startswith(("budgets.csv", ".budgets.csv")):
            raise OSError("disk full")
        real_write_csv(frame, path)

    monkeypatch.setattr(write, "write_csv", crash_on_budgets)
    with pytest.raises(OSError, match="disk full"):
        write_document(make_document(projects=1), tmp_path)
    with pytest.raises(OSError, match="disk full"):
        merge_dataset(tmp_path)

    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert (tmp_path / "dataset" / "projects.csv").read_bytes() == dataset_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a1b2c3d4e5f60718", "dataset"]
    assert not list((tmp_path / "dataset").glob(".*"))
    monkeypatch.undo()
    assert len(read_csv(merge_dataset(tmp_path) / "projects.csv")) == 3


def test_a_failure_late_in_the_merge_leaves_the_whole_previous_dataset(tmp_path, monkeypatch):
    write_document(make_document("aaaaaaaaaaaaaaaa", projects=3), tmp_path)
    dataset = merge_dataset(tmp_path)
    before = {p.relative_to(dataset): p.read_bytes() for p in dataset.rglob("*") if p.is_file()}

    write_document(make_document("bbbbbbbbbbbbbbbb", projects=4), tmp_path)

    def crash(*args):
        raise OSError("killed while building the warehouse")

    monkeypatch.setattr(write, "build_warehouse", crash)
    with pytest.raises(OSError, match="killed"):
        merge_dataset(tmp_path)

    after = {p.relative_to(dataset): p.read_bytes() for p in dataset.rglob("*") if p.is_file()}
    assert after == before  # projects.csv etc. still hold the first document only
    assert len(read_csv(dataset / "projects.csv")) == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_every_contract_column_is_a_model_field():
    for table, columns in CONTRACT_COLUMNS.items():
        assert set(columns) <= set(dataset_columns(table)), table
