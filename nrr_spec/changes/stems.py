"""Words by their stems, so that two spellings of one word compare equal.

Snowball's English stemmer: "tie the weights" meets "weight tying", "layers" meets "layer",
"embeddings" meets "embedding". Short words and names with digits are kept whole: stemmed, `adam`
or `relu2` would only meet unrelated words.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lower-case word; words of three letters or fewer and names with digits unchanged."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return str(_STEMMER.stemWord(word))
