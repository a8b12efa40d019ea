using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// AES-XTS runs on libcrypto, which enforces the standard's limits (IEEE 1619-2007, SP 800-38E):
/// key1 must differ from key2, and a data unit is at most 2^20 blocks. A guest crossing them gets
/// ERR, never an exception; QEMU 7.2 (nettle) takes both (README, Deliberate differences).
/// </summary>
public class XtsLimitTests
{
    [Theory]
    [InlineData(32, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT)]
    [InlineData(64, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT)]
    public void EqualKeyHalvesAreRefusedAtSessionCreation(int keyLength, VirtioCryptoOp op)
    {
        using var rig = new Rig();
        var half = Bytes.Random(keyLength / 2);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, op, [.. half, .. half]).Status);
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, op, [.. half, .. Bytes.Random(keyLength / 2)]).Status);
    }

    [Fact]
    public void DataUnitsOverTwoToTheTwentyBlocksAreErr()
    {
        using var rig = new Rig();
        var (_, session) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(64));
        var iv = Bytes.Random(16);
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Cipher(session, true, iv, new byte[16 << 20]).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Cipher(session, true, iv, new byte[(16 << 20) + 16]).Status);
    }
}
