using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli;

/// <summary>
/// A master key file as <c>secret new-key</c> writes it (base64 of 32 bytes, newline allowed) or as 32
/// raw bytes; knows the <c>-object secret</c> line that makes QEMU load it the same way.
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

    public static MasterKey Load(string path, bool allowWorldReadable)
    {
        var full = System.IO.Path.GetFullPath(path);
        SecretBuffer content;
        try
        {
            content = SecretFile.Read(full, refuseWorldReadable: !allowWorldReadable);
        }
        catch (SecretException e)
        {
            throw new UsageException($"--key-file: {e.QemuMessage}", e.Hint ?? "create a key with: qcrypto secret new-key --out master.key");
        }

        using (content)
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
    }

    /// <summary>The <c>-object</c> line that loads this key under <paramref name="id"/>.</summary>
    public string ObjectLine(string id) =>
        $"secret,id={ObjectLineWriter.Escape(id)},format={(Format == SecretFormat.Base64 ? "base64" : "raw")},file={ObjectLineWriter.Escape(Path)}";

    public void Dispose() => Key.Dispose();
}
