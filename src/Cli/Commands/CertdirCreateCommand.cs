using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Qcrypto.Composition;
using Qcrypto.Posix;
using Qcrypto.Tls.Checks;
using Qcrypto.Tls.Creation;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto certdir create DIR --ca-dir CADIR [--hostname H]... [--ip A]... [--client NAME]</c>: a correct
/// tls-creds-x509 directory in one command, with the CA's key kept in CADIR (never in DIR). The result is checked
/// with <c>certdir check</c> before the command reports success.
/// </summary>
internal static class CertdirCreateCommand
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "the credentials directory to write (tls-creds-x509's dir=)" };
        var caDir = new Option<string>("--ca-dir") { HelpName = "CADIR", Description = "where the CA lives: reused if CADIR has ca-cert.pem and ca-key.pem, created (0700) otherwise. Its key never goes into DIR", Required = true };
        var hostname = new Option<string[]>("--hostname") { HelpName = "NAME", Description = "a DNS name clients dial (repeatable): makes a server certificate", AllowMultipleArgumentsPerToken = false };
        var ip = new Option<string[]>("--ip") { HelpName = "ADDR", Description = "an IP address clients dial (repeatable): makes a server certificate", AllowMultipleArgumentsPerToken = false };
        var client = new Option<string?>("--client") { HelpName = "NAME", Description = "make a client certificate with CN=NAME (the DN servers' authz sees)" };
        var days = new Option<int>("--days") { HelpName = "DAYS", Description = "validity of the new certificates (the CA gets at least 10 years)", DefaultValueFactory = _ => 365 };
        var key = new Option<string>("--key") { HelpName = "rsa3072|ecdsa-p256", Description = "key type", DefaultValueFactory = _ => "rsa3072" };
        key.AcceptOnlyFromAmong("rsa3072", "ecdsa-p256");
        var force = new Option<bool>("--force") { Description = "overwrite existing certificate and key files in DIR" };
        var json = CommonOptions.Json();
        var command = new Command("create", "Make a correct tls-creds-x509 directory (CA kept apart) in one command")
        {
            caDir, hostname, ip, client, days, key, force, json, dir,
        };
        command.SetAction(r => Run(r.GetValue(dir)!, r.GetValue(caDir)!, r.GetValue(hostname) ?? [], r.GetValue(ip) ?? [], r.GetValue(client),
            r.GetValue(days), r.GetValue(key) == "ecdsa-p256" ? CertDirKeyType.EcdsaP256 : CertDirKeyType.Rsa3072, r.GetValue(force), r.GetValue(json)));
        return command;
    }

    /// <summary>What one run wrote, for the report and the demo.</summary>
    internal sealed record Created(string Dir, string CaDir, bool NewCa, IReadOnlyList<(string Path, string What)> Files, IReadOnlyList<CertDirReport> Checks);

    private static int Run(string dir, string caDir, string[] hostnames, string[] ipTexts, string? client, int days, CertDirKeyType keyType, bool force, bool json)
    {
        var created = Make(dir, caDir, hostnames, ipTexts, client, days, keyType, force);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("dir", created.Dir);
                w.WriteString("ca_dir", created.CaDir);
                w.WriteBoolean("new_ca", created.NewCa);
                w.WriteStartArray("files");
                foreach (var (path, what) in created.Files)
                {
                    w.WriteStartObject();
                    w.WriteString("path", path);
                    w.WriteString("what", what);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("checks");
                foreach (var report in created.Checks)
                {
                    CertdirReportWriter.Json(w, report, strict: false);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            foreach (var (path, what) in created.Files)
            {
                Std.Out.WriteLine($"wrote {path}: {what}");
            }

            foreach (var report in created.Checks)
            {
                var endpoint = report.Endpoint == TlsEndpoint.Server ? "server" : "client";
                Std.Out.WriteLine($"checked: qcrypto certdir check {report.Dir} --endpoint {endpoint}: QEMU 7.2 {(report.QemuLoads ? "loads it" : "REFUSES it")}, {report.Errors} error(s), {report.Warnings} warning(s)");
                foreach (var f in report.Findings)
                {
                    Std.Out.WriteLine($"  {f.SeverityName} {f.Message} [{f.Code}]");
                }

                Std.Out.WriteLine($"use: -object tls-creds-x509,id={endpoint}0,endpoint={endpoint},dir={report.Dir}");
            }

            Std.Out.WriteLine($"the emulator's user must be able to read the key(s), e.g.: chown root:qemu {created.Dir}/*-key.pem && chmod 0640 {created.Dir}/*-key.pem");
        }

        return created.Checks.All(c => c.Errors == 0) ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    internal static Created Make(string dir, string caDir, string[] hostnames, string[] ipTexts, string? client, int days, CertDirKeyType keyType, bool force)
    {
        if (hostnames.Length + ipTexts.Length == 0 && client is null)
        {
            throw new UsageException("nothing to create: give --hostname/--ip (a server certificate) and/or --client NAME (a client certificate)");
        }

        if (days < 1)
        {
            throw new UsageException("--days must be at least 1");
        }

        var ips = new List<IPAddress>();
        foreach (var text in ipTexts)
        {
            ips.Add(IPAddress.TryParse(text, out var a) ? a : throw new UsageException($"--ip {text}: not an IP address", "DNS names go in --hostname"));
        }

        foreach (var h in hostnames)
        {
            if (h.Length == 0 || h.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '*')) || IPAddress.TryParse(h, out _))
            {
                throw new UsageException($"--hostname {h}: not a DNS name", IPAddress.TryParse(h, out _) ? "IP addresses go in --ip" : null);
            }
        }

        var fullDir = PosixFile.FullPath(dir);
        var fullCa = PosixFile.FullPath(caDir);
        if (fullCa == fullDir)
        {
            throw new UsageException("--ca-dir must not be DIR: the CA's private key must be kept out of the emulator's directory");
        }

        var server = hostnames.Length + ips.Count > 0;
        var targets = new List<string> { TlsCredsFiles.CaCert };
        if (server)
        {
            targets.AddRange([TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey]);
        }

        if (client is not null)
        {
            targets.AddRange([TlsCredsFiles.ClientCert, TlsCredsFiles.ClientKey]);
        }

        var existing = targets.Where(t => t != TlsCredsFiles.CaCert && PosixFile.Exists(Path.Combine(fullDir, t))).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new UsageException($"{string.Join(", ", existing)} already exist(s) in {fullDir}", "add --force to replace them");
        }

        var files = new List<(string, string)>();
        var (issuer, newCa) = OpenCa(fullCa, keyType, days, files);
        using (issuer)
        {
            CliFiles.CreateDirectories(fullDir, CliFiles.PublicDirectory);
            Write(Path.Combine(fullDir, TlsCredsFiles.CaCert), issuer.Ca.ExportCertificatePem() + "\n", Public, files, $"the CA certificate ({issuer.Ca.Subject})");
            if (server)
            {
                var cn = hostnames.FirstOrDefault() ?? ips[0].ToString();
                var (cert, keyPem) = issuer.Issue(cn, server: true, hostnames, ips, keyType, days);
                using (cert)
                {
                    var names = string.Join(", ", hostnames.Select(h => $"DNS:{h}").Concat(ips.Select(a => $"IP:{a}")));
                    Write(Path.Combine(fullDir, TlsCredsFiles.ServerCert), cert.ExportCertificatePem() + "\n", Public, files, $"server certificate CN={cn}, {names}, until {cert.NotAfter.ToUniversalTime():yyyy-MM-dd}");
                    Write(Path.Combine(fullDir, TlsCredsFiles.ServerKey), keyPem + "\n", Private, files, $"its private key ({Describe(keyType)}, mode 0600)");
                }
            }

            if (client is not null)
            {
                var (cert, keyPem) = issuer.Issue(client, server: false, [], [], keyType, days);
                using (cert)
                {
                    Write(Path.Combine(fullDir, TlsCredsFiles.ClientCert), cert.ExportCertificatePem() + "\n", Public, files, $"client certificate CN={client}, until {cert.NotAfter.ToUniversalTime():yyyy-MM-dd}");
                    Write(Path.Combine(fullDir, TlsCredsFiles.ClientKey), keyPem + "\n", Private, files, $"its private key ({Describe(keyType)}, mode 0600)");
                }
            }
        }

        var checks = new List<CertDirReport>();
        try
        {
            if (server)
            {
                checks.Add(CertDirChecker.Check(new CertDirCheckOptions(fullDir, TlsEndpoint.Server) { Hostnames = [.. hostnames, .. ipTexts] }, QcryptoCatalog.Create()));
            }

            if (client is not null)
            {
                checks.Add(CertDirChecker.Check(new CertDirCheckOptions(fullDir, TlsEndpoint.Client), QcryptoCatalog.Create()));
            }
        }
        catch (CertDirCheckException e)
        {
            throw new UsageException(e.Problem.Render(CliWords.Word), CliWords.Render(e.Fix));
        }

        return new Created(fullDir, fullCa, newCa, files, checks);
    }

    private static (CertDirIssuer Issuer, bool New) OpenCa(string caDir, CertDirKeyType keyType, int days, List<(string, string)> files)
    {
        var certPath = Path.Combine(caDir, "ca-cert.pem");
        var keyPath = Path.Combine(caDir, "ca-key.pem");
        var (hasCert, hasKey) = (PosixFile.Exists(certPath), PosixFile.Exists(keyPath));
        if (hasCert && hasKey)
        {
            try
            {
                return (CertDirIssuer.Load(ReadText(certPath), ReadText(keyPath)), false);
            }
            catch (InvalidDataException e)
            {
                throw new UsageException($"cannot use the CA in {caDir}: {e.Message}", "ca-cert.pem and ca-key.pem must be PEM (certtool's or openssl's output)");
            }
        }

        if (hasCert || hasKey)
        {
            throw new UsageException($"{caDir} has {(hasCert ? "ca-cert.pem but no ca-key.pem" : "ca-key.pem but no ca-cert.pem")}: cannot sign with it",
                "give the CA directory that holds both, or an empty one to make a new CA");
        }

        CliFiles.CreateDirectories(caDir, CliFiles.PrivateDirectory);
        var name = $"qcrypto CA {Environment.MachineName} {DateTime.UtcNow:yyyy-MM-dd}";
        var issuer = CertDirIssuer.NewCa(name, keyType, Math.Max(days, 3650));
        Write(keyPath, issuer.CaKeyPem() + "\n", Private, files, "the new CA's private key (mode 0600; keep it here, not in DIR)");
        Write(certPath, issuer.Ca.ExportCertificatePem() + "\n", Public, files, $"the new CA certificate CN={name}, until {issuer.Ca.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        return (issuer, true);
    }

    private static void Write(string path, string content, UnixFileMode mode, List<(string, string)> files, string what)
    {
        // Created 0600 and only then given its final mode: a key is never readable by others while being written.
        CliFiles.Write(path, System.Text.Encoding.ASCII.GetBytes(content), CliFiles.PrivateFile, exclusive: false, finalMode: (int)mode);
        files.Add((path, what));
    }

    private static string ReadText(string path)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Objects.GlibFile.ReadAll(path));
        }
        catch (Objects.GlibFileException e)
        {
            throw new InvalidDataException(e.Message);
        }
    }

    private static string Describe(CertDirKeyType keyType) => keyType == CertDirKeyType.Rsa3072 ? "RSA 3072" : "ECDSA P-256";
}
