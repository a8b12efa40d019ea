using System.Buffers.Text;
using System.Text;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The <c>secret,id=...,data=...,keyid=...,iv=...,format=base64</c> line that <c>secret encrypt</c>
/// prints, as ASCII bytes with the base64 ciphertext encoded straight into it. A 1 MiB secret makes a
/// 1.4 MB line: as a .NET string it took 2.8 MB, and a second conversion to print it.
/// </summary>
internal sealed class InlineSecretLine
{
    private readonly byte[] _bytes;

    private InlineSecretLine(byte[] bytes, Range data)
    {
        _bytes = bytes;
        DataRange = data;
    }

    /// <summary>The whole line (no newline).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Where the data= value (the base64 ciphertext) sits in <see cref="Bytes"/>.</summary>
    public Range DataRange { get; }

    public ReadOnlySpan<byte> Data => _bytes.AsSpan(DataRange);

    public int Length => _bytes.Length;

    /// <summary>The line as text: every part is ASCII (ids are identifiers, the rest base64).</summary>
    public string Text => Encoding.ASCII.GetString(_bytes);

    /// <param name="id">a well-formed object id (ASCII, no ',').</param>
    /// <param name="keyId">a well-formed object id.</param>
    /// <param name="ivText">the base64 IV.</param>
    /// <param name="ciphertext">the AES-256-CBC ciphertext.</param>
    public static InlineSecretLine Create(string id, string keyId, string ivText, ReadOnlySpan<byte> ciphertext) =>
        Create(Encoding.ASCII.GetBytes($"secret,id={id},data="), ciphertext, Encoding.ASCII.GetBytes($",keyid={keyId},iv={ivText},format=base64"));

    /// <summary>The same line around another ciphertext: every byte outside data= is this line's.</summary>
    public InlineSecretLine WithData(ReadOnlySpan<byte> ciphertext) =>
        Create(_bytes.AsSpan(..DataRange.Start), ciphertext, _bytes.AsSpan(DataRange.End..));

    private static InlineSecretLine Create(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> suffix)
    {
        var dataLength = Base64.GetMaxEncodedToUtf8Length(ciphertext.Length);
        var bytes = new byte[prefix.Length + dataLength + suffix.Length];
        prefix.CopyTo(bytes);
        Base64.EncodeToUtf8(ciphertext, bytes.AsSpan(prefix.Length, dataLength), out _, out var written);
        suffix.CopyTo(bytes.AsSpan(prefix.Length + written));
        return new InlineSecretLine(bytes, new Range(prefix.Length, prefix.Length + dataLength));
    }
}
