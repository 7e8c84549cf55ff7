"""Thai words of a text: pythainlp's newmm tokenizer, as ``word_tokenize`` gives it.

``word_tokenize(text, engine="newmm")`` builds an empty custom-dictionary trie and looks
the engine up on every call, which costs three times the segmentation itself on a short
line, and the repair stage tokenizes every line it doubts, several readings each. These
functions call newmm's ``segment`` with the default dictionary and apply the same
post-processing (formatted numbers such as '1,234.50' rejoined, whitespace stripped), so
the tokens are ``word_tokenize``'s (``tests/test_thai_words.py`` pins that).
"""

from __future__ import annotations

from functools import lru_cache

from pythainlp.tokenize import newmm
from pythainlp.tokenize._utils import rejoin_formatted_num


@lru_cache(maxsize=65536)
def newmm_segments(text: str) -> tuple[str, ...]:
    """newmm's tokens, whitespace kept: ``word_tokenize(text, engine="newmm")``."""
    return tuple(rejoin_formatted_num(newmm.segment(text)))


@lru_cache(maxsize=65536)
def newmm_words(text: str) -> tuple[str, ...]:
    """newmm's tokens without whitespace:
    ``word_tokenize(text, engine="newmm", keep_whitespace=False)``."""
    return tuple(token.strip(" ") for token in newmm_segments(text) if token.strip(" "))
