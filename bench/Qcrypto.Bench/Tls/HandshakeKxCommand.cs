using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Qcrypto.Bench.Interop;
using Qcrypto.Objects;
using Qcrypto.Tls;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Bench.Tls;

/// <summary>
/// `tls-kx`: in-process handshakes, both ends on one thread through TlsSession's non-blocking API (a new session
/// pair per handshake, credentials loaded once), against GnuTLS doing the same in the same run:
/// `gnutls-cli --benchmark-tls-kx` (its ECDSA P-256 row; it has no PSK row) and kx-reference.c, GnuTLS's loop
/// compiled here, for ECDSA P-256 and PSK. gnutls-cli counts handshakes per second of process CPU time
/// (CLOCK_PROCESS_CPUTIME_ID, src/benchmark.h), which a shared machine's load does not move; so do the other
/// two CPU rows (all threads of each process, the .NET runtime's included). Wall rates are shown for reference.
/// </summary>
public static partial class HandshakeKxCommand
{
    private const string EcdsaPriority = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP256R1:-CIPHER-ALL:+AES-128-GCM";

    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        using var dirs = new TlsBenchDirs();
        var reference = CompileReference();
        var ecdsaDir = dirs.Ecdsa;
        var rows = new List<string>();

        Console.Error.WriteLine("gnutls-cli --benchmark-tls-kx (all its rows, ~1 minute)...");
        var cli = GnutlsCliEcdsaRow();
        using var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddTls());
        // As the benchmark: the server proves itself, nobody verifies (no client certificate, no peer checks).
        var clientDir = Path.Combine(dirs.Root, "ecdsa-client-ca-only");
        Directory.CreateDirectory(clientDir);
        File.Copy(Path.Combine(ecdsaDir.Client, "ca-cert.pem"), Path.Combine(clientDir, "ca-cert.pem"));
        var x509 = ((TlsCreds)registry.Add($"tls-creds-x509,id=xs,endpoint=server,dir={ecdsaDir.Server},verify-peer=off,priority={EcdsaPriority}"),
            (TlsCreds)registry.Add($"tls-creds-x509,id=xc,endpoint=client,dir={clientDir},verify-peer=off,priority={EcdsaPriority}"));
        var psk = ((TlsCreds)registry.Add($"tls-creds-psk,id=ps,endpoint=server,dir={dirs.Psk}"),
            (TlsCreds)registry.Add($"tls-creds-psk,id=pc,endpoint=client,dir={dirs.Psk}"));

        Ours(x509, registry, 0.5);
        Ours(psk, registry, 0.5);
        var secs = seconds.ToString(CultureInfo.InvariantCulture);
        string[] refEcdsaArgs = ["x509", Path.Combine(ecdsaDir.Server, "server-cert.pem"), Path.Combine(ecdsaDir.Server, "server-key.pem"),
            Path.Combine(ecdsaDir.Server, "ca-cert.pem"), EcdsaPriority, secs];
        string[] refPskArgs = ["psk", dirs.PskKey, Path.Combine(dirs.Psk, "keys.psk"), secs];
        var runs = new List<(double Wall, double Cpu)>[4];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = [];
        }

        // Interleaved rounds, medians: the machine's load changes from one minute to the next.
        for (var round = 0; round < rounds; round++)
        {
            runs[0].Add(Ours(x509, registry, seconds));
            runs[1].Add(Reference(reference, refEcdsaArgs));
            runs[2].Add(Ours(psk, registry, seconds));
            runs[3].Add(Reference(reference, refPskArgs));
        }

        var (ourEcdsa, refEcdsa, ourPsk, refPsk) = (Median(runs[0]), Median(runs[1]), Median(runs[2]), Median(runs[3]));

        Console.WriteLine($"in-process handshakes, one thread, new session pair per handshake ({rounds} interleaved rounds of {seconds} s, medians); {Version()}");
        Console.WriteLine();
        Console.WriteLine("| key exchange | qcrypto TlsSession | GnuTLS loop (kx-reference.c) | ratio | gnutls-cli --benchmark-tls-kx | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Row("TLS1.3 ECDHE-SECP256R1 ECDSA-SECP256R1, per CPU second", ourEcdsa.Cpu, refEcdsa.Cpu, cli));
        Console.WriteLine(Row("PSK, QEMU's priority, per CPU second", ourPsk.Cpu, refPsk.Cpu, null));
        Console.WriteLine(Row("TLS1.3 ECDHE-SECP256R1 ECDSA-SECP256R1, per wall second", ourEcdsa.Wall, refEcdsa.Wall, null));
        Console.WriteLine(Row("PSK, QEMU's priority, per wall second", ourPsk.Wall, refPsk.Wall, null));
        Console.WriteLine();
        Console.WriteLine("Goal: >= 0.9x per CPU second (gnutls-cli's own measure). Wall rates move with the machine's load.");
        return 0;
    }

    private static string Row(string name, double ours, double reference, double? cli) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {ours:F0}/s | {reference:F0}/s | {ours / reference:F2}x | {(cli is { } c ? $"{c:F0}/s | {ours / c:F2}x" : "- | -")} |");

    private static (double Wall, double Cpu) Ours((TlsCreds Server, TlsCreds Client) creds, ObjectRegistry registry, double seconds)
    {
        var pipe = new BufferPipe();
        var n = 0;
        var cpu0 = ThreadCpuClock.ProcessNowNs();
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            pipe.Clear();
            using var s = TlsSession.Create(creds.Server, null, null, TlsEndpoint.Server, pipe.A, registry);
            using var c = TlsSession.Create(creds.Client, null, null, TlsEndpoint.Client, pipe.B, registry);
            var (cs, ss) = (TlsHandshakeStatus.WantsWrite, TlsHandshakeStatus.WantsWrite);
            while (cs != TlsHandshakeStatus.Complete || ss != TlsHandshakeStatus.Complete)
            {
                cs = c.HandshakeStep();
                ss = s.HandshakeStep();
            }

            n++;
        }

        return (n / wall.Elapsed.TotalSeconds, n / ((ThreadCpuClock.ProcessNowNs() - cpu0) / 1e9));
    }

    private static (double Wall, double Cpu) Median(List<(double Wall, double Cpu)> runs) =>
        (runs.Select(r => r.Wall).Order().ElementAt(runs.Count / 2), runs.Select(r => r.Cpu).Order().ElementAt(runs.Count / 2));

    private static (double Wall, double Cpu) Reference(string exe, string[] args)
    {
        var (code, stdout, stderr) = RunTool(exe, args);
        var m = Regex.Match(stdout, @"handshakes/s ([\d.]+) ([\d.]+)");
        if (code != 0 || !m.Success)
        {
            throw new InvalidOperationException($"kx-reference failed: {stderr}");
        }

        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static double? GnutlsCliEcdsaRow()
    {
        var (_, stdout, _) = RunTool("/usr/bin/gnutls-cli", ["--benchmark-tls-kx"]);
        var m = EcdsaRow().Match(stdout);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\(TLS1\.3\)-\(ECDHE-SECP256R1\)-\(ECDSA-SECP256R1-SHA256\)-\(AES-128-GCM\)\s*\n\s*- ([\d.]+) transactions/sec")]
    private static partial Regex EcdsaRow();

    private static string CompileReference()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Tls", "kx-reference.c");
        var exe = Path.Combine(Path.GetTempPath(), $"qcrypto-kx-reference-{Environment.ProcessId}");
        var (code, _, stderr) = RunTool("gcc", ["-O2", "-o", exe, source, "-lgnutls"]);
        return code == 0 ? exe : throw new InvalidOperationException($"gcc kx-reference.c -lgnutls failed (libgnutls28-dev?): {stderr}");
    }

    private static string Version()
    {
        var (_, stdout, _) = RunTool("/usr/bin/gnutls-cli", ["--version"]);
        return stdout.Split('\n')[0];
    }

    private static (int Code, string Stdout, string Stderr) RunTool(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
