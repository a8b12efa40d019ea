using Qcrypto.Interop.Tests.Tools;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// The proof that matters for LUKS: an image formatted and written by qemu-img through the secret
/// lines qcrypto prints (passed verbatim) opens with the bare plaintext passphrase, and does not open
/// with any other. <c>qemu-img info</c> would prove nothing: it does not need the key.
/// </summary>
public sealed class LuksQemuImgTests
{
    private const int ImageSize = 1024 * 1024;

    /// <summary>
    /// LUKS passphrases go through qcrypto_secret_lookup_as_utf8, so "binary" here is
    /// <see cref="PayloadKind.Control"/>. Length 0: QEMU 7.2 accepts an empty LUKS passphrase (and
    /// AES-CBC of nothing is one block of padding), so it is tested like any other length.
    /// </summary>
    public static TheoryData<PayloadKind, int, SecretDelivery> Passphrases { get; } = new()
    {
        { PayloadKind.Control, 0, SecretDelivery.FileToData },
        { PayloadKind.Utf8, 0, SecretDelivery.StdinToData },
        { PayloadKind.Control, 1, SecretDelivery.StdinToData },
        { PayloadKind.Utf8, 1, SecretDelivery.FileToFile },
        { PayloadKind.Control, 15, SecretDelivery.FileToFile },
        { PayloadKind.Utf8, 15, SecretDelivery.FileToData },
        { PayloadKind.Control, 16, SecretDelivery.FileToData },
        { PayloadKind.Utf8, 16, SecretDelivery.StdinToData },
        { PayloadKind.Control, 17, SecretDelivery.StdinToData },
        { PayloadKind.Utf8, 17, SecretDelivery.FileToFile },
        { PayloadKind.Control, 64, SecretDelivery.FileToFile },
        { PayloadKind.Utf8, 100, SecretDelivery.FileToData },
        { PayloadKind.Control, 1000, SecretDelivery.StdinToData },
        { PayloadKind.Utf8, 4096, SecretDelivery.FileToFile },
    };

    [Theory]
    [MemberData(nameof(Passphrases))]
    public async Task ImageMadeThroughQcryptoSecretOpensWithThePlaintextOnly(PayloadKind kind, int length, SecretDelivery delivery)
    {
        var seed = Random.Shared.Next();
        var context = $"{kind} passphrase of {length} bytes, {delivery}, seed {seed}";
        using var dir = new ScratchDirectory();
        var passphrase = Payload.Create(kind, length, seed);
        var (masterLine, secretLine, _) = await QcryptoEncryption.EncryptAsync(dir, passphrase, delivery);
        string[] ours = [masterLine, secretLine];
        var image = dir.File("disk.luks");
        var data = dir.File("data.raw");
        await File.WriteAllBytesAsync(data, Payload.Create(PayloadKind.Binary, ImageSize, seed + 1), TestContext.Current.CancellationToken);

        (await QemuImg.CreateLuksAsync(ours, "s", image, ImageSize)).EnsureSuccess(context);
        (await QemuImg.WriteAsync(ours, "s", data, image)).EnsureSuccess(context);

        var plain = dir.WritePrivate("passphrase", passphrase);
        var opened = await QemuImg.CompareAsync([$"secret,id=p,file={plain}"], "p", data, image);
        Assert.True(opened.ExitCode == 0 && opened.StdoutText.Contains("Images are identical.", StringComparison.Ordinal), $"{context}\n{opened.Describe()}");

        var wrong = dir.WritePrivate("wrong", WrongPassphrase(passphrase));
        var refused = await QemuImg.CompareAsync([$"secret,id=p,file={wrong}"], "p", data, image);
        Assert.True(refused.ExitCode == 2 && refused.Stderr.Contains("Invalid password, cannot unlock any keyslot", StringComparison.Ordinal),
            $"{context}: a wrong passphrase must not open the image\n{refused.Describe()}");
    }

    /// <summary>
    /// Decryption of a non-UTF-8 plaintext reaches QEMU's UTF-8 check, which refuses it as a LUKS
    /// passphrase: the message shows QEMU decrypted our ciphertext (which itself is ASCII base64).
    /// </summary>
    [Fact]
    public async Task NonUtf8PassphraseIsRefusedByQemuAfterDecryption()
    {
        using var dir = new ScratchDirectory();
        byte[] passphrase = [0x70, 0xFF, 0x00, 0xC3, 0x28, 0x0A];
        var (masterLine, secretLine, _) = await QcryptoEncryption.EncryptAsync(dir, passphrase, SecretDelivery.FileToData);

        var result = await QemuImg.CreateLuksAsync([masterLine, secretLine], "s", dir.File("disk.luks"), ImageSize);

        Assert.True(result.ExitCode == 1 && result.Stderr.Contains("Data from secret s is not valid UTF-8", StringComparison.Ordinal), result.Describe());
    }

    /// <summary>Another passphrase that is still valid UTF-8 (so QEMU tries it rather than rejecting it as text).</summary>
    private static byte[] WrongPassphrase(byte[] passphrase)
    {
        if (passphrase.Length == 0)
        {
            return "x"u8.ToArray();
        }

        var wrong = (byte[])passphrase.Clone();
        ref var last = ref wrong[^1];
        // An ASCII byte becomes another ASCII letter; a UTF-8 continuation byte (10xxxxxx) stays one
        // when bit 0 flips, and the character it ends stays a valid scalar value.
        last = last < 0x80 ? (byte)(last == (byte)'a' ? 'b' : 'a') : (byte)(last ^ 1);
        return wrong;
    }
}
