using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto demo</c>: the subsystem end to end in a scratch directory, narrated. Grows with every
/// capability; each step uses the same code paths as the verbs and checks its own outcome.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "keep the scratch directory afterwards" };
        var command = new Command("demo", "Show qcrypto working end to end (keys, encrypted secrets, object checks, QEMU interop)") { keep };
        command.SetAction(r => Run(r.GetValue(keep)));
        return command;
    }

    private static int Run(bool keep)
    {
        var dir = Directory.CreateTempSubdirectory("qcrypto-demo-").FullName;
        try
        {
            var failures = 0;
            failures += Step("1. A master key and an encrypted secret", () => EncryptedSecret(dir));
            failures += Step("2. -object lines checked the way QEMU 7.2 checks them", () => ObjectChecks(dir));
            failures += Step("3. A wrong key: QEMU's loose padding check, and our warning", () => WrongKey(dir));
            failures += Step("4. QEMU itself: a LUKS image keyed by our encrypted secret", () => Luks(dir));
            failures += Step("5. TLS sessions from -object lines: PSK and anonymous", () => DemoTls.OwnSessions(dir));
            failures += Step("6. QEMU itself: qemu-nbd with tls-creds-psk, our client over NBD STARTTLS", () =>
                OnPath("qemu-nbd") ? DemoTls.QemuNbd(dir) : Skipped("qemu-nbd"));
            failures += Step("7. A certificate directory: certdir create, certdir check, an x509 handshake with it", () => CertdirDemo.CreateCheckHandshake(dir));
            failures += Step("8. AMD SEV on a software platform: the owner's session, launch and measure, verify, secret, inject", () => DemoSev.LaunchWithSecret(dir));
            failures += Step("9. vhost-user crypto: our front-end and QEMU 7.2 on our back-end daemon", () => DemoVhostUser.Run(dir));
            Std.Out.WriteLine();
            Std.Out.WriteLine(failures == 0 ? "demo: all steps passed" : $"demo: {failures} step(s) failed");
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        }
        finally
        {
            if (keep)
            {
                Std.Out.WriteLine($"(scratch directory kept: {dir})");
            }
            else
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    internal static int Step(string title, Func<bool> body)
    {
        Std.Out.WriteLine();
        Std.Out.WriteLine($"== {title}");
        try
        {
            var ok = body();
            Std.Out.WriteLine(ok ? "   -> ok" : "   -> FAILED");
            return ok ? 0 : 1;
        }
        catch (Exception e) when (e is QcryptoException or IOException or UsageException or InvalidOperationException)
        {
            Std.Out.WriteLine($"   -> FAILED: {(e is IOException ? RuntimeErrorText.Describe(e) : e.Message)}");
            return 1;
        }
    }

    private static string MasterPath(string dir) => Path.Combine(dir, "master.key");

    private static string MasterLine(string dir) => $"secret,id=master,format=base64,file={MasterPath(dir)}";

    private static bool EncryptedSecret(string dir)
    {
        Run("qcrypto secret new-key --out master.key", ["secret", "new-key", "--out", MasterPath(dir)], dir, out _);
        var mode = File.GetUnixFileMode(MasterPath(dir));
        Std.Out.WriteLine($"   master.key: 32 random bytes, base64, mode 0{Convert.ToString((int)mode, 8)}");
        var line = EncryptLine(dir, "letmein", "sec0");
        Std.Out.WriteLine($"   printf letmein | qcrypto secret encrypt --key-file master.key --key-id master --id sec0");
        Std.Out.WriteLine($"   {line}");
        File.WriteAllText(Path.Combine(dir, "sec0.line"), line);

        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(MasterLine(dir));
        registry.Add(line);
        using var lease = registry.Secrets.Utf8("sec0");
        var ok = lease.Bytes.SequenceEqual("letmein"u8);
        Std.Out.WriteLine($"   decrypted through the object model: {lease.Length} bytes, {(ok ? "matches" : "DIFFERS")}");
        return ok;
    }

    private static bool ObjectChecks(string dir)
    {
        string[] lines =
        [
            MasterLine(dir),
            File.ReadAllText(Path.Combine(dir, "sec0.line")),
            "secret,id=sec1,keyid=master,data=zL/3CUYZC1IqOrRrzXqwsA==,format=base64",
            "tls-creds-x509,id=tls0,endpoint=server,dir=/etc/pki/qemu,verify-peer=maybe",
            "memory-backend-ram,id=ram0,size=1.5G,share=on",
            "secret,id=sec2,file=/nonexistent/pw",
        ];
        using var registry = QcryptoCatalog.CreateRegistry();
        var results = ObjectLineProcessor.Run(registry, lines).Lines;
        foreach (var r in results)
        {
            var what = $"{r.Type} '{r.Id}'";
            Std.Out.WriteLine(r.Ok ? $"   ok     {r.Object!.ToObjectLine()}" : $"   error  {what}: {r.Error!.Message}");
            if (CliWords.Render(r.Error?.Fix) is { } hint)
            {
                Std.Out.WriteLine($"          hint: {hint}");
            }
        }

        // Exactly the three broken lines fail, each with QEMU's message.
        return results.Count(r => !r.Ok) == 3
            && results[2].Error?.QemuMessage == "IV is required to decrypt secret"
            && results[3].Error?.QemuMessage == "Parameter 'verify-peer' expects 'on' or 'off'"
            && results[5].Error?.Code == ErrorCodes.SecretRead;
    }

    private static bool WrongKey(string dir)
    {
        var other = Path.Combine(dir, "other.key");
        Run("qcrypto secret new-key --out other.key", ["secret", "new-key", "--out", other], dir, out _);
        using var right = KeyFile.Load(MasterPath(dir), allowWorldReadable: false);
        int refused = 0, flagged = 0, unnoticed = 0;
        const int Trials = 200;
        for (var i = 0; i < Trials; i++)
        {
            // Fresh IVs make fresh garbage: count how often QEMU's check lets a wrong key through.
            var iv = RandomNumberGenerator.GetBytes(SecretCipher.IvLength);
            var ciphertext = SecretCipher.Encrypt(right.Key.Span, iv, System.Text.Encoding.UTF8.GetBytes($"letmein-{i}"));
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add($"secret,id=master,format=base64,file={other}");
            try
            {
                var secret = (SecretCommon)registry.Add(
                    $"secret,id=t,keyid=master,format=base64,iv={Convert.ToBase64String(iv)},data={Convert.ToBase64String(ciphertext)}");
                if (secret.PaddingValid == true)
                {
                    unnoticed++;
                }
                else
                {
                    flagged++;
                }
            }
            catch (SecretException)
            {
                refused++;
            }
        }

        Std.Out.WriteLine($"   {Trials} secrets decrypted with the WRONG master key:");
        Std.Out.WriteLine($"   QEMU 7.2 refuses {refused} and silently accepts {flagged + unnoticed} as (garbage) secrets;");
        Std.Out.WriteLine($"   qcrypto warns on {flagged} of those (secret-padding-invalid); {unnoticed} had valid-looking padding by chance (~1 in 256)");
        return refused + flagged + unnoticed == Trials && refused > 0;
    }

    private static bool Skipped(string tool)
    {
        Std.Out.WriteLine($"   {tool} not found: install qemu-utils to see this step (skipped)");
        return true;
    }

    private static bool Luks(string dir)
    {
        if (!OnPath("qemu-img"))
        {
            return Skipped("qemu-img");
        }

        var line = File.ReadAllText(Path.Combine(dir, "sec0.line"));
        var image = Path.Combine(dir, "disk.luks");
        string[] create = ["create", "-q", "-f", "luks", "--object", MasterLine(dir), "--object", line, "-o", "key-secret=sec0,iter-time=10", image, "4M"];
        Std.Out.WriteLine("   qemu-img create -f luks --object <master line> --object <our sec0 line> -o key-secret=sec0 disk.luks 4M");
        var created = false;
        for (var attempt = 0; attempt < 30 && !created; attempt++)
        {
            // QEMU's PBKDF calibration can see 0 ms of CPU time on fast or virtual CPUs and gives up.
            created = Process("qemu-img", create, dir, out var err) == 0;
            if (!created && !err.Contains("Unable to get accurate CPU usage", StringComparison.Ordinal))
            {
                Std.Out.WriteLine($"   qemu-img: {err.Trim()}");
                return false;
            }
        }

        var password = Path.Combine(dir, "password.txt");
        File.WriteAllText(password, "letmein");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var opened = Process("qemu-img", ["convert", "--object", $"secret,id=pw,file={password}", "--image-opts", $"driver=luks,key-secret=pw,file.filename={image}", "-O", "raw", Path.Combine(dir, "plain.raw")], dir, out var err2) == 0;
        Std.Out.WriteLine(opened
            ? "   qemu-img convert with the PLAINTEXT password (secret,id=pw,file=password.txt) opens it: the key slot holds 'letmein'"
            : $"   qemu-img could not open it with the plaintext: {err2.Trim()}");
        return created && opened;
    }

    private static string EncryptLine(string dir, string plaintext, string id)
    {
        var input = Path.Combine(dir, $"{id}.plain");
        File.WriteAllText(input, plaintext);
        File.SetUnixFileMode(input, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Run(null, ["secret", "encrypt", "--key-file", MasterPath(dir), "--key-id", "master", "--id", id, "--in", input], dir, out var stdout);
        File.Delete(input);
        return stdout.Trim();
    }

    /// <summary>Runs this very qcrypto binary, so the demo shows the real CLI.</summary>
    private static void Run(string? display, string[] args, string dir, out string stdout)
    {
        if (display is not null)
        {
            Std.Out.WriteLine($"   {display}");
        }

        if (Self(args, dir, out stdout, out var err) != 0)
        {
            throw new InvalidOperationException($"qcrypto {string.Join(' ', args.Take(2))} failed: {err.Trim()}");
        }
    }

    /// <summary>Runs this very qcrypto binary with <paramref name="args"/>; its exit code.</summary>
    internal static int Self(string[] args, string dir, out string stdout, out string stderr)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the qcrypto binary");
        var selfArgs = self.EndsWith("/dotnet", StringComparison.Ordinal) ? [Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), .. args] : args;
        return Process(self, selfArgs, dir, out stderr, out stdout);
    }

    private static int Process(string file, string[] args, string dir, out string stderr) => Process(file, args, dir, out stderr, out _);

    private static int Process(string file, string[] args, string dir, out string stderr, out string stdout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        p.StandardInput.Close();
        var errTask = p.StandardError.ReadToEndAsync();
        stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        stderr = errTask.Result;
        return p.ExitCode;
    }

    internal static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}
