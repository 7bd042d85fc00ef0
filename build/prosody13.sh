#!/usr/bin/env bash
# Unpacks Prosody 13 from Debian's bookworm-backports into DIR, beside the
# system's Prosody 0.12 (nothing is installed over it): DIR/usr/bin/prosody
# and prosodyctl run the unpacked tree. Skips the work when DIR is complete.
#
# Steps (Debian 12, root or SUDO="sudo"):
# 1. Make apt know bookworm-backports: add a deb822 source for it when no
#    apt source names the suite (same mirror and keyring as the source that
#    serves bookworm), then `apt-get update`. Backports keep their default
#    priority (100: NotAutomatic + ButAutomaticUpgrades), so nothing installed
#    is upgraded to a backport and `prosody` stays 0.12.
# 2. `apt-get download prosody/bookworm-backports` (no install).
# 3. Install what its Depends/Pre-Depends need and the machine lacks, with
#    `apt-get satisfy` (it resolves the virtual lua5.4-* names to lua-*
#    packages and installs nothing already satisfied). Prosody 13 itself is
#    not installed.
# 4. `dpkg-deb -x` into DIR, then point the unpacked usr/bin/prosody and
#    prosodyctl at DIR/usr/lib/prosody (CFG_SOURCEDIR, CFG_PLUGINDIR).
#    CFG_CONFIGDIR and CFG_DATADIR are left alone: callers pass --config.
# 5. Write DIR/.complete (the package version): its presence skips it all.
set -euo pipefail

dir=${1:?usage: build/prosody13.sh DIR}
sudo=${SUDO:-}
suite=bookworm-backports
marker="$dir/.complete"

# Complete, and unpacked at this very path (the scripts hold absolute paths).
if [ -f "$marker" ] && [ -x "$dir/usr/bin/prosody" ] && [ -x "$dir/usr/bin/prosodyctl" ] &&
  grep -qF "CFG_SOURCEDIR='$(cd "$dir" && pwd)/usr/lib/prosody';" "$dir/usr/bin/prosodyctl"; then
  exit 0
fi

apt_get() { DEBIAN_FRONTEND=noninteractive $sudo apt-get "$@"; }

# True when apt's package lists have prosody from $suite.
knows_backport() { [[ $(apt-cache madison prosody 2>/dev/null) == *" $suite/"* ]]; }

# True when some apt source (one-line or deb822) names $suite.
has_source() {
  grep -qsE "(^|[[:space:]])$suite([[:space:]]|$)" /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
}

# "URI KEYRING" of the deb822 stanza (or one-line entry) that serves bookworm.
main_source() {
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do [ -f "$f" ] && files+=("$f"); done
  [ ${#files[@]} -gt 0 ] || return 0
  awk '
    function flush() { if (suites ~ /(^| )bookworm( |$)/ && uri == "") { uri = uris; key = signed } }
    FNR == 1 || /^[[:space:]]*$/ { flush(); suites = ""; uris = ""; signed = "" }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^URIs:/ { uris = $2 }
    /^Signed-By:/ { signed = $2 }
    /^deb[[:space:]]/ && uri == "" {
      i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == "bookworm") uri = $i
    }
    END { flush(); if (uri != "") print uri, (key == "" ? "-" : key) }
  ' "${files[@]}"
}

if ! knows_backport; then
  if ! has_source; then
    read -r uri keyring < <(main_source || true) || true
    [ -n "${uri:-}" ] || { echo "no apt source serves bookworm: cannot derive one for $suite" >&2; exit 1; }
    [ "${keyring:--}" = - ] && keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    echo "Adding $suite ($uri) to apt's sources"
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' "$uri" "$suite" "$keyring" |
      $sudo tee "/etc/apt/sources.list.d/$suite.sources" >/dev/null
  fi
  apt_get update -qq
  knows_backport || { echo "apt does not offer prosody from $suite" >&2; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0777 "$tmp" # apt's download sandbox user writes here
(cd "$tmp" && apt-get download -qq "prosody/$suite")
deb=$(echo "$tmp"/prosody_*.deb)
version=$(dpkg-deb -f "$deb" Version)
case $version in
  13.*) ;;
  *) echo "prosody/$suite is $version, not 13" >&2; exit 1 ;;
esac

depends=$(dpkg-deb -f "$deb" Pre-Depends Depends | sed -E 's/^[A-Za-z-]+: //' | paste -sd, - | sed -E 's/, */, /g')
# A simulation lists what it would install ("Inst ...") and installs nothing;
# when it fails, the real run below reports why.
simulation=$(apt-get satisfy -s "$depends" 2>/dev/null) || simulation="Inst ?"
if [[ $'\n'$simulation == *$'\nInst '* ]]; then
  echo "Installing Prosody $version's missing dependencies"
  apt_get satisfy -y -qq --no-install-recommends "$depends"
fi

rm -rf "$dir"
mkdir -p "$dir"
dpkg-deb -x "$deb" "$dir"
root=$(cd "$dir" && pwd)/usr/lib/prosody
for script in prosody prosodyctl; do
  sed -i -E \
    -e "s|^CFG_SOURCEDIR=.*|CFG_SOURCEDIR='$root';|" \
    -e "s|^CFG_PLUGINDIR=.*|CFG_PLUGINDIR='$root/modules/';|" \
    "$dir/usr/bin/$script"
  grep -q "^CFG_SOURCEDIR='$root';" "$dir/usr/bin/$script" || { echo "could not patch $script" >&2; exit 1; }
done
# Smoke test: the unpacked tree loads its libraries (not the system's 0.12).
echo "certificates = \"$tmp\"" >"$tmp/about.cfg.lua"
[[ $'\n'$("$dir/usr/bin/prosodyctl" --config "$tmp/about.cfg.lua" about 2>/dev/null) == *$'\nProsody 13.'* ]] ||
  { echo "$dir/usr/bin/prosodyctl does not run Prosody 13" >&2; exit 1; }
echo "$version" >"$marker"
echo "Prosody $version unpacked into $dir"
