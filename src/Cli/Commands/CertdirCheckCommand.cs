using System.CommandLine;
using Qcrypto.Composition;
using Qcrypto.Tls.Checks;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto certdir check DIR --endpoint server|client</c>: QEMU's verdict on a tls-creds-x509 directory (from
/// the real object), then every check QEMU does not make. Exit 0 no errors (warnings allowed), 1 errors, 2 could not run.
/// </summary>
internal static class CertdirCheckCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "the credentials directory (tls-creds-x509's dir=)" };
        var endpoint = Endpoint();
        var verifyPeer = new Option<string>("--verify-peer")
        {
            HelpName = "on|off",
            Description = "verify-peer of the tls-creds-x509 object, as in QEMU (off: the peer is not authenticated, a warning)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "on",
        };
        verifyPeer.AcceptOnlyFromAmong("on", "off", "yes", "no", "true", "false");
        var hostname = new Option<string[]>("--hostname")
        {
            HelpName = "NAME",
            Description = "a name or IP address clients dial; the server certificate must cover it (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var user = new Option<string?>("--user") { HelpName = "NAME", Description = "audit file access as the emulator's user (qemu, libvirt-qemu): readable files, private keys readable by nobody else" };
        var objects = CommonOptions.Objects(required: false);
        objects.Description = "an -object line created first, e.g. the secret holding the key password (repeatable)";
        var passwordId = new Option<string?>("--passwordid") { HelpName = "ID", Description = "passwordid= of the tls-creds-x509 object: the secret (from --object) with the private key's password" };
        var priority = new Option<string?>("--priority")
        {
            HelpName = "STRING",
            Description = "priority= of the tls-creds-x509 object (default NORMAL): a string GnuTLS refuses fails every session; it decides whether TLS 1.3 is on",
        };
        var warnDays = new Option<int>("--warn-days") { HelpName = "DAYS", Description = "warn about certificates expiring within DAYS days", DefaultValueFactory = _ => 30 };
        var strict = new Option<bool>("--strict") { Description = "exit 1 on warnings too" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("check", "Check a tls-creds-x509 directory: QEMU's verdict, then keys, chains, CRL, names, expiry, permissions")
        {
            endpoint, verifyPeer, hostname, user, objects, passwordId, priority, warnDays, strict, allow, json, dir,
        };
        command.SetAction(r =>
        {
            var options = new CertDirCheckOptions(r.GetValue(dir)!, r.GetValue(endpoint) == "server" ? TlsEndpoint.Server : TlsEndpoint.Client)
            {
                VerifyPeer = r.GetValue(verifyPeer) is null or "on" or "yes" or "true",
                Hostnames = r.GetValue(hostname) ?? [],
                User = r.GetValue(user),
                ObjectLines = r.GetValue(objects) ?? [],
                PasswordId = r.GetValue(passwordId),
                Priority = r.GetValue(priority),
                WarnDays = r.GetValue(warnDays),
                AllowWorldReadableSecrets = r.GetValue(allow),
            };
            return Run(options, r.GetValue(strict), r.GetValue(json));
        });
        return command;
    }

    internal static Option<string> Endpoint()
    {
        var endpoint = new Option<string>("--endpoint") { HelpName = "server|client", Description = "the endpoint the directory is for", Required = true };
        endpoint.AcceptOnlyFromAmong("server", "client");
        return endpoint;
    }

    internal static int Run(CertDirCheckOptions options, bool strict, bool json)
    {
        CertDirReport report;
        try
        {
            report = CertDirChecker.Check(options, QcryptoCatalog.Create());
        }
        catch (CertDirCheckException e)
        {
            throw new UsageException(e.Problem.Render(CliWords.Word), CliWords.Render(e.Fix));
        }

        if (json)
        {
            JsonOutput.Write(w => CertdirReportWriter.Json(w, report, strict));
        }
        else
        {
            CertdirReportWriter.Human(Std.Out, report, Colours.ForStdout(), strict);
        }

        return report.ExitCode != 0 || (strict && report.Warnings > 0) ? ExitCodes.Invalid : ExitCodes.Ok;
    }
}
