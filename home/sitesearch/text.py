"""How Polish text becomes index tokens, and a query becomes the token prefixes it looks for.

Both sides reduce words to ``[a-z0-9]+`` tokens, so diacritics never matter and no character of a
query can reach a search engine as syntax (PostgreSQL ``tsquery`` or SQL ``LIKE`` wildcards).

A word of the text is indexed as up to three tokens:

* the word without diacritics: ``zaświadczenie`` → ``zaswiadczenie``;
* its Snowball stem (stemmed with its diacritics, then stripped): ``podatku`` → ``podatk``;
* the "fleeting e" form (*e ruchome*): nouns in -ek, -ec, -eł, -eń lose the ``e`` in every other
  case, which the stemmer does not know (``podatek`` stays ``podatek``), so ``podatek`` is also
  indexed as ``podatk`` — and then ``podatku``, ``podatkiem``, ``podatek`` share a token.

A query word becomes the same forms, each matched as a *prefix* of an index token; the words are
ANDed. ``podatk`` therefore finds ``podatek`` and ``podatku``, ``zaswiadczenie`` finds
``zaświadczenie``, and ``bibliotek`` finds ``biblioteka``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from anyascii import anyascii

WORD = re.compile(r"[^\W_]+")
NON_TOKEN = re.compile(r"[^a-z0-9]+")
TOKEN = re.compile(r"[a-z0-9]+")
MAX_TOKEN_LENGTH = 60
MAX_QUERY_WORDS = 10
MIN_STEM_LENGTH = 3
FLEETING_E_ENDINGS = ("ek", "ec", "eł", "eń")
# Dropped from a query (unless it has nothing else): they are in nearly every text, and ANDing them
# only loses results ("wniosek o dowód" must find "Wniosek o wydanie dowodu").
QUERY_STOP_WORDS = frozenset(
    "a i o u w z we ze na do od po za dla oraz lub albo czy przy przez pod nad bez jak".split()
)

# Typed without diacritics, an ending the stemmer knows only with them is not removed
# ("odpadow" stays "odpadow", "odpadów" → "odpad"): a query word also tries these endings.
ASCII_ENDINGS = (("ow", "ów"), ("osc", "ość"), ("ac", "ać"), ("ec", "eć"), ("ic", "ić"), ("yc", "yć"))

# Before the locative/dative -e, k becomes c and g becomes dz ("biblioteka" → "o bibliotece",
# "droga" → "na drodze"); a query word in that case also looks for the k/g form. Query side only:
# indexing "miejsce" as "miejsk" would make every "miejski" query find it.
CONSONANT_ALTERNATIONS = (("dze", "g"), ("ce", "k"))

_local = threading.local()


def _stem(word: str) -> str:
    # Snowball stemmer objects keep state between calls: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("polish")
    return stemmer.stemWord(word)


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: ``Łódź`` → ``lodz``."""
    return NON_TOKEN.sub("", anyascii(text).lower())


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The tokens of one lowercase word, most specific first, without duplicates."""
    forms = [fold(word)]
    stem = fold(_stem(word))
    if len(stem) >= MIN_STEM_LENGTH:
        forms.append(stem)
    if len(word) >= 5 and word[-2:] in FLEETING_E_ENDINGS:
        forms.append(fold(word[:-2] + word[-1]))
    return tuple(dict.fromkeys(f for f in forms if f and len(f) <= MAX_TOKEN_LENGTH))


def query_forms(word: str) -> tuple[str, ...]:
    """``word_forms`` plus, for a word typed without diacritics, the stems of its likely endings."""
    forms = list(word_forms(word))
    if word.isascii():
        for ending, accented in ASCII_ENDINGS:
            if word.endswith(ending):
                stem = fold(_stem(word[: -len(ending)] + accented))
                if MIN_STEM_LENGTH <= len(stem) < len(word):
                    forms.append(stem)
    for ending, consonant in CONSONANT_ALTERNATIONS:
        if len(word) >= 6 and word.endswith(ending):
            forms.append(fold(word[: -len(ending)] + consonant))
            break
    return tuple(dict.fromkeys(forms))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def index_tokens(*texts: str) -> str:
    """The texts' tokens, each once, space-separated and space-framed (``" podatek podatk "``).

    The frame lets SQLite find a token prefix with ``LIKE '% podatk%'``; PostgreSQL's
    ``to_tsvector('simple', …)`` ignores it.
    """
    tokens: dict[str, None] = {}
    for text in texts:
        for word in words(text or ""):
            for form in word_forms(word):
                tokens[form] = None
    return f" {' '.join(tokens)} " if tokens else ""


@dataclass(frozen=True)
class QueryTerm:
    """One query word: it matches a text that has a token starting with any of ``prefixes``
    (or, for a one-character word, equal to ``exact``)."""

    prefixes: tuple[str, ...] = ()
    exact: str = ""


def query_terms(query: str) -> list[QueryTerm]:
    """The terms of a (cleaned) query, to be ANDed; at most ``MAX_QUERY_WORDS``."""
    all_words = list(dict.fromkeys(words(query)))
    kept = [w for w in all_words if fold(w) not in QUERY_STOP_WORDS] or all_words
    terms = []
    for word in kept[:MAX_QUERY_WORDS]:
        forms = [f for f in query_forms(word) if TOKEN.fullmatch(f)]
        if not forms:
            continue
        if len(forms[0]) == 1:
            terms.append(QueryTerm(exact=forms[0]))
            continue
        # "podatk" already covers "podatku": keep only the shortest prefixes.
        prefixes = tuple(f for f in forms if not any(o != f and f.startswith(o) for o in forms))
        terms.append(QueryTerm(prefixes=prefixes))
    return terms


def tsquery(terms: list[QueryTerm], *, weight: str = "") -> str:
    """A PostgreSQL ``to_tsquery`` expression: ``(podatk:* | podatek:*) & (5)``.

    Every lexeme is ``[a-z0-9]+`` (checked again here), so the string carries no operator a person
    typed. ``weight="A"`` restricts the match to the title (weight A in the index).
    """
    parts = []
    for term in terms:
        options = [f"{p}:*{weight}" for p in term.prefixes if TOKEN.fullmatch(p)]
        if term.exact and TOKEN.fullmatch(term.exact):
            options.append(f"{term.exact}:{weight}" if weight else term.exact)
        if options:
            parts.append("(" + " | ".join(options) + ")")
    return " & ".join(parts)
