using System.Security.Cryptography;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Tests;

/// <summary>
/// The AES path for CPUs without AES-NI (.NET's AES one block at a time, under the base class's
/// modes) gives the same bytes as the AES-NI path, which the known-answer and differential tests
/// check. This host has AES-NI, so the fallback is exercised here directly.
/// </summary>
public class AesFallbackTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void ManagedAesMatchesAesNi(int keyLength)
    {
        Assert.True(AesNiKey.IsSupported, "this test compares against AES-NI; run it on a CPU that has it");
        var key = RandomNumberGenerator.GetBytes(keyLength);
        using var ni = new AesNiKey(key);
        using var managed = new ManagedAesKey(key);
        foreach (var size in new[] { 0, 16, 48, 64, 80, 1024 })
        {
            var iv = RandomNumberGenerator.GetBytes(16);
            var data = RandomNumberGenerator.GetBytes(size);
            var a = new byte[size];
            var b = new byte[size];
            ni.EncryptEcb(data, a);
            managed.EncryptEcb(data, b);
            Assert.Equal(a, b);
            ni.DecryptEcb(data, a);
            managed.DecryptEcb(data, b);
            Assert.Equal(a, b);
            ni.EncryptCbc(iv, data, a);
            managed.EncryptCbc(iv, data, b);
            Assert.Equal(a, b);
            ni.DecryptCbc(iv, data, a);
            managed.DecryptCbc(iv, data, b);
            Assert.Equal(a, b);
        }

        foreach (var size in new[] { 0, 1, 15, 17, 100, 1000 })
        {
            // A counter about to carry across its 64-bit halves, and GCM's 32-bit counter wrapping.
            byte[] iv = [.. RandomNumberGenerator.GetBytes(8), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE];
            var data = RandomNumberGenerator.GetBytes(size);
            var a = new byte[size];
            var b = new byte[size];
            ni.Ctr(iv, data, a);
            managed.Ctr(iv, data, b);
            Assert.Equal(a, b);
            ni.Gctr(iv, data, a);
            managed.Gctr(iv, data, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void CreatePicksAesNiOnThisMachine()
    {
        using var key = AesKey.Create(new byte[32]);
        Assert.IsType<AesNiKey>(key);
    }
}
