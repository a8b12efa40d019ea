using BenchmarkDotNet.Running;
using Qcrypto.Bench;
using Qcrypto.Bench.Wall;

// Modes: "wall" compares whole-process wall time of the qcrypto CLI against openssl; "tls" compares
// qcrypto tls serve/connect with gnutls-serv/gnutls-cli; anything else goes to BenchmarkDotNet's
// switcher (e.g. --filter '*Secret*').
if (args.Length > 0 && args[0] == "wall")
{
    return await WallCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "tls")
{
    return await Qcrypto.Bench.Tls.TlsBenchCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SecretDecryptBenchmarks).Assembly).Run(args);
return 0;
