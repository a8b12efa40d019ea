namespace Qcrypto.Interop.Tests.Tools;

/// <summary><c>openssl enc -aes-256-cbc</c> with an explicit key and IV (no password, no salt, PKCS#7 padding).</summary>
public static class Openssl
{
    /// <summary>Encrypts <paramref name="input"/> into <paramref name="output"/>; base64 output is wrapped at 64 columns.</summary>
    public static async Task EncryptAsync(byte[] key, byte[] iv, string input, string output, bool base64)
    {
        var args = Common(key, iv).Prepend("enc").Concat(["-in", input, "-out", output]);
        if (base64)
        {
            args = args.Append("-a");
        }

        (await ToolRunner.RunAsync(ExternalTool.Openssl.Resolve(), args)).EnsureSuccess();
    }

    /// <summary>Decrypts <paramref name="input"/>: raw ciphertext, or one-line base64 when <paramref name="base64"/>.</summary>
    public static async Task<byte[]> DecryptAsync(byte[] key, byte[] iv, string input, bool base64)
    {
        var args = Common(key, iv).Prepend("-d").Prepend("enc").Concat(["-in", input]);
        if (base64)
        {
            // qcrypto writes the base64 on one line; without -A openssl stops at 64 columns.
            args = args.Concat(["-a", "-A"]);
        }

        var result = (await ToolRunner.RunAsync(ExternalTool.Openssl.Resolve(), args)).EnsureSuccess();
        return result.Stdout;
    }

    private static IEnumerable<string> Common(byte[] key, byte[] iv) =>
        ["-aes-256-cbc", "-K", Convert.ToHexString(key), "-iv", Convert.ToHexString(iv)];
}
