using Qcrypto.Composition;
using Qcrypto.Interop.Tests.Tools;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Ciphertexts made by <c>openssl enc -aes-256-cbc -K -iv</c> (PKCS#7), the way QEMU's docs make
/// them, decrypt through our <c>secret</c> objects to the exact plaintext: in the library and in
/// <c>qcrypto secret decrypt</c>.
/// </summary>
public sealed class OpensslToQcryptoTests
{
    public static TheoryData<PayloadKind, int, CiphertextForm> LibraryCases { get; } = Cases(_ => true);

    /// <summary>1 MiB of inline base64 exceeds one command-line argument (128 KiB): the CLI gets it by file=.</summary>
    public static TheoryData<PayloadKind, int, CiphertextForm> CliCases { get; } =
        Cases(c => !(c.Form == CiphertextForm.Base64Data && c.Size > 64 * 1024));

    [Theory]
    [MemberData(nameof(LibraryCases))]
    public async Task ObjectRegistryDecryptsOpensslCiphertext(PayloadKind kind, int size, CiphertextForm form)
    {
        var seed = Random.Shared.Next();
        var context = $"{kind} plaintext of {size} bytes as {form}, seed {seed}";
        using var dir = new ScratchDirectory();
        var plaintext = Payload.Create(kind, size, seed);
        var openssl = await OpensslSecret.CreateAsync(dir, plaintext, form);

        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(openssl.InlineMasterLine);
        var secret = (SecretCommon)registry.Add(openssl.SecretLine);
        using var lease = registry.Secrets.Bytes(OpensslSecret.SecretId);

        BytesAssert.Equal(plaintext, lease.Bytes, context);
        Assert.True(secret.PaddingValid == true, $"{context}: openssl writes strict PKCS#7 padding");
    }

    [Theory]
    [MemberData(nameof(CliCases))]
    public async Task CliDecryptsOpensslCiphertext(PayloadKind kind, int size, CiphertextForm form)
    {
        var seed = Random.Shared.Next();
        var context = $"{kind} plaintext of {size} bytes as {form}, seed {seed}";
        using var dir = new ScratchDirectory();
        var plaintext = Payload.Create(kind, size, seed);
        var openssl = await OpensslSecret.CreateAsync(dir, plaintext, form);

        var result = (await QcryptoCli.DecryptAsync(OpensslSecret.SecretId, openssl.FileMasterLine(dir), openssl.SecretLine)).EnsureSuccess(context);

        BytesAssert.Equal(plaintext, result.Stdout, context);
    }

    private static TheoryData<PayloadKind, int, CiphertextForm> Cases(Func<(int Size, CiphertextForm Form), bool> include)
    {
        var data = new TheoryData<PayloadKind, int, CiphertextForm>();
        foreach (var kind in PayloadSizes.Kinds)
        {
            foreach (var size in PayloadSizes.All)
            {
                foreach (var form in Enum.GetValues<CiphertextForm>())
                {
                    if (include((size, form)))
                    {
                        data.Add(kind, size, form);
                    }
                }
            }
        }

        return data;
    }
}
