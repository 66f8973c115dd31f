#!/usr/bin/env bash
# CI step: `npm run local -- --target localstack` end to end against MiniStack (a LocalStack-compatible
# endpoint that runs the functions as host processes: no Docker), then the same images on the embedded
# emulator, and a comparison of the two runs' per-image verdicts. Exits non-zero when the run fails or a
# verdict differs. Where terraform or the provider mirror is missing it says so loudly and exits 0.
#   MINISTACK_VERSION (default 1.5.33): the pinned MiniStack, installed in .build/ministack-venv when missing.
set -uo pipefail
cd "$(dirname "$0")/../.."

version="${MINISTACK_VERSION:-1.5.33}"
work=.build/localstack-e2e
venv=.build/ministack-venv
mkdir -p "$work"

if ! command -v terraform >/dev/null 2>&1; then
  echo "!!! localstack e2e NOT RUN: terraform is not on PATH (see README, LocalStack: install Terraform 1.5+)"
  exit 0
fi
# The places scripts/kit/localstack/terraform-cli-config.ts looks for a mirror (or the user's own CLI config).
mirror=""
for dir in /opt/tf-plugins ~/.terraform.d/plugins ~/.local/share/terraform/plugins /usr/local/share/terraform/plugins /usr/share/terraform/plugins; do
  [ -d "$dir/registry.terraform.io/hashicorp/aws" ] && mirror="$dir" && break
done
if [ ! -f "${TF_CLI_CONFIG_FILE:-/nonexistent}" ] && [ -z "$mirror" ]; then
  echo "!!! localstack e2e NOT RUN: no hashicorp/aws provider mirror and no TF_CLI_CONFIG_FILE (see README, LocalStack)"
  exit 0
fi

if [ "$("$venv/bin/python" -m pip show ministack 2>/dev/null | sed -n 's/^Version: //p')" != "$version" ]; then
  echo "installing ministack==$version into $venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "ministack==$version"; } > "$work/pip.log" 2>&1 \
    || { echo "could not install ministack==$version; see $work/pip.log"; exit 1; }
fi

# A free loopback port: bound to 0 by the OS, released, handed to MiniStack.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
endpoint="http://127.0.0.1:$port"
# The functions run with the first `node` on PATH: the project's Node 22, as on Lambda.
PATH="$PWD/node_modules/.bin:$PATH" GATEWAY_PORT="$port" BIND_HOST=127.0.0.1 "$venv/bin/ministack" > "$work/ministack.log" 2>&1 &
ministack_pid=$!
stop_ministack() { kill "$ministack_pid" 2>/dev/null && wait "$ministack_pid" 2>/dev/null; }
trap stop_ministack EXIT

if ! curl --silent --fail --retry 60 --retry-delay 1 --retry-connrefused --max-time 2 "$endpoint/_localstack/health" > /dev/null; then
  echo "MiniStack did not answer at $endpoint/_localstack/health; see $work/ministack.log"
  exit 1
fi
echo "MiniStack $version at $endpoint (PID $ministack_pid)"

# State from an earlier run points at another endpoint's resources: start from none (kept aside, not deleted).
for state in terraform.local.tfstate terraform.local.tfstate.backup; do
  [ -f "$state" ] && mv "$state" "$work/$state.before-e2e"
done

started=$SECONDS
npm run --silent local -- --target localstack --endpoint "$endpoint" --destroy --synth \
  --report "$work/report-localstack" --json "$work/localstack.json"
localstack_status=$?
echo "localstack target: exit $localstack_status in $((SECONDS - started)) s"

started=$SECONDS
npm run --silent local -- --stack local --report "$work/report-embedded" --json "$work/embedded.json"
embedded_status=$?
echo "embedded target (stack local): exit $embedded_status in $((SECONDS - started)) s"

[ -f "$work/embedded.json" ] && [ -f "$work/localstack.json" ] || { echo "a run wrote no verdicts"; exit 1; }
npx tsx scripts/ci/compare-verdicts.ts "$work/embedded.json" "$work/localstack.json"
compare_status=$?

[ "$localstack_status" -eq 0 ] && [ "$embedded_status" -eq 0 ] && [ "$compare_status" -eq 0 ]
