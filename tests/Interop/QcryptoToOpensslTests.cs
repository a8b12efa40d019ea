using Qcrypto.Interop.Tests.Tools;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// What <c>qcrypto secret encrypt</c> prints is plain AES-256-CBC with PKCS#7 padding under the
/// master key and the printed IV: <c>openssl enc -d</c> gets the same bytes back.
/// </summary>
public sealed class QcryptoToOpensslTests
{
    public static TheoryData<PayloadKind, int, SecretDelivery> Cases { get; } = Build();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OpensslDecryptsQcryptoCiphertext(PayloadKind kind, int size, SecretDelivery delivery)
    {
        var seed = Random.Shared.Next();
        var context = $"{kind} plaintext of {size} bytes, {delivery}, seed {seed}";
        using var dir = new ScratchDirectory();
        var plaintext = Payload.Create(kind, size, seed);
        var (masterLine, secretLine, key) = await QcryptoEncryption.EncryptAsync(dir, plaintext, delivery);
        var master = new PrintedObjectLine(masterLine);
        var secret = new PrintedObjectLine(secretLine);
        Assert.Equal(("secret", "m", "base64", dir.File("master.key")), (master.Type, master["id"], master["format"], master["file"]));
        Assert.Equal(("secret", "s", "m", "base64"), (secret.Type, secret["id"], secret["keyid"], secret["format"]));
        var iv = Convert.FromBase64String(secret.Required("iv"));

        byte[] decrypted;
        if (delivery == SecretDelivery.FileToFile)
        {
            Assert.Null(secret["data"]);
            decrypted = await Openssl.DecryptAsync(key, iv, secret.Required("file"), base64: true);
        }
        else
        {
            Assert.Null(secret["file"]);
            var cipher = dir.WritePrivate("cipher.bin", Convert.FromBase64String(secret.Required("data")));
            decrypted = await Openssl.DecryptAsync(key, iv, cipher, base64: false);
        }

        BytesAssert.Equal(plaintext, decrypted, context);
    }

    private static TheoryData<PayloadKind, int, SecretDelivery> Build()
    {
        var data = new TheoryData<PayloadKind, int, SecretDelivery>();
        foreach (var kind in PayloadSizes.Kinds)
        {
            foreach (var size in PayloadSizes.All)
            {
                foreach (var delivery in Enum.GetValues<SecretDelivery>())
                {
                    data.Add(kind, size, delivery);
                }
            }
        }

        return data;
    }
}
