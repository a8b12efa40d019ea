# The AFL++ + SharpFuzz recipe every fuzz/run-*.sh shares; sourced, not run. Each script sets its
# target and paths, then calls these in order:
#   afl_tools NAME                           afl-fuzz and dotnet present; the pinned sharpfuzz tool installed
#   afl_build BIN DLL [always] [SEEDCMD...]  publish fuzz/Qcrypto.Fuzz to BIN and instrument DLL in it
#   afl_run BIN TARGET FINDINGS SEEDS ARGS... run afl-fuzz on BIN's build (ARGS: -V/-E limits, -x dictionary) and report
# shellcheck shell=bash

afl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
afl_tools_dir="$afl_root/artifacts/fuzz/tools"

afl_tools() {
  local tool
  for tool in afl-fuzz dotnet; do
    command -v "$tool" >/dev/null || { echo "$1: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
  done
  # The instrumenting tool, pinned to the SharpFuzz version the project references.
  if [ ! -x "$afl_tools_dir/sharpfuzz" ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$afl_tools_dir" >/dev/null
  fi
}

# A clean publish before instrumenting: instrumenting an already instrumented assembly fails. Without
# 'always', an instrumented build is reused (another run of a sibling target may be using it). SEEDCMD,
# if given, runs after the publish and before instrumenting (instrumented code runs only under afl-fuzz).
afl_build() {
  local bin="$1" dll="$2" mode="${3:-}"
  shift 2; [ $# -gt 0 ] && shift
  if [ "$mode" = always ] || [ ! -f "$bin/.instrumented" ]; then
    rm -rf "$bin"
    dotnet publish "$afl_root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
    if [ $# -gt 0 ]; then "$@"; fi
    "$afl_tools_dir/sharpfuzz" "$bin/$dll"
    touch "$bin/.instrumented"
  fi
}

# TARGET: QCRYPTO_FUZZ_TARGET ("" for the default -object target). A fresh run starts from SEEDS; an
# existing findings dir is resumed ("-i -").
afl_run() {
  local bin="$1" target="$2" findings="$3" input="$4"
  shift 4
  mkdir -p "$(dirname "$findings")"
  [ -d "$findings/default/queue" ] && input="-"
  export QCRYPTO_FUZZ_TARGET="$target"
  # The target is 'dotnet', which carries no AFL instrumentation of its own: the check must be skipped.
  # No CPU binding (other builds share the 2 cores) and no memory limit (the .NET runtime reserves a
  # lot of address space). -t: the first run of each forked child includes runtime start-up.
  export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
  # The status screen needs a terminal; in a log, print plain progress lines instead.
  [ -t 1 ] || export AFL_NO_UI=1
  afl-fuzz "$@" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Qcrypto.Fuzz.dll"

  local stats="$findings/default/fuzzer_stats" crashes replay=""
  if [ -f "$stats" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
  fi
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  [ -n "$target" ] && replay="QCRYPTO_FUZZ_TARGET=$target "
  echo "crashes: $crashes (replay: ${replay}dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
}
