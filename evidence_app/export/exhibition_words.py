"""The fixed words of a printed exhibition, in each language an edition can be printed in.

Everything a visitor reads that is not the curator's own text comes from here, so that a
Ukrainian edition has no English or Russian in it. Quotation marks follow each language's
typography: guillemets for Russian and Ukrainian, curly quotes for English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LANGUAGES = ("en", "ru", "uk")


@dataclass(frozen=True)
class EditionWords:
    counts: str
    note: str
    warning_title: str
    warning: str
    organised_by: str
    conditions: str
    testimonies: str
    witness: str
    exhibit: str
    page: str
    subject: str
    quotes: tuple[str, str]
    months: tuple[str, ...]

    def date(self, day: dt.date) -> str:
        return f"{day.day} {self.months[day.month - 1]} {day.year}"

    def quoted(self, text: str) -> str:
        opening, closing = self.quotes
        return f"{opening}{text}{closing}"


WORDS = {
    "en": EditionWords(
        counts="{photos} photographs · {testimonies} testimonies · {places} places of detention",
        note="People appear under pseudonyms unless they asked to be named. Faces and marked "
        "details in the photographs are blurred to protect them. Each photograph carries a "
        "reference to the documented original held for legal proceedings.",
        warning_title="Before you continue",
        warning="This exhibition documents torture and ill-treatment in places of detention. "
        "Some photographs and testimonies describe violence and its consequences and may be "
        "distressing.",
        organised_by="Organised by {organiser}",
        conditions="Conditions of detention",
        testimonies="Testimonies",
        witness="A witness",
        exhibit="Exhibit",
        page="Page {number} of {total}",
        subject="Exhibition",
        quotes=("\u201c", "\u201d"),
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
    ),
    "ru": EditionWords(
        counts="Фотографий: {photos} · свидетельств: {testimonies} · мест заключения: {places}",
        note="Люди названы псевдонимами, если они не просили назвать их по имени. Лица и "
        "отмеченные детали на фотографиях размыты ради их защиты. У каждой фотографии есть "
        "ссылка на задокументированный оригинал, хранящийся для судебного разбирательства.",
        warning_title="Прежде чем продолжить",
        warning="Эта выставка документирует пытки и жестокое обращение в местах лишения "
        "свободы. Некоторые фотографии и свидетельства описывают насилие и его последствия и "
        "могут вас расстроить.",
        organised_by="Организатор: {organiser}",
        conditions="Условия содержания",
        testimonies="Свидетельства",
        witness="Свидетель",
        exhibit="Экспонат",
        page="Страница {number} из {total}",
        subject="Выставка",
        quotes=("\u00ab", "\u00bb"),
        months=(
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
    ),
    "uk": EditionWords(
        counts="Фотографій: {photos} · свідчень: {testimonies} · місць утримання: {places}",
        note="Людей названо псевдонімами, якщо вони не просили назвати їх на ім'я. Обличчя "
        "та позначені деталі на фотографіях розмито задля їхнього захисту. Кожна фотографія "
        "має посилання на задокументований оригінал, що зберігається для судового розгляду.",
        warning_title="Перш ніж продовжити",
        warning="Ця виставка документує катування та жорстоке поводження в місцях позбавлення "
        "волі. Деякі фотографії та свідчення описують насильство та його наслідки і можуть "
        "вас засмутити.",
        organised_by="Організатор: {organiser}",
        conditions="Умови утримання",
        testimonies="Свідчення",
        witness="Свідок",
        exhibit="Експонат",
        page="Сторінка {number} з {total}",
        subject="Виставка",
        quotes=("\u00ab", "\u00bb"),
        months=(
            "січня",
            "лютого",
            "березня",
            "квітня",
            "травня",
            "червня",
            "липня",
            "серпня",
            "вересня",
            "жовтня",
            "листопада",
            "грудня",
        ),
    ),
}
