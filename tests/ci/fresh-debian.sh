#!/usr/bin/env bash
# fresh-debian.sh [DIR]: runs the README's two commands, `make run` and then .ci/run (`make test`),
# each on its own clean clone of this repository's HEAD, inside a minimal Debian 12 made by
# debootstrap, as root. `make run` goes first, on the untouched system, so that what it installs
# for itself is all it gets. A green suite on a
# developer's machine can hide a package that install-deps.sh forgets, because the machine has it
# anyway; a minimal Debian has almost nothing (no make, no file, no dpkg-dev), so what the suite
# needs and the script does not install fails here. Takes about 25 minutes on 2 cores, most of it
# the suite; needs network access to Debian's mirror and the npm registry. Not part of the suite.
#   DIR: where the system goes (default: a new directory under /var/tmp); removed at the end
#   unless KEEP=1. The log is DIR.log next to it.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian.sh: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
dir=${1:-$(mktemp -d /var/tmp/s3policy-fresh.XXXXXX)}
log=$dir.log
mirror=${MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && return
  # Never remove a tree that still has this machine's /dev or /proc mounted inside it.
  if grep -q " $dir/" /proc/mounts; then
    echo "fresh-debian: something is still mounted under $dir; left in place" >&2
  else
    rm -rf --one-file-system "$dir"
  fi
}
trap cleanup EXIT

echo "fresh-debian: debootstrap bookworm (minbase) into $dir"
debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$log" 2>&1
for m in proc sys dev dev/pts; do
  mount --bind "/$m" "$dir/$m"
  mounted+=("$dir/$m")
done
# The network as this machine sees it: name resolution, and the certificates and npm settings of
# an egress proxy, when there is one (nothing of the project).
cp /etc/resolv.conf /etc/hosts "$dir/etc/"
mkdir -p "$dir/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/" 2>/dev/null || true
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$dir/root/.npmrc"
# A clean clone of HEAD, and the shared research folder beside it, as CI has it.
for clone in s3policy-run s3policy; do
  git clone -q "$repo" "$dir/root/$clone"
  git -C "$dir/root/$clone" checkout -q "$(git -C "$repo" rev-parse HEAD)"
done
[ -d "$repo/../shared" ] && cp -r "$repo/../shared" "$dir/root/shared"

echo "fresh-debian: make run, then make test, in the chroot (log: $log)"
status=0
chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  DEBIAN_FRONTEND=noninteractive CI=true bash -c '
    set -e
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends make >/dev/null  # the README asks for it first
    echo "fresh-debian: make run"
    make -C /root/s3policy-run run
    echo "fresh-debian: .ci/run"
    cd /root/s3policy && bash .ci/run' >>"$log" 2>&1 || status=$?
tail -n 5 "$log"
echo "fresh-debian: make run and .ci/run exited $status"
exit "$status"
