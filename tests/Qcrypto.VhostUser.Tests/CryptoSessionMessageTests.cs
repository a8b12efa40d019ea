using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.VhostUser.Tests;

/// <summary>CREATE_CRYPTO_SESSION's two layouts, against bytes the installed QEMU 7.2 really sent.</summary>
public sealed class CryptoSessionMessageTests
{
    /// <summary>
    /// The first 60 bytes of the 632-byte payload QEMU 7.2 sent for the Linux guest's AES-128-CBC
    /// encrypt session (captured from qemu-system-x86_64 7.2.22): session_id 0, cipher_alg 3,
    /// key_len 16, op_type 1, direction 1, padding, a host pointer (ignored), then the key.
    /// </summary>
    private const string Qemu72Prefix = "00000000000000000300000010000000000000000000000000000000000000000101000000000000a0b10528e57f0000000000000000000006a92140";

    [Fact]
    public void QemusOwnPayloadParsesAsItsAesCbcSession()
    {
        var payload = new byte[CryptoSessionMessage.Qemu72Size];
        Convert.FromHexString(Qemu72Prefix).CopyTo(payload, 0);
        Assert.True(CryptoSessionMessage.TryDetect(payload.Length, out var layout));
        Assert.Equal(CryptoSessionLayout.Qemu72, layout);
        Assert.True(CryptoSessionMessage.TryRead(payload, layout, out var request, out var keyLength, out var authLength, out _));
        Assert.Equal(SessionKind.Cipher, request.Kind);
        Assert.Equal(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, request.CipherAlgo);
        Assert.Equal(VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, request.CipherOp);
        Assert.Equal(16, keyLength);
        Assert.Equal(0, authLength);
        CryptoSessionMessage.Keys(payload, layout, request, keyLength, authLength, out var key, out _);
        Assert.Equal(Convert.FromHexString("06a92140"), key[..4].ToArray());
        Assert.Equal(0, CryptoSessionMessage.ReadSessionId(payload, layout));
    }

    [Fact]
    public void TheLayoutsPutTheSessionIdAtOppositeEnds()
    {
        var payload72 = new byte[CryptoSessionMessage.Qemu72Size];
        var payload81 = new byte[CryptoSessionMessage.Qemu81Size];
        CryptoSessionMessage.WriteSessionId(payload72, CryptoSessionLayout.Qemu72, -3);
        CryptoSessionMessage.WriteSessionId(payload81, CryptoSessionLayout.Qemu81, 0x0102030405060708);
        Assert.Equal(0xFD, payload72[0]);
        Assert.Equal(0x08, payload81[1064]);
        Assert.Equal(0x01, payload81[1071]);
        Assert.Equal(-3, CryptoSessionMessage.ReadSessionId(payload72, CryptoSessionLayout.Qemu72));
        Assert.False(CryptoSessionMessage.TryDetect(633, out _));
    }

    [Fact]
    public void EveryServiceRoundTripsInQemu81sLayoutButOnlyCipherInQemu72s()
    {
        SessionRequest[] requests =
        [
            new() { Kind = SessionKind.Cipher, CipherAlgo = VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_XTS, CipherOp = VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT },
            new()
            {
                Kind = SessionKind.Chain, CipherAlgo = VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, CipherOp = VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT,
                ChainOrder = VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, HashMode = VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
                MacAlgo = VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, ResultLength = 32, AadLength = 12,
            },
            new() { Kind = SessionKind.Hash, HashAlgo = VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA3_256, ResultLength = 32 },
            new() { Kind = SessionKind.Mac, MacAlgo = VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_CMAC_AES, ResultLength = 16 },
            new() { Kind = SessionKind.Aead, AeadAlgo = VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, AeadOp = VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, ResultLength = 16, AadLength = 20 },
            new()
            {
                Kind = SessionKind.Akcipher, AkcipherAlgo = VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA,
                KeyType = VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, AkcipherPara = AkcipherPara.Ecdsa(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P384),
            },
        ];
        foreach (var request in requests)
        {
            var cipherKey = request.Kind is SessionKind.Hash or SessionKind.Mac ? [] : new byte[request.Kind == SessionKind.Akcipher ? 1000 : 32];
            byte[] authKey = request.Kind is SessionKind.Mac or SessionKind.Chain ? [1, 2, 3] : [];
            Random.Shared.NextBytes(cipherKey);
            var payload = new byte[CryptoSessionMessage.Qemu81Size];
            Assert.True(CryptoSessionMessage.TryWrite(payload, CryptoSessionLayout.Qemu81, request, cipherKey, authKey));
            Assert.True(CryptoSessionMessage.TryRead(payload, CryptoSessionLayout.Qemu81, out var back, out var c, out var a, out _));
            Assert.Equal(request, back);
            CryptoSessionMessage.Keys(payload, CryptoSessionLayout.Qemu81, back, c, a, out var k1, out var k2);
            Assert.Equal(cipherKey, k1.ToArray());
            Assert.Equal(authKey, k2.ToArray());

            var old = new byte[CryptoSessionMessage.Qemu72Size];
            Assert.Equal(request.Kind is SessionKind.Cipher or SessionKind.Chain, CryptoSessionMessage.TryWrite(old, CryptoSessionLayout.Qemu72, request, cipherKey, authKey));
        }
    }

    [Fact]
    public void KeysLongerThanTheirFieldsCannotBeWrittenOrRead()
    {
        var request = new SessionRequest { Kind = SessionKind.Cipher, CipherAlgo = VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, CipherOp = VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT };
        Assert.False(CryptoSessionMessage.TryWrite(new byte[CryptoSessionMessage.Qemu72Size], CryptoSessionLayout.Qemu72, request, new byte[65], []));
        var rsa = new SessionRequest { Kind = SessionKind.Akcipher, AkcipherAlgo = VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA };
        Assert.False(CryptoSessionMessage.TryWrite(new byte[CryptoSessionMessage.Qemu81Size], CryptoSessionLayout.Qemu81, rsa, new byte[1025], []));

        // A peer claiming an asym key of 1025 bytes (past the field): refused with the reason.
        var payload = new byte[CryptoSessionMessage.Qemu81Size];
        payload[0] = 0x04;
        payload[1] = 0x04;
        payload[16] = 0x01;
        payload[17] = 0x04;
        Assert.False(CryptoSessionMessage.TryRead(payload, CryptoSessionLayout.Qemu81, out _, out _, out _, out var reason));
        Assert.Contains("1025", reason, StringComparison.Ordinal);
    }
}
