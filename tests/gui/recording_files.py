"""A short phone video and a voice note, encoded in memory with PyAV (FFmpeg's libraries)."""

from __future__ import annotations

import io

import av
import numpy as np

VIDEO_MS = 3_000
VOICE_MS = 2_000
# What the container says of itself: it must reach no log and no file outside the vault.
VIDEO_TITLE = "Yard-of-SIZO-1-at-dusk"
VIDEO_LOCATION = "+50.4501+030.5234/"


def phone_video(seconds: int = VIDEO_MS // 1000, fps: int = 10) -> bytes:
    """An MPEG-4 video whose frames differ (a bar crossing noise), with a title and a
    location atom as a phone writes them."""
    out = io.BytesIO()
    rng = np.random.default_rng(15)
    with av.open(out, "w", format="mp4") as container:
        container.metadata["title"] = VIDEO_TITLE
        container.metadata["location"] = VIDEO_LOCATION
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for n in range(seconds * fps):
            frame = rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)
            frame[100:140, n * 10 : n * 10 + 40] = 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def voice_note(seconds: int = VOICE_MS // 1000) -> bytes:
    """Opus in Ogg, mono at 48 kHz, as messengers send a voice message."""
    out = io.BytesIO()
    rate, step = 48_000, 960
    t = np.arange(rate * seconds) / rate
    wave = (0.3 * np.sin(2 * np.pi * 220 * t) * np.sin(2 * np.pi * 3 * t)).astype(np.float32)
    with av.open(out, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=rate)
        stream.layout = "mono"
        for start in range(0, len(wave), step):
            frame = av.AudioFrame.from_ndarray(
                wave[None, start : start + step], format="flt", layout="mono"
            )
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
