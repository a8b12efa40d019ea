using BenchmarkDotNet.Running;
using Qcrypto.Bench;
using Qcrypto.Bench.Wall;

// Modes: "wall" compares whole-process wall time of the qcrypto CLI against openssl; "certdir" compares
// qcrypto certdir check with certtool --verify on a 5-deep chain and a 10,000-entry CRL; anything
// else goes to BenchmarkDotNet's switcher (e.g. --filter '*Secret*').
if (args.Length > 0 && args[0] == "wall")
{
    return await WallCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "certdir")
{
    return await Qcrypto.Bench.Certdir.CertdirBenchCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SecretDecryptBenchmarks).Assembly).Run(args);
return 0;
