"""Each kind of record described once: its fields, in order, and what each field is.

The records format (DESIGN §5) is derived from this description and from nothing else: the
importer's validator (`records.document`) walks it, the search facets, search text and
titles (`records.facets`, `records.titles`, `records.search_snippets`) read it, and the
editors (`gui.record_forms`) build their widgets from it in its order. A field added here is
accepted by an import, stored, exported, searched and edited without further changes.

A field's `label` is the English text the editor shows (translated by the interface); a
field without one is not shown in the editor and is kept as loaded when the editor saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Type(Enum):
    TEXT = "text"
    LONG_TEXT = "long text"  # the same as text, edited on several lines
    NAMES = "names"  # a list of free-text names (aliases)
    NUMBER = "number"  # within `bounds`
    DATE = "partial date"  # 2023, 2023-05 or 2023-05-01
    PERIOD = "period"  # {"from": partial date, "to": partial date}
    CODE = "code"  # one code of `vocabulary`
    CODES = "codes"  # codes of `vocabulary`
    REF = "ref"  # the ref of a record of kind `target`
    REFS = "refs"  # refs of records of kind `target`
    FLAG = "flag"  # true or false
    SECTIONS = "sections"  # a testimony's account, by TESTIMONY_SECTIONS
    CONSENT = "consent"  # consent entries, each CONSENT_ENTRY
    LANGUAGE = "language"  # the language code the record's texts are written in
    TRANSLATIONS = "translations"  # {language: {field: text}} for the fields `translated`
    EXCERPTS = "excerpts"  # [{"text", "translations"}] a curator chose for publication
    YES_NO = "yes or no"  # true, false, or not recorded (absent)
    ITEMS = "items"  # SHA-256s of items in the vault (photos of an injury)
    GROUP = "group"  # {part: value} for the fields `parts`; absent when every part is empty
    ROWS = "rows"  # [{part: value}], each row as a GROUP of `parts`
    SECTION_TRANSLATIONS = "section translations"  # a testimony's translations, TRANSLATION


@dataclass(frozen=True)
class Field:
    key: str
    type: Type
    label: str | None = None
    required: bool = False
    vocabulary: str | None = None  # CODE, CODES
    target: str | None = None  # REF, REFS: the kind of record named
    facet: str | None = None  # the search facet its values are filed under
    dated: bool = False  # DATE, PERIOD: gives the record's date_from/date_to facets
    bounds: tuple[float, float] | None = None  # NUMBER
    translated: tuple[str, ...] = ()  # TRANSLATIONS
    parts: tuple[Field, ...] = ()  # GROUP, ROWS: the fields within (no groups or rows)
    # Fields added to the format after its first version stay absent from a body when
    # empty, so records written before them keep their revision hashes.
    absent_when_empty: bool = False


@dataclass(frozen=True)
class RecordKind:
    name: str
    section: str  # its list in the records document
    fields: tuple[Field, ...]
    title: tuple[str, ...]  # fields naming a record to a person: the first one given
    title_joined: bool = False  # …or all of them given, in one line
    search_title: str | None = None  # the field ranked as title by the search index
    ref_key: str = "ref"  # evidence is named by the SHA-256 of its item

    def field(self, key: str) -> Field:
        return next(field for field in self.fields if field.key == key)


# Istanbul Protocol sections of a testimony, with the editor's tab titles.
SECTION_LABELS = {
    "background": "Background",
    "arrest": "Arrest",
    "detention": "Detention",
    "treatment": "Treatment",
    "injuries": "Injuries",
    "psychological_effects": "Psychological effects",
    "medical_examination": "Medical examination",
    "aftermath": "Aftermath",
    "narrative": "Narrative",
}
TESTIMONY_SECTIONS = tuple(SECTION_LABELS)

# One consent entry (records.consent has the rules); labels are the editor's columns.
CONSENT_ENTRY = (
    Field("scope", Type.CODE, "Purpose", required=True),
    Field("given_on", Type.DATE, "Given on", required=True),
    Field("recorded_by", Type.TEXT, "Recorded by"),
    Field("note", Type.TEXT, "Note"),
    Field("withdrawn_on", Type.DATE, "Withdrawn on"),
)


# What the Istanbul Protocol (2022) asks to be recorded of the interview itself, so a court
# can weigh the account and nobody interviews a survivor again without need.
INTERVIEW_CONSENT = (
    Field("given", Type.YES_NO, "Given"),
    Field("date", Type.DATE, "Date"),
    Field("how", Type.TEXT, "How recorded"),
)
PREVIOUS_INTERVIEW = (
    Field("date", Type.DATE, "Date"),
    Field("by", Type.TEXT, "By whom (organisation)"),
    Field("note", Type.TEXT, "Note"),
)
INJURY = (
    Field("description", Type.TEXT, "Injury", required=True),
    Field("location", Type.TEXT, "Body location"),
    Field("photos", Type.ITEMS, "Photos"),
)
# One translation of a testimony: of which revision, by whom, and the sections translated.
TRANSLATION = (
    Field("language", Type.LANGUAGE, "Language", required=True),
    Field("translator", Type.TEXT, "Translator"),
    Field("revision", Type.NUMBER, "Translates revision", required=True, bounds=(1, 10**9)),
    Field("sections", Type.SECTIONS, "Translated account"),
)


def _later(
    key: str,
    type_: Type,
    label: str,
    vocabulary: str | None = None,
    parts: tuple[Field, ...] = (),
) -> Field:
    """A field added after the format's first version: absent from a body when empty."""
    return Field(key, type_, label, vocabulary=vocabulary, parts=parts, absent_when_empty=True)


def _language() -> Field:
    return Field("language", Type.LANGUAGE, absent_when_empty=True)


def _translations(*fields: str) -> Field:
    return Field("translations", Type.TRANSLATIONS, translated=fields, absent_when_empty=True)


def _ref(
    key: str, label: str, target: str, facet: str | None = None, required: bool = False
) -> Field:
    return Field(key, Type.REF, label, required=required, target=target, facet=facet)


def _refs(key: str, label: str, target: str, facet: str | None = None) -> Field:
    return Field(key, Type.REFS, label, target=target, facet=facet)


_METHODS = Field("methods", Type.CODES, "Methods", vocabulary="methods", facet="method")
_SOURCES = _refs("sources", "Sources", "testimony")

_KINDS = (
    RecordKind(
        "case",
        "cases",
        (
            Field("title", Type.TEXT, "Title", required=True),
            Field("description", Type.LONG_TEXT, "Description"),
            _language(),
            _translations("title", "description"),
            # The SHA-256s of its photos in the order the exhibition shows them (set by the
            # exhibition composer); photos not named follow, oldest first.
            Field("exhibition_order", Type.NAMES, absent_when_empty=True),
        ),
        title=("title", "description"),
        search_title="title",
    ),
    RecordKind(
        "person",
        "people",
        (
            Field("pseudonym", Type.TEXT, "Pseudonym"),
            Field("full_name", Type.TEXT, "Full name"),
            Field("aliases", Type.NAMES, "Other names"),
            Field("birth_year", Type.NUMBER, "Birth year", bounds=(1900, 2100)),
            Field("citizenship", Type.TEXT, "Citizenship"),
            Field("contact", Type.TEXT, "Contact"),
            Field("roles", Type.CODES, "Roles", vocabulary="roles", facet="role"),
            Field("consent", Type.CONSENT, "Consent"),
        ),
        title=("pseudonym",),
        search_title="pseudonym",
    ),
    RecordKind(
        "facility",
        "facilities",
        (
            Field("name", Type.TEXT, "Name", required=True),
            Field("kind", Type.CODE, "Kind", vocabulary="facility_kinds", facet="facility_kind"),
            Field("region", Type.TEXT, "Region"),
            Field("lat", Type.NUMBER, "Latitude", bounds=(-90, 90)),
            Field("lon", Type.NUMBER, "Longitude", bounds=(-180, 180)),
            Field("operator", Type.TEXT, "Operator"),
            Field("aliases", Type.NAMES, "Other names"),
        ),
        title=("name",),
        search_title="name",
    ),
    RecordKind(
        "testimony",
        "testimonies",
        (
            _ref("case", "Case", "case", "case"),
            _ref("witness", "Witness", "person", "person"),
            Field("interviewer", Type.TEXT, "Interviewer"),
            _later("interpreter", Type.TEXT, "Interpreter"),
            Field("interviewed_on", Type.DATE, "Interviewed on", dated=True),
            Field("place", Type.TEXT, "Place"),
            Field("language", Type.LANGUAGE, "Language (ru, uk, en …)"),
            Field("mode", Type.CODE, "Mode of interview", vocabulary="interview_modes"),
            _later(
                "interview_consent",
                Type.GROUP,
                "Consent to the interview",
                parts=INTERVIEW_CONSENT,
            ),
            _later("read_back", Type.YES_NO, "Statement read back and confirmed"),
            _later(
                "previous_interviews", Type.ROWS, "Previous interviews", parts=PREVIOUS_INTERVIEW
            ),
            Field("period", Type.PERIOD, "Period held", dated=True),
            _METHODS,
            _refs("facilities", "Facilities", "facility", "facility"),
            Field("sections", Type.SECTIONS, "Account"),
            _later("injuries", Type.ROWS, "Injuries and photos", parts=INJURY),
            _later(
                "consistency",
                Type.CODE,
                "Clinician's opinion of consistency",
                vocabulary="istanbul_consistency",
            ),
            _later("clinician", Type.TEXT, "Clinician"),
            _later("translations", Type.SECTION_TRANSLATIONS, "Translations", parts=TRANSLATION),
            Field("excerpts", Type.EXCERPTS, absent_when_empty=True),
        ),
        title=("interviewed_on", "sections"),
        title_joined=True,
    ),
    RecordKind(
        "incident",
        "incidents",
        (
            _ref("case", "Case", "case", "case"),
            _ref("facility", "Facility", "facility", "facility"),
            Field("date", Type.DATE, "Date (2023, 2023-05 …)", dated=True),
            _refs("victims", "Victims", "person", "person"),
            _refs("perpetrators", "Alleged perpetrators", "person", "person"),
            _METHODS,
            _SOURCES,
            Field("description", Type.LONG_TEXT, "Description"),
        ),
        title=("description",),
    ),
    RecordKind(
        "condition",
        "conditions",
        (
            _ref("facility", "Facility", "facility", "facility", required=True),
            Field("observed", Type.DATE, "Observed (2023 …)", dated=True),
            Field("period", Type.PERIOD, "Period", dated=True),
            Field(
                "rule",
                Type.CODE,
                "Mandela Rules topic",
                required=True,
                vocabulary="mandela_rules_topics",
                facet="rule",
            ),
            Field("finding", Type.LONG_TEXT, "Finding", required=True),
            _SOURCES,
        ),
        title=("finding",),
    ),
    RecordKind(  # what an item shows, whom and where
        "evidence",
        "evidence",
        (
            Field("caption", Type.LONG_TEXT, "Caption"),
            _refs("cases", "Cases", "case", "case"),
            _refs("people", "People shown or concerned", "person", "person"),
            _ref("facility", "Facility", "facility", "facility"),
            _ref("incident", "Incident", "incident"),
            Field("publishable", Type.FLAG, "Publishable although it shows no one"),
            _language(),
            _translations("caption"),
        ),
        title=("caption",),
        search_title="caption",
        ref_key="sha256",
    ),
)
# In the order records are stored: later kinds refer to earlier ones.
RECORD_KINDS: dict[str, RecordKind] = {kind.name: kind for kind in _KINDS}
