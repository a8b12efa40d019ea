using System.CommandLine;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev secret</c>: a launch secret packet for the guest whose measurement is given (sev-tool
/// package_secret): the secret encrypted under the TEK, the header MAC under the TIK binding it to that
/// measurement. The secret comes from a file, or from a qcrypto secret object through the key store.
/// Prints packet-header and secret (base64), ready for sev-inject-launch-secret.
/// </summary>
public static class SevSecretCommand
{
    public static Command Create()
    {
        var tkFile = SevCli.TkFile();
        var tek = SevCli.Tek();
        var tik = SevCli.Tik();
        var measurement = new Option<string>("--measurement") { HelpName = "BASE64", Description = "query-sev-launch-measure's data of the guest (48 bytes)", Required = true };
        var input = new Option<string?>("--in") { HelpName = "FILE", Description = "the secret, byte for byte (zero-padded to a multiple of 16 bytes)" };
        var objects = CommonOptions.Objects(required: false);
        var secretId = new Option<string?>("--secret-id") { HelpName = "ID", Description = "take the secret from this secret object (of the --object lines) instead of --in" };
        var flags = new Option<string>("--flags") { HelpName = "N", Description = "the packet header's FLAGS (bit 0: COMPRESSED, which the firmware may refuse)", DefaultValueFactory = _ => "0" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("secret", "Encrypt a launch secret for a measured guest (packet-header and secret for sev-inject-launch-secret)")
        {
            tkFile, tek, tik, measurement, input, objects, secretId, flags, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(tkFile), r.GetValue(tek), r.GetValue(tik), r.GetValue(measurement)!, r.GetValue(input),
            r.GetValue(objects) ?? [], r.GetValue(secretId), r.GetValue(flags)!, r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string? tkFile, string? tekFile, string? tikFile, string measurement, string? input, string[] objects, string? secretId,
        string flagsText, bool allowWorldReadable, bool json)
    {
        var flags = SevNumbers.Parse(flagsText, "--flags");
        MeasurementBlob blob;
        try
        {
            blob = MeasurementBlob.Parse(measurement);
        }
        catch (Sev.Errors.SevException e)
        {
            throw new UsageException($"--measurement: {e.QemuMessage}", e.Hint);
        }

        if ((input is null) == (secretId is null))
        {
            throw new UsageException(input is null ? "give the secret: --in FILE, or --object LINE and --secret-id ID" : "--in and --secret-id are mutually exclusive");
        }

        using var keys = SevInputs.ReadKeys(tkFile, tekFile, tikFile, needTek: true, allowWorldReadable);
        using var plaintext = input is not null ? SevInputs.ReadPrivate(input, "--in", allowWorldReadable) : FromKeyStore(objects, secretId!, allowWorldReadable);
        if (plaintext.Length == 0)
        {
            throw new UsageException("the secret is empty", "QEMU refuses an empty secret ('SEV: Failed to decode data')");
        }

        var padded = (plaintext.Length + SevSizes.Alignment - 1) / SevSizes.Alignment * SevSizes.Alignment;
        using var payload = SecretBuffer.Allocate(padded);
        plaintext.Span.CopyTo(payload.WritableSpan);
        if (padded != plaintext.Length)
        {
            Diagnostics.Warning($"the secret is {plaintext.Length} bytes: zero-padded to {padded}, as LAUNCH_SECRET takes multiples of 16 bytes [sev-secret-padded]",
                "the guest sees the zeros after the secret; pad it yourself to choose otherwise");
        }

        var packet = SecretPacket.Build(keys, blob.Measure, payload.Span, flags);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("packet-header", packet.HeaderBase64);
                w.WriteString("secret", packet.SecretBase64);
                w.WriteNumber("length", padded);
                w.WriteNumber("secret-bytes", plaintext.Length);
                w.WriteStartObject("qmp");
                w.WriteString("execute", "sev-inject-launch-secret");
                w.WriteStartObject("arguments");
                w.WriteString("packet-header", packet.HeaderBase64);
                w.WriteString("secret", packet.SecretBase64);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        else
        {
            Std.Out.WriteLine($"packet-header: {packet.HeaderBase64}");
            Std.Out.WriteLine($"secret: {packet.SecretBase64}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The secret of <paramref name="id"/>, created from the --object lines through the key store.</summary>
    private static SecretBuffer FromKeyStore(string[] lines, string id, bool allowWorldReadable)
    {
        using var registry = ObjectLineProcessor.Build(lines, allowWorldReadable);
        using var lease = registry.Secrets.Bytes(id);
        return SecretBuffer.CopyOf(lease.Bytes);
    }
}
