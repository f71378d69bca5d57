#!/usr/bin/env bash
# Issue 13's done-when check on untuned members of the validation family (FamilyValidationTest, the
# `validation` Maven profile): every default score type through the public ResponseStudy, the whole
# response matrix against the perturbed-ensemble truth. Copies the JSON it writes to docs/validation/
# with the commit and machine load, so docs can render it. Minutes per member on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf target/validation
mvn -B -q -o -Pvalidation test -Dtest='FamilyValidationTest,CriterionControlTest' -Dsurefire.failIfNoSpecifiedTests=false
status=$?
mkdir -p docs/validation
commit=$(git rev-parse --short HEAD)
for f in target/validation/*.json; do
  [ -e "$f" ] || continue
  python3 - "$f" "docs/validation/$(basename "$f")" "$commit" <<'PY'
import json, os, sys
src, dst, commit = sys.argv[1:4]
d = json.load(open(src))
d["commit"] = commit
d["load_average"] = os.getloadavg()[0]
json.dump(d, open(dst, "w"), indent=2)
PY
done
echo "validation exit status: $status (0: the done-when criteria hold on every member)"
exit $status
