# Shared part of the toolchain files: a Debian cross compiler
# (gcc-<triplet>) with the target's libraries installed through multiarch.
# Expects CMAKE_SYSTEM_PROCESSOR and CMAKE_LIBRARY_ARCHITECTURE (the triplet).
# Only compiler, search roots and the test emulator: no project flags.
set(_triplet ${CMAKE_LIBRARY_ARCHITECTURE})
set(CMAKE_C_COMPILER ${_triplet}-gcc)

# Multiarch keeps target libraries in /usr/lib/<triplet> under the host's own
# root; /usr/<triplet> holds the cross toolchain's own libc pieces.
set(CMAKE_FIND_ROOT_PATH /usr/${_triplet} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must see the target's .pc files and never the host's
# (PKG_CONFIG_LIBDIR replaces the default search path, unlike PKG_CONFIG_PATH).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${_triplet}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Test binaries run under qemu-user; the multiarch loader and libraries are
# under / already, so no -L is needed.
find_program(_qemu NAMES qemu-${CMAKE_SYSTEM_PROCESSOR}-static qemu-${CMAKE_SYSTEM_PROCESSOR})
if(_qemu)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${_qemu})
endif()
