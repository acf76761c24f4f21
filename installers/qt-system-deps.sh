#!/bin/sh
# Qt's xcb platform plugin (the window on an X11 or XWayland desktop) loads system libraries
# that PySide6's wheel does not ship. This finds the ones missing on this Linux machine and
# installs their Debian/Ubuntu packages with apt-get (as root, or through sudo when it needs
# no password); otherwise it stops with one line naming the packages to install.
#
#   sh installers/qt-system-deps.sh PYTHON         # PYTHON: the venv's interpreter
set -u
python=${1:?usage: qt-system-deps.sh PYTHON}
[ "$(uname -s)" = Linux ] || exit 0

qt_dir=$("$python" -c 'import importlib.util, os; print(os.path.join(os.path.dirname(importlib.util.find_spec("PySide6").origin), "Qt"))') || exit 1

# Shared objects the xcb plugin and the recordings' player (Qt Multimedia's FFmpeg plugin)
# link to, and xcb-cursor, which Qt 6.5+ opens at run time.
missing=$(ldd "$qt_dir/plugins/platforms/libqxcb.so" "$qt_dir/lib/libQt6XcbQpa.so.6" \
          "$qt_dir/lib/libQt6Gui.so.6" "$qt_dir/lib/libQt6Widgets.so.6" \
          "$qt_dir/lib/libQt6Multimedia.so.6" "$qt_dir/plugins/multimedia/libffmpegmediaplugin.so" \
          "$qt_dir"/lib/libavcodec.so.* "$qt_dir"/lib/libavformat.so.* 2>/dev/null \
          | awk '/not found/ {print $1}' | sort -u)
if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0'; then
  missing="$missing libxcb-cursor.so.0"
fi
# Without any font Qt draws empty boxes; DejaVu covers Latin and Cyrillic.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
  missing="$missing fonts"
fi
[ -n "$(echo $missing)" ] || exit 0

packages=""
unknown=""
for soname in $missing; do
  case $soname in
    libxcb-cursor.so.0) package=libxcb-cursor0 ;;
    libxcb-icccm.so.4) package=libxcb-icccm4 ;;
    libxcb-keysyms.so.1) package=libxcb-keysyms1 ;;
    libxcb-image.so.0) package=libxcb-image0 ;;
    libxcb-render-util.so.0) package=libxcb-render-util0 ;;
    libxcb-randr.so.0) package=libxcb-randr0 ;;
    libxcb-shape.so.0) package=libxcb-shape0 ;;
    libxcb-sync.so.1) package=libxcb-sync1 ;;
    libxcb-xfixes.so.0) package=libxcb-xfixes0 ;;
    libxcb-xkb.so.1) package=libxcb-xkb1 ;;
    libxcb-shm.so.0) package=libxcb-shm0 ;;
    libxcb-render.so.0) package=libxcb-render0 ;;
    libxcb-util.so.1) package=libxcb-util1 ;;
    libxcb.so.1) package=libxcb1 ;;
    libX11-xcb.so.1) package=libx11-xcb1 ;;
    libX11.so.6) package=libx11-6 ;;
    libxkbcommon-x11.so.0) package=libxkbcommon-x11-0 ;;
    libxkbcommon.so.0) package=libxkbcommon0 ;;
    libEGL.so.1) package=libegl1 ;;
    libGL.so.1 | libGLX.so.0) package=libgl1 ;;
    libOpenGL.so.0) package=libopengl0 ;;
    libfontconfig.so.1) package=libfontconfig1 ;;
    libfreetype.so.6) package=libfreetype6 ;;
    libdbus-1.so.3) package=libdbus-1-3 ;;
    libpulse.so.0) package=libpulse0 ;;
    libXrandr.so.2) package=libxrandr2 ;;
    libXext.so.6) package=libxext6 ;;
    libXrender.so.1) package=libxrender1 ;;
    libdrm.so.2) package=libdrm2 ;;
    libbz2.so.1 | libbz2.so.1.0) package=libbz2-1.0 ;;
    libglib-2.0.so.0 | libgthread-2.0.so.0) package=libglib2.0-0 ;;
    fonts) package="fontconfig fonts-dejavu-core" ;;
    *) unknown="$unknown $soname"; continue ;;
  esac
  case " $packages " in *" $package "*) ;; *) packages="$packages $package" ;; esac
done

if [ -n "$packages" ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "installing the system libraries Qt needs to open a window:$packages"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null \
      && packages="" \
      || echo "apt-get could not install them."
  fi
fi
if [ -n "$packages$unknown" ]; then
  echo "Evidence App cannot open its window: Qt needs system libraries that are missing." >&2
  [ -n "$packages" ] && echo "Install them with: sudo apt-get install$packages" >&2
  [ -n "$unknown" ] && echo "Also missing (find the package that provides each):$unknown" >&2
  exit 1
fi
exit 0
