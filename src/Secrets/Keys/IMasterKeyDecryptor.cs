namespace Qcrypto.Keys;

/// <summary>
/// A master key whose bytes the process never holds (a key in a PKCS#11 token): it decrypts AES-256-CBC
/// blocks itself. An object that has one puts it in the <see cref="KeyStore"/> under its id, where a
/// secret's keyid finds it as it finds a master secret's bytes.
/// </summary>
public interface IMasterKeyDecryptor
{
    /// <summary>Makes the key ready (session, login, key lookup): called before each use; throws a typed error.</summary>
    void Prepare();

    /// <summary>Decrypts <paramref name="buffer"/> (whole 16-byte blocks) in place; removes no padding.</summary>
    void DecryptBlocks(ReadOnlySpan<byte> iv, SecretBuffer buffer);
}
