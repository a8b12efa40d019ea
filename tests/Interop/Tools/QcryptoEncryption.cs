namespace Qcrypto.Interop.Tests.Tools;

/// <summary>Encrypts a plaintext with the real CLI in one of the <see cref="SecretDelivery"/> ways.</summary>
public static class QcryptoEncryption
{
    /// <summary>
    /// Creates a master key with <c>secret new-key</c>, encrypts <paramref name="plaintext"/> under it
    /// and returns the printed master line and secret line (in that order) and the raw key.
    /// </summary>
    public static async Task<(string MasterLine, string SecretLine, byte[] Key)> EncryptAsync(ScratchDirectory dir, byte[] plaintext,
        SecretDelivery delivery, string keyId = "m", string id = "s")
    {
        var keyFile = dir.File("master.key");
        var key = await QcryptoCli.NewKeyAsync(keyFile);
        string[] lines = delivery switch
        {
            SecretDelivery.FileToData => await QcryptoCli.EncryptAsync(keyFile, keyId, id, dir.WritePrivate("plain.in", plaintext), withMaster: true),
            SecretDelivery.StdinToData => await QcryptoCli.EncryptAsync(keyFile, keyId, id, null, plaintext, withMaster: true),
            SecretDelivery.FileToFile => await QcryptoCli.EncryptAsync(keyFile, keyId, id, dir.WritePrivate("plain.in", plaintext), withMaster: true,
                outFile: dir.File("cipher.b64")),
            _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
        };
        Assert.True(lines.Length == 2, $"expected the master line and the secret line, got: {string.Join(" | ", lines)}");
        return (lines[0], lines[1], key);
    }
}
