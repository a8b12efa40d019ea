using System.Globalization;
using Qcrypto.Bench.Wall;

namespace Qcrypto.Bench.Tls;

/// <summary>
/// `tls` mode: qcrypto tls serve/connect against gnutls-serv/gnutls-cli, tool pair against tool pair
/// on loopback, in one run: handshakes per second (one client process per handshake: PSK, x509 ECDSA
/// P-256, x509 RSA-3072, client certificates verified) and bulk echo throughput (x509, AES-GCM).
/// </summary>
public static class TlsBenchCommand
{
    private const string PskPriority = "NORMAL:+ECDHE-PSK:+DHE-PSK:+PSK";
    private const string GnutlsBanner = "- Simple Client Mode:\n\n";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 40);
        var bulkMiB = Option(args, "--bulk-mib", 128);
        var qcrypto = args.SkipWhile(a => a != "--qcrypto").Skip(1).FirstOrDefault() ?? await QcryptoBinary.PublishAsync();
        const string serv = "/usr/bin/gnutls-serv";
        const string cli = "/usr/bin/gnutls-cli";
        if (!File.Exists(serv) || !File.Exists(cli))
        {
            Console.Error.WriteLine("gnutls-serv/gnutls-cli are missing: apt-get install gnutls-bin");
            return 2;
        }

        using var dirs = new TlsBenchDirs();
        var rows = new List<(string What, double Ours, double Theirs, string Unit)>();
        foreach (var (name, ours, theirs) in Pairs(dirs, qcrypto, serv, cli))
        {
            using (ours)
            using (theirs)
            {
                ours.RunClient(null);
                theirs.RunClient(null);
                var a = new List<double>();
                var b = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    a.Add(ours.RunClient(null));
                    b.Add(theirs.RunClient(null));
                }

                rows.Add(($"handshakes/s {name}", 1000 / Median(a), 1000 / Median(b), "1/s"));
                if (name == "x509 ECDSA")
                {
                    var bytes = (long)bulkMiB << 20;
                    var x = new List<double>();
                    var y = new List<double>();
                    for (var i = 0; i < 3; i++)
                    {
                        x.Add(ours.RunEcho(bytes, null));
                        y.Add(theirs.RunEcho(bytes, GnutlsBanner));
                    }

                    rows.Add(($"bulk echo MiB/s {name}", bulkMiB / (Median(x) / 1000), bulkMiB / (Median(y) / 1000), "MiB/s"));
                }
            }
        }

        Console.WriteLine($"qcrypto tls serve/connect ({qcrypto}) vs gnutls-serv/gnutls-cli {Version(cli)}, loopback, {runs} client processes per handshake row, {bulkMiB} MiB echoed x3 for bulk");
        Console.WriteLine();
        Console.WriteLine("| measure | qcrypto | gnutls tools | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (what, ours, theirs, unit) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {ours:F1} {unit} | {theirs:F1} {unit} | {ours / theirs:F2}x |"));
        }

        Console.WriteLine();
        Console.WriteLine("Goals: handshakes >= 0.8x, bulk >= 0.9x. Handshake rows include each tool's process start-up.");
        return 0;
    }

    private static IEnumerable<(string Name, TlsToolPair Ours, TlsToolPair Theirs)> Pairs(TlsBenchDirs dirs, string qcrypto, string serv, string cli)
    {
        var psk = Path.Combine(dirs.Psk, "keys.psk");
        yield return ("PSK",
            new TlsToolPair("qcrypto PSK", qcrypto, port => Serve(port, $"tls-creds-psk,id=t,endpoint=server,dir={dirs.Psk}"),
                qcrypto, port => Connect(port, $"tls-creds-psk,id=c,endpoint=client,dir={dirs.Psk}")),
            new TlsToolPair("gnutls PSK", serv, port => ["--echo", "--pskpasswd", psk, "--priority", PskPriority, "-p", port.ToString(CultureInfo.InvariantCulture)],
                cli, port => ["--pskusername", "qemu", "--pskkey", dirs.PskKey, "--priority", PskPriority, "-p", port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"]));
        foreach (var (name, x509) in new[] { ("x509 ECDSA", dirs.Ecdsa), ("x509 RSA", dirs.Rsa) })
        {
            yield return (name,
                new TlsToolPair($"qcrypto {name}", qcrypto, port => Serve(port, $"tls-creds-x509,id=t,endpoint=server,dir={x509.Server}"),
                    qcrypto, port => [.. Connect(port, $"tls-creds-x509,id=c,endpoint=client,dir={x509.Client}"), "--hostname", TlsBenchDirs.Hostname]),
                new TlsToolPair($"gnutls {name}", serv, port =>
                    ["--echo", "--x509cafile", Path.Combine(x509.Server, "ca-cert.pem"), "--x509certfile", Path.Combine(x509.Server, "server-cert.pem"),
                     "--x509keyfile", Path.Combine(x509.Server, "server-key.pem"), "--require-client-cert", "--verify-client-cert", "-p", port.ToString(CultureInfo.InvariantCulture)],
                    cli, port =>
                    ["--x509cafile", Path.Combine(x509.Client, "ca-cert.pem"), "--x509certfile", Path.Combine(x509.Client, "client-cert.pem"),
                     "--x509keyfile", Path.Combine(x509.Client, "client-key.pem"), "--verify-hostname", TlsBenchDirs.Hostname,
                     "-p", port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"]));
        }
    }

    private static string[] Serve(int port, string line) =>
        ["tls", "serve", "--object", line, "--creds", "t", "--listen", $"127.0.0.1:{port}", "--echo"];

    private static string[] Connect(int port, string line) =>
        ["tls", "connect", "--object", line, "--creds", "c", $"127.0.0.1:{port}"];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Version(string cli)
    {
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(cli, ["--version"]) { RedirectStandardOutput = true })!;
        var first = p.StandardOutput.ReadLine() ?? string.Empty;
        p.WaitForExit();
        return first;
    }
}
