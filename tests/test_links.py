"""Linking the same project across documents: English names, Thai words, one per document."""

from __future__ import annotations

import pytest

from thaidoc.pipeline.links import (
    ProjectName,
    comparable_pairs,
    english_forms,
    english_names,
    link_projects,
    project_keys,
    thai_words,
)


def project(doc_id: str, no: int, name: str, year: int = 2567, **more) -> ProjectName:
    return ProjectName(doc_id=doc_id, project_no=no, name=name, fiscal_year=year, **more)


def linked_pairs(projects: list[ProjectName]) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    return {
        ((link.doc_id_a, link.project_no_a), (link.doc_id_b, link.project_no_b))
        for link in link_projects(projects)
    }


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("โครงการระบบกลาง (Law Portal)", ["Law Portal"]),
        ("โครงการศูนย์ข้อมูล (Data Center (Cloud))", ["Data Center (Cloud)"]),
        ("Digital ID", ["Digital ID"]),
        ("โครงการท้องถิ่นดิจิทัล", []),
        ("โครงการ (ระยะที่ 2) พัฒนาระบบ", []),
    ],
)
def test_english_names_come_from_parentheses_or_a_name_printed_in_english(name, english):
    assert english_names(name) == english


def test_an_english_name_is_known_by_its_parts_and_nested_name():
    assert english_forms("GSI (DG Links)") >= {"gsidglinks", "gsi", "dglinks"}
    assert english_forms("One Stop Services: OSS") >= {"onestopservices", "oss"}


def test_thai_words_leave_out_the_word_project_and_the_english_name():
    words = thai_words("โครงการศูนย์แลกเปลี่ยนข้อมูล (XYZ)")
    assert "โครงการ" not in words
    assert {"ศูนย์", "แลกเปลี่ยน", "ข้อมูล"} <= words
    assert not any("XYZ" in word for word in words)


def test_the_same_acronym_links_projects_whose_thai_names_differ():
    old = project("report", 12, "โครงการศูนย์แลกเปลี่ยนข้อมูลกลาง (ABX)", 2564)
    new = project("plan", 7, "โครงการพัฒนาและให้บริการระบบแลกเปลี่ยน (ABX)", 2567)
    (link,) = link_projects([new, old])
    assert (link.doc_id_a, link.project_no_a, link.doc_id_b, link.project_no_b) == (
        "report",
        12,
        "plan",
        7,
    )
    assert link.score == 1.0
    assert "abx" in link.evidence


def test_spelling_variants_of_a_longer_english_name_link():
    old = project("report", 14, "โครงการโครงสร้างพื้นฐาน (QRS (NetHub Links))", 2564)
    new = project("plan", 11, "NetHub-Link", 2567)
    assert linked_pairs([old, new]) == {(("report", 14), ("plan", 11))}


def test_short_acronyms_must_match_letter_for_letter():
    assert linked_pairs([project("a", 1, "(GIN)"), project("b", 1, "(GINS)")]) == set()


def test_the_same_thai_name_links_without_any_english():
    name = "โครงการยกระดับความสามารถและสร้างความพร้อมของบุคลากร"
    assert linked_pairs([project("a", 16, name, 2564), project("b", 16, name)]) == {
        (("a", 16), ("b", 16))
    }


def test_names_sharing_only_common_words_do_not_link():
    names = [
        project("a", 1, "โครงการพัฒนาระบบบริการดิจิทัลภาครัฐ"),
        project("a", 2, "โครงการพัฒนาระบบงบประมาณภาครัฐ"),
        project("b", 1, "โครงการพัฒนาระบบสารบรรณภาครัฐ"),
        project("b", 2, "โครงการพัฒนาระบบจัดซื้อภาครัฐ"),
    ]
    assert linked_pairs(names) == set()


def test_projects_of_different_agencies_never_link():
    a = project("a", 1, "(Open Data Hub)", agency="สำนักงาน ก")
    b = project("b", 1, "(Open Data Hub)", agency="สำนักงาน ข")
    assert linked_pairs([a, b]) == set()


def test_pairs_are_formed_within_an_agency_and_with_unknown_agencies_once_earliest_first():
    projects = [
        project("k2", 1, "x", year=2568, agency="ก"),
        project("k1", 1, "x", year=2567, agency="ก"),
        project("k1", 2, "x", year=2567, agency="ก"),
        project("j1", 1, "x", year=2566, agency="ข"),
        project("u1", 1, "x", year=2565),
        project("u2", 1, "x", year=2569),
    ]
    pairs = [
        (a.doc_id, a.project_no, b.doc_id, b.project_no) for a, b in comparable_pairs(projects)
    ]
    assert sorted(pairs) == sorted(
        [
            ("k1", 1, "k2", 1),
            ("k1", 2, "k2", 1),
            ("u1", 1, "k1", 1),
            ("u1", 1, "k1", 2),
            ("u1", 1, "k2", 1),
            ("k1", 1, "u2", 1),
            ("k1", 2, "u2", 1),
            ("k2", 1, "u2", 1),
            ("u1", 1, "j1", 1),
            ("j1", 1, "u2", 1),
            ("u1", 1, "u2", 1),
        ]
    )


def test_a_project_never_links_to_a_project_of_its_own_document():
    same_doc = [project("a", 1, "(Open Data Hub)"), project("a", 2, "(Open Data Hub)")]
    assert linked_pairs(same_doc) == set()


def test_a_project_links_to_at_most_one_project_of_another_document():
    old = project("report", 3, "(Open Data Hub)", 2564)
    twins = [project("plan", 1, "(Open Data Hub)"), project("plan", 2, "(Open Data Hub)")]
    pairs = linked_pairs([old, *twins])
    assert len(pairs) == 1


def test_no_chain_of_links_joins_two_projects_of_one_document():
    # a1 ~ b1 ~ c1 ~ a2 by English names: a1 and a2 must not end in one group.
    projects = [
        project("a", 1, "(Hub Alpha)", 2564),
        project("b", 1, "(Hub Alpha) (Hub Beta)", 2565),
        project("c", 1, "(Hub Beta) (Hub Gamma)", 2566),
        project("a", 2, "(Hub Gamma)", 2564),
    ]
    keys = project_keys(projects, link_projects(projects))
    assert keys[("a", 1)] != keys[("a", 2)]


def test_linked_projects_share_a_key_named_after_the_earliest_english_name():
    projects = [
        project("plan", 7, "โครงการพัฒนาระบบ (Law Portal)", 2567),
        project("report", 2, "โครงการระบบกลาง (Law Portal)", 2564),
        project("plan", 1, "โครงการท้องถิ่นดิจิทัล", 2567),
    ]
    keys = project_keys(projects, link_projects(projects))
    assert keys[("plan", 7)] == keys[("report", 2)] == "law-portal"
    assert keys[("plan", 1)].startswith("th-")


def test_keys_do_not_depend_on_the_document_a_project_was_read_from():
    name = "โครงการท้องถิ่นดิจิทัล"
    first = project_keys([project("one", 1, name)], [])
    second = project_keys([project("two", 5, name)], [])
    assert first[("one", 1)] == second[("two", 5)]


def test_unlinked_projects_with_the_same_name_get_different_keys():
    projects = [project("a", 1, "(Open Data Hub)"), project("a", 2, "(Open Data Hub)")]
    keys = project_keys(projects, link_projects(projects))
    assert keys[("a", 1)] != keys[("a", 2)]
    assert all(key.startswith("open-data-hub") for key in keys.values())


def test_a_name_printed_again_is_scored_once_per_pair_of_names(monkeypatch):
    import thaidoc.pipeline.links as links

    hubs = [project(f"d{i}", 1, "(Open Data Hub)", year=2560 + i) for i in range(4)]
    other = project("d0", 2, "โครงการพัฒนาระบบบัญชีข้อมูล", year=2560)
    scored = []
    real_score = links.link_score

    def counted(first, second, words_match):
        scored.append((first.name, second.name))
        return real_score(first, second, words_match)

    monkeypatch.setattr(links, "link_score", counted)
    pairs = linked_pairs([*hubs, other])

    assert sorted(scored) == [("(Open Data Hub)", "(Open Data Hub)"), (other.name, hubs[0].name)]
    assert pairs == {(a.ref, b.ref) for n, a in enumerate(hubs) for b in hubs[n + 1 :]}
