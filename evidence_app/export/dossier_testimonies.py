"""The dossier's testimonies: every recorded field (the Istanbul Protocol's among them), codes
as their labels, facilities by name, and each translation after the section it translates,
flagged when the account has changed since the revision it translates."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_tables import WIDTH, facts_table, grid
from evidence_app.export.dossier_words import language_name, language_of, localized
from evidence_app.export.pdf_parts import para
from evidence_app.kernel.catalogs import translator
from evidence_app.records.schema import SECTION_LABELS, TESTIMONY_SECTIONS
from evidence_app.records.vocabularies import vocabulary

# Every fixed word of the testimonies section, said in the dossier's language
# (export.dossier_words); the account's section titles are records.schema's SECTION_LABELS.
TESTIMONY_WORDS = {
    "heading": "Testimonies",
    "testimony": "Testimony {ref}",
    "witness": "Witness (pseudonym)",
    "not_named": "not named",
    "interviewed": "Interviewed",
    "interviewed_by": "{date} by {interviewer}",
    "interpreter": "Interpreter",
    "place": "Place",
    "mode": "Mode of interview",
    "language": "Language",
    "interview_consent": "Consent to the interview",
    "consent_given": "Given",
    "consent_refused": "Refused",
    "consent_on": "on {date}",
    "consent_how": "recorded: {how}",
    "read_back": "Statement read back and confirmed",
    "yes": "Yes",
    "no": "No",
    "not_recorded": "Not recorded",
    "period": "Period held",
    "methods": "Methods",
    "facilities": "Facilities",
    "consistency": "Clinician's opinion of consistency (Istanbul Protocol 2022)",
    "clinician": "Clinician",
    "revision": "Revision",
    "revision_sha256": "Revision SHA-256",
    # What the testimony is linked to (the same links as the manifest's `links`).
    "exhibits": "Exhibits",
    "incidents": "Incidents",
    "findings": "Findings",
    "previous_interviews": "Previous interviews",
    "date": "Date",
    "by": "By whom (organisation)",
    "note": "Note",
    "injuries": "Injuries and photos",
    "injury": "Injury",
    "location": "Body location",
    "photos": "Photos",
    "exhibit": "Exhibit {number}",
    "not_in_dossier": "SHA-256 {sha256} (not in this dossier)",
    "translations": "Translations",
    "translation": "Translation into {language} by {translator}",
    "no_translator": "an unnamed translator",
    "translates": "translates revision {revision}; this is revision {latest}",
    "unchanged": "the account is unchanged since",
    "changed": "TRANSLATION OF AN OLDER REVISION: the account has changed since in {sections}",
    "revision_gone": "TRANSLATION OF AN OLDER REVISION: revision {revision} cannot be compared",
    "section_translated": "{section}: translation into {language} by {translator}, "
    "of revision {revision}",
    "section_changed": "the original of this section has changed since",
}


def testimonies(
    manifest: dict[str, Any],
    styles: dict[str, ParagraphStyle],
    facility_names: dict[str, str] | None = None,
) -> list[Flowable]:
    """Every recorded field of each testimony, codes as their labels, facilities by name,
    each translation after the section it translates, and whether it translates the
    account as it stands."""
    language = language_of(manifest)
    w = _Words(localized(TESTIMONY_WORDS, language), language)
    exhibits = {exhibit["sha256"]: exhibit["number"] for exhibit in manifest["exhibits"]}
    flow: list[Flowable] = [para(w["heading"], styles["h1"])]
    for testimony in manifest["testimonies"]:
        body = testimony["content"]
        checks = testimony.get("translation_checks") or []
        flow += [
            para(w["testimony"].format(ref=testimony["ref"]), styles["h2"]),
            facts_table(
                _testimony_facts(testimony, manifest, facility_names or {}, styles, w), styles
            ),
        ]
        flow += _previous_interviews(body.get("previous_interviews") or [], styles, w)
        flow += _injuries(body.get("injuries") or [], exhibits, styles, w)
        flow += _translation_notes(body.get("translations") or [], checks, styles, w)
        flow += _account(body, checks, styles, w)
        flow.append(Spacer(1, 6 * mm))
    return flow


def _or_dash(value: Any) -> str:
    return str(value) if value not in (None, "", [], {}) else "—"


class _Words(dict[str, str]):
    """The section's words in one language, and that language (for labels of codes)."""

    def __init__(self, words: dict[str, str], language: str) -> None:
        super().__init__(words)
        self.language = language
        self.translate = translator(language)

    def section(self, name: str) -> str:
        return self.translate(SECTION_LABELS.get(name, name))


def _yes_no(value: Any, w: _Words) -> str:
    return {True: w["yes"], False: w["no"]}.get(value, w["not_recorded"])


def _testimony_facts(
    testimony: dict[str, Any],
    manifest: dict[str, Any],
    facility_names: dict[str, str],
    styles: dict[str, ParagraphStyle],
    w: _Words,
) -> list[tuple[str, Flowable | str]]:
    body = testimony["content"]
    language = w.language
    methods = vocabulary("methods")
    period = body.get("period") or {}
    consistency = body.get("consistency")
    opinion = (
        vocabulary("istanbul_consistency").label(consistency, language) if consistency else "—"
    )
    if body.get("clinician"):
        opinion += f" — {w['clinician']}: {body['clinician']}"
    facilities = [facility_names.get(ref, ref) for ref in body.get("facilities", [])]
    links = testimony.get("links") or {}
    return [
        (w["witness"], manifest["people"].get(body.get("witness") or "", w["not_named"])),
        (
            w["interviewed"],
            w["interviewed_by"].format(
                date=_or_dash(body.get("interviewed_on")),
                interviewer=_or_dash(body.get("interviewer")),
            ),
        ),
        (w["interpreter"], _or_dash(body.get("interpreter"))),
        (w["place"], _or_dash(body.get("place"))),
        (
            w["mode"],
            vocabulary("interview_modes").label(body["mode"], language)
            if body.get("mode")
            else "—",
        ),
        (w["language"], _or_dash(language_name(body.get("language"), w.language))),
        (w["interview_consent"], _interview_consent(body.get("interview_consent"), w)),
        (w["read_back"], _yes_no(body.get("read_back"), w)),
        (w["period"], f"{_or_dash(period.get('from'))} – {_or_dash(period.get('to'))}"),
        (
            w["methods"],
            ", ".join(methods.label(m, language) for m in body.get("methods", [])) or "—",
        ),
        (w["facilities"], ", ".join(facilities) or "—"),
        (w["consistency"], opinion),
        *[
            (w[key], ", ".join(links[key]) or "—")
            for key in ("exhibits", "incidents", "findings")
            if key in links
        ],
        (w["revision"], f"{testimony['revision']}"),
        (w["revision_sha256"], para(testimony["revision_sha256"], styles["mono"])),
    ]


def _interview_consent(consent: dict[str, Any] | None, w: _Words) -> str:
    if not consent:
        return w["not_recorded"]
    given = consent.get("given")
    words = [w["consent_given"] if given else w["consent_refused"] if given is False else "—"]
    if consent.get("date"):
        words.append(w["consent_on"].format(date=consent["date"]))
    if consent.get("how"):
        words.append(w["consent_how"].format(how=consent["how"]))
    return "; ".join(words)


def _previous_interviews(
    interviews: list[dict[str, Any]], styles: dict[str, ParagraphStyle], w: _Words
) -> list[Flowable]:
    if not interviews:
        return []
    rows = [
        [para(_or_dash(entry.get(key)), styles["cell"]) for key in ("date", "by", "note")]
        for entry in interviews
    ]
    header = [w["date"], w["by"], w["note"]]
    return [
        para(w["previous_interviews"], styles["label"]),
        grid(header, rows, [28 * mm, 55 * mm, WIDTH - 83 * mm], styles),
        Spacer(1, 2 * mm),
    ]


def _injuries(
    injuries: list[dict[str, Any]],
    exhibits: dict[str, int],
    styles: dict[str, ParagraphStyle],
    w: _Words,
) -> list[Flowable]:
    if not injuries:
        return []

    def photos(entry: dict[str, Any]) -> Flowable:
        named = [
            w["exhibit"].format(number=exhibits[sha256])
            if sha256 in exhibits
            else w["not_in_dossier"].format(sha256=sha256)
            for sha256 in entry.get("photos") or []
        ]
        return para("\n".join(named) or "—", styles["cell"])

    rows = [
        [
            para(_or_dash(entry.get("description")), styles["cell"]),
            para(_or_dash(entry.get("location")), styles["cell"]),
            photos(entry),
        ]
        for entry in injuries
    ]
    header = [w["injury"], w["location"], w["photos"]]
    return [
        para(w["injuries"], styles["label"]),
        grid(header, rows, [WIDTH - 115 * mm, 35 * mm, 80 * mm], styles),
        Spacer(1, 2 * mm),
    ]


def _translator(translation: dict[str, Any], w: _Words) -> str:
    return w["translation"].format(
        language=_or_dash(language_name(translation.get("language"), w.language)),
        translator=translation.get("translator") or w["no_translator"],
    )


def _translation_notes(
    translations: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    styles: dict[str, ParagraphStyle],
    w: _Words,
) -> list[Flowable]:
    """Each translation, which revision it translates, and whether the account changed since."""
    if not translations:
        return []
    flow: list[Flowable] = [para(w["translations"], styles["label"])]
    for index, translation in enumerate(translations):
        check = checks[index] if index < len(checks) else {}
        revision = translation.get("revision")
        words = [
            _translator(translation, w),
            w["translates"].format(revision=revision, latest=check.get("latest_revision", "?")),
        ]
        changed = check.get("sections_changed_since")
        if changed is None:
            words.append(w["revision_gone"].format(revision=revision))
        elif changed:
            labels = ", ".join(w.section(name) for name in changed)
            words.append(w["changed"].format(sections=labels))
        else:
            words.append(w["unchanged"])
        flow.append(para("; ".join(words), styles["body"]))
    flow.append(Spacer(1, 2 * mm))
    return flow


def _account(
    body: dict[str, Any],
    checks: list[dict[str, Any]],
    styles: dict[str, ParagraphStyle],
    w: _Words,
) -> list[Flowable]:
    """The sections as recorded, each followed by its translations; a translation of a
    section whose original changed since says so at the translation."""
    flow: list[Flowable] = []
    sections = body.get("sections") or {}
    translations = list(enumerate(body.get("translations") or []))
    for section in TESTIMONY_SECTIONS:
        title = w.section(section)
        translated = [(i, t) for i, t in translations if (t.get("sections") or {}).get(section)]
        if not sections.get(section) and not translated:
            continue
        flow += [
            para(title, styles["label"]),
            para(_or_dash(sections.get(section)), styles["body"]),
        ]
        for index, translation in translated:
            heading = w["section_translated"].format(
                section=title,
                language=_or_dash(language_name(translation.get("language"), w.language)),
                translator=translation.get("translator") or w["no_translator"],
                revision=translation.get("revision"),
            )
            changed = (checks[index] if index < len(checks) else {}).get("sections_changed_since")
            if changed is None or section in changed:
                heading += f" — {w['section_changed'].upper()}"
            flow += [
                para(heading, styles["label"]),
                para(translation["sections"][section], styles["body"]),
            ]
        flow.append(Spacer(1, 2 * mm))
    return flow
