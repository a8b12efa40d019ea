using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests.ReaderGone;

/// <summary>
/// Inputs that make verbs print far more than a pipe holds (64 KiB), so a reader that stops early always makes a
/// later write fail with EPIPE, however fast the machine: a certificate directory whose ca-cert.pem holds 1000 CA
/// certificates (a line each in the report, and two findings), a command line with 2000 -object secrets, a 1 MiB
/// secret. Made once per test class.
/// </summary>
public sealed class LongOutputs : IDisposable
{
    private const int CaCopies = 1000;
    private const int ArgvObjects = 2000;

    private readonly TempDir _dir = new();

    public LongOutputs()
    {
        CertDir = _dir.File("tls");
        Check(CliRunner.Run(_dir.Path, "certdir", "create", CertDir, "--ca-dir", _dir.File("ca"), "--hostname", "h"));
        var ca = File.ReadAllText(Path.Combine(CertDir, "ca-cert.pem"));
        File.WriteAllText(Path.Combine(CertDir, "ca-cert.pem"), string.Concat(Enumerable.Repeat(ca, CaCopies)));

        var objects = string.Concat(Enumerable.Range(1, ArgvObjects).Select(i => $" -object secret,id=s{i},data=x{i}"));
        Argv = _dir.Write("argv.txt", $"qemu-system-x86_64 -machine none{objects}\n");
        BadArgv = _dir.Write("bad-argv.txt", $"qemu-system-x86_64 -machine none{objects} -object secret,id=bad,data=x,format=nope\n");

        Key = _dir.File("master.key");
        Check(CliRunner.Run(_dir.Path, "secret", "new-key", "--out", Key));
        var secret = new byte[1 << 20];
        Random.Shared.NextBytes(secret);
        Secret = _dir.Private("secret.bin", secret);
        ReadableSecret = _dir.Write("readable.txt", "hello");
    }

    public string Dir => _dir.Path;

    public string CertDir { get; }

    public string Argv { get; }

    /// <summary><see cref="Argv"/> and then one object that is wrong: `object check` exits 1.</summary>
    public string BadArgv { get; }

    public string Key { get; }

    /// <summary>1 MiB, mode 0600.</summary>
    public string Secret { get; }

    /// <summary>A short secret others can read: `secret encrypt --in` warns about it on stderr, then prints the line.</summary>
    public string ReadableSecret { get; }

    /// <summary>The verbs with long output, by name, and the exit code each has when its reader reads everything.</summary>
    public static TheoryData<string, int> Verbs => new()
    {
        { "certdir-check", 0 },
        { "certdir-check-json", 0 },
        { "object-check-argv", 0 },
        { "object-check-argv-failing", 1 },
        { "secret-encrypt", 0 },
        { "secret-encrypt-json", 0 },
    };

    public string[] Args(string verb) => verb switch
    {
        "certdir-check" => ["certdir", "check", CertDir, "--endpoint", "server"],
        "certdir-check-json" => ["certdir", "check", CertDir, "--endpoint", "server", "--json"],
        "object-check-argv" => ["object", "check", "--argv", Argv],
        "object-check-argv-failing" => ["object", "check", "--argv", BadArgv],
        "secret-encrypt" => ["secret", "encrypt", "--key-file", Key, "--key-id", "master", "--id", "sec0", "--in", Secret],
        "secret-encrypt-json" => ["secret", "encrypt", "--key-file", Key, "--key-id", "master", "--id", "sec0", "--in", Secret, "--json"],
        _ => throw new ArgumentException(verb, nameof(verb)),
    };

    public void Dispose() => _dir.Dispose();

    private static void Check(CliRunner.Result r) => Assert.True(r.ExitCode == 0, r.Stderr);
}
