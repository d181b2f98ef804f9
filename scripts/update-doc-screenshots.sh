#!/usr/bin/env bash
# Copies the screenshots the docs show (docs/*.md: ![…](screenshots/<name>.png)) from the last browser
# test run (browser-tests/target/screenshots/, written by screenshot(page, '<name>') in
# browser-tests/*.test.mjs) into docs/screenshots/, so the pictures in the docs are the ones the tests
# took. Run it after the browser tests (./mvnw verify, or `cd browser-tests && npm test` against
# ./switchboard up); it fails naming every screenshot the docs need that the run did not produce.
# web/src/test/js/docs-screenshots.test.mjs checks the result in ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."
shots=browser-tests/target/screenshots
mapfile -t names < <(grep -ohE '\]\(screenshots/[A-Za-z0-9._-]+\.png\)' docs/*.md \
  | sed -E 's/^\]\(screenshots\/(.*)\)$/\1/' | sort -u)
if [ ${#names[@]} -eq 0 ]; then
  echo "no doc shows a screenshot (docs/*.md: ![…](screenshots/<name>.png))" >&2
  exit 1
fi
missing=()
for name in "${names[@]}"; do
  [ -f "$shots/$name" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "the browser tests did not produce: ${missing[*]} (in $shots/)." >&2
  echo "Run them first: ./mvnw verify, or cd browser-tests && npm ci && SB_API_URL=http://localhost:8080 npm test" >&2
  exit 1
fi
mkdir -p docs/screenshots
for name in "${names[@]}"; do
  cp "$shots/$name" "docs/screenshots/$name"
done
# Pictures no doc shows any more go.
for file in docs/screenshots/*.png; do
  name=$(basename "$file")
  printf '%s\n' "${names[@]}" | grep -qxF "$name" || { rm "$file"; echo "removed $file (no doc shows it)"; }
done
echo "copied ${#names[@]} screenshots into docs/screenshots/: ${names[*]}"
