"""The publication check: names of people who did not agree to be named, in published text.

Consent decides which material is linked to whom; this check reads what would actually be
printed. Every match of a name part or alias of a person without `public_named` consent is
a finding. A finding's id hashes its place, the whole string, the span and the person, so a
decision survives running the check again and lapses as soon as the string is edited.

Findings never carry a real name: the person appears by pseudonym and the match is masked
in the excerpt ("…вместе с ██████ым…"), keeping only a short grammatical ending so the
curator sees how the sentence reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evidence_app.export.exhibition_selection import ExhibitionSelection
from evidence_app.export.name_matching import NameIndex, NameMatch, morphology, tokens
from evidence_app.export.published_text import Place, PublishedText, published_texts, walk
from evidence_app.kernel.errors import BadInput

MASK = "██████"
CONTEXT_CHARS = 40
MAX_ENDING = 3
REPLACE = "replace_with_pseudonym"
REVIEWED = "reviewed"
DECISIONS = (REPLACE, REVIEWED)


@dataclass(frozen=True)
class Finding:
    id: str
    place: Place
    person_ref: str
    pseudonym: str
    matched_by: str  # name, alias or transliteration
    start: int
    end: int
    excerpt: str  # masked: safe to show and share
    text_sha256: str


@dataclass(frozen=True)
class Decision:
    finding_id: str
    decision: str  # REPLACE or REVIEWED
    note: str
    event_seq: int
    time: str


@dataclass(frozen=True)
class CheckedFinding:
    finding: Finding
    decision: Decision | None

    def to_json(self) -> dict[str, Any]:
        f = self.finding
        return {
            "id": f.id,
            "section": f.place.section,
            "place": f.place.label,
            "place_key": f.place.key,
            "person": f.person_ref,
            "pseudonym": f.pseudonym,
            "matched_by": f.matched_by,
            "excerpt": f.excerpt,
            "span": [f.start, f.end],
            "resolution": None
            if self.decision is None
            else {
                "decision": self.decision.decision,
                "custody_seq": self.decision.event_seq,
                "time": self.decision.time,
            },
        }


@dataclass(frozen=True)
class ClearedSelection:
    """A selection whose every printed string passed the check, with replacements made.

    The exhibition PDF is built only from this.
    """

    selection: ExhibitionSelection
    findings: tuple[CheckedFinding, ...]


class PublicationBlocked(BadInput):
    def __init__(self, unresolved: list[CheckedFinding]) -> None:
        lines = "\n".join(
            f"  {c.finding.id}  {c.finding.place.label}: {c.finding.pseudonym} named in "
            f"“{c.finding.excerpt}”"
            for c in unresolved[:50]
        )
        more = f"\n  … and {len(unresolved) - 50} more" if len(unresolved) > 50 else ""
        super().__init__(
            f"The exhibition was not written: {len(unresolved)} published texts name people "
            f"who did not agree to be named.\n{lines}{more}\nEdit the text, or decide each "
            "with `evidence-app exhibition resolve --case REF ID "
            "--replace-with-pseudonym | --reviewed`."
        )
        self.unresolved = unresolved


def finding_id(place: Place, text: str, match: NameMatch) -> str:
    digest = hashlib.sha256(
        json.dumps(
            [
                place.key,
                hashlib.sha256(text.encode()).hexdigest(),
                match.start,
                match.end,
                match.person_ref,
            ],
            ensure_ascii=False,
        ).encode()
    )
    return digest.hexdigest()[:16]


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every span replaced by the mask plus its short grammatical ending."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        out += [text[last:start], MASK + _ending(text[start:end])]
        last = end
    return "".join(out) + text[last:]


def _ending(span: str) -> str:
    # Only one word's inflection is shown, and only in Cyrillic ("…ым", "…ю"), which tells
    # the case without the name. Latin matches and phrases are masked whole.
    words = tokens(span)
    if len(words) != 1 or words[0].text.isascii():
        return ""
    word = words[0].text.lower()
    stems = [lemma for lemma in morphology().lemmas(words[0].text) if lemma != word]
    common = max((_common_prefix(word, lemma) for lemma in stems), default=len(word))
    ending = word[common:]
    return ending if 0 < len(ending) <= MAX_ENDING and common >= 3 else ""


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def find_names(
    selection: ExhibitionSelection, index: NameIndex, pseudonyms: Mapping[str, str]
) -> list[Finding]:
    findings: list[Finding] = []
    for published in published_texts(selection):
        findings += _findings_in(published, index, pseudonyms)
    return findings


def _findings_in(
    published: PublishedText, index: NameIndex, pseudonyms: Mapping[str, str]
) -> list[Finding]:
    text = published.text
    matches = index.find(text)
    spans = [(m.start, m.end) for m in matches]
    text_sha256 = hashlib.sha256(text.encode()).hexdigest()
    findings = []
    for match in matches:
        low = max(0, match.start - CONTEXT_CHARS)
        high = min(len(text), match.end + CONTEXT_CHARS)
        window = [(max(s, low) - low, min(e, high) - low) for s, e in spans if e > low and s < high]
        excerpt = masked(text[low:high], window)
        excerpt = ("…" if low else "") + excerpt + ("…" if high < len(text) else "")
        findings.append(
            Finding(
                id=finding_id(published.place, text, match),
                place=published.place,
                person_ref=match.person_ref,
                pseudonym=pseudonyms.get(match.person_ref, match.person_ref),
                matched_by=match.kind,
                start=match.start,
                end=match.end,
                excerpt=excerpt,
                text_sha256=text_sha256,
            )
        )
    return findings


def clear(
    selection: ExhibitionSelection,
    findings: list[Finding],
    decisions: Mapping[str, Decision],
) -> ClearedSelection:
    """The selection as it will be printed; raises PublicationBlocked while any finding is
    undecided."""
    checked = [CheckedFinding(f, decisions.get(f.id)) for f in findings]
    unresolved = [c for c in checked if c.decision is None]
    if unresolved:
        raise PublicationBlocked(unresolved)
    replacements: dict[str, list[Finding]] = {}
    for c in checked:
        if c.decision is not None and c.decision.decision == REPLACE:
            replacements.setdefault(c.finding.place.key, []).append(c.finding)

    def rewrite(place: Place, text: str) -> str:
        out, last = [], 0
        for f in sorted(replacements.get(place.key, ()), key=lambda f: (f.start, -f.end)):
            if f.start >= last:
                out += [text[last : f.start], f.pseudonym]
                last = f.end
        return "".join(out) + text[last:]

    return ClearedSelection(walk(selection, rewrite), tuple(checked))
