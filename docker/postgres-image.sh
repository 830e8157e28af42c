#!/usr/bin/env bash
# Builds a small local PostgreSQL 15 image, for machines that cannot pull one: the server and
# client programs of Debian's installed postgresql-15 packages, the C libraries they link
# against, the time zone data, a static busybox as /bin/sh, and docker/postgres-entrypoint.sh
# (the POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB contract of the official image).
# Tagged localhost/cafesim-postgres:15; docker/compose.cluster.yaml takes it as
# CAFESIM_POSTGRES_IMAGE. Needs, as root: postgresql-15, busybox-static, podman.
set -euo pipefail
image=${1:-localhost/cafesim-postgres:15}
here=$(cd "$(dirname "$0")" && pwd)
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/postgres" ] && [ -x "$bin/psql" ] \
  || { echo "postgres-image: needs Debian's PostgreSQL 15: apt-get install postgresql-15" >&2; exit 1; }

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT

# The packages' own files, without documentation, translations, headers and the LLVM JIT (the
# libLLVM it links, 110 MB, outweighs all the rest; without it PostgreSQL does not compile
# queries, and says nothing).
dpkg -L postgresql-15 postgresql-client-15 libpq5 |
  grep -E '^/usr/(lib|share/postgresql)/' |
  grep -v -E '/(man|doc|bitcode|pgxs)/|/llvmjit' |
  while read -r path; do
    if [ -f "$path" ] && [ ! -L "$path" ]; then cp --parents "$path" "$rootfs"; fi
  done
# The shared libraries they link against (libpq5's symlinks too), where the loader expects them.
find "$rootfs" -type f \( -name '*.so*' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null |
  awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u |
  while read -r lib; do cp --parents -L "$lib" "$rootfs"; done
mkdir -p "$rootfs/usr/share"
cp -a /usr/share/zoneinfo "$rootfs/usr/share/"   # PostgreSQL is built --with-system-tzdata

busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q static; then
  busybox=/bin/busybox
fi
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/usr/local/bin" \
  "$rootfs/var/lib/postgresql/data" "$rootfs/var/run/postgresql"
cp -L "$busybox" "$rootfs/bin/busybox"
for applet in sh mktemp rm; do ln -s busybox "$rootfs/bin/$applet"; done
cp "$here/postgres-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
chmod 1777 "$rootfs/tmp"
# 999, as in the official image.
printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
chown -R 999:999 "$rootfs/var/lib/postgresql" "$rootfs/var/run/postgresql"
chmod 700 "$rootfs/var/lib/postgresql/data"

tar -C "$rootfs" --numeric-owner -c . | podman import \
  --change "ENV PATH=$bin:/usr/local/bin:/bin" \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENV TZ=Etc/UTC' \
  --change 'VOLUME /var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change 'STOPSIGNAL SIGINT' \
  --change 'USER 999:999' \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  - "$image" >/dev/null
echo "built $image ($(du -sh "$rootfs" | cut -f1) on disk)"
