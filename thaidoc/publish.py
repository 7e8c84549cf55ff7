"""Publishing the merged dataset on a CKAN portal such as data.go.th (ckanext-thai_gdc).

``ckan_package`` builds the ``package_create`` payload from the dataset's documents: the
fields ckanext-thai_gdc asks for (title, notes, objective, update frequency, geographic
coverage, data source, format, category, licence, maintainer, first and last year of
data in the Buddhist Era) and one resource per CSV and Parquet table.
``publish_dataset`` sends it with ckanapi (the ``publish`` extra) and uploads the files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

DEFAULT_NAME = "thaidoc-plans-and-reports"
DEFAULT_LICENSE = "Open Data Common"
TABLE_DESCRIPTIONS = {
    "documents": "เอกสารต้นทาง (Source documents): one row per PDF",
    "sections": "โครงสร้างเอกสาร (Sections): headings with their pages",
    "projects": "โครงการ (Projects), with project_key linking the same project across years",
    "budgets": "งบประมาณ (Budgets) in integer baht",
    "indicators": "ตัวชี้วัด (Indicators)",
    "targets": "ค่าเป้าหมาย (Targets) of the indicators",
    "results": "ผลการดำเนินงาน (Reported results)",
    "project_links": "การเชื่อมโยงโครงการ (Project links) between documents, with evidence",
}
FORMATS = {".csv": "CSV", ".parquet": "Parquet"}


def ckan_package(
    documents: pd.DataFrame,
    name: str = DEFAULT_NAME,
    owner_org: str = "",
    license_id: str = DEFAULT_LICENSE,
) -> dict[str, Any]:
    """The CKAN ``package_create`` payload of a dataset whose documents are ``documents``."""
    agencies = unique(documents["agency"])
    years = sorted(int(year) for year in documents["fiscal_year"].dropna())
    sources = unique(documents["title"]) or unique(documents["source_file"])
    payload: dict[str, Any] = {
        "name": name,
        "title": title(agencies, years),
        "notes": (
            "โครงการ งบประมาณ ตัวชี้วัด ค่าเป้าหมาย และผลการดำเนินงาน จากแผนปฏิบัติการประจำปีและ"
            "รายงานผลการดำเนินงาน ทุกระเบียนระบุหน้าของเอกสารต้นทาง; project_key เชื่อมโครงการเดียวกัน"
            "ข้ามปีงบประมาณ. Extracted by thaidoc from: " + "; ".join(sources)
        ),
        "data_type": "ข้อมูลสถิติ",
        "objective": ["พันธกิจหน่วยงาน"],
        "update_frequency_unit": "ปี",
        "update_frequency_interval": "1",
        "geo_coverage": "ประเทศ",
        "data_source": ", ".join(agencies),
        "data_format": ["CSV", "อื่นๆ"],
        "data_format_other": "Parquet",
        "data_category": "ข้อมูลสาธารณะ",
        "data_language": ["ไทย"],
        "license_id": license_id,
        "maintainer": ", ".join(agencies),
        "tag_string": "แผนปฏิบัติการ,รายงานผลการดำเนินงาน,งบประมาณ,ตัวชี้วัด",
        "resources": resources(),
    }
    if years:
        payload["first_year_of_data"] = str(years[0])
        payload["last_year_of_data"] = str(years[-1])
    if owner_org:
        payload["owner_org"] = owner_org
    return payload


def unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if isinstance(v, str) and v))


def title(agencies: list[str], years: list[int]) -> str:
    span = (
        ""
        if not years
        else f" ปีงบประมาณ พ.ศ. {years[0]}" + (f"–{years[-1]}" if years[-1] != years[0] else "")
    )
    return f"แผนและผลการดำเนินงาน {' '.join(agencies)}{span}".strip()


def resources() -> list[dict[str, str]]:
    """One resource per merged table and format; ``path`` is the file in the dataset folder."""
    return [
        {"name": f"{table}{suffix}", "path": f"{table}{suffix}", "format": fmt, "description": text}
        for table, text in TABLE_DESCRIPTIONS.items()
        for suffix, fmt in FORMATS.items()
    ]


def publish_dataset(payload: dict[str, Any], dataset: Path, url: str, api_key: str) -> str:
    """Create the package on the CKAN at ``url`` and upload its files; returns its id."""
    from ckanapi import RemoteCKAN

    files = payload["resources"]
    package = {key: value for key, value in payload.items() if key != "resources"}
    with RemoteCKAN(url, apikey=api_key, user_agent="thaidoc") as ckan:
        created = ckan.action.package_create(**package)
        for resource in files:
            with (dataset / resource["path"]).open("rb") as upload:
                ckan.action.resource_create(
                    package_id=created["id"],
                    name=resource["name"],
                    format=resource["format"],
                    description=resource["description"],
                    upload=upload,
                )
    return str(created["id"])
