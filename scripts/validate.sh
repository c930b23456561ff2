#!/bin/sh
# SPDX-License-Identifier: MIT
# validate.sh ENTENTE — run entente over the reference data in ../shared/data.
# Each engine contributes a script scripts/validate.d/NN-name.sh, called as
#   sh script ENTENTE DATA_DIR
# which prints what it checks and exits non-zero on any mismatch.
bin=$1
data=${ENTENTE_DATA:-../shared/data}
if [ ! -d "$data" ]; then
    echo "validate: reference data not found at $data (set ENTENTE_DATA or place ../shared/data); nothing validated."
    exit 0
fi
pass=0; fail=0
for s in scripts/validate.d/*.sh; do
    [ -f "$s" ] || continue
    echo "== $(basename "$s" .sh)"
    if sh "$s" "$bin" "$data"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL  $(basename "$s")"; fi
done
echo "validate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
