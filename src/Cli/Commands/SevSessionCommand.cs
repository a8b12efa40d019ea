using System.CommandLine;
using System.Text;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev session --pdh FILE [--cert-chain FILE] --policy N --out-dir DIR</c>: the guest
/// owner's launch session for a platform (sev-tool generate_launch_blob, sevctl session). Every input
/// is checked and every output computed before anything is written; the files then appear all at once
/// or not at all: godh.cert and launch_blob.bin (raw, sev-tool), godh.b64 and session.b64 (base64, for
/// QEMU's dh-cert-file and session-file), tmp_tk.bin (TEK ‖ TIK, mode 0600).
/// </summary>
internal static class SevSessionCommand
{
    public static Command Create()
    {
        var pdh = new Option<string>("--pdh") { HelpName = "FILE", Description = "the platform's PDH (pdh.cert, raw or base64; or sevctl's export with its chain)", Required = true };
        var chain = new Option<string?>("--cert-chain") { HelpName = "FILE", Description = "PEK ‖ OCA ‖ CEK (cert_chain.cert, raw or base64) to verify the PDH" };
        var policy = SevCli.Policy();
        var outDir = new Option<string>("--out-dir") { HelpName = "DIR", Description = "where to write the session files (created if missing)", Required = true };
        var id = new Option<string>("--id") { HelpName = "ID", Description = "id of the sev-guest object printed", DefaultValueFactory = _ => "sev0" };
        var cbitpos = new Option<string>("--cbitpos") { HelpName = "N", Description = "the host's C-bit position for the printed line (query-sev-capabilities)", DefaultValueFactory = _ => "47" };
        var reduced = new Option<string>("--reduced-phys-bits") { HelpName = "N", Description = "reduced-phys-bits for the printed line", DefaultValueFactory = _ => "1" };
        var force = new Option<bool>("--force") { Description = "overwrite session files already in DIR" };
        var json = CommonOptions.Json();
        var command = new Command("session", "Make the guest owner's launch session for a platform's PDH: files for QEMU's dh-cert-file and session-file, and the keys")
        {
            pdh, chain, policy, outDir, id, cbitpos, reduced, force, json,
        };
        command.SetAction(r => Run(r.GetValue(pdh)!, r.GetValue(chain), r.GetValue(policy)!, r.GetValue(outDir)!, r.GetValue(id)!,
            r.GetValue(cbitpos)!, r.GetValue(reduced)!, r.GetValue(force), r.GetValue(json)));
        return command;
    }

    private static int Run(string pdhPath, string? chainPath, string policyText, string outDir, string id, string cbitposText, string reducedText, bool force, bool json)
    {
        var policy = new SevPolicy(SevNumbers.Parse(policyText, "--policy"));
        var cbitpos = SevNumbers.Parse(cbitposText, "--cbitpos");
        var reduced = SevNumbers.Parse(reducedText, "--reduced-phys-bits");
        if (!Identifier.IsWellFormed(id))
        {
            throw new UsageException($"--id '{id}' is not a valid object id", Identifier.Hint);
        }

        var (pdh, bundled) = SevInputs.ReadPdh(pdhPath);
        var chain = chainPath is not null ? SevInputs.ReadChain(chainPath) : bundled;
        chain?.VerifyPdh(pdh);
        var warnings = new List<ObjectWarning>();
        if (policy.HasReservedBits)
        {
            warnings.Add(new ObjectWarning("sev-policy-reserved", $"policy {policy} sets reserved bits (6-15): the firmware refuses it (Policy is not allowed)", "use bits 0-5 only"));
        }

        if (chain is null)
        {
            warnings.Add(new ObjectWarning("sev-pdh-unverified", "the PDH was not verified: without its certificate chain anyone could have handed it to you",
                "pass --cert-chain cert_chain.cert (query-sev-capabilities' cert-chain) from the same platform"));
        }

        using var session = LaunchSession.Create(pdh, policy);
        var dir = PosixFile.FullPath(outDir);
        var path = (string name) => Path.Combine(dir, name);
        var files = new AtomicFileSet()
            .Add(path("godh.cert"), session.Godh.ToArray(), SevFiles.PublicMode)
            .Add(path("launch_blob.bin"), session.Session, SevFiles.PublicMode)
            .Add(path("godh.b64"), Encoding.ASCII.GetBytes(Convert.ToBase64String(session.Godh.Bytes) + "\n"), SevFiles.PublicMode)
            .Add(path("session.b64"), Encoding.ASCII.GetBytes(Convert.ToBase64String(session.Session) + "\n"), SevFiles.PublicMode);
        using var tk = Keys.SecretBuffer.CopyOf(session.Keys.Both);
        files.AddPrivate(path("tmp_tk.bin"), tk);
        if (!force && files.Existing.Count > 0)
        {
            throw new UsageException($"{string.Join(", ", files.Existing)} already exist{(files.Existing.Count == 1 ? "s" : "")}: nothing was written",
                "choose another --out-dir, or pass --force to replace them");
        }

        CliFiles.CreateDirectories(dir, CliFiles.PrivateDirectory);
        files.Commit();
        var line = $"sev-guest,id={id},cbitpos={cbitpos},reduced-phys-bits={reduced},policy={policy},dh-cert-file={ObjectLineWriter.Escape(path("godh.b64"))},session-file={ObjectLineWriter.Escape(path("session.b64"))}";
        foreach (var w in warnings)
        {
            Diagnostics.Warning($"{w.Message} [{w.Code}]", w.Hint);
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("object", line);
                w.WriteString("policy", policy.ToString());
                SevOutput.WriteStrings(w, "policy-flags", policy.FlagNames);
                w.WriteBoolean("pdh-verified", chain is not null);
                w.WriteStartObject("files");
                foreach (var name in new[] { "godh.cert", "launch_blob.bin", "godh.b64", "session.b64", "tmp_tk.bin" })
                {
                    w.WriteString(name, path(name));
                }

                w.WriteEndObject();
                JsonOutput.WriteWarnings(w, warnings);
                w.WriteEndObject();
            });
        }
        else
        {
            Std.Out.WriteLine(line);
        }

        return ExitCodes.Ok;
    }
}
