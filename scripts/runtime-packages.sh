#!/usr/bin/env sh
# Prints the Debian packages that hold the shared libraries BINARY links, one per line: the
# runtime image installs exactly these, so the list never goes stale. Fails when a library belongs
# to no package (a library built by hand would be missing from the image).
#   scripts/runtime-packages.sh build/authorworks
set -eu
binary="$1"
ldd "$binary" | awk '/=> \// { print $3 }' | while read -r library; do
  # merged /usr: dpkg knows a library by the path its package shipped, /lib or /usr/lib.
  real="$(realpath "$library")"
  owner="$(dpkg -S "$library" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "/usr$real" 2>/dev/null ||
    dpkg -S "${real#/usr}" 2>/dev/null)" || {
    echo "runtime-packages: $library ($real) belongs to no Debian package" >&2
    exit 1
  }
  echo "${owner%%:*}"
done | sort -u
