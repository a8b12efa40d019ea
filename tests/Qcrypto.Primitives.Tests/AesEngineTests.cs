using System.Security.Cryptography;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Tests;

/// <summary>
/// The engine sends small messages to our AES-NI code and large ones to libcrypto: both sides of
/// every crossover must give OpenSSL's bytes (.NET's Aes for ECB and CBC; CTR, which .NET lacks,
/// against libcrypto's own context and ours against each other), in place too.
/// </summary>
public class AesEngineTests
{
    public static TheoryData<int> Lengths => new()
    {
        0, 16, 64, 1008, AesEngine.EcbCrossover, AesEngine.CbcDecryptCrossover - 16, AesEngine.CbcDecryptCrossover, 16384, 1 << 20,
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EcbAndCbcMatchDotNet(int length)
    {
        foreach (var keyLength in new[] { 16, 24, 32 })
        {
            var key = RandomNumberGenerator.GetBytes(keyLength);
            var iv = RandomNumberGenerator.GetBytes(16);
            var data = RandomNumberGenerator.GetBytes(length);
            using var reference = Aes.Create();
            reference.Key = key;
            using var engine = new AesEngine(key);
            var output = new byte[length];

            engine.EncryptEcb(data, output);
            Assert.Equal(reference.EncryptEcb(data, PaddingMode.None), output);
            engine.DecryptEcb(output, output);
            Assert.Equal(data, output);

            engine.EncryptCbc(iv, data, output);
            Assert.Equal(reference.EncryptCbc(data, iv, PaddingMode.None), output);
            engine.DecryptCbc(iv, output, output);
            Assert.Equal(data, output);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(AesEngine.CtrCrossover - 1)]
    [InlineData(AesEngine.CtrCrossover)]
    [InlineData(AesEngine.CtrCrossover + 7)]
    [InlineData(65537)]
    public void CtrMatchesLibcryptoAcrossEveryCarry(int length)
    {
        // Counters about to carry out of the 32-bit, 64-bit and 128-bit words: all 128 bits count.
        byte[][] counters =
        [
            RandomNumberGenerator.GetBytes(16),
            [.. RandomNumberGenerator.GetBytes(12), 0xFF, 0xFF, 0xFF, 0xFE],
            [.. RandomNumberGenerator.GetBytes(8), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFD],
            [.. Enumerable.Repeat((byte)0xFF, 15), 0xFC],
        ];
        var key = RandomNumberGenerator.GetBytes(32);
        using var ni = new AesNiKey(key);
        using var evp = new EvpAesCipher(EvpAesMode.Ctr, key, true);
        using var engine = new AesEngine(key);
        foreach (var counter in counters)
        {
            var data = RandomNumberGenerator.GetBytes(length);
            var ours = new byte[length];
            var theirs = new byte[length];
            ni.Ctr(counter, data, ours);
            evp.Transform(counter, data, theirs);
            Assert.Equal(theirs, ours);
            engine.Ctr(counter, data, data);
            Assert.Equal(theirs, data);
        }
    }

    [Fact]
    public void GctrWrapsOnlyTheLast32Bits()
    {
        // GCM's inc32: after ...FFFFFFFF comes ...00000000 with the upper 96 bits unchanged.
        using var ni = new AesNiKey(new byte[16]);
        byte[] counter = [.. Enumerable.Repeat((byte)0x11, 12), 0xFF, 0xFF, 0xFF, 0xFF];
        var stream = new byte[32];
        ni.Gctr(counter, stream, stream);
        var second = new byte[16];
        ni.EncryptEcb([.. Enumerable.Repeat((byte)0x11, 12), 0, 0, 0, 0], second);
        Assert.Equal(second, stream[16..]);
    }

    [Fact]
    public void LibcryptoContextsRefuseLengthsTheyCannotTake()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var cbc = new EvpAesCipher(EvpAesMode.Cbc, key, false);
        Assert.ThrowsAny<ArgumentException>(() => cbc.Transform(new byte[16], new byte[17], new byte[32]));
        Assert.ThrowsAny<ArgumentException>(() => cbc.Transform(new byte[8], new byte[16], new byte[16]));
        Assert.ThrowsAny<ArgumentException>(() => cbc.Transform(new byte[16], new byte[32], new byte[16]));
        using var gcm = new EvpAesGcm(key);
        Assert.ThrowsAny<ArgumentException>(() => gcm.Encrypt(new byte[16], [], new byte[16], new byte[16], new byte[16]));
        Assert.ThrowsAny<ArgumentException>(() => gcm.Encrypt(new byte[12], [], new byte[16], new byte[16], new byte[17]));
        Assert.ThrowsAny<ArgumentException>(() => gcm.Encrypt(new byte[12], [], new byte[16], new byte[8], new byte[16]));
    }
}
