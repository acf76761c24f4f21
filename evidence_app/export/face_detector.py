"""Finding faces offline, to propose regions a curator then accepts or rejects.

dlib's CNN face detector (MMOD) finds faces turned partly away, small, or lit from one side
that Haar cascades missed, and far fewer blossoms and car seats (benchmarks/README.md).
Its weights ship inside the `face-recognition-models` package, so nothing is downloaded.
The network costs about ten seconds per megapixel on one core, so it looks at a copy of
`WORKING_SIDE` pixels on its longer side: large photos are shrunk, small ones enlarged so
that faces reach the network's smallest window (about 40 pixels). Everything stays in
memory. The picture given here was already decoded within the image-size guards of
`make_thumbnail`.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import dlib
import numpy as np
from PIL import Image

from evidence_app.core.errors import EvidenceAppError

WORKING_SIDE = 800
MAX_ENLARGEMENT = 4.0  # beyond this an enlarged thumbnail shows nothing more to find
MIN_SCORE = 0.0  # the network's own threshold: every box it is confident of is proposed
_WEIGHTS = "mmod_human_face_detector.dat"
_REINSTALL = "The face detector needs {}, which is not installed; reinstall evidence-app."


class DetectorMissing(EvidenceAppError):
    """The detector's weights are not installed: the installation is incomplete."""


@dataclass(frozen=True)
class Detection:
    x: int
    y: int
    width: int
    height: int
    score: float


def _weights_path() -> Path:
    # find_spec locates the package without running its __init__, which imports the
    # deprecated pkg_resources only to compute this same path.
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorMissing(_REINSTALL.format("the face-recognition-models package"))
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / _WEIGHTS
    if not path.is_file():
        raise DetectorMissing(_REINSTALL.format(_WEIGHTS))
    return path


@cache
def _network() -> Any:
    return dlib.cnn_face_detection_model_v1(str(_weights_path()))


@cache
def detector_name() -> str:
    """Names the detector and its weights exactly, for the custody log."""
    digest = hashlib.sha256(_weights_path().read_bytes()).hexdigest()[:16]
    return f"dlib {dlib.__version__} cnn {_WEIGHTS} sha256:{digest} at {WORKING_SIDE} px"


def working_scale(size: tuple[int, int]) -> float:
    return min(MAX_ENLARGEMENT, WORKING_SIDE / max(size))


def detect_faces(image: Image.Image) -> list[Detection]:
    """Boxes around faces in an upright RGB picture, in its pixels, most confident first."""
    scale = working_scale(image.size)
    working = image.convert("RGB")
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        working = working.resize(size, Image.Resampling.BILINEAR)
    found = _network()(np.ascontiguousarray(np.asarray(working)), 0)
    detections = []
    for candidate in found:
        if candidate.confidence < MIN_SCORE:
            continue
        rect = candidate.rect
        left, top = max(0, rect.left()), max(0, rect.top())
        right = min(working.width, rect.right() + 1)
        bottom = min(working.height, rect.bottom() + 1)
        if right <= left or bottom <= top:
            continue
        detections.append(
            Detection(
                round(left / scale),
                round(top / scale),
                max(1, round((right - left) / scale)),
                max(1, round((bottom - top) / scale)),
                round(float(candidate.confidence), 3),
            )
        )
    return sorted(detections, key=lambda d: -d.score)
