"""Finding people's names in text, in every grammatical form and in Latin letters.

Russian and Ukrainian names change their endings in every case ("с Сидоровым", "пане
Коваленку"), so words are compared by lemma: each word of the text and each name part is
analysed by pymorphy3's Russian and Ukrainian analysers, every parse counts (not only the
likeliest), and a word matches a name part when they share a lemma. Words the dictionaries
do not know are lemmatised by pymorphy3's guesser, which knows surname-like paradigms.

Latin text is compared word for word, case-insensitively: aliases as written, and each
Cyrillic name part in three transliterations — ICAO Doc 9303 (Russian passports since 2014),
the Ukrainian national system of 2010 (Ukrainian passports), and the common English style
(я → ya, ё → yo, й → y) that newspapers use.

A name part that is also an ordinary word ("Мороз", "Надежда", "Роман") matches only when
written with a capital letter; name parts shorter than three letters (initials) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MIN_LETTERS = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F']+$")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def is_latin(word: str) -> bool:
    return bool(_LATIN.match(word))


class Morphology:
    """The Russian and Ukrainian analysers, loaded once (about 0.3 s)."""

    def __init__(self) -> None:
        # Imported here: loading the dictionaries is only worth it for a check. The paths
        # are given rather than found through package metadata, which frozen builds drop.
        import pymorphy3
        import pymorphy3_dicts_ru
        import pymorphy3_dicts_uk

        self._analysers: list[Any] = [
            pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru"),
            pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_uk.get_path(), lang="uk"),
        ]

    @lru_cache(maxsize=65536)  # noqa: B019 — one Morphology lives as long as the process
    def lemmas(self, word: str) -> frozenset[str]:
        """Every normal form any parse gives, plus the word itself."""
        found = {_fold(word)}
        for analyser in self._analysers:
            found.update(_fold(parse.normal_form) for parse in analyser.parse(word))
        return frozenset(found)

    @lru_cache(maxsize=8192)  # noqa: B019
    def is_common_word(self, word: str) -> bool:
        """Known to a dictionary as something other than a name ("мороз", "надежда").

        The Ukrainian dictionary marks few names as names, so its ordinary-word readings
        count only for words neither dictionary knows as a name.
        """
        russian, ukrainian = ([p for p in a.parse(word) if p.is_known] for a in self._analysers)
        known_as_name = any(p.tag.grammemes & _NAME_GRAMMEMES for p in russian + ukrainian)

        def ordinary(parses: list[Any]) -> bool:
            return any(
                p.tag.POS is not None and not p.tag.grammemes & _NAME_GRAMMEMES for p in parses
            )

        return ordinary(russian) or (ordinary(ukrainian) and not known_as_name)


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    return Morphology()


_BASE = dict(zip("абвгґдезиіклмнопрстуфы", "abvggdeziiklmnoprstufy", strict=True))
_BASE |= {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": ""}
_RU_ICAO = _BASE | {"ё": "e", "й": "i", "ъ": "ie", "э": "e", "ю": "iu", "я": "ia", "є": "ie"}
_RU_ICAO |= {"ї": "i"}
_COMMON = _BASE | {"ё": "yo", "й": "y", "ъ": "", "э": "e", "ю": "yu", "я": "ya", "є": "ye"}
_COMMON |= {"ї": "yi"}
_UK_2010 = _BASE | {"г": "h", "и": "y", "й": "i", "є": "ie", "ї": "i", "ю": "iu", "я": "ia"}
_UK_2010 |= {"ё": "io", "ъ": "", "ы": "y", "э": "e"}
_UK_2010_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterations(word: str) -> tuple[str, str, str]:
    """The word in Latin letters (lower case): ICAO 9303, common English, Ukrainian 2010.

    Empty strings for a word without Cyrillic letters.
    """
    folded = word.lower().replace("’", "'").replace("ʼ", "'")
    if not _CYRILLIC.search(folded):
        return ("", "", "")
    russian = "".join(_RU_ICAO.get(ch, ch) for ch in folded)
    common = "".join(_COMMON.get(ch, ch) for ch in folded)
    ukrainian = "".join(
        "gh"
        if ch == "г" and folded[i - 1 : i] == "з"  # зг is zgh, apart from ж (zh)
        else _UK_2010_INITIAL.get(ch, _UK_2010.get(ch, ch))
        if i == 0
        else _UK_2010.get(ch, ch)
        for i, ch in enumerate(folded)
    )
    return (russian, common, ukrainian)


@dataclass(frozen=True)
class _Word:
    keys: frozenset[str]
    capitalised_only: bool

    def matches(self, token: Token, token_keys: frozenset[str]) -> bool:
        if self.capitalised_only and not token.text[:1].isupper():
            return False
        return bool(self.keys & token_keys)


@dataclass(frozen=True)
class _Term:
    person_ref: str
    kind: str  # "name", "alias" or "transliteration": says how it matched, never what
    words: tuple[_Word, ...]


@dataclass(frozen=True)
class NameMatch:
    person_ref: str
    start: int
    end: int
    kind: str


class NameIndex:
    """The names of a set of people, ready to be looked for in any number of texts."""

    def __init__(self, people: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        """`people`: (person ref, full name, aliases)."""
        self._morph = morphology()
        self._by_key: dict[str, list[_Term]] = {}
        for ref, full_name, aliases in people:
            for part in tokens(full_name):
                if len(part.text) >= MIN_LETTERS:
                    self._add_phrase(ref, "name", [part.text])
            for alias in aliases:
                words = [t.text for t in tokens(alias)]
                if words and sum(len(w) for w in words) >= MIN_LETTERS:
                    self._add_phrase(ref, "alias", words)

    def _add_phrase(self, ref: str, kind: str, words: list[str]) -> None:
        common = [self._morph.is_common_word(w) for w in words]
        cyrillic = [
            _Word(self._morph.lemmas(w) if not is_latin(w) else frozenset({_fold(w)}), c)
            for w, c in zip(words, common, strict=True)
        ]
        self._add(_Term(ref, kind, tuple(cyrillic)))
        if all(_CYRILLIC.search(w) for w in words):
            spelled = [transliterations(w) for w in words]
            for system in range(3):
                latin = tuple(
                    _Word(frozenset({options[system]}), c)
                    for options, c in zip(spelled, common, strict=True)
                )
                self._add(_Term(ref, "transliteration", latin))

    def _add(self, term: _Term) -> None:
        for key in term.words[0].keys:
            bucket = self._by_key.setdefault(key, [])
            if term not in bucket:
                bucket.append(term)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def _keys(self, token: Token) -> frozenset[str]:
        if is_latin(token.text):
            word = _fold(token.text)
            return frozenset({word, word.removesuffix("'s")})  # "Kovalenko's"
        return self._morph.lemmas(token.text)

    def find(self, text: str) -> list[NameMatch]:
        """Every match, ordered by position; one span may match several people."""
        found = tokens(text)
        keys = [self._keys(token) for token in found]
        matches: dict[tuple[str, int, int], NameMatch] = {}
        for index, token in enumerate(found):
            candidates = {t for key in keys[index] for t in self._by_key.get(key, ())}
            for term in candidates:
                last = index + len(term.words) - 1
                if last >= len(found) or not all(
                    word.matches(found[index + i], keys[index + i])
                    and (i == 0 or _adjacent(text, found[index + i - 1], found[index + i]))
                    for i, word in enumerate(term.words)
                ):
                    continue
                match = NameMatch(term.person_ref, token.start, found[last].end, term.kind)
                key = (match.person_ref, match.start, match.end)
                if key not in matches or term.kind == "name":
                    matches[key] = match
        return sorted(matches.values(), key=lambda m: (m.start, -m.end, m.person_ref))


def _adjacent(text: str, before: Token, after: Token) -> bool:
    """Words of a phrase are separated by spaces only ("Сашко Лисий", not "Сашко. Лисий")."""
    return text[before.end : after.start].isspace()
