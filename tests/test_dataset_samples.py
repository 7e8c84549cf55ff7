"""The merged dataset of the sample PDFs: stable on re-ingest, valid, linked across years.

Expected figures come from the samples' sources (``samples/src/``): the DGA FY2564
report's (12) GDX project and the FY2567 plan's project 7 GDX, the fictional FY2568
plan's budgets per strategy.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pytest

from thaidoc.pipeline.run import extract_document
from thaidoc.pipeline.write import DATASET_MODELS, merge_dataset, write_document

PLAN_2567 = "dga_action_plan_2567.pdf"
REPORT_2564 = "dga_performance_report_2564.pdf"
LDO_PLAN_2568 = "ldo_action_plan_2568.pdf"

# (report project, plan project) that are the same DGA project: GDX, Law Portal, GIN,
# DG-Link ('GSI (DG Links)'), DG Cloud ('DGA Data Center (DG Cloud)' / 'DGA Cloud').
SAME_PROJECTS = [(12, 7), (2, 4), (13, 10), (14, 11), (15, 12)]


def ingest(pdf: Path, out: Path) -> None:
    write_document(extract_document(pdf), out)


@pytest.fixture(scope="module")
def out(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    for name in (PLAN_2567, REPORT_2564, LDO_PLAN_2568):
        ingest(samples_dir / name, out)
    merge_dataset(out)
    return out


@pytest.fixture(scope="module")
def doc_ids(out: Path) -> dict[str, str]:
    documents = pd.read_parquet(out / "dataset" / "documents.parquet")
    return dict(zip(documents["source_file"], documents["doc_id"], strict=True))


def row_counts(dataset: Path) -> dict[str, int]:
    return {table: len(pd.read_parquet(dataset / f"{table}.parquet")) for table in DATASET_MODELS}


def test_the_datapackage_validates_with_its_keys(out):
    report = frictionless.validate(out / "dataset" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_links_join_the_same_dga_projects_of_the_report_and_the_plan(out, doc_ids):
    links = pd.read_parquet(out / "dataset" / "project_links.parquet")
    report, plan = doc_ids[REPORT_2564], doc_ids[PLAN_2567]
    pairs = {
        (row.project_no_a, row.project_no_b)
        for row in links.itertuples()
        if (row.doc_id_a, row.doc_id_b) == (report, plan)
    }
    assert set(SAME_PROJECTS) <= pairs
    assert (links["doc_id_a"] != links["doc_id_b"]).all()
    assert (links["evidence"].str.len() > 0).all()


def test_no_key_groups_two_projects_of_one_document(out):
    projects = pd.read_parquet(out / "dataset" / "projects.parquet")
    assert not projects.duplicated(["doc_id", "project_key"]).any()


def test_the_same_project_shares_its_key_across_years(out, doc_ids):
    projects = pd.read_parquet(out / "dataset" / "projects.parquet")
    key = projects.set_index(["doc_id", "project_no"])["project_key"]
    for report_no, plan_no in SAME_PROJECTS:
        assert key[(doc_ids[REPORT_2564], report_no)] == key[(doc_ids[PLAN_2567], plan_no)]


def test_the_plan_targets_of_gdx_sit_beside_the_results_of_the_report(out, doc_ids):
    with duckdb.connect(str(out / "dataset" / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT report_fiscal_year, report_project_no, targets, results "
            "FROM plan_targets_vs_results WHERE plan_doc_id = ? AND plan_project_no = 7",
            [doc_ids[PLAN_2567]],
        ).fetchall()
    ((year, report_no, targets, results),) = rows
    assert (year, report_no) == (2564, 12)
    assert 25 in {t["value"] for t in targets}  # 25 ชุดข้อมูล
    values = {r["value"] for r in results}
    assert {169, 63_300_000} <= values  # 169 หน่วยงาน, 63.3 ล้านครั้ง


def test_budget_by_strategy_year_adds_up_the_ldo_plan(out):
    with duckdb.connect(str(out / "dataset" / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT strategy_no, amount_thb, pending_lines, unfunded_lines "
            "FROM budget_by_strategy_year WHERE fiscal_year = 2568"
        ).fetchall()
    # 1,500,000 + 2,750,000 + 890,000 (and one pending); 1,200,000 + 350,000 (two unfunded)
    assert rows == [(1, 5_140_000, 1, 0), (2, 1_550_000, 0, 2)]


def test_reingesting_a_sample_changes_no_row_count(out, samples_dir):
    before = row_counts(out / "dataset")
    ingest(samples_dir / PLAN_2567, out)
    after = row_counts(merge_dataset(out))
    assert after == before
