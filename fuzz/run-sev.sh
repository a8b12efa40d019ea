#!/usr/bin/env bash
# Fuzzes the SEV parsers (fuzz/Qcrypto.Fuzz/SevTargets.cs) with AFL++ through SharpFuzz: the same recipe
# as run.sh, instrumenting Qcrypto.Sev.dll.
#   fuzz/run-sev.sh cert|session [EXECUTIONS]     (default 10000000: stops when afl-fuzz has run that many)
# cert: SEV certificates, the PEK/OCA/CEK chain and OVMF's GUID table; session: the firmware's
# LAUNCH_START key exchange (the owner's DH certificate and session buffer).
# Findings go to fuzz/findings/sev-TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=sev-TARGET dotnet artifacts/fuzz-sev/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail

target="${1:?usage: fuzz/run-sev.sh cert|session [EXECUTIONS]}"
executions="${2:-10000000}"
case "$target" in cert|session) ;; *) echo "run-sev.sh: target is cert or session" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/fuzz-sev/bin"
tools="$root/artifacts/fuzz/tools"
findings="$root/fuzz/findings/sev-$target"

for tool in afl-fuzz dotnet; do
  command -v "$tool" >/dev/null || { echo "run-sev.sh: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
done

if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# One instrumented build serves both targets (built unless another run is using it). The seeds (a real
# certificate, a chain, a table, a session that unwraps) are made by the build before it is
# instrumented: instrumented code runs only under afl-fuzz.
seeds="$root/artifacts/fuzz-sev/seeds"
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin" "$seeds"
  dotnet publish "$root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
  dotnet "$bin/Qcrypto.Fuzz.dll" --sev-seeds "$seeds/cert" "$seeds/session"
  "$tools/sharpfuzz" "$bin/Qcrypto.Sev.dll"
  touch "$bin/.instrumented"
fi

mkdir -p "$(dirname "$findings")"
input="$seeds/$target"
if [ -d "$findings/default/queue" ]; then
  input="-"
fi

export QCRYPTO_FUZZ_TARGET="sev-$target"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
[ -t 1 ] || export AFL_NO_UI=1
afl-fuzz -E "$executions" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Qcrypto.Fuzz.dll"

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
fi
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes (replay: QCRYPTO_FUZZ_TARGET=sev-$target dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
