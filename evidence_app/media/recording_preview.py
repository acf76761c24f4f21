"""The picture a dossier shows of a recording: a video's key frames side by side, a sound's
waveform (or a loudspeaker when it cannot be decoded). Made in memory from the exported
original, with the bounded decoding of `av_pictures`."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from evidence_app.media.av_pictures import frame_strip, key_frames, sound_icon, waveform_picture
from evidence_app.media.thumbnail import encode_jpeg

KEY_FRAMES: Final = 3


def key_frame_times(duration: float | None) -> list[float]:
    """The moments (seconds) a video's key frames are taken at: the middle of each third of
    it, or its first frame when its length is unknown. The dossier names them beside the
    picture."""
    if not duration or duration <= 0:
        return [0.0]
    return [duration * (index + 0.5) / KEY_FRAMES for index in range(KEY_FRAMES)]


def recording_preview(original: Path, duration: float | None, max_side: int) -> bytes | None:
    """The JPEG to show of the recording at `original`; None when a video's frames at
    `key_frame_times` do not all decode (the page would otherwise name moments it does not
    show). Never raises."""
    try:
        with open(original, "rb") as source:
            times = key_frame_times(duration)
            frames = key_frames(source, times)
            if frames is not None:
                if len(frames) != len(times):
                    return None
                return encode_jpeg(frame_strip(frames, max_side))
            return encode_jpeg(waveform_picture(source, max_side) or sound_icon(max_side))
    except Exception:  # a preview is a courtesy: the exhibit's facts and file stand without it
        return None
