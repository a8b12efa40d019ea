using BenchmarkDotNet.Running;
using Qcrypto.Bench;
using Qcrypto.Bench.Wall;

// Modes, each comparing qcrypto with the named peer in one run:
//   wall       qcrypto secret encrypt/decrypt vs openssl enc (process wall time)
//   wrapper    the repository's ./qcrypto wrapper vs the binary it runs (its overhead per call)
//   tls        qcrypto tls serve/connect vs gnutls-serv/gnutls-cli
//   tls-kx     in-process one-thread handshakes (non-blocking TlsSession) vs gnutls-cli --benchmark-tls-kx
//   certdir    qcrypto certdir check vs certtool --verify (5-deep chain, 10,000-entry CRL)
//   cryptodev  the virtio-crypto request benchmarks (BenchmarkDotNet arguments may follow)
//   native-lookup  qcrypto_secret_lookup from C (libqcrypto.so) vs the same lookup from C#
// Anything else goes to BenchmarkDotNet's switcher (e.g. --filter '*Secret*').
switch (args.Length > 0 ? args[0] : null)
{
    case "wall":
        return await WallCommand.RunAsync(args[1..]);
    case "wrapper":
        return await WrapperCommand.RunAsync(args[1..]);
    case "tls":
        return await Qcrypto.Bench.Tls.TlsBenchCommand.RunAsync(args[1..]);
    case "tls-kx":
        return Qcrypto.Bench.Tls.HandshakeKxCommand.Run(args[1..]);
    case "certdir":
        return await Qcrypto.Bench.Certdir.CertdirBenchCommand.RunAsync(args[1..]);
    case "native-lookup":
        return Qcrypto.Bench.Native.NativeLookupCommand.Run(args[1..]);
    case "cryptodev":
        BenchmarkRunner.Run<CryptodevBenchmarks>(args: args[1..]);
        return 0;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(SecretDecryptBenchmarks).Assembly).Run(args);
        return 0;
}
