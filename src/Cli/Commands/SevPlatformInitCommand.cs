using System.CommandLine;
using Qcrypto.Posix;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Software;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev platform init DIR</c>: a software SEV platform in DIR: its keys (mode 0600), its
/// certificates under sev-tool's names (pdh.cert, pek.cert, oca.cert, cek.cert, cert_chain.cert),
/// and room for guests. Prints what query-sev-capabilities would.
/// </summary>
internal static class SevPlatformInitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "directory for the platform (created if missing; must not hold one)" };
        var json = CommonOptions.Json();
        var command = new Command("init", "Make a software SEV platform: keys, certificates (sev-tool's file names) and guests in DIR") { dir, json };
        command.SetAction(r => Run(r.GetValue(dir)!, r.GetValue(json)));
        return command;
    }

    private static int Run(string dir, bool json)
    {
        var full = PosixFile.FullPath(dir);
        var written = SoftwarePsp.Create(full);
        using var psp = SoftwarePsp.Open(full);
        var capabilities = SevLaunch.QueryCapabilities(psp, psp);
        var o = psp.Options;
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("platform", full);
                w.WriteNumber("api-major", o.ApiMajor);
                w.WriteNumber("api-minor", o.ApiMinor);
                w.WriteNumber("build-id", o.Build);
                SevOutput.WriteStrings(w, "files", written);
                SevOutput.WriteCapabilities(w, "query-sev-capabilities", capabilities);
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        Std.Out.WriteLine($"software SEV platform in {full}: API {o.ApiMajor}.{o.ApiMinor}, build {o.Build}, cbitpos {o.CbitPosition}, reduced-phys-bits 1");
        Std.Out.WriteLine("  certificates: pdh.cert pek.cert oca.cert cek.cert cert_chain.cert (PEK, OCA, CEK)");
        Std.Out.WriteLine("  private keys: oca.key cek.key pek.key pdh.key ask.key (mode 0600)");
        Std.Out.WriteLine($"next: qcrypto sev session --pdh {Path.Combine(full, "pdh.cert")} --cert-chain {Path.Combine(full, "cert_chain.cert")} --policy 0x1 --out-dir DIR");
        return ExitCodes.Ok;
    }
}
