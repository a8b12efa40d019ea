using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Primitives;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// Proves a line <c>secret encrypt</c> is about to print: created after the master key's line the way
/// an emulator creates it (a token key's PIN secret and secret-pkcs11 included), the secret must hold the plaintext, with strictly valid padding.
/// </summary>
/// <remarks>
/// A line that fits in one command-line argument goes through the object model whole. A longer one
/// (a 1 MiB secret makes a 1.4 MB line) is proven in two parts, because copying 1.4 M characters
/// through the parser and the property setter cost more than encrypting them: the object model
/// creates the line with every byte outside data= kept and a one-block ciphertext in data=, which
/// proves how id, keyid, iv and format are read; then the printed data= bytes, which cannot hold the
/// ',' that would end the value, are decoded and decrypted as that object does it
/// (strict base64, AES-256-CBC through the master key lease, strict padding) with the key and IV it was given.
/// </remarks>
internal static class SecretLineProof
{
    /// <summary>Linux's MAX_ARG_STRLEN (32 pages, with the NUL): no longer line can be one argument.</summary>
    public const int ArgumentLimit = (32 * 4096) - 1;

    public static void Prove(MasterKeySource master, string id, InlineSecretLine line, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        if (line.Length <= ArgumentLimit)
        {
            Prove(master.CheckLines, line.Text, id, plaintext);
            return;
        }

        using var registry = CreateRegistry(master.CheckLines);
        var probePlaintext = plaintext[..Math.Min(plaintext.Length, SecretCipher.BlockSize)];
        var probeCiphertext = master.Encrypt(iv, probePlaintext);

        var secret = Create(registry, line.WithData(probeCiphertext).Text, id, probePlaintext);
        if (secret.Format != SecretFormat.Base64 || secret.KeyId is null)
        {
            throw Failed(id);
        }

        using var key = registry.Secrets.MasterKey(secret.KeyId);
        if (!DecryptsTo(key, SecretCipher.DecodeIv(secret.Iv), line.Data, plaintext))
        {
            throw Failed(id);
        }
    }

    /// <summary>
    /// Whether the base64 <paramref name="data"/> decodes and decrypts (AES-256-CBC under <paramref name="key"/>,
    /// strict PKCS#7 padding) to <paramref name="plaintext"/>. It goes in chunks through one small pinned buffer:
    /// a 1 MiB secret would otherwise need a second 1 MiB buffer, whose page faults cost more than the AES.
    /// The decoder is strict (RFC 4648 alphabet and padding only), so a ',' or NUL that would end the value
    /// in the printed line, or anything glib's decoder would skip, fails the proof.
    /// </summary>
    private static bool DecryptsTo(MasterKeyLease key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data, ReadOnlySpan<byte> plaintext)
    {
        // Whole base64 quanta and whole AES blocks: 48 KiB of ciphertext, 64 KiB of text, per chunk.
        const int Chunk = 48 * 1024;
        const int TextChunk = Chunk / 3 * 4;
        if (data.Length == 0 || data.Length % 4 != 0)
        {
            return false;
        }

        using var buffer = SecretBuffer.Allocate(Chunk);
        Span<byte> chain = stackalloc byte[SecretCipher.BlockSize];
        Span<byte> next = stackalloc byte[SecretCipher.BlockSize];
        iv.CopyTo(chain);
        var done = 0;
        for (var at = 0; at < data.Length; at += TextChunk)
        {
            var last = at + TextChunk >= data.Length;
            var text = data.Slice(at, Math.Min(TextChunk, data.Length - at));
            if (System.Buffers.Text.Base64.DecodeFromUtf8(text, buffer.WritableSpan, out var read, out var written, isFinalBlock: last) != System.Buffers.OperationStatus.Done
                || read != text.Length || written == 0 || written % SecretCipher.BlockSize != 0)
            {
                return false;
            }

            if (last)
            {
                buffer.Truncate(written);
            }

            buffer.Span[(written - SecretCipher.BlockSize)..written].CopyTo(next);
            key.DecryptBlocks(chain, buffer);
            next.CopyTo(chain);
            var clear = buffer.Span[..written];
            if (last)
            {
                int pad = clear[^1];
                if (pad == 0 || pad > SecretCipher.BlockSize || clear[^pad..].IndexOfAnyExcept((byte)pad) >= 0)
                {
                    return false;
                }

                clear = clear[..^pad];
            }

            if (clear.Length > plaintext.Length - done || !ConstantTime.Equals(clear, plaintext.Slice(done, clear.Length)))
            {
                return false;
            }

            done += clear.Length;
        }

        return done == plaintext.Length;
    }

    /// <summary>Creates both lines through the object model and compares the secret with the plaintext.</summary>
    public static void Prove(IEnumerable<string> masterLines, string line, string id, ReadOnlySpan<byte> plaintext)
    {
        using var registry = CreateRegistry(masterLines);
        Create(registry, line, id, plaintext);
    }

    private static ObjectRegistry CreateRegistry(IEnumerable<string> masterLines)
    {
        var registry = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
        try
        {
            foreach (var masterLine in masterLines)
            {
                registry.Add(masterLine);
            }

            return registry;
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }

    private static SecretCommon Create(ObjectRegistry registry, string line, string id, ReadOnlySpan<byte> expected)
    {
        var secret = (SecretCommon)registry.Add(line);
        using var lease = registry.Secrets.Bytes(id);
        if (!ConstantTime.Equals(lease.Bytes, expected) || secret.PaddingValid != true)
        {
            throw Failed(id);
        }

        return secret;
    }

    private static ObjectException Failed(string id) =>
        new(ErrorCodes.ObjectInvalid, "self-check failed: the encrypted secret does not decrypt to the input", id);
}
