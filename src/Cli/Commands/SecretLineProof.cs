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
/// (<see cref="QBase64.Decode"/>, <see cref="SecretCipher.DecryptInPlace(MasterKeyLease, ReadOnlySpan{byte}, SecretBuffer, out bool)"/>) with the key and IV it
/// was given.
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
        if (secret.Format != SecretFormat.Base64 || secret.KeyId is null || line.Data.IndexOfAny(",\0"u8) >= 0)
        {
            throw Failed(id);
        }

        using var data = QBase64.Decode(line.Data);
        using (var key = registry.Secrets.MasterKey(secret.KeyId))
        {
            SecretCipher.DecryptInPlace(key, SecretCipher.DecodeIv(secret.Iv), data, out var paddingValid);
            if (!paddingValid || !ConstantTime.Equals(data.Span, plaintext))
            {
                throw Failed(id);
            }
        }
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
