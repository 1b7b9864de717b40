#!/usr/bin/env bash
# The main job on the bundled example: what changed between the Vocalcom statement and its revision.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== policyvc diff policies/privacy.md examples/privacy-revised.md"
policyvc diff policies/privacy.md examples/privacy-revised.md
