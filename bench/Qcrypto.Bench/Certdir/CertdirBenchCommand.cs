using System.Globalization;
using Qcrypto.Bench.Wall;
using Qcrypto.TestCerts;
using static Qcrypto.TestCerts.KeyUsageFlags;

namespace Qcrypto.Bench.Certdir;

/// <summary>
/// <c>certdir</c> mode: process wall time of <c>qcrypto certdir check DIR --endpoint server</c> (NativeAOT) against
/// <c>certtool --verify --load-ca-certificate ca-cert.pem --load-crl ca-crl.pem --infile server-cert.pem</c> on the
/// same files, interleaved, in one run. The directory has a 5-deep chain (root, three intermediates, leaf) and a
/// 10,000-entry CRL. Two variants: with dh-params.pem, and without it (QEMU 7.2, and so the checker's real
/// tls-creds-x509 object, then generates 2048-bit DH parameters at load, which certtool never does).
/// Goal: qcrypto within 1.5x of certtool.
/// </summary>
public static class CertdirBenchCommand
{
    private const double Goal = 1.5;
    private const int RevokedEntries = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        WallOptions options;
        try
        {
            options = WallOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"certdir: {e.Message}");
            return 2;
        }

        var qcrypto = options.Qcrypto ?? await QcryptoBinary.PublishAsync();
        var root = Directory.CreateTempSubdirectory("qcrypto-bench-certdir-").FullName;
        try
        {
            var (withDh, withoutDh) = Write(root);
            Console.WriteLine($"qcrypto: {qcrypto}");
            Console.WriteLine($"directory: 5-deep chain (ECDSA P-256), ca-crl.pem with {RevokedEntries:N0} entries ({new FileInfo(Path.Combine(withDh, "ca-crl.pem")).Length / 1024} KiB)");
            Console.WriteLine($"{options.Runs} runs each after {options.Warmup} warm-up runs, interleaved; {Environment.ProcessorCount} CPUs");
            var rows = new List<(string Variant, TimedCommand Qcrypto, TimedCommand Certtool)>();
            foreach (var (variant, dir) in new[] { ("with dh-params.pem", withDh), ("without dh-params.pem", withoutDh) })
            {
                var q = new TimedCommand("qcrypto", variant, qcrypto, ["certdir", "check", dir, "--endpoint", "server"]);
                var c = new TimedCommand("certtool", variant, "certtool",
                    ["--verify", "--load-ca-certificate", Path.Combine(dir, "ca-cert.pem"), "--load-crl", Path.Combine(dir, "ca-crl.pem"), "--infile", Path.Combine(dir, "server-cert.pem")]);
                for (var i = 0; i < options.Warmup; i++)
                {
                    await q.RunOnceAsync();
                    await c.RunOnceAsync();
                }

                for (var i = 0; i < options.Runs; i++)
                {
                    foreach (var command in i % 2 == 0 ? new[] { q, c } : [c, q])
                    {
                        command.Milliseconds.Add(await command.RunOnceAsync());
                    }
                }

                rows.Add((variant, q, c));
            }

            Console.WriteLine();
            Console.WriteLine("| variant               | tool     | median ms | min ms | p90 ms | runs |");
            Console.WriteLine("|-----------------------|----------|-----------|--------|--------|------|");
            foreach (var (variant, q, c) in rows)
            {
                foreach (var t in new[] { q, c })
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {variant,-21} | {t.Tool,-8} | {Stats.Median(t.Milliseconds),9:F2} | {t.Milliseconds.Min(),6:F2} | {Stats.Quantile(t.Milliseconds, 0.9),6:F2} | {t.Milliseconds.Count,4} |"));
                }
            }

            Console.WriteLine();
            foreach (var (variant, q, c) in rows)
            {
                var ratio = Stats.Median(q.Milliseconds) / Stats.Median(c.Milliseconds);
                var best = q.Milliseconds.Min() / c.Milliseconds.Min();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant}: qcrypto/certtool = {ratio:F2}x median, {best:F2}x best (goal <= {Goal:F1}x): {(ratio <= Goal ? "met" : "NOT met")}"));
            }

            return 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("QCRYPTO_BENCH_KEEP") == "1")
            {
                Console.WriteLine($"(kept {root})");
            }
            else
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The two directories, identical but for dh-params.pem.</summary>
    private static (string WithDh, string WithoutDh) Write(string root)
    {
        IssuedCert Ca(string cn, IssuedCert? issuer) => new CertRequest(new("UK", cn, "qcrypto bench"))
        {
            Issuer = issuer,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            KeyPair = KeyPairs.Generate(KeyAlgorithm.EcdsaP256),
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyCertSign | CrlSign),
            Validity = new(TimeSpan.FromMinutes(-1), TimeSpan.FromDays(365)),
        }.Issue();
        var chain = new List<IssuedCert> { Ca("bench root", null) };
        for (var i = 1; i <= 3; i++)
        {
            chain.Add(Ca($"bench intermediate {i}", chain[^1]));
        }

        var leaf = new CertRequest(new("UK", "bench.example", "qcrypto bench"))
        {
            Issuer = chain[^1],
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            KeyPair = KeyPairs.Generate(KeyAlgorithm.EcdsaP256),
            BasicConstraints = BasicConstraintsExtension.CriticalLeaf,
            KeyUsage = new(true, DigitalSignature),
            ExtendedKeyUsage = new(false, KeyPurposeOids.ServerAuth),
            DnsNames = ["bench.example"],
            Validity = new(TimeSpan.FromMinutes(-1), TimeSpan.FromDays(365)),
        }.Issue();
        var crl = new CrlBuilder(chain[^1]);
        for (var i = 0; i < RevokedEntries; i++)
        {
            crl.Revoke(1_000_000 + i);
        }

        var built = crl.Build();
        var writer = new CertDirWriter().CaCerts(chain).Server(leaf).Crl(built);
        var without = writer.WriteTo(Path.Combine(root, "without-dh"));
        var with = writer.DhParameters(DhParams.Ffdhe2048).WriteTo(Path.Combine(root, "with-dh"));
        return (with, without);
    }
}
