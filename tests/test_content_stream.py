"""The fast content-stream reader gives exactly the objects pdfminer's parser gives.

``content_objects`` replaces pdfminer's byte-by-byte tokenizer when a page is read; every
token kind, escape and malformed input below is compared with pdfminer's own
``PDFContentParser`` on the same bytes, and so is every content stream (page and Form
XObject) of the sample and corpus PDFs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, dict_value, resolve1, stream_value
from pdfminer.psexceptions import PSEOF
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral

from thaidoc.pipeline.content_stream import content_objects


def pdfminer_objects(streams: list[bytes]) -> list[Any]:
    """What pdfminer's ``PDFContentParser.nextobject`` yields for these stream datas."""
    try:
        parser = PDFContentParser([PDFStream({}, data) for data in streams])
    except PSEOF:
        return []  # no stream at all
    objects = []
    while True:
        try:
            objects.append(parser.nextobject()[1])
        except PSEOF:
            return objects


def typed(obj: Any) -> Any:
    """A value that compares equal only for the same types and values (1 != 1.0 != True)
    and the same interned names and keywords."""
    if isinstance(obj, list):
        return ["list", [typed(o) for o in obj]]
    if isinstance(obj, dict):
        return ["dict", {k: typed(v) for k, v in obj.items()}]
    if isinstance(obj, PSLiteral | PSKeyword):
        return [type(obj).__name__, id(obj), obj.name]
    if isinstance(obj, float):
        return ["float", repr(obj)]
    return [type(obj).__name__, obj]


def assert_read_as_pdfminer(*streams: bytes) -> list[Any]:
    """The fast reading of the streams equals pdfminer's; returns it."""
    fast = content_objects(list(streams))
    assert fast is not None, "the fast reader gave up"
    assert typed(fast) == typed(pdfminer_objects(list(streams)))
    return fast


def test_numbers_are_ints_or_floats_as_pdfminer_types_them():
    objects = assert_read_as_pdfminer(
        b"1 -2 +3 0 007 1.5 -.5 +.25 .5 3. -0.0 1.2.3 1..2 12345678901234567890"
    )
    assert objects[:4] == [1, -2, 3, 0]
    assert type(objects[4]) is int and type(objects[5]) is float


def test_signs_and_points_without_digits_are_dropped_as_pdfminer_drops_them():
    assert assert_read_as_pdfminer(b"- + . -. +. --5 +-.5 -x 1-2 5.-3 -") == [
        -5,
        -0.5,
        KWD(b"x"),
        1,
        -2,
        5.0,
        -3,
    ]


def test_keywords_bools_null_and_operators_with_odd_bytes():
    objects = assert_read_as_pdfminer(
        b"BT ET T* f* ' \" d0 true false null truex TJ\x00x q#Q a.b-c * ) \x80 \xff"
    )
    assert objects[:2] == [KWD(b"BT"), KWD(b"ET")]
    assert objects[7:9] == [True, False]
    assert objects[9] is KWD(b"null")


def test_names_with_hex_escapes_and_odd_bytes():
    objects = assert_read_as_pdfminer(
        b"/F1 /A#20B /#41#42 /A#4 /A#G /A#4G /A# /Bad#zz / /A/B /\xe0\xb8\x81 /\xff\xfe "
        b"/a%comment\n/b(x)/c[/d]/e<41>/f{/g}"
    )
    assert objects[:3] == [LIT("F1"), LIT("A B"), LIT("AB")]
    assert LIT("\u0e01") in objects and LIT(b"\xff\xfe") in objects


def test_literal_strings_with_every_escape_and_nested_parens():
    objects = assert_read_as_pdfminer(
        b"(plain) () (a\\nb\\rc\\td\\be\\ff) (\\(\\)\\\\) (\\101\\7\\12x\\0123) (\\q\\ skip) "
        b"(line\\\ncontinued) (crlf\\\r\ncontinued) (cr\\\rx) (a(b)c) (a(b(c)d)e) "
        b"(\\)x) (\xe0\xb8\x81\x00) (a\r\nb\rc)"
    )
    assert objects[:3] == [b"plain", b"", b"a\nb\rc\td\be\ff"]
    assert objects[4] == b"A\x07\nx\n3"
    assert objects[9] == b"a(b)c"


def test_hex_strings_with_spaces_odd_length_and_no_close():
    objects = assert_read_as_pdfminer(
        b"<41> <4 1\n42> <414> <> < > <4> <41>> <<>> <41 x <41/A <aBcD>"
    )
    assert objects[:5] == [b"A", b"AB", b"A\x04", b"", b""]


def test_arrays_dicts_and_procedures_nest_as_pdfminer_builds_them():
    objects = assert_read_as_pdfminer(
        b"[1 (a) /N [2 3] <41> TJ] TJ /Span <</ActualText (x) /MCID 3 /D <</E [1]>>>> BDC "
        b"{ 1 { 2 } } ] } [ 1 { 2 ] } 3 ] [ << /A 1 ] >> ] >> > >x"
    )
    assert objects[0] == [1, b"a", LIT("N"), [2, 3], b"A", KWD(b"TJ")]
    assert objects[3] == {"ActualText": b"x", "MCID": 3, "D": {"E": [1]}}


def test_comments_whitespace_and_nul_bytes_are_skipped():
    assert assert_read_as_pdfminer(b"% a comment\r1%x\n2\x00\x003 \t\x0c\x0b4 %last") == [
        1,
        2,
        3,
        4,
    ]


def test_streams_are_read_as_one_except_that_a_token_ends_with_its_stream():
    assert assert_read_as_pdfminer(b"q 1 0 0 1 0 0 cm", b"BT /F1 12 Tf", b"", b"ET Q") == [
        KWD(b"q"),
        1,
        0,
        0,
        1,
        0,
        0,
        KWD(b"cm"),
        KWD(b"BT"),
        LIT("F1"),
        12,
        KWD(b"Tf"),
        KWD(b"ET"),
        KWD(b"Q"),
    ]
    assert_read_as_pdfminer(b"[1 2", b" 3] TJ <</A", b" 1>> BDC %c", b"Q 1.", b"5 - x")
    assert_read_as_pdfminer(b"/A", b"/B 1", b"2 (s)", b"(t)>>", b"/N")


@pytest.mark.parametrize(
    "streams",
    [
        [b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q"],  # inline image
        [b"(unterminated"],
        [b"<41"],
        [b"(a(b(c(d(e)))))"],  # deeper than the fast path nests
        [b"(\\777)"],  # pdfminer fails an assertion on it
        [b"<</A>>"],  # pdfminer raises on an odd dict
        [b"<<1 2>>"],
        [b"/A#41"],  # pdfminer drops it at the end of the page
        [b"(a", b"b)"],  # a string running on into the next stream
        [b"1 0 0 1 0 0 cm /", b"F1 12 Tf"],
        [b">", b">"],
        [b"<41>", b">"],
    ],
)
def test_what_only_pdfminer_reads_right_is_left_to_it(streams):
    assert content_objects(streams) is None


def test_an_escaped_line_break_reads_as_pdfminer_where_its_cr_ends_a_chunk():
    """pdfminer reads 4096 bytes at a time and only then sees a CR's LF after it."""
    for pad in range(4088, 4096):
        assert_read_as_pdfminer(b" " * pad + b"(ab\\\r\ncd\\\r\n)")


def content_streams(path: Path) -> Iterator[list[bytes]]:
    """The data of every page's content streams, then of every Form XObject they use."""
    with path.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        seen: set[int] = set()
        for page in PDFPage.create_pages(doc):
            yield [stream_value(s).get_data() for s in page.contents]
            yield from form_streams(page.resources, seen)


def form_streams(resources: Any, seen: set[int]) -> Iterator[list[bytes]]:
    xobjects = dict_value(dict_value(resources).get("XObject")) if resources else {}
    for ref in xobjects.values():
        xobj = resolve1(ref)
        if not isinstance(xobj, PDFStream) or id(xobj) in seen:
            continue
        seen.add(id(xobj))
        if resolve1(xobj.get("Subtype")) is LIT("Form"):
            yield [xobj.get_data()]
            yield from form_streams(xobj.get("Resources"), seen)


def assert_pdf_read_as_pdfminer(path: Path) -> int:
    read = 0
    for streams in content_streams(path):
        fast = content_objects(streams)
        if fast is not None:
            assert typed(fast) == typed(pdfminer_objects(streams)), path
            read += 1
    return read


def test_every_sample_content_stream_reads_as_pdfminer(samples_dir):
    for path in sorted(samples_dir.glob("*.pdf")):
        assert assert_pdf_read_as_pdfminer(path), f"no stream of {path.name} read fast"


@pytest.mark.corpus
def test_every_corpus_content_stream_reads_as_pdfminer(shared_dir):
    for path in sorted((shared_dir / "corpus" / "real").glob("*.pdf")):
        assert assert_pdf_read_as_pdfminer(path), f"no stream of {path.name} read fast"
