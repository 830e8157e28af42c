#!/usr/bin/env bash
# Builds a small local Java 17 runtime image, for machines that cannot pull one: a jlink'd
# JRE from the installed JDK, the C libraries it links against, and a static busybox as
# /bin/sh. Tagged localhost/cafesim-jre:17; the Dockerfile takes it as RUNTIME_IMAGE.
set -euo pipefail
image=${1:-localhost/cafesim-jre:17}
# What the fat jar needs (jdeps --print-module-deps), plus java.net.http for the health probe.
modules=java.base,java.desktop,java.management,java.naming,java.net.http,java.sql,jdk.jfr,jdk.unsupported

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$rootfs/opt/java/openjdk"

# The shared libraries the JRE links against, where the loader expects them.
find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null |
  awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u |
  while read -r lib; do cp --parents -L "$lib" "$rootfs"; done

busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q static; then
  busybox=/bin/busybox
fi
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/app"
cp -L "$busybox" "$rootfs/bin/busybox"
ln -s busybox "$rootfs/bin/sh"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ncafesim:x:10001:10001:cafesim:/app:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\ncafesim:x:10001:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/opt/java/openjdk/bin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  - "$image" >/dev/null
echo "built $image ($(du -sh "$rootfs" | cut -f1) on disk)"
