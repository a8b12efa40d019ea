using BenchmarkDotNet.Running;
using Qcrypto.Bench;
using Qcrypto.Bench.Wall;

// Two modes: "wall" compares whole-process wall time of the qcrypto CLI against openssl; anything
// else goes to BenchmarkDotNet's switcher (e.g. --filter '*Secret*').
if (args.Length > 0 && args[0] == "wall")
{
    return await WallCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SecretDecryptBenchmarks).Assembly).Run(args);
return 0;
