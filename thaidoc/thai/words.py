"""Thai words of a text: pythainlp's newmm tokenizer, as ``word_tokenize`` gives it; and
pythainlp's ``normalize``, with the same output at a third of the cost.

``word_tokenize(text, engine="newmm")`` builds an empty custom-dictionary trie and looks
the engine up on every call, which costs three times the segmentation itself on a short
line, and the repair stage tokenizes every line it doubts, several readings each. These
functions call newmm's ``segment`` with the default dictionary and apply the same
post-processing (formatted numbers such as '1,234.50' rejoined, whitespace stripped), so
the tokens are ``word_tokenize``'s (``tests/test_thai_words.py`` pins that).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.tokenize import newmm
from pythainlp.tokenize._utils import rejoin_formatted_num
from pythainlp.util.normalize import (
    _NOREPEAT_PAIRS,
    _RE_TONEMARKS,
    _REORDER_PAIRS,
    _last_char,
    remove_dangling,
    remove_dup_spaces,
    remove_spaces_before_marks,
    remove_zw,
)


@lru_cache(maxsize=65536)
def newmm_segments(text: str) -> tuple[str, ...]:
    """newmm's tokens, whitespace kept: ``word_tokenize(text, engine="newmm")``."""
    return tuple(rejoin_formatted_num(newmm.segment(text)))


@lru_cache(maxsize=65536)
def newmm_words(text: str) -> tuple[str, ...]:
    """newmm's tokens without whitespace:
    ``word_tokenize(text, engine="newmm", keep_whitespace=False)``."""
    return tuple(token.strip(" ") for token in newmm_segments(text) if token.strip(" "))


# pythainlp's own rules, compiled once: ``normalize`` hands their patterns to ``re.sub``
# as strings, which looks each up in the regex cache on every call.
_REORDER = [(re.compile(pattern), repl) for pattern, repl in _REORDER_PAIRS]
_NO_REPEAT = [(re.compile(pattern), ch) for pattern, ch in _NOREPEAT_PAIRS]


def thai_normalize(text: str) -> str:
    """``pythainlp.util.normalize(text)``, step for step (``tests/test_thai_words.py`` pins
    that), but a repeated-vowel rule is only run where its vowel occurs twice: the rule
    for ``ch`` removes a ``ch`` repeated, so it cannot match with one ``ch`` or none."""
    text = remove_spaces_before_marks(remove_dup_spaces(remove_zw(text)))
    for pattern, repl in _REORDER:
        text = pattern.sub(repl, text)
    for pattern, ch in _NO_REPEAT:
        if text.count(ch) > 1:
            text = pattern.sub(ch, text)
    text = _RE_TONEMARKS.sub(_last_char, text)
    return remove_dangling(text)
