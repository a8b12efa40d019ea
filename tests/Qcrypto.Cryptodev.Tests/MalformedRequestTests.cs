using CsCheck;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// Requests a hostile or buggy guest may send: each gets the status the spec and QEMU give it (ERR,
/// NOTSUPP, INVSESS) and the device never throws, never reads past a segment and never writes
/// outside the writable ones.
/// </summary>
public class MalformedRequestTests
{
    private static (RequestResult Result, byte[] Status) Raw(Rig rig, byte[] readable, int writable)
    {
        var element = new VirtqueueElement();
        element.AddReadable(readable);
        var output = new byte[writable];
        if (writable > 0)
        {
            element.AddWritable(output);
        }

        return (rig.Device.ProcessData(0, element), output);
    }

    private static byte[] CipherRequest(Rig rig, ulong session, uint ivLen, uint srcLen, uint dstLen, int payload)
    {
        var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf(ivLen, srcLen, dstLen), default);
        var fixedPart = rig.Driver.DataFixedPart(new OpHeader(VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, session, 0), (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size);
        return [.. fixedPart, .. new byte[payload]];
    }

    private static ulong AesSession(Rig rig, VirtioCryptoCipherAlgo algo = VIRTIO_CRYPTO_CIPHER_AES_CBC)
    {
        var (status, id) = rig.Driver.CreateCipherSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16));
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        return id;
    }

    [Fact]
    public void ShortHeadersAndMissingStatusByte()
    {
        using var rig = new Rig();
        var (r, status) = Raw(rig, new byte[10], 1);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);
        Assert.Equal((byte)VIRTIO_CRYPTO_ERR, status[0]);
        Assert.NotNull(r.DeviceError);

        // A header but a truncated fixed part.
        var full = CipherRequest(rig, 0, 16, 16, 16, 32);
        (r, _) = Raw(rig, full[..40], 17);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);

        // Nowhere to write the status: nothing written, the device would be marked broken.
        (r, _) = Raw(rig, full, 0);
        Assert.Equal(0u, r.UsedLength);
        Assert.NotNull(r.DeviceError);

        // Control: short header, no room for the session input.
        var element = new VirtqueueElement().AddReadable(new byte[8]).AddWritable(new byte[16]);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Device.ProcessControl(element).Status);
        var create = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_HASH_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new HashSessionFlf(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32).Write(ref w), HashSessionFlf.Size);
        var noRoom = rig.Device.ProcessControl(new VirtqueueElement().AddReadable(create).AddWritable(new byte[8]));
        Assert.Equal(VIRTIO_CRYPTO_ERR, noRoom.Status);
        Assert.NotNull(noRoom.DeviceError);
        Assert.Equal(0, rig.Backend.SessionCount);
    }

    [Fact]
    public void LengthsThatOverflowOrExceedTheBuffers()
    {
        using var rig = new Rig();
        var session = AesSession(rig);

        // Lengths whose sum wraps 32 bits, and lengths beyond max_size.
        var (r, _) = Raw(rig, CipherRequest(rig, session, uint.MaxValue, 16, 16, 32), 17);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);
        (r, _) = Raw(rig, CipherRequest(rig, session, 16, uint.MaxValue, uint.MaxValue, 32), 17);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);
        Assert.Equal("virtio-crypto too big length", r.DeviceError);

        // src_len larger than what the readable segments hold.
        (r, _) = Raw(rig, CipherRequest(rig, session, 16, 4096, 4096, 32), 4097);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);

        // dst larger than the writable segments (QEMU: "dest data incorrect").
        (r, _) = Raw(rig, CipherRequest(rig, session, 16, 32, 32, 48), 20);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);

        // src_len != dst_len (CVE-2023-3180 in QEMU).
        (r, _) = Raw(rig, CipherRequest(rig, session, 16, 32, 16, 48), 100);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);

        // Not whole blocks for CBC; a wrong IV length.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Cipher(session, true, Bytes.Random(16), Bytes.Random(17)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Cipher(session, true, Bytes.Random(8), Bytes.Random(16)).Status);

        // AKCIPHER and AEAD with absurd lengths.
        var ak = rig.Driver.Data(new OpHeader(VIRTIO_CRYPTO_AKCIPHER_SIGN, 0, 0, 0),
            (ref WireWriter w) => new AkcipherDataFlf(uint.MaxValue, uint.MaxValue).Write(ref w), AkcipherDataFlf.Size, [new byte[8]], [8]);
        Assert.Equal(VIRTIO_CRYPTO_ERR, ak.Status);
        var aead = rig.Driver.Data(new OpHeader(VIRTIO_CRYPTO_AEAD_ENCRYPT, 0, 0, 0),
            (ref WireWriter w) => new AeadDataFlf(12, uint.MaxValue, 16, 32, 16).Write(ref w), AeadDataFlf.Size, [new byte[64]], [32]);
        Assert.Equal(VIRTIO_CRYPTO_ERR, aead.Status);
    }

    [Fact]
    public void UnknownOpcodesAndAlgorithms()
    {
        using var rig = new Rig();
        var (r, status) = Raw(rig, rig.Driver.DataFixedPart(new OpHeader((VirtioCryptoOpcode)0x0777, 0, 0, 0), (ref WireWriter w) => { }, 0), 1);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, r.Status);
        Assert.Equal((byte)VIRTIO_CRYPTO_NOTSUPP, status[0]);
        var (outcome, input) = rig.Driver.SubmitControl(rig.Driver.ControlFixedPart(new CtrlHeader((VirtioCryptoOpcode)0x0999, 0, 0, 0), (ref WireWriter w) => { }, 0), 16);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, outcome.Status);
        Assert.Equal((byte)VIRTIO_CRYPTO_NOTSUPP, input[8]);

        // Ciphers we do not run (and do not advertise): NOTSUPP.
        foreach (var algo in new[] { VIRTIO_CRYPTO_NO_CIPHER, VIRTIO_CRYPTO_CIPHER_ARC4, VIRTIO_CRYPTO_CIPHER_DES_ECB, VIRTIO_CRYPTO_CIPHER_DES_CBC,
                     VIRTIO_CRYPTO_CIPHER_KASUMI_F8, VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2, VIRTIO_CRYPTO_CIPHER_AES_F8, VIRTIO_CRYPTO_CIPHER_ZUC_EEA3, (VirtioCryptoCipherAlgo)99 })
        {
            Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateCipherSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16)).Status);
            Assert.Equal(0ul, rig.Backend.Config.CipherAlgos & (1UL << Math.Min((int)algo, 63)) & ~(1UL << 63));
        }

        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateHashSession((VirtioCryptoHashAlgo)40, 16).Status);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateMacSession(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_KASUMI_F9, 4, Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateAeadSession((VirtioCryptoAeadAlgo)7, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16), 16).Status);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateAkcipherSession((VirtioCryptoAkcipherAlgo)3, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, default, Bytes.Random(100)).Status);

        // A symmetric session that is neither cipher nor chain (QEMU: "unsupported cipher op_type").
        var none = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE, default, default).Write(ref w), SymCreateSessionFlf.Size);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.SubmitControl(none, 16).Result.Status);
        Assert.Equal(0, rig.Backend.SessionCount);
    }

    [Fact]
    public void KeysLongerThanTheAdvertisedMaximaOrThanTheBuffer()
    {
        using var rig = new Rig();
        Assert.Equal(64u, rig.Device.Config.MaxCipherKeyLen);
        Assert.Equal(512u, rig.Device.Config.MaxAuthKeyLen);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(65)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateMacSession(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, Bytes.Random(513)).Status);

        // Valid lengths for the limits but not for the algorithm.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(20)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(48)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_3DES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, (VirtioCryptoOp)7, Bytes.Random(16)).Status);

        // key_len says 32 but the request carries 10 bytes of key.
        var flf = new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherSessionFlf(VIRTIO_CRYPTO_CIPHER_AES_CBC, 32, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT), default);
        var fixedPart = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, 0, 0, 0), (ref WireWriter w) => flf.Write(ref w), SymCreateSessionFlf.Size);
        var (result, _) = rig.Driver.SubmitControl([.. fixedPart, .. Bytes.Random(10)], 16);
        Assert.Equal(VIRTIO_CRYPTO_ERR, result.Status);
        Assert.Equal("virtio-crypto cipher key incorrect", result.DeviceError);

        // Garbage instead of a DER key.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE,
            AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA256), Bytes.Random(600)).Status);
        Assert.Equal(0, rig.Backend.SessionCount);
        Assert.Empty(rig.Registry.Keys.GetType().GetField("_entries", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(rig.Registry.Keys) as System.Collections.IDictionary ?? new Dictionary<string, object>());
    }

    [Fact]
    public void WrongDestroyedAndForeignSessions()
    {
        using var rig = new Rig();
        var session = AesSession(rig);
        var (_, hash) = rig.Driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32);
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Cipher(session + 12345, true, Bytes.Random(16), Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Cipher(hash, true, Bytes.Random(16), Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Hash(session, Bytes.Random(16), 32).Status);
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Mac(hash, Bytes.Random(16), 32).Status);

        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.DestroySession(session));
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Cipher(session, true, Bytes.Random(16), Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.DestroySession(session));
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.DestroySession(ulong.MaxValue));

        // The slot is reused, but the old id never reaches the new session.
        var reused = AesSession(rig);
        Assert.Equal(session & 0xFFFFFFFF, reused & 0xFFFFFFFF);
        Assert.NotEqual(session, reused);
        Assert.Equal(VIRTIO_CRYPTO_INVSESS, rig.Driver.Cipher(session, true, Bytes.Random(16), Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Cipher(reused, true, Bytes.Random(16), Bytes.Random(16)).Status);
    }

    [Fact]
    public void SessionLimitIsNospcUnderRevision1AndErrOtherwise()
    {
        using var legacy = new Rig("cryptodev-backend-builtin,id=c,max-sessions=2");
        AesSession(legacy);
        AesSession(legacy);
        Assert.Equal(VIRTIO_CRYPTO_ERR, legacy.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16)).Status);

        using var revision1 = new Rig("cryptodev-backend-builtin,id=c,max-sessions=2", VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1);
        AesSession(revision1);
        var second = AesSession(revision1);
        Assert.Equal(VIRTIO_CRYPTO_NOSPC, revision1.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16)).Status);
        Assert.Equal(VIRTIO_CRYPTO_OK, revision1.Driver.DestroySession(second));
        AesSession(revision1);
    }

    [Fact]
    public void ModesFollowTheNegotiatedFeatures()
    {
        // REVISION_1 without the stateless bit: a request without the session-mode flag SHOULD be rejected.
        using var rig = new Rig(features: VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1);
        var session = AesSession(rig);
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Cipher(session, true, Bytes.Random(16), Bytes.Random(32)).Status);
        rig.Driver.DataFlag = 0;
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.Cipher(session, true, Bytes.Random(16), Bytes.Random(32)).Status);

        // Without REVISION_1 the flag is ignored and the fixed part is 48 bytes.
        using var legacy = new Rig();
        legacy.Driver.DataFlag = 0;
        Assert.Equal(VIRTIO_CRYPTO_OK, legacy.Driver.Cipher(AesSession(legacy), true, Bytes.Random(16), Bytes.Random(32)).Status);

        Assert.Throws<ArgumentException>(() => new VirtioCryptoDevice(legacy.Backend, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE));
    }

    /// <summary>Random requests in random segmentations: never an exception, and the status byte always agrees with the result.</summary>
    [Fact]
    public void RandomRequestsNeverThrow()
    {
        using var rig = new Rig(features: Rig.All);
        var cbc = AesSession(rig);
        var (_, _) = rig.Driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32);
        var opcodes = new uint[] { 0x0000, 0x0001, 0x0100, 0x0200, 0x0300, 0x0301, 0x0400, 0x0401, 0x0402, 0x0403, 0x0002, 0x0777 };
        Gen.Select(Gen.Int[0, opcodes.Length - 1], Gen.Byte.Array[0, 200], Gen.Int[0, 300], Gen.Int[1, 7], Gen.UInt[0, 3], Gen.UInt[0, 600])
            .Sample((op, body, writable, fragment, flag, len) =>
            {
                var header = new byte[OpHeader.Size];
                var w = new WireWriter(header);
                new OpHeader((VirtioCryptoOpcode)opcodes[op], 0, len % 2 == 0 ? cbc : len, flag).Write(ref w);

                // Plausible small lengths in the first words of the fixed part, so requests get past the length checks.
                var request = header.Concat(body).ToArray();
                for (var i = OpHeader.Size; i + 4 <= Math.Min(request.Length, OpHeader.Size + 40); i += 4)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(i), (len >> (i % 5)) % 64);
                }

                var element = new VirtqueueElement();
                for (var i = 0; i < request.Length; i += fragment)
                {
                    element.AddReadable(request.AsMemory(i, Math.Min(fragment, request.Length - i)));
                }

                var output = new byte[writable];
                for (var i = 0; i < output.Length; i += fragment)
                {
                    element.AddWritable(output.AsMemory(i, Math.Min(fragment, output.Length - i)));
                }

                var result = rig.Device.ProcessData((int)(len % 2), element);
                Assert.True(result.DeviceError is null || DeviceErrorTests.IsKnown(result.DeviceError), result.DeviceError);
                if (writable > 0)
                {
                    Assert.Equal((byte)result.Status, output[^1]);
                    Assert.True(result.UsedLength <= (uint)writable);
                }
                else
                {
                    Assert.Equal(0u, result.UsedLength);
                }
            }, iter: 20000);
    }
}
