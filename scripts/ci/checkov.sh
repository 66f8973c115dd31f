#!/usr/bin/env bash
# checkov on every synthesized stack (cdktf.out/stacks/*: dev, prod, local and each example), pinned,
# in a venv under .build/ (installed only when missing). One line per stack: passed, failed, skipped;
# a failure is skipped only by an entry of checkov/skips.json, which says why. Exit 1 on any other.
# Expects `npm run synth` to have run (the tests synthesize; run it yourself otherwise).
set -uo pipefail
cd "$(dirname "$0")/../.."

checkov_version=3.3.30
venv=.build/checkov-venv
if [ "$("$venv/bin/checkov" --version 2>/dev/null)" != "$checkov_version" ]; then
  echo "installing checkov $checkov_version into $venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "checkov==$checkov_version"; } > .build/checkov-install.log 2>&1 \
    || { echo "could not install checkov; see .build/checkov-install.log"; exit 1; }
fi

stacks=(cdktf.out/stacks/*/cdk.tf.json)
[ -f "${stacks[0]}" ] || { echo "no synthesized stacks under cdktf.out/stacks: run npm run synth"; exit 1; }
mkdir -p .build/checkov
status=0
for json in "${stacks[@]}"; do
  stack="$(basename "$(dirname "$json")")"
  report=".build/checkov/$stack.json"
  # checkov 3.3.30's terraform_json parser fails on a string directly under `terraform` ("this method receives
  # only dicts"), which `required_version` is (stacks with webhooks need terraform >= 1.11): it scans a copy
  # without it, as it has nothing to check there.
  scanned=".build/checkov/$stack.tf.json"
  node -e 'const fs = require("fs"); const tf = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); delete tf.terraform?.required_version; fs.writeFileSync(process.argv[2], JSON.stringify(tf, null, 2));' "$json" "$scanned"
  # checkov exits 1 on any failed check; the verdict below decides.
  "$venv/bin/checkov" --framework terraform_json -f "$scanned" --output json --quiet --skip-download > "$report" 2> ".build/checkov/$stack.log"
  npx tsx scripts/ci/checkov-verdict.ts "$stack" "$report" checkov/skips.json || status=1
done
exit "$status"
