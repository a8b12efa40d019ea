using System.Security.Cryptography;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.VhostUser.Tests.Support;

namespace Qcrypto.VhostUser.Tests;

public sealed class FrontendBackendSmokeTests
{
    [Fact]
    public void AesCbcRoundTripsThroughTheBackEnd()
    {
        using var rig = new VhostUserRig();
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plain = RandomNumberGenerator.GetBytes(4096);
        var (status, session) = rig.Driver!.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, status);
        var result = rig.Driver.Cipher(session, encrypt: true, iv, plain);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, result.Status);
        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptCbc(plain, iv, PaddingMode.None), result.Output);
        Assert.Equal(1, rig.Server.ActiveSessions);
    }
}
