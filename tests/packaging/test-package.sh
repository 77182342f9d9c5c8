#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tst_package_deb: cpack -G DEB, dpkg -x, check the layout, run the installed binaries.
set -euo pipefail
build="$1"
version="$2"
arch="$(dpkg --print-architecture)"
work="$(mktemp -d)"
trap 'kill "${sandbox:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
app_deb="$work/out/chainloop-admin_${version}_${arch}.deb"
sandbox_deb="$work/out/chainloop-admin-sandbox_${version}_${arch}.deb"
[ -f "$app_deb" ] || fail "missing $(basename "$app_deb"); got: $(ls "$work/out")"
[ -f "$sandbox_deb" ] || fail "missing $(basename "$sandbox_deb")"

# Dependencies: computed ones plus the run-time ones dpkg-shlibdeps cannot see.
depends="$(dpkg-deb -f "$app_deb" Depends)"
for d in libqt6sql6-sqlite libsecret-1-0 libqt6widgets6 libprotobuf; do
  grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
grep -q gnome-keyring <<<"$(dpkg-deb -f "$app_deb" Recommends)" || fail "Recommends lacks gnome-keyring"
# The app package must not carry the sandbox, nor depend on grpc.
dpkg-deb -c "$app_deb" | grep -q chainloop-sandbox && fail "the app package contains the sandbox"
grep -qi grpc <<<"$depends" && fail "the app package depends on grpc: $depends"

root="$work/root"
dpkg -x "$app_deb" "$root"
dpkg -x "$sandbox_deb" "$root"
id=dev.chainloop.ChainloopAdmin
for f in usr/bin/chainloop-admin usr/bin/chainloop-sandbox \
         usr/share/applications/$id.desktop usr/share/metainfo/$id.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/$id.svg usr/share/icons/hicolor/256x256/apps/$id.png \
         usr/share/icons/hicolor/48x48/apps/$id.png; do
  [ -e "$root/$f" ] || fail "not installed: /$f"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/$id.desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/usr/share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"
fi
# Every screenshot the metadata names is one the project ships in docs/screenshots.
shots="$(grep -oE '<image>[^<]+</image>' "$root/usr/share/metainfo/$id.metainfo.xml" | sed -E 's#.*/([^/<]+)</image>#\1#')"
[ -n "$shots" ] || fail "the metainfo names no screenshot"
for shot in $shots; do
  [ -s "$(dirname "$0")/../../docs/screenshots/$shot" ] || fail "metainfo screenshot $shot is not in docs/screenshots"
done

out="$("$root/usr/bin/chainloop-admin" --version)"
grep -q "$version" <<<"$out" || fail "--version printed: $out"

"$root/usr/bin/chainloop-sandbox" --grpc-port 0 --http-port 0 --seed demo --seed-out "$work/seed.json" \
  > "$work/ready.json" 2> "$work/sandbox.log" &
sandbox=$!
for _ in $(seq 100); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
[ -s "$work/ready.json" ] || { cat "$work/sandbox.log"; fail "sandbox did not start"; }
port="$(sed -E 's/.*"grpc":([0-9]+).*/\1/' "$work/ready.json")"
token="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["user_tokens"]["olivia.owner@acme.example"])' "$work/seed.json")"
HOME="$work/home" CHAINLOOP_TOKEN="$token" "$root/usr/bin/chainloop-admin" doctor --url "127.0.0.1:$port" --insecure \
  --org acme --json > "$work/doctor.json" || { cat "$work/doctor.json"; fail "doctor exited $?"; }
grep -q '"reachable"' "$work/doctor.json" || fail "doctor output: $(cat "$work/doctor.json")"
grep -q "$token" "$work/doctor.json" && fail "doctor printed the token"
echo "package test: $(basename "$app_deb") and $(basename "$sandbox_deb") install and run"
