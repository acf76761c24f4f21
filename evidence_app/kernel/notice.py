"""A sentence for a person that each shell says in its own language.

The template is English, and is the key the desktop app's catalogs translate; the values fill
its `{fields}`. A value that is itself a Notice (a reason inside a sentence) is translated
too, so no part of what the app says stays in English under another language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Union

Value = Union[str, "Notice"]


@dataclass(frozen=True)
class Notice:
    template: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        values = {
            key: value.render(translate) if isinstance(value, Notice) else value
            for key, value in self.values.items()
        }
        return translate(self.template).format(**values)

    def __str__(self) -> str:
        return self.render(lambda template: template)
