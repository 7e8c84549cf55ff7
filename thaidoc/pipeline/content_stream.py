"""Page content streams read fast, with exactly the objects and effects pdfminer gives.

pdfminer's content-stream parser reads one byte state at a time in Python and logs every
token; on a dense page that was two thirds of reading. ``content_objects`` reads a page's
streams with one compiled regular expression instead and gives the same objects
``pdfminer.pdfinterp.PDFContentParser.nextobject`` yields, in the same order and of the
same types (ints and floats as pdfminer types them, interned ``LIT``/``KWD`` objects,
lists and dicts), malformed tokens included. What it does not handle itself (inline
images, a token it cannot place, input on which pdfminer raises) makes it give up on the
whole page: ``ContentInterpreter`` then runs pdfminer's own parser, so the result is
always pdfminer's.

``ContentInterpreter`` is pdfminer's ``PDFPageInterpreter`` with that reader, the
operator methods looked up once per class rather than once per operator, and no logging
per operator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import (
    PDFContentParser,
    PDFInterpreterError,
    PDFPageInterpreter,
    PDFStackT,
)
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psexceptions import PSEOF
from pdfminer.psparser import (
    KWD,
    LIT,
    PSBaseParser,
    PSKeyword,
    PSLiteral,
    keyword_name,
    literal_name,
)

log = logging.getLogger(__name__)

# pdfminer reads a stream in chunks of this size; one escape (backslash, CR, LF) reads
# differently when its CR ends a chunk.
_CHUNK = PSBaseParser.BUFSIZ

# Bytes that end a name or a keyword in pdfminer (``psparser.END_LITERAL``).
_DELIMITERS = rb"#/%\[\]()<>{}\s"
_HEX = rb"0-9A-Fa-f"

# One token of pdfminer's tokenizer (or a comment, which it skips), after the whitespace
# and NUL bytes that it skips; each alternative is one group, so ``Match.lastindex`` says
# which it is.
_INT, _FLOAT, _KEYWORD, _NAME, _HASH_NAME, _STRING, _DICT_BEGIN = range(1, 8)
_HEX_STRING, _CLOSE, _BRACKET, _DROPPED, _COMMENT, _OTHER, _UNPLACED = range(8, 15)
_TOKEN = re.compile(
    rb"[\s\x00]*+"
    rb"(?:"
    # pdfminer's number states: digits, then '.' makes a float; a number is cut at
    # any other byte (so '1.2.3' is 1.2 then .3)
    rb"([-+]?[0-9]++)(?!\.)"
    rb"|([-+]?(?:[0-9]++\.[0-9]*+|\.[0-9]++))"
    # a keyword starts with an ASCII letter and runs to a delimiter
    rb"|([A-Za-z][^" + _DELIMITERS + rb"]*+)"
    # a name, plain or with '#' escapes (up to two hex digits after each '#')
    rb"|/([^" + _DELIMITERS + rb"]*+)(?!\#)"
    rb"|/((?:[^" + _DELIMITERS + rb"]|\#[" + _HEX + rb"]{0,2}+)*+)"
    # a literal string: balanced parens (two levels), the byte after a backslash taken
    # as part of its escape, as pdfminer counts them
    rb"|\(((?:[^()\\]++|\\(?s:.)|\((?:[^()\\]++|\\(?s:.)|\((?:[^()\\]++|\\(?s:.))*+\))*+\))*+)\)"
    # a hex string runs to the first byte that is neither hex nor space, which is
    # read again: a '>' is dropped, unless another '>' follows ('<41>>' is a string
    # then '>>')
    rb"|(<<)"
    rb"|<([" + _HEX + rb"\s]*+)(?:>(?!>)|(?=[^" + _HEX + rb"\s]))"
    rb"|(>>?)"
    rb"|([\[\]{}])"
    # a sign or point with no digits after it: pdfminer's number fails and is dropped
    rb"|([-+]?\.|[-+])"
    rb"|(%[^\r\n]*+)"
    # any other byte is a one-byte keyword (``'``, ``"``, a stray ``)``, ...)
    rb"|([^\s\x00%/\-+.0-9A-Za-z(<>\[\]{}])"
    # what is left starts a token that is not complete in this stream
    rb"|((?s:.))"
    rb")"
)
_STRING_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n)|((?s:.)))")
_ESCAPED = {ord(k): v for k, v in {b"b": 8, b"t": 9, b"n": 10, b"f": 12, b"r": 13}.items()}
_ESCAPED.update({ord("("): 40, ord(")"): 41, ord("\\"): 92})
_SPACE = re.compile(rb"\s")
_NAME_ESCAPE = re.compile(rb"#([" + _HEX + rb"]{0,2})")

_KEYWORD_BI = KWD(b"BI")
_KEYWORD_ID = KWD(b"ID")
_OPEN_CONTEXT = {ord("["): "a", ord("{"): "p"}
_CLOSE_CONTEXT = {ord("]"): "a", ord("}"): "p"}

# Token kinds that pdfminer ends as this reading does when a stream ends right after them
# (names and '>' are decided in ``_ended_by_stream_end``).
_ENDED_BY_STREAM_END = {
    _INT,
    _FLOAT,
    _KEYWORD,
    _STRING,
    _DICT_BEGIN,
    _BRACKET,
    _DROPPED,
    _COMMENT,
    _OTHER,
}


class _GiveUp(Exception):
    """The stream holds something only pdfminer's own parser reads right."""


def content_objects(streams: Sequence[bytes]) -> list[Any] | None:
    """The objects pdfminer's ``PDFContentParser`` yields for a page's content streams
    (their decoded data, in order), or None where only pdfminer's parser reads them right
    (inline images, a token left open at a stream's end, input pdfminer raises on).

    pdfminer reads the streams as one, except that a token still open at the end of a
    stream is ended there; arrays and dicts do run on into the next stream.
    """
    streams = [data for data in streams if data]  # pdfminer skips empty streams
    results: list[Any] = []
    current = results  # the innermost open array, dict or procedure, else the results
    kind: str | None = None  # of ``current``: 'a', 'd', 'p'; None at the top
    outer: list[tuple[str | None, list[Any]]] = []
    known_keywords = _KEYWORDS
    try:
        for number, data in enumerate(streams, 1):
            match = None
            for match in _TOKEN.finditer(data):
                token = match.lastindex
                if token == _KEYWORD:
                    keyword = known_keywords.get(match[_KEYWORD])
                    if keyword is None:
                        keyword = _keyword(match[_KEYWORD])
                        if keyword is None:
                            return None  # an inline image: its data is not tokens
                    current.append(keyword)
                elif token == _FLOAT:
                    current.append(float(match[_FLOAT]))
                elif token == _INT:
                    current.append(int(match[_INT]))
                elif token == _HEX_STRING:
                    current.append(_hex_string(match[_HEX_STRING]))
                elif token == _NAME:
                    current.append(_name(match[_NAME]))
                elif token == _STRING:
                    current.append(_literal_string(match, _STRING))
                elif token == _HASH_NAME:
                    current.append(_name(_NAME_ESCAPE.sub(_name_byte, match[_HASH_NAME])))
                elif token == _DICT_BEGIN:
                    outer.append((kind, current))
                    kind, current = "d", []
                elif token == _BRACKET:
                    byte = data[match.end() - 1]
                    if byte in _OPEN_CONTEXT:
                        outer.append((kind, current))
                        kind, current = _OPEN_CONTEXT[byte], []
                    elif kind == _CLOSE_CONTEXT[byte]:  # a mismatched close is ignored
                        closed = current
                        kind, current = outer.pop()
                        current.append(closed)
                elif token == _CLOSE:
                    if len(match[_CLOSE]) == 2 and kind == "d":
                        closed_dict = _dictionary(current)
                        kind, current = outer.pop()
                        current.append(closed_dict)
                elif token == _OTHER:
                    current.append(KWD(match[_OTHER]))
                elif token == _UNPLACED:
                    return None
            last_stream = number == len(streams)
            if (
                match is not None
                and match.end() == len(data)
                and not _ended_by_stream_end(match, last_stream=last_stream)
            ):
                return None
    except _GiveUp:
        return None
    return results


def _ended_by_stream_end(match: re.Match[bytes], *, last_stream: bool) -> bool:
    """Whether pdfminer ends a token that nothing follows in its stream as it is read here.

    pdfminer feeds its tokenizer a newline there, which ends most tokens; but a name
    with a '#' escape may run on, and between streams so do an empty name ('/' at the
    end) and a lone '>', also one ending a hex string (it may pair with the next
    stream's '>').
    """
    token = match.lastindex
    if token == _NAME:
        return last_stream or bool(match[_NAME])
    if token == _CLOSE:
        return last_stream or match[_CLOSE] == b">>"
    if token == _HEX_STRING:  # ended by a '>' (another one may follow in the next stream)
        return last_stream
    return token in _ENDED_BY_STREAM_END


# pdfminer's reading of keywords seen so far (BI and ID, which start an inline image,
# are never kept, so that a hit is a plain keyword).
_KEYWORDS: dict[bytes, Any] = {b"true": True, b"false": False}


def _keyword(raw: bytes) -> PSKeyword | None:
    """``KWD`` of a keyword not seen before; None for BI and ID."""
    keyword = KWD(raw)
    if keyword is _KEYWORD_BI or keyword is _KEYWORD_ID:
        return None
    _KEYWORDS[raw] = keyword
    return keyword


_NAMES: dict[bytes, PSLiteral] = {}


def _name(raw: bytes) -> PSLiteral:
    """``LIT`` of a name's bytes, decoded as UTF-8 where they are (as pdfminer)."""
    literal = _NAMES.get(raw)
    if literal is None:
        try:
            name: str | bytes = str(raw, "utf-8")
        except UnicodeDecodeError:
            name = raw
        literal = _NAMES[raw] = LIT(name)
    return literal


def _name_byte(match: re.Match[bytes]) -> bytes:
    """A name's '#xx' as pdfminer reads it: up to two hex digits, a bare '#' dropped."""
    digits = match[1]
    return bytes((int(digits, 16),)) if digits else b""


def _literal_string(match: re.Match[bytes], group: int) -> bytes:
    body = match[group]
    if b"\\" not in body:
        return body
    body_start = match.start(group)

    def unescape(escape: re.Match[bytes]) -> bytes:
        octal, crlf, other = escape.groups()
        if octal is not None:
            code = int(octal, 8)
            if code > 255:
                raise _GiveUp  # pdfminer fails an assertion on it
            return bytes((code,))
        if crlf is not None:
            # A line break after a backslash is dropped, but pdfminer sees only the CR
            # when the CR ends one of its chunks, and then keeps the LF.
            at_chunk_end = (body_start + escape.start(2)) % _CHUNK == _CHUNK - 1
            return b"\n" if at_chunk_end else b""
        escaped = _ESCAPED.get(other[0])
        return b"" if escaped is None else bytes((escaped,))  # unknown escapes drop the byte

    return _STRING_ESCAPE.sub(unescape, body)


def _hex_string(raw: bytes) -> bytes:
    """pdfminer's reading of a hex string: spaces dropped, pairs of digits, a last odd
    digit on its own (``<4>`` is 0x04)."""
    digits = _SPACE.sub(b"", raw)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def _dictionary(items: list[Any]) -> dict[str, Any]:
    if len(items) % 2 or not all(isinstance(key, PSLiteral) for key in items[::2]):
        raise _GiveUp  # pdfminer raises on an odd count, and non-name keys are rare
    return {literal_name(key): value for key, value in zip(items[::2], items[1::2], strict=True)}


_Operator = tuple[Callable[..., None], int] | None

# Per interpreter class: keyword -> (its ``do_`` function, argument count), None for an
# operator the class does not know.
_OPERATORS: dict[type, dict[PSKeyword, _Operator]] = {}


class ContentInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading content streams with ``content_objects``.

    ``execute`` keeps pdfminer's semantics (circular-reference guard, operator names,
    argument counts, operators with too few arguments skipped, unknown ones ignored
    unless ``settings.STRICT``). Form XObjects run in ``dup()``, so in this class too.
    """

    def execute(self, streams: Sequence[object]) -> None:
        valid_streams: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None:
                log.warning("Execute called on non-indirect object (inline image?) %r", stream)
                continue
            if stream.objid in self.parent_stream_ids:
                log.warning(
                    "Refusing to execute circular reference to content stream %d", stream.objid
                )
            else:
                valid_streams.append(stream)
                self.stream_ids.add(stream.objid)
        objects = content_objects([stream.get_data() for stream in valid_streams])
        self._run(_pdfminer_objects(valid_streams) if objects is None else objects)

    def _run(self, objects: Iterator[Any] | list[Any]) -> None:
        operators = _OPERATORS.setdefault(type(self), {})
        stack: list[PDFStackT] = self.argstack
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                stack.append(obj)
                continue
            if obj in operators:
                operator = operators[obj]
            else:
                operator = operators[obj] = self._operator(obj)
            if operator is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                continue
            function, nargs = operator
            if nargs:
                args = stack[-nargs:]
                del stack[-nargs:]
                if len(args) == nargs:
                    function(self, *args)
            else:
                function(self)
            stack = self.argstack  # some operators (scn) rebind it

    def _operator(self, keyword: PSKeyword) -> _Operator:
        """The ``do_`` method pdfminer calls for an operator, and its argument count."""
        name = keyword_name(keyword)
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        function = getattr(type(self), method, None)
        if function is None:
            return None
        return function, function.__code__.co_argcount - 1


def _pdfminer_objects(streams: list[PDFStream]) -> Iterator[Any]:
    """pdfminer's own reading of the streams, one object at a time (as it interleaves
    reading and running them)."""
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return  # no stream
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return
        yield obj
