using Qcrypto.Objects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto secret new-key --pkcs11 URI</c>: an AES-256 key generated inside a PKCS#11 token, where it
/// stays (CKA_TOKEN, CKA_SENSITIVE, not CKA_EXTRACTABLE); with <c>--id</c>, the -object lines that
/// load it as a secret-pkcs11 master key.
/// </summary>
internal static class Pkcs11NewKey
{
    public static int Run(string uriText, string? output, bool force, string? id, bool allowWorldReadable, bool json)
    {
        if (output is not null)
        {
            throw new UsageException("--out and --pkcs11 are mutually exclusive: a token key never leaves the token");
        }

        if (id is not null && !Identifier.IsWellFormed(id))
        {
            throw new UsageException($"--id '{id}' is not a valid object id", Identifier.Hint);
        }

        using var uri = KeyUri.Parse(uriText, "--pkcs11", allowWorldReadable);
        var token = uri.Generate(force);
        var lines = id is null ? [] : new[] { uri.PinLine(id), uri.ObjectLine(id) }.OfType<string>().ToArray();
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("key_uri", uri.Uri.ToString());
                w.WriteString("token", token);
                w.WriteString("label", uri.Uri.Object);
                w.WriteString("module", uri.ModulePath);
                w.WriteNumber("key_bytes", 32);
                w.WriteBoolean("sensitive", true);
                w.WriteBoolean("extractable", false);
                JsonOutput.WriteOptional(w, "object", id is null ? null : uri.ObjectLine(id));
                JsonOutput.WriteOptional(w, "pin_object", id is null ? null : uri.PinLine(id));
                w.WriteEndObject();
            });
        }
        else
        {
            Std.Err.WriteLine($"generated an AES-256 key '{uri.Uri.Object}' in PKCS#11 token '{token}' (sensitive, never extractable)");
            foreach (var line in lines)
            {
                Std.Out.WriteLine(line);
            }
        }

        return ExitCodes.Ok;
    }
}
