# Cross-compiling for 32-bit Raspberry Pi OS / Debian armhf (Pi 2, 3).
# Libraries come from Debian multiarch (libsdl2-dev:armhf …), so the "sysroot"
# is the host's own / and pkg-config is pointed at the armhf .pc files only.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
