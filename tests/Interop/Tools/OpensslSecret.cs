using System.Security.Cryptography;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>A plaintext encrypted by <c>openssl enc</c>, with the <c>-object</c> lines that should decrypt it.</summary>
public sealed record OpensslSecret(byte[] Key, string SecretLine)
{
    public const string MasterId = "m";
    public const string SecretId = "s";

    /// <summary>The master key inline, base64 (as a script would pass it to the library).</summary>
    public string InlineMasterLine => $"secret,id={MasterId},format=base64,data={Convert.ToBase64String(Key)}";

    /// <summary>The master key as 32 raw bytes in a private file.</summary>
    public string FileMasterLine(ScratchDirectory dir) => $"secret,id={MasterId},format=raw,file={dir.WritePrivate("master.raw", Key)}";

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random key and IV through openssl.</summary>
    public static async Task<OpensslSecret> CreateAsync(ScratchDirectory dir, byte[] plaintext, CiphertextForm form)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plain = dir.WritePrivate("plain", plaintext);
        var cipher = dir.File(form == CiphertextForm.RawFile ? "cipher.bin" : "cipher.b64");
        await Openssl.EncryptAsync(key, iv, plain, cipher, base64: form != CiphertextForm.RawFile);
        var common = $"keyid={MasterId},iv={Convert.ToBase64String(iv)}";
        var line = form switch
        {
            CiphertextForm.RawFile => $"secret,id={SecretId},file={cipher},{common},format=raw",
            CiphertextForm.Base64File => $"secret,id={SecretId},file={cipher},{common},format=base64",
            CiphertextForm.Base64Data => $"secret,id={SecretId},data={(await File.ReadAllTextAsync(cipher)).Replace("\n", "", StringComparison.Ordinal)},{common},format=base64",
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };
        return new OpensslSecret(key, line);
    }
}
