#!/usr/bin/env bash
# Fuzzes the virtio-crypto request processor (fuzz/Qcrypto.Fuzz/CryptodevTarget.cs) with AFL++ through
# SharpFuzz: the same recipe as run.sh, instrumenting Qcrypto.Cryptodev.dll instead.
#   fuzz/run-cryptodev.sh [SECONDS]      (default 300)
# Findings go to fuzz/findings/cryptodev/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=cryptodev dotnet artifacts/fuzz-cryptodev/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail

seconds="${1:-300}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/fuzz-cryptodev/bin"
tools="$root/artifacts/fuzz/tools"
findings="$root/fuzz/findings/cryptodev"

for tool in afl-fuzz dotnet; do
  command -v "$tool" >/dev/null || { echo "run-cryptodev.sh: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
done

if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

rm -rf "$bin"
dotnet publish "$root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
"$tools/sharpfuzz" "$bin/Qcrypto.Cryptodev.dll"

mkdir -p "$(dirname "$findings")"
input="$root/fuzz/corpus-cryptodev"
if [ -d "$findings/default/queue" ]; then
  input="-"
fi

export QCRYPTO_FUZZ_TARGET=cryptodev
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
[ -t 1 ] || export AFL_NO_UI=1
afl-fuzz -V "$seconds" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Qcrypto.Fuzz.dll"

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
fi
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes (replay: QCRYPTO_FUZZ_TARGET=cryptodev dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
