#!/usr/bin/env bash
# Fails when derive_coder_b.py no longer turns coder A's corpus into the coder
# B corpus that is checked in: the script is the record of every way B differs
# from A, so the agreement golden's counts can be traced to it.
#   check_coder_b.sh SOURCE_DIR
set -euo pipefail
source_dir="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/examples" "$work/tests/data/agreement"
cp -r "$source_dir/examples/left-behind-children" "$source_dir/examples/left-behind-children-coder-b" "$work/examples/"
cp "$source_dir/tests/data/agreement/derive_coder_b.py" "$work/tests/data/agreement/"
(cd "$work" && python3 tests/data/agreement/derive_coder_b.py)
if ! diff -r "$work/examples/left-behind-children-coder-b" "$source_dir/examples/left-behind-children-coder-b"; then
  echo "derive_coder_b.py does not reproduce examples/left-behind-children-coder-b: add the difference to its EDITS" >&2
  exit 1
fi
echo "derive_coder_b.py reproduces coder B"
