"""The words core shares with the shells: the translation catalogs (keyed by the English)
and the custody actions said as words, so that the app and the dossier say the same thing."""

from __future__ import annotations

from evidence_app.custody.events import ACTION_WORDS as ACTION_WORDS
from evidence_app.kernel.catalogs import catalog as catalog
from evidence_app.media.c2pa_words import C2PA_WORDS as C2PA_WORDS
from evidence_app.media.c2pa_words import c2pa_facts as c2pa_facts
