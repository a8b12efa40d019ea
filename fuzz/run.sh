#!/usr/bin/env bash
# Fuzzes the -object line parser and the object registry with AFL++ through SharpFuzz.
#   fuzz/run.sh [SECONDS]      (default 300)
# Builds fuzz/Qcrypto.Fuzz, instruments Qcrypto.Secrets.dll with the sharpfuzz tool, seeds a corpus
# from fuzz/corpus and runs afl-fuzz for SECONDS. Findings go to fuzz/findings/ (ignored by git);
# replay one with: dotnet artifacts/fuzz/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail

seconds="${1:-300}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/fuzz/bin"
tools="$root/artifacts/fuzz/tools"
findings="$root/fuzz/findings"

for tool in afl-fuzz dotnet; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
done

# The instrumenting tool, pinned to the SharpFuzz version the project references.
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# A clean publish each time: instrumenting an already instrumented assembly fails.
rm -rf "$bin"
dotnet publish "$root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
"$tools/sharpfuzz" "$bin/Qcrypto.Secrets.dll"

# A fresh run starts from the seed corpus; an existing findings dir is resumed ("-i -").
input="$root/fuzz/corpus"
if [ -d "$findings/default/queue" ]; then
  input="-"
fi

# The target is 'dotnet', which carries no AFL instrumentation of its own: the check must be skipped.
# No CPU binding (other builds share the 2 cores) and no memory limit (the .NET runtime reserves a
# lot of address space). -t: the first run of each forked child includes runtime start-up.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# The status screen needs a terminal; in a log, print plain progress lines instead.
[ -t 1 ] || export AFL_NO_UI=1
afl-fuzz -V "$seconds" -i "$input" -o "$findings" -x "$root/fuzz/objectline.dict" -t 5000 -m none \
  -- dotnet "$bin/Qcrypto.Fuzz.dll"

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
fi
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes (replay: dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
