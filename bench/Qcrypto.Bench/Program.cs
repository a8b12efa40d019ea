using BenchmarkDotNet.Running;
using Qcrypto.Bench;
using Qcrypto.Bench.Wall;

// Modes: "wall" compares whole-process wall time of the qcrypto CLI against openssl; "cryptodev"
// runs the virtio-crypto request benchmarks (BenchmarkDotNet arguments may follow); anything else
// goes to BenchmarkDotNet's switcher (e.g. --filter '*Secret*').
if (args.Length > 0 && args[0] == "wall")
{
    return await WallCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cryptodev")
{
    BenchmarkRunner.Run<CryptodevBenchmarks>(args: args[1..]);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(SecretDecryptBenchmarks).Assembly).Run(args);
return 0;
