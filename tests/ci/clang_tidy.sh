#!/usr/bin/env bash
# clang-tidy over every source in lint/ and rules/ with the repository's .clang-tidy (bug-prone
# patterns, avoidable copies); any finding fails. Needs the build's compile_commands.json.
#   clang_tidy.sh BUILD_DIR SOURCE_DIR [JOBS]
set -euo pipefail
build=$1
src=$2
jobs=${3:-2}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [ -z "$tidy" ]; then
  echo "clang-tidy is not installed (tests/setup/install-deps.sh test installs clang-tidy-14)" >&2
  exit 1
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "$build/compile_commands.json is missing (configure the build first)" >&2
  exit 1
fi
cd "$src"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# GCC's precompiled headers (-include cmake_pch.hxx, read as cmake_pch.hxx.gch) mean nothing to
# clang: the commands are handed over without them (every source includes what it uses).
python3 - "$build/compile_commands.json" "$work/compile_commands.json" <<'PY'
import json, re, sys
commands = json.load(open(sys.argv[1]))
for c in commands:
    c["command"] = re.sub(r" -include \S*cmake_pch\.hxx| -Winvalid-pch", "", c["command"])
json.dump(commands, open(sys.argv[2], "w"))
PY
out=$work/out
status=0
find lint rules -name '*.cpp' -print0 | sort -z |
  xargs -0 -n 4 -P "$jobs" "$tidy" -p "$work" --quiet >"$out" 2>&1 || status=$?
# Only diagnostics (with their code lines) are worth reading; "N warnings generated" is noise.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$out" || true
if [ "$status" -ne 0 ]; then
  echo "clang-tidy: findings above (config: .clang-tidy; fix them, or explain a NOLINT at the line)" >&2
  exit 1
fi
echo "clang-tidy: $(find lint rules -name '*.cpp' | wc -l) files, no findings"
