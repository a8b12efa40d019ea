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
internal static class SevSecretCommand
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
        var entries = new Option<string[]>("--efi-secret")
        {
            HelpName = "GUID:FILE",
            Description = "build the EFI secret table OVMF and Linux's efi_secret read (sevctl's format) with this entry (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var iv = new Option<string?>("--iv") { HelpName = "HEX|BASE64", Description = "the 16-byte IV (only to reproduce known answers: never reuse an IV with a TEK)", Hidden = true };
        var flags = new Option<string>("--flags") { HelpName = "N", Description = "the packet header's FLAGS (bit 0: COMPRESSED, which the firmware may refuse)", DefaultValueFactory = _ => "0" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("secret", "Encrypt a launch secret for a measured guest (packet-header and secret for sev-inject-launch-secret)")
        {
            tkFile, tek, tik, measurement, input, objects, secretId, entries, iv, flags, allow, json,
        };
        command.SetAction(r => Run(new Request(r.GetValue(tkFile), r.GetValue(tek), r.GetValue(tik), r.GetValue(measurement)!, r.GetValue(input),
            r.GetValue(objects) ?? [], r.GetValue(secretId), r.GetValue(entries) ?? [], r.GetValue(iv), r.GetValue(flags)!, r.GetValue(allow), r.GetValue(json))));
        return command;
    }

    private sealed record Request(string? TkFile, string? TekFile, string? TikFile, string Measurement, string? In, string[] Objects, string? SecretId,
        string[] Entries, string? Iv, string Flags, bool AllowWorldReadable, bool Json);

    private static int Run(Request request)
    {
        var flags = SevNumbers.Parse(request.Flags, "--flags");
        var iv = request.Iv is null ? null : SevNumbers.Bytes(request.Iv, "--iv", 16);
        MeasurementBlob blob;
        try
        {
            blob = MeasurementBlob.Parse(request.Measurement);
        }
        catch (Sev.Errors.SevException e)
        {
            throw new UsageException($"--measurement: {e.QemuMessage}", e.Hint);
        }

        var sources = (request.In is null ? 0 : 1) + (request.SecretId is null ? 0 : 1) + (request.Entries.Length == 0 ? 0 : 1);
        if (sources != 1)
        {
            throw new UsageException(sources == 0 ? "give the secret: --in FILE, --object LINE with --secret-id ID, or --efi-secret GUID:FILE"
                : "--in, --secret-id and --efi-secret are mutually exclusive");
        }

        var allowWorldReadable = request.AllowWorldReadable;
        var json = request.Json;
        using var keys = SevInputs.ReadKeys(request.TkFile, request.TekFile, request.TikFile, needTek: true, allowWorldReadable);
        using var plaintext = request.In is not null ? SevInputs.ReadPrivate(request.In, "--in", SevInputs.SecretFile, allowWorldReadable)
            : request.SecretId is not null ? FromKeyStore(request.Objects, request.SecretId, allowWorldReadable)
            : EfiTable(request.Entries, allowWorldReadable);
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

        var packet = iv is null ? SecretPacket.Build(keys, blob.Measure, payload.Span, flags) : SecretPacket.Build(keys, blob.Measure, payload.Span, flags, iv);
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

    /// <summary>The EFI secret table of the --efi-secret entries (GUID:FILE each), as sevctl secret build makes it.</summary>
    private static SecretBuffer EfiTable(string[] entries, bool allowWorldReadable)
    {
        var parts = new List<(Guid, SecretBuffer)>();
        try
        {
            foreach (var entry in entries)
            {
                var colon = entry.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0 || !Guid.TryParse(entry.AsSpan(0, colon), out var guid))
                {
                    throw new UsageException($"--efi-secret '{entry}' is not GUID:FILE", "for example --efi-secret 736869e5-84f0-4973-92ec-06879ce3da0b:luks.key");
                }

                parts.Add((guid, SevInputs.ReadPrivate(entry[(colon + 1)..], "--efi-secret", SevInputs.SecretFile, allowWorldReadable)));
            }

            return SecretTable.Build(parts);
        }
        finally
        {
            parts.ForEach(p => p.Item2.Dispose());
        }
    }

    /// <summary>The secret of <paramref name="id"/>, created from the --object lines through the key store.</summary>
    private static SecretBuffer FromKeyStore(string[] lines, string id, bool allowWorldReadable)
    {
        using var registry = ObjectLineProcessor.Build(lines, allowWorldReadable);
        using var lease = registry.Secrets.Bytes(id);
        return SecretBuffer.CopyOf(lease.Bytes);
    }
}
