using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Launch;

/// <summary>
/// sev-guest's dh-cert-file and session-file, read as QEMU 7.2's sev_read_file_base64 reads them
/// (g_file_get_contents, then glib's lenient base64 decoder, which never fails), plus what QEMU does
/// not do: a warning when the decoded size is not what the firmware takes, since QEMU passes any size
/// on and the firmware answers only with a status code.
/// </summary>
public static class LaunchFiles
{
    public const string DhCertProperty = "dh-cert-file";
    public const string SessionProperty = "session-file";

    /// <summary>The decoded contents, or QEMU's "SEV: Failed to read" error.</summary>
    public static SecretBuffer Read(string path)
    {
        path = GlibFile.AsCString(path);
        try
        {
            using var text = GlibFile.ReadSecret(path);
            return QBase64.DecodeGlib(text.Span);
        }
        catch (GlibFileException e)
        {
            throw new SevException(SevErrorCodes.FileRead, $"SEV: Failed to read '{path}' ({e.Message})", hint: e.Hint, inner: e);
        }
    }

    /// <summary>What is wrong with a decoded file for the firmware, as a warning, or null when its size is right.</summary>
    public static ObjectWarning? Check(string property, string path, int decodedLength, long fileLength)
    {
        var (expected, what, other, otherLength) = property == DhCertProperty
            ? (SevSizes.Certificate, "a SEV certificate", SessionProperty, SevSizes.Session)
            : (SevSizes.Session, "a session buffer", DhCertProperty, SevSizes.Certificate);
        if (decodedLength == expected)
        {
            return null;
        }

        var hint = fileLength == expected
            ? $"the file holds the raw {expected} bytes; QEMU expects base64: base64 -w0 {path} > {path}.b64"
            : decodedLength == otherLength
                ? $"this decodes to {otherLength} bytes, the size of {other}'s contents: are {property} and {other} swapped?"
                : property == DhCertProperty
                    ? "dh-cert-file takes the base64 of the guest owner's DH certificate (sev-tool's godh.cert, sevctl's vm_godh.b64)"
                    : "session-file takes the base64 of the session buffer (sev-tool's launch_blob.bin, sevctl's vm_session.b64)";
        var message = decodedLength == 0
            ? $"{property} '{path}' decodes to nothing (glib's base64 decoder stops at a NUL byte and skips what is not base64): QEMU passes an empty buffer, which KVM refuses (LAUNCH_START fails)"
            : $"{property} '{path}' decodes to {decodedLength} bytes, not the {expected} of {what}: QEMU passes it on and LAUNCH_START fails ('Buffer too small')";
        return new ObjectWarning($"sev-{property}-size", message, hint);
    }

    /// <summary>A warning when only one of the two files is given (the firmware needs both for a key exchange).</summary>
    public static ObjectWarning? CheckPair(string? dhCertFile, string? sessionFile) =>
        (dhCertFile is null) == (sessionFile is null) ? null
        : new ObjectWarning("sev-session-pair",
            dhCertFile is null ? "session-file without dh-cert-file: the firmware cannot unwrap the session (LAUNCH_START fails, 'Certificate is invalid')"
                : "dh-cert-file without session-file: LAUNCH_START fails ('Buffer too small')",
            "give both files of one session (or neither: the firmware then makes keys nobody can attest with)");
}
