"""Finding names in every grammatical form, in Latin letters, and not in ordinary words."""

from __future__ import annotations

import pytest

from evidence_app.export.name_matching import NameIndex, transliterations

INDEX = NameIndex(
    [
        ("p-petr", "Пётр Иванович Сидоров", []),
        ("p-natalia", "Наталья Сидорова", []),
        ("p-taras", "Тарас Коваленко", ["Kova", "Сашко Лисий"]),
        ("p-olesia", "Олеся Шмыгунова", []),
        ("p-kvasiuk", "Остап Квасюк", []),
        ("p-moroz", "Ганна Мороз", []),
        ("p-li", "Ли Ян", []),
    ]
)


def found(text: str) -> list[tuple[str, str]]:
    return [(match.person_ref, text[match.start : match.end]) for match in INDEX.find(text)]


@pytest.mark.parametrize(
    ("person", "forms"),
    [
        # nominative, genitive, dative, accusative, instrumental, prepositional
        ("p-petr", ["Сидоров", "Сидорова", "Сидорову", "Сидорова", "Сидоровым", "Сидорове"]),
        ("p-petr", ["Пётр", "Петра", "Петру", "Петра", "Петром", "Петре"]),
        ("p-natalia", ["Сидорова", "Сидоровой", "Сидоровой", "Сидорову", "Сидоровой", "Сидоровой"]),
        ("p-natalia", ["Наталья", "Натальи", "Наталье", "Наталью", "Натальей", "Наталье"]),
    ],
)
def test_every_russian_case_of_a_male_and_a_female_name_matches(
    person: str, forms: list[str]
) -> None:
    for form in forms:
        assert (person, form) in found(f"В ШИЗО вместе с {form} были ещё трое."), form


def test_ukrainian_vocatives_match() -> None:
    assert found("Олесю, не плач!") == [("p-olesia", "Олесю")]
    assert found("Тарасе, ти живий?") == [("p-taras", "Тарасе")]
    assert ("p-taras", "Коваленку") in found("Вибачте, пане Коваленку.")
    assert ("p-taras", "Коваленком") in found("Я сидів разом із Коваленком.")
    assert ("p-olesia", "Шмыгуновою") in found("Розмовляв з Олесею Шмыгуновою.")


def test_a_surname_no_dictionary_knows_matches_in_its_cases() -> None:
    for form in ("Квасюк", "Квасюка", "Квасюку", "Квасюком", "Квасюке"):
        assert ("p-kvasiuk", form) in found(f"Допрашивали вместе с {form}."), form
    for form in ("Шмыгуновой", "Шмыгунову", "Шмыгуновою"):
        assert ("p-olesia", form) in found(f"Видели {form} в коридоре."), form


def test_a_name_that_is_also_a_word_matches_only_with_a_capital_letter() -> None:
    assert found("Ночью ударил сильным морозом по бараку.") == []
    assert found("Ночью разговаривал с Морозом.") == [("p-moroz", "Морозом")]
    # An ordinary surname matches whatever the case of its letters, for both Сидоровы:
    # the masculine and feminine forms share a lemma, and the curator tells them apart.
    assert found("с сидоровым") == [("p-natalia", "сидоровым"), ("p-petr", "сидоровым")]


def test_name_parts_shorter_than_three_letters_are_not_looked_for() -> None:
    assert found("Ли это было? Ян не знал.") == []


def test_other_words_with_the_same_beginning_do_not_match() -> None:
    assert found("Петровский парк и село Сидоровка") == []


def test_latin_transliterations_and_aliases_match_as_whole_words() -> None:
    assert transliterations("Коваленко") == ("kovalenko", "kovalenko", "kovalenko")
    assert transliterations("Олеся")[0::2] == ("olesia", "olesia")  # ICAO 9303, uk 2010
    assert transliterations("Згурський")[2] == "zghurskyi"
    text = "Kovalenko's cellmate KOVALENKO, Olesya and Sidorov met kova; Kovalenkovich did not."
    assert found(text) == [
        ("p-taras", "Kovalenko's"),
        ("p-taras", "KOVALENKO"),
        ("p-olesia", "Olesya"),
        ("p-petr", "Sidorov"),
        ("p-taras", "kova"),
    ]


def test_an_alias_of_several_words_matches_as_a_phrase_in_any_case() -> None:
    assert found("Его звали Сашко Лисий.") == [("p-taras", "Сашко Лисий")]
    assert found("Меня били вместе с Сашком Лисим.") == [("p-taras", "Сашком Лисим")]
    assert found("Сашко. Лисий хвост лежал на столе.") == []
