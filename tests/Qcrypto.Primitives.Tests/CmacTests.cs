using System.Security.Cryptography;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;
using static Qcrypto.Primitives.Tests.Vectors;

namespace Qcrypto.Primitives.Tests;

/// <summary>CMAC: RFC 4493 and SP 800-38B known answers on ours, on libcrypto's EVP_MAC and through the engine; ours against libcrypto on random messages.</summary>
public class CmacTests
{
    [Theory]
    [MemberData(nameof(Cmac), MemberType = typeof(Vectors))]
    public void Rfc4493AndSp80038BExamples(int bits, int length, string mac)
    {
        var key = Sp80038AKey(bits);
        var message = Sp80038APlaintext.AsSpan(0, length).ToArray();
        using var ours = new AesCmac(key);
        using var evp = new EvpAesCmac(key);
        using var engine = new AesCmacEngine(key);
        foreach (var compute in new Action<byte[]>[] { t => ours.Compute(message, t), t => evp.Compute(message, t), t => engine.Compute(message, t) })
        {
            var tag = new byte[16];
            compute(tag);
            Assert.Equal(mac, Convert.ToHexStringLower(tag));
        }

        // A shorter result is the MAC truncated.
        var truncated = new byte[4];
        ours.Compute(message, truncated);
        Assert.Equal(mac[..8], Convert.ToHexStringLower(truncated));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void OursMatchesLibcrypto(int keyLength)
    {
        var key = RandomNumberGenerator.GetBytes(keyLength);
        using var ours = new AesCmac(key);
        using var evp = new EvpAesCmac(key);
        using var engine = new AesCmacEngine(key);
        foreach (var length in new[] { 1, 15, 16, 17, 31, 32, 33, 100, AesCmacEngine.Crossover - 1, AesCmacEngine.Crossover, 4096, 65537 })
        {
            var message = RandomNumberGenerator.GetBytes(length);
            var a = new byte[16];
            var b = new byte[16];
            var c = new byte[16];
            ours.Compute(message, a);
            evp.Compute(message, b);
            engine.Compute(message, c);
            Assert.Equal(b, a);
            Assert.Equal(b, c);
        }
    }
}
