#!/usr/bin/env bash
# The main job on the bundled example, end to end, in a scratch policy repository under demo-out/:
# diff the Vocalcom statement against its revision, record both versions in git, gate them as CI would,
# write the change notice, mail opted-in subscribers (to .eml files), and publish the site and feeds.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/demo-out"
rm -rf "$out"
mkdir -p "$out"
export GIT_AUTHOR_NAME="Dana Legal" GIT_AUTHOR_EMAIL="legal@vocalcom.example"
export GIT_COMMITTER_NAME="Dana Legal" GIT_COMMITTER_EMAIL="legal@vocalcom.example"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "policyvc diff policies/privacy.md examples/privacy-revised.md"
policyvc diff "$here/policies/privacy.md" "$here/examples/privacy-revised.md" --no-color

step "policyvc init (a scratch policy repository)"
repo="$out/repo"
policyvc init "$repo"
cd "$repo"
git config user.name "Dana Legal"
git config user.email "legal@vocalcom.example"
cat >> policyvc.toml <<'TOML'

[notify]
sender = "Vocalcom Privacy <privacy@vocalcom.example>"
list_id = "privacy-changes.vocalcom.example"
unsubscribe_url = "https://www.vocalcom.example/unsubscribe?email={email}"

[site]
base_url = "https://www.vocalcom.example/policies/"
title = "Vocalcom Group policies"
organisation = "Vocalcom Group"
TOML
git add policyvc.toml .gitignore
git commit -q -m "policyvc configuration"

step "policyvc commit privacy --from policies/privacy.md (the 2013 statement)"
GIT_AUTHOR_DATE="2013-05-23T12:00:00Z" GIT_COMMITTER_DATE="2013-05-23T12:00:00Z" \
  policyvc commit privacy --from "$here/policies/privacy.md" --effective 2013-05-23 -m "Privacy statement as published in 2013"
git branch -m main 2>/dev/null || true
git checkout -q -b revise-sharing

step "policyvc commit privacy --from examples/privacy-revised.html (a revision pasted from the web page)"
effective=$(python -c "import datetime as d; print(d.date.today() + d.timedelta(days=45))")
policyvc commit privacy --from "$here/examples/privacy-revised.html" --effective "$effective" \
  -m "Share contact details with advertising partners" --acknowledge "Dana Legal <legal@vocalcom.example>"

step "policyvc log"
policyvc log

step "policyvc blame privacy (since when have we said this?)"
policyvc blame privacy | head -n 12

step "policyvc check --base main (what CI says about this pull request)"
policyvc check --base main || echo "(check exited $?)"

step "policyvc notice privacy --format text"
policyvc notice privacy --format text

step "policyvc notify privacy --subscribers examples/subscribers.csv --eml demo-out/outbox"
policyvc notify privacy --subscribers "$here/examples/subscribers.csv" --eml "$out/outbox"
ls "$out/outbox"

step "policyvc publish --out demo-out/site"
policyvc publish --out "$out/site"
printf '\nSite: %s/site/index.html\n' "$out"
