"""`make run` on a real display: the window opens on Qt's xcb platform, not only offscreen.

Xvfb stands in for the desktop; `make test` installs it and the libraries Qt's xcb plugin
needs (installers/qt-system-deps.sh). The window must be seen by the X server itself, so the
test asks the server for its windows rather than asking Qt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MAIN = Path(__file__).parents[2] / "main.py"


@pytest.fixture
def x_display() -> Iterator[str]:
    if not all(shutil.which(tool) for tool in ("Xvfb", "xwininfo", "xprop")):
        pytest.fail("Xvfb, xwininfo and xprop are needed: `make test` installs xvfb, x11-utils")
    # Xvfb picks a free display itself and writes its number on the pipe: two test runs on
    # one machine never share (or kill) each other's server.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as numbers:
            number = numbers.readline().strip()
        if not number:
            pytest.fail("Xvfb did not start")
        display = f":{number.decode()}"
        deadline = time.monotonic() + 20
        while subprocess.run(
            ["xwininfo", "-root", "-display", display], capture_output=True
        ).returncode:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("Xvfb did not start")
            time.sleep(0.1)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def _app_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    (home / "runtime").mkdir(mode=0o700)
    env.update(extra)
    return env


def _main_windows(tree: str) -> list[str]:
    """Ids of the server's windows titled "Evidence App" that are large enough to use.

    Qt also maps a 1x1 group-leader window with the application's name; it does not count.
    """
    ids = []
    for row in tree.splitlines():
        if '"Evidence App"' in row:
            geometry = row.split(")")[-1].split()[0]  # "1100x720+0+0"
            width, height = (int(n) for n in geometry.split("+")[0].split("x"))
            if width >= 640 and height >= 400:
                ids.append(row.split()[0])
    return ids


def test_the_window_opens_on_the_xcb_platform(x_display: str, tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, str(MAIN)],
        env=_app_env(tmp_path, DISPLAY=x_display, QT_QPA_PLATFORM="xcb"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        tree = ""
        while not _main_windows(tree):
            if app.poll() is not None:
                pytest.fail(f"the app exited with {app.returncode}: {app.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no 'Evidence App' window appeared; the server has:\n{tree}")
            time.sleep(0.25)
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", x_display],
                capture_output=True,
                text=True,
            ).stdout
        # The window carries the application icon from resources/ and names its .desktop entry.
        # Qt may map the window a moment before it sets the icon on a busy machine.
        window = _main_windows(tree)[0]
        properties = ""
        while "Icon (128 x 128)" not in properties and time.monotonic() < deadline:
            time.sleep(0.25)
            properties = subprocess.run(
                ["xprop", "-display", x_display, "-id", window], capture_output=True, text=True
            ).stdout
        assert "Icon (16 x 16)" in properties and "Icon (128 x 128)" in properties
        assert '"org.evidenceapp.EvidenceApp"' in properties
    finally:
        app.terminate()
        _, stderr = app.communicate(timeout=20)
    assert "Could not load the Qt platform plugin" not in stderr
    assert "Traceback" not in stderr


def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(MAIN)],
        env=_app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a graphical desktop" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
