"""CKAN metadata for data.go.th: the payload, the dry run, and publishing to a fake portal."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_write import make_document
from typer.testing import CliRunner

from thaidoc.cli import app
from thaidoc.pipeline.write import DATASET_MODELS, merge_dataset, write_document
from thaidoc.publish import ckan_package

runner = CliRunner()

# What ckanext-thai_gdc asks for, besides the resources.
THAI_GDC_FIELDS = {
    "title",
    "notes",
    "objective",
    "update_frequency_unit",
    "update_frequency_interval",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "license_id",
    "maintainer",
    "first_year_of_data",
    "last_year_of_data",
}


@pytest.fixture
def out(tmp_path):
    plan = make_document("aaaaaaaaaaaaaaaa")
    report = make_document("bbbbbbbbbbbbbbbb")
    report.meta.fiscal_year = 2564
    report.meta.doc_type = "performance_report"
    for doc in (plan, report):
        write_document(doc, tmp_path)
    merge_dataset(tmp_path)
    return tmp_path


def test_the_dry_run_prints_the_package_payload_with_years_in_buddhist_era(out):
    result = runner.invoke(app, ["publish", "--dry-run", "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= THAI_GDC_FIELDS
    assert (payload["first_year_of_data"], payload["last_year_of_data"]) == ("2564", "2567")
    assert payload["maintainer"] == "สำนักงานพัฒนารัฐบาลดิจิทัล"
    files = {r["path"] for r in payload["resources"]}
    assert files == {f"{t}{ext}" for t in DATASET_MODELS for ext in (".csv", ".parquet")}


def test_the_payload_is_also_written_with_the_dataset(out):
    written = json.loads((out / "dataset" / "ckan_package.json").read_text(encoding="utf-8"))
    assert written["first_year_of_data"] == "2564"


def test_publishing_creates_the_package_and_uploads_every_file(out, monkeypatch):
    calls: list[tuple[str, dict]] = []

    class FakeAction:
        def package_create(self, **payload):
            calls.append(("package_create", payload))
            return {"id": "pkg-1", **payload}

        def resource_create(self, **resource):
            upload = resource.pop("upload")
            calls.append(("resource_create", {**resource, "bytes": len(upload.read())}))
            return {"id": f"res-{len(calls)}"}

    class FakeCKAN:
        def __init__(self, url, apikey, user_agent):
            assert (url, apikey) == ("https://ckan.example", "secret")
            self.action = FakeAction()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("ckanapi.RemoteCKAN", FakeCKAN)
    result = runner.invoke(
        app,
        [
            "publish",
            "--out",
            str(out),
            "--url",
            "https://ckan.example",
            "--api-key",
            "secret",
            "--owner-org",
            "dga",
        ],
    )
    assert result.exit_code == 0, result.output
    (kind, package), *uploads = calls
    assert kind == "package_create"
    assert package["owner_org"] == "dga"
    assert "resources" not in package
    assert {u["name"] for _, u in uploads} == {
        f"{t}{ext}" for t in DATASET_MODELS for ext in (".csv", ".parquet")
    }
    assert all(u["package_id"] == "pkg-1" and u["bytes"] > 0 for _, u in uploads)
    assert "pkg-1" in result.stdout


def test_publishing_without_a_portal_or_a_dataset_is_refused_clearly(tmp_path, out):
    assert runner.invoke(app, ["publish", "--out", str(out)]).exit_code == 2
    missing = runner.invoke(app, ["publish", "--dry-run", "--out", str(tmp_path / "none")])
    assert missing.exit_code == 2
    assert "no dataset yet" in missing.output


def test_every_merged_table_is_described_for_the_portal():
    documents = pd.DataFrame(
        [{"agency": "หน่วยงาน", "fiscal_year": 2567, "title": "แผน", "source_file": "a.pdf"}]
    )
    described = {r["path"].rsplit(".", 1)[0] for r in ckan_package(documents)["resources"]}
    assert described == set(DATASET_MODELS)
