#!/usr/bin/env bash
# Makes sure the Debian base images the Dockerfile starts from exist: pulled from the registry
# when it can be reached, else built here from Debian's own archive with debootstrap (machines that
# reach deb.debian.org but no container registry, such as CI machines).
#   debian:bookworm       debootstrap --variant=minbase bookworm
#   debian:bookworm-slim  the same, without documentation, manual pages and locales
set -euo pipefail
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

have() { docker image inspect "$1" >/dev/null 2>&1; }

if have debian:bookworm && have debian:bookworm-slim; then
  echo "docker-base-images: debian:bookworm and debian:bookworm-slim are present"
  exit 0
fi
if timeout 60 docker pull -q debian:bookworm >/dev/null 2>&1 && timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
  echo "docker-base-images: pulled debian:bookworm and debian:bookworm-slim"
  exit 0
fi

command -v debootstrap >/dev/null || {
  echo "docker-base-images: no registry and no debootstrap (apt-get install debootstrap)" >&2
  exit 1
}
root="$(mktemp -d /var/tmp/authorworks-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "docker-base-images: no registry; building debian:bookworm from $mirror with debootstrap"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"
# As the official images: no daemons started by package installs, apt lists not kept.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - debian:bookworm >/dev/null

# The slim flavour: dpkg leaves documentation, manual pages and translations out from now on.
cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
echo "docker-base-images: built debian:bookworm and debian:bookworm-slim"
