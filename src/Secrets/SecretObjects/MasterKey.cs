using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;

namespace Qcrypto.SecretObjects;

/// <summary>
/// A master key file (for <c>keyid=</c>): base64 of 32 bytes, newline allowed, or 32 raw bytes; knows the
/// <c>-object secret</c> line that makes QEMU load it the same way.
/// </summary>
public sealed class MasterKey : IDisposable
{
    private MasterKey(string path, SecretFormat format, SecretBuffer key)
    {
        Path = path;
        Format = format;
        Key = key;
    }

    public string Path { get; }

    public SecretFormat Format { get; }

    /// <summary>The 32 key bytes.</summary>
    public SecretBuffer Key { get; }

    /// <summary>Reads and checks the key file at <paramref name="path"/>.</summary>
    /// <exception cref="SecretException">the file cannot be read (<see cref="ErrorCodes.SecretRead"/>, with QEMU's
    /// message), or holds no 32-byte key (<see cref="ErrorCodes.SecretKeyLength"/>, with a fix in terms of the file).</exception>
    public static MasterKey Load(string path, bool allowWorldReadable)
    {
        var full = PosixFile.FullPath(path);
        using var content = SecretFile.Read(full, refuseWorldReadable: !allowWorldReadable);
        try
        {
            if (QBase64.Check(content.Span) is null)
            {
                var decoded = QBase64.Decode(content.Span);
                if (decoded.Length == SecretCipher.KeyLength)
                {
                    return new MasterKey(full, SecretFormat.Base64, decoded);
                }

                if (content.Length != SecretCipher.KeyLength)
                {
                    using (decoded)
                    {
                        SecretCipher.CheckKey(decoded.Span);
                    }
                }

                decoded.Dispose();
            }

            SecretCipher.CheckKey(content.Span);
            return new MasterKey(full, SecretFormat.Raw, SecretBuffer.CopyOf(content.Span));
        }
        catch (SecretException e) when (e.Code == ErrorCodes.SecretKeyLength)
        {
            // The hints of the object model speak of the master secret's -object line; here there is only the file.
            throw new SecretException(e.Code, e.QemuMessage, hint: KeyFileHint(content.Span, e.Fix));
        }
    }

    /// <summary>What is wrong with a key file that is neither 32 raw bytes nor base64 of them, in terms of the file.</summary>
    private static Advice? KeyFileHint(ReadOnlySpan<byte> content, Advice? hint)
    {
        var text = content.TrimEnd("\r\n"u8);
        if (content.Contains((byte)'\r') && QBase64.Check(text) is null)
        {
            // QEMU's base64 decoder refuses \r: the printed master line (format=base64) would fail too.
            return new Advice("the key file is base64 with a Windows (CRLF) line ending, which QEMU's base64 decoder refuses: convert it with 'dos2unix FILE' (or make a new key with '{0}')", SecretCipher.NewKey);
        }

        if (text.Length == 64 && text.IndexOfAnyExcept("0123456789abcdefABCDEF"u8) < 0)
        {
            return new Advice("the key file looks hex-encoded (openssl -K style): convert it with 'xxd -r -p FILE > KEY' (or make a new key with '{0}')", SecretCipher.NewKey);
        }

        // The other hints name lengths and key sizes; none may tell the user to edit a line they do not have.
        return hint is not null && hint.Text.Contains("format=", StringComparison.Ordinal)
            ? new Advice("the key file must hold 32 raw bytes or their base64 (as '{0}' writes it)", new ToolAction(ToolTask.NewMasterKey, "head -c 32 /dev/urandom | base64"))
            : hint;
    }

    /// <summary>The <c>-object</c> line that loads this key under <paramref name="id"/>.</summary>
    public string ObjectLine(string id) =>
        $"secret,id={ObjectLineWriter.Escape(id)},format={(Format == SecretFormat.Base64 ? "base64" : "raw")},file={ObjectLineWriter.Escape(Path)}";

    public void Dispose() => Key.Dispose();
}
