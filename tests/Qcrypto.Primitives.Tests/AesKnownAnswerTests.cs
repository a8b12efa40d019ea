using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Symmetric;
using static Qcrypto.Primitives.Tests.Vectors;

namespace Qcrypto.Primitives.Tests;

/// <summary>
/// FIPS-197 and SP 800-38A known answers for every hand-written AES path: the AES-NI key, the one
/// fallback (.NET's AES under the base class's modes), and the engine cryptodev sessions use (at
/// these sizes it runs ours). Both directions, and in place.
/// </summary>
public class AesKnownAnswerTests
{
    [Theory]
    [MemberData(nameof(Fips197), MemberType = typeof(Vectors))]
    public void Fips197AppendixC(int bits, string expected)
    {
        var key = Enumerable.Range(0, bits / 8).Select(i => (byte)i).ToArray();
        var plaintext = Hex("00112233445566778899aabbccddeeff");
        foreach (var aes in BothKeys(key))
        {
            using (aes)
            {
                var block = new byte[16];
                aes.EncryptEcb(plaintext, block);
                Assert.Equal(expected, Convert.ToHexStringLower(block));
                aes.DecryptEcb(block, block);
                Assert.Equal(plaintext, block);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sp80038A), MemberType = typeof(Vectors))]
    public void Sp80038AAppendixF(string mode, int bits, string ciphertextHex)
    {
        var key = Sp80038AKey(bits);
        var expected = Hex(ciphertextHex);
        foreach (var aes in BothKeys(key))
        {
            using (aes)
            {
                var output = new byte[64];
                Encrypt(aes, mode, Sp80038APlaintext, output);
                Assert.Equal(expected, output);
                Decrypt(aes, mode, output, output);
                Assert.Equal(Sp80038APlaintext, output);
            }
        }

        using var engine = new AesEngine(key);
        var viaEngine = new byte[64];
        switch (mode)
        {
            case "ecb":
                engine.EncryptEcb(Sp80038APlaintext, viaEngine);
                Assert.Equal(expected, viaEngine);
                engine.DecryptEcb(viaEngine, viaEngine);
                break;
            case "cbc":
                engine.EncryptCbc(Sp80038ACbcIv, Sp80038APlaintext, viaEngine);
                Assert.Equal(expected, viaEngine);
                engine.DecryptCbc(Sp80038ACbcIv, viaEngine, viaEngine);
                break;
            default:
                engine.Ctr(Sp80038ACtrCounter, Sp80038APlaintext, viaEngine);
                Assert.Equal(expected, viaEngine);
                engine.Ctr(Sp80038ACtrCounter, viaEngine, viaEngine);
                break;
        }

        Assert.Equal(Sp80038APlaintext, viaEngine);
    }

    [Fact]
    public void CtrOfAPartialBlockIsThePrefixOfTheWholeOne()
    {
        // SP 800-38A's CTR example cut short: the keystream does not depend on the length asked for.
        foreach (var aes in BothKeys(Sp80038AKey(256)))
        {
            using (aes)
            {
                var output = new byte[37];
                aes.Ctr(Sp80038ACtrCounter, Sp80038APlaintext.AsSpan(0, 37), output);
                Assert.Equal(Hex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa2"), output);
            }
        }
    }

    internal static IEnumerable<AesKey> BothKeys(byte[] key) => [new AesNiKey(key), new ManagedAesKey(key)];

    private static void Encrypt(AesKey aes, string mode, byte[] src, byte[] dst)
    {
        switch (mode)
        {
            case "ecb":
                aes.EncryptEcb(src, dst);
                break;
            case "cbc":
                aes.EncryptCbc(Sp80038ACbcIv, src, dst);
                break;
            default:
                aes.Ctr(Sp80038ACtrCounter, src, dst);
                break;
        }
    }

    private static void Decrypt(AesKey aes, string mode, byte[] src, byte[] dst)
    {
        switch (mode)
        {
            case "ecb":
                aes.DecryptEcb(src, dst);
                break;
            case "cbc":
                aes.DecryptCbc(Sp80038ACbcIv, src, dst);
                break;
            default:
                aes.Ctr(Sp80038ACtrCounter, src, dst);
                break;
        }
    }
}
