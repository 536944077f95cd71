#!/usr/bin/env bash
# The recipe of localhost/mlnb-debian-base:bookworm (run by setup.sh; its hash, with the mirror's, labels the image,
# so the image is rebuilt exactly when this file or the mirror changes):
#   debian-base.sh MIRROR IMAGE LABEL_VALUE
# debootstrap --variant=minbase bookworm from MIRROR, without apt lists, .debs, docs, man pages and translations
# (and dpkg told to keep leaving them out of later installs), imported with `podman import`.
set -euo pipefail
mirror="$1" image="$2" label="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror" >"$tmp/debootstrap.log" 2>&1 ||
  { tail -n 20 "$tmp/debootstrap.log" >&2; echo "containers: debootstrap from $mirror failed (log above)" >&2; exit 1; }
r="$tmp/rootfs"
rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/*
find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
cat > "$r/etc/dpkg/dpkg.cfg.d/mlnb-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$r/etc/apt/apt.conf.d/99mlnb-slim"
tar -C "$r" --numeric-owner -c . | podman import -q \
  --change 'CMD ["/bin/bash"]' --change "LABEL mlnb.inputs=$label" --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
