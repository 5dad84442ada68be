# Cross-compiling for 64-bit Raspberry Pi OS / Debian arm64 (Pi 3, 4, Zero 2 W).
# Libraries come from Debian multiarch (libsdl2-dev:arm64 …), so the "sysroot"
# is the host's own / and pkg-config is pointed at the arm64 .pc files only.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
