using System.Security.Cryptography;
using System.Text;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// RequestResult.DeviceError is set exactly where QEMU 7.2's hw/virtio/virtio-crypto.c calls
/// virtio_error, with its text, and in its order; everything else a guest gets wrong is a status
/// with no device error. One request per virtio_error call, then the statuses that must not break
/// the device. (Before: src_data_len != dst_data_len was ERR without a device error.)
/// </summary>
public class DeviceErrorTests
{
    private static readonly byte[] Key16 = Bytes.Random(16);

    private static ulong Cbc(Rig rig)
    {
        var (status, id) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Key16);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        return id;
    }

    private static ulong Chain(Rig rig)
    {
        var (status, id) = rig.Driver.CreateChainSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Key16,
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
            (uint)VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, Bytes.Random(32));
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        return id;
    }

    private static byte[] ChainFixed(Rig rig, ulong session, uint ivLen, uint srcLen, uint dstLen, uint aadLen, uint resultLen) =>
        Raw.Fixed(rig, VIRTIO_CRYPTO_CIPHER_ENCRYPT, session, (ref WireWriter w) => new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default,
            new AlgChainDataFlf(ivLen, srcLen, dstLen, 0, srcLen, 0, srcLen, aadLen, resultLen)).Write(ref w), SymDataFlf.Size);

    private static (ulong Session, RSA Key) RsaSigner(Rig rig)
    {
        var rsa = RSA.Create(2048);
        var (status, id) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE,
            AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA256), rsa.ExportRSAPrivateKey());
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        return (id, rsa);
    }

    private static byte[] AkFixed(Rig rig, VirtioCryptoOpcode opcode, ulong session, uint srcLen, uint dstLen) =>
        Raw.Fixed(rig, opcode, session, (ref WireWriter w) => new AkcipherDataFlf(srcLen, dstLen).Write(ref w), AkcipherDataFlf.Size);

    private static void Expect(RequestResult result, VirtioCryptoStatus status, string? deviceError)
    {
        Assert.Equal(status, result.Status);
        Assert.Equal(deviceError, result.DeviceError);
    }

    /// <summary>Every message is in the installed QEMU 7.2 binary, byte for byte.</summary>
    [Fact]
    public void EveryMessageIsQemus()
    {
        var qemu = File.ReadAllBytes(Tool.Require("qemu-system-x86_64", "qemu-system-x86"));
        var messages = typeof(DeviceErrors).GetFields().Where(f => f.IsLiteral && f.Name != nameof(DeviceErrors.NoDataQueuePrefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append("virtio-crypto asym src data incorrectexpected %u, actual %u")
            .Append("virtio-crypto asym dst data incorrectexpected %u, actual %u")
            .ToList();
        Assert.Equal(20, messages.Count);
        foreach (var message in messages)
        {
            Assert.True(qemu.AsSpan().IndexOf(Encoding.ASCII.GetBytes(message + "\0")) >= 0, $"not in qemu-system-x86_64: {message}");
        }

        Assert.Equal("virtio-crypto asym src data incorrectexpected 32, actual 10", DeviceErrors.AsymSource(32, 10));
    }

    [Fact]
    public void DataQueueHeaders()
    {
        using var rig = new Rig();
        var session = Cbc(rig);
        var full = Raw.CipherFixed(rig, session, 16, 32, 32);

        Assert.Equal(DeviceErrors.DataqMissingHeaders, Raw.Data(rig, [full, Bytes.Random(48)]).Result.DeviceError);
        Assert.Equal(DeviceErrors.DataqMissingHeaders, Raw.Data(rig, [], 33).Result.DeviceError);

        // QEMU reads the whole 72-byte virtio_crypto_op_data_req before it looks at the opcode.
        Assert.Equal(DeviceErrors.OutHeaderTooShort, Raw.Data(rig, [full[..40]], 33).Result.DeviceError);
        var unknown = rig.Driver.DataFixedPart(new OpHeader((VirtioCryptoOpcode)0x0777, 0, 0, 0), (ref WireWriter w) => { }, 0);
        Assert.Equal(DeviceErrors.OutHeaderTooShort, Raw.Data(rig, [unknown[..OpHeader.Size]], 1).Result.DeviceError);
        var notsupp = Raw.Data(rig, [unknown], 1).Result;
        Expect(notsupp, VIRTIO_CRYPTO_NOTSUPP, null);

        // The status byte goes in the last writable segment: an empty one is "inhdr too short".
        var (r, written) = Raw.Data(rig, [full, Bytes.Random(48)], 33, 0);
        Assert.Equal(DeviceErrors.InHeaderTooShort, r.DeviceError);
        Assert.True(Raw.Untouched(written[0].AsSpan(0, 32)));
    }

    [Fact]
    public void SymmetricLengthsInQemusOrder()
    {
        using var rig = new Rig();
        var session = Cbc(rig);

        // The reproducer: src_data_len != dst_data_len was ERR with no device error.
        var (r, written) = Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 32, 16), Bytes.Random(48)], 100);
        Expect(r, VIRTIO_CRYPTO_ERR, DeviceErrors.SrcDstLength);
        Assert.True(Raw.Untouched(written[0].AsSpan(0, 99)));
        Assert.Equal((byte)VIRTIO_CRYPTO_ERR, written[0][^1]);

        // Checked before max_size, as QEMU does; the same for a chained request.
        Assert.Equal(DeviceErrors.SrcDstLength, Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, uint.MaxValue, 16)], 100).Result.DeviceError);
        Assert.Equal(DeviceErrors.SrcDstLength, Raw.Data(rig, [ChainFixed(rig, Chain(rig), 16, 32, 48, 0, 32)], 100).Result.DeviceError);

        Assert.Equal(DeviceErrors.TooBig, Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 40 << 20, 40 << 20)], 100).Result.DeviceError);
        Assert.Equal(DeviceErrors.TooBig, Raw.Data(rig, [Raw.CipherFixed(rig, session, uint.MaxValue, 16, 16)], 100).Result.DeviceError);

        // Inputs shorter than their lengths: the IV, then the source.
        Assert.Equal(DeviceErrors.Iv, Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 32, 32), Bytes.Random(8)], 33).Result.DeviceError);
        Assert.Equal(DeviceErrors.Source, Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 32, 32), Bytes.Random(16), Bytes.Random(10)], 33).Result.DeviceError);

        // A chained request's AAD (after src_data in session mode).
        var chain = Chain(rig);
        Assert.Equal(DeviceErrors.Aad, Raw.Data(rig, [ChainFixed(rig, chain, 16, 32, 32, 20, 32), Bytes.Random(16), Bytes.Random(32), Bytes.Random(5)], 65).Result.DeviceError);
    }

    [Fact]
    public void OutputsThatDoNotFitBreakTheDeviceOnlyWhenTheOperationSucceeded()
    {
        using var rig = new Rig();
        var session = Cbc(rig);

        var (r, written) = Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 32, 32), Bytes.Random(16), Bytes.Random(32)], 20);
        Expect(r, VIRTIO_CRYPTO_ERR, DeviceErrors.Dest);
        Assert.True(Raw.Untouched(written[0].AsSpan(0, 19)));

        // The same misfit with a request that fails anyway: QEMU never reaches the copy-out.
        r = Raw.Data(rig, [Raw.CipherFixed(rig, session + 99, 16, 32, 32), Bytes.Random(16), Bytes.Random(32)], 20).Result;
        Expect(r, VIRTIO_CRYPTO_INVSESS, null);
        r = Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 17, 17), Bytes.Random(16), Bytes.Random(17)], 10).Result;
        Expect(r, VIRTIO_CRYPTO_ERR, null);

        // dst fits, the hash result after it does not.
        var chain = Chain(rig);
        r = Raw.Data(rig, [ChainFixed(rig, chain, 16, 32, 32, 0, 32), Bytes.Random(16), Bytes.Random(32)], 40).Result;
        Expect(r, VIRTIO_CRYPTO_ERR, DeviceErrors.Digest);
        var (_, hash) = rig.Driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32);
        var hashFixed = Raw.Fixed(rig, VIRTIO_CRYPTO_HASH, hash, (ref WireWriter w) => new HashDataFlf(64, 32).Write(ref w), HashDataFlf.Size);
        Assert.Equal(DeviceErrors.Digest, Raw.Data(rig, [hashFixed, Bytes.Random(64)], 10).Result.DeviceError);
        Assert.Null(Raw.Data(rig, [hashFixed, Bytes.Random(64)], 33).Result.DeviceError);
    }

    [Fact]
    public void AkcipherInQemusWords()
    {
        using var rig = new Rig();
        var (session, rsa) = RsaSigner(rig);
        using var _ = rsa;
        var digest = SHA256.HashData(Bytes.Random(50));

        Assert.Equal("virtio-crypto asym src data incorrectexpected 32, actual 10",
            Raw.Data(rig, [AkFixed(rig, VIRTIO_CRYPTO_AKCIPHER_SIGN, session, 32, 256), digest[..10]], 257).Result.DeviceError);
        var signature = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.Equal("virtio-crypto asym dst data incorrectexpected 32, actual 20",
            Raw.Data(rig, [AkFixed(rig, VIRTIO_CRYPTO_AKCIPHER_VERIFY, session, 256, 32), signature, digest[..20]], 1).Result.DeviceError);
        var verified = Raw.Data(rig, [AkFixed(rig, VIRTIO_CRYPTO_AKCIPHER_VERIFY, session, 256, 32), signature, digest], 1).Result;
        Expect(verified, VIRTIO_CRYPTO_OK, null);

        // QEMU copies out the signature's real length: a generous dst_data_len with just enough room is fine.
        var (r, written) = Raw.Data(rig, [AkFixed(rig, VIRTIO_CRYPTO_AKCIPHER_SIGN, session, 32, 256), digest], 100);
        Expect(r, VIRTIO_CRYPTO_ERR, DeviceErrors.AsymDest);
        Assert.True(Raw.Untouched(written[0].AsSpan(0, 99)));
        (r, written) = Raw.Data(rig, [AkFixed(rig, VIRTIO_CRYPTO_AKCIPHER_SIGN, session, 32, 512), digest], 257);
        Expect(r, VIRTIO_CRYPTO_OK, null);
        Assert.Equal(257u, r.UsedLength);
        Assert.True(rsa.VerifyHash(digest, written[0][..256], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void ControlQueueInQemusOrder()
    {
        using var rig = new Rig();
        var create = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER,
                new CipherSessionFlf(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, 16, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT), default).Write(ref w), SymCreateSessionFlf.Size);

        Assert.Equal(DeviceErrors.CtrlMissingHeaders, Raw.Control(rig, [create, Key16]).Result.DeviceError);
        Assert.Equal(DeviceErrors.CtrlMissingHeaders, Raw.Control(rig, [], 16).Result.DeviceError);
        Assert.Equal(DeviceErrors.CtrlHeaderTooShort, Raw.Control(rig, [create[..40]], 16).Result.DeviceError);

        // Keys shorter than their lengths, each in its own words.
        Assert.Equal(DeviceErrors.CipherKey, Raw.Control(rig, [create, Key16[..10]], 16).Result.DeviceError);
        var chain = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default,
                new AlgChainSessionFlf(VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
                    new CipherSessionFlf(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, 16, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT), default,
                    new MacSessionFlf(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, 32), 0)).Write(ref w), SymCreateSessionFlf.Size);
        Assert.Equal(DeviceErrors.AuthKey, Raw.Control(rig, [chain, Key16, Bytes.Random(5)], 16).Result.DeviceError);
        var mac = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_MAC_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new MacSessionFlf(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, 32).Write(ref w), MacSessionFlf.Size);
        Assert.Equal(DeviceErrors.AuthKey, Raw.Control(rig, [mac, Bytes.Random(5)], 16).Result.DeviceError);
        var rsa = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new AkcipherSessionFlf(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, 1200, default).Write(ref w),
            AkcipherSessionFlf.Size);
        Assert.Equal(DeviceErrors.AsymKey, Raw.Control(rig, [rsa, Bytes.Random(100)], 16).Result.DeviceError);

        // No room for the session input: nothing is created. The short key is found first, as in QEMU.
        var (r, _) = Raw.Control(rig, [create, Key16], 8);
        Expect(r, VIRTIO_CRYPTO_ERR, DeviceErrors.Input);
        Assert.Equal(0, rig.Backend.SessionCount);
        Assert.Equal(DeviceErrors.CipherKey, Raw.Control(rig, [create, Key16[..3]], 8).Result.DeviceError);
        Assert.Equal(DeviceErrors.Input, Raw.Control(rig, [rig.Driver.ControlFixedPart(new CtrlHeader((VirtioCryptoOpcode)0x999, 0, 0, 0), (ref WireWriter w) => { }, 0)], 15).Result.DeviceError);

        // No room for a destroy's status byte: the session is gone (QEMU closes it first), the device broken.
        var session = Cbc(rig);
        var destroy = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, 0, 0, 0), (ref WireWriter w) => new DestroySessionFlf(session).Write(ref w), DestroySessionFlf.Size);
        Assert.Equal(DeviceErrors.Status, Raw.Control(rig, [destroy], 0).Result.DeviceError);
        Assert.Equal(0, rig.Backend.SessionCount);
    }

    /// <summary>The reverse: what QEMU answers with a status alone never carries a device error.</summary>
    [Fact]
    public void StatusOnlyFaultsDoNotBreakTheDevice()
    {
        using var rig = new Rig();
        var session = Cbc(rig);
        var results = new List<(string What, RequestResult Result)>
        {
            ("unknown session", Raw.Data(rig, [Raw.CipherFixed(rig, session + 7, 16, 32, 32), Bytes.Random(16), Bytes.Random(32)], 33).Result),
            ("CBC of 17 bytes", Raw.Data(rig, [Raw.CipherFixed(rig, session, 16, 17, 17), Bytes.Random(16), Bytes.Random(17)], 18).Result),
            ("IV of 8 bytes", Raw.Data(rig, [Raw.CipherFixed(rig, session, 8, 16, 16), Bytes.Random(8), Bytes.Random(16)], 17).Result),
            ("op_type 7", Raw.Data(rig, [Raw.Fixed(rig, VIRTIO_CRYPTO_CIPHER_ENCRYPT, session, (ref WireWriter w) => new SymDataFlf((VirtioCryptoSymOp)7, default, default).Write(ref w), SymDataFlf.Size)], 1).Result),
            ("unknown opcode", Raw.Data(rig, [rig.Driver.DataFixedPart(new OpHeader((VirtioCryptoOpcode)0x777, 0, 0, 0), (ref WireWriter w) => { }, 0)], 1).Result),
            ("unknown ctrl opcode", rig.Driver.SubmitControl(rig.Driver.ControlFixedPart(new CtrlHeader((VirtioCryptoOpcode)0x999, 0, 0, 0), (ref WireWriter w) => { }, 0), 16).Result),
        };
        results.Add(("key over the maximum", CreateRaw(rig, VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, Bytes.Random(65))));
        results.Add(("key of a wrong length", CreateRaw(rig, VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, Bytes.Random(20))));
        results.Add(("unsupported cipher", CreateRaw(rig, VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_ARC4, Bytes.Random(16))));
        var badKeyType = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new AkcipherSessionFlf(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, (VirtioCryptoAkcipherKeyType)9, 500, default).Write(ref w), AkcipherSessionFlf.Size);
        results.Add(("unknown key type, short key", Raw.Control(rig, [badKeyType, Bytes.Random(3)], 16).Result));

        var (_, gcm) = rig.Driver.CreateAeadSession(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, Key16, 16);
        results.Add(("bad tag", rig.Driver.Aead(gcm, false, Bytes.Random(12), [], Bytes.Random(48), 32).Raw));
        results.Add(("tag length not the session's", rig.Driver.Aead(gcm, false, Bytes.Random(12), [], Bytes.Random(48), 32, tagLength: 12).Raw));
        results.Add(("destroy unknown session", rig.Driver.SubmitControl(rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, 0, 0, 0),
            (ref WireWriter w) => new DestroySessionFlf(12345).Write(ref w), DestroySessionFlf.Size), 1).Result));

        foreach (var (what, result) in results)
        {
            Assert.True(result.DeviceError is null, $"{what}: {result.Status} with device error '{result.DeviceError}'");
            Assert.NotEqual(VIRTIO_CRYPTO_OK, result.Status);
        }
    }

    private static RequestResult CreateRaw(Rig rig, VirtioCryptoCipherAlgo algo, byte[] key)
    {
        var create = rig.Driver.ControlFixedPart(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, 0, 0, 0),
            (ref WireWriter w) => new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER,
                new CipherSessionFlf(algo, (uint)key.Length, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT), default).Write(ref w), SymCreateSessionFlf.Size);
        return rig.Driver.SubmitControl([.. create, .. key], 16).Result;
    }

    /// <summary>For property tests: a device error is one of the texts above, never an ad-hoc one.</summary>
    internal static bool IsKnown(string message) =>
        typeof(DeviceErrors).GetFields().Any(f => f.IsLiteral && (string)f.GetRawConstantValue()! == message)
        || message.StartsWith("virtio-crypto asym src data incorrectexpected ", StringComparison.Ordinal)
        || message.StartsWith("virtio-crypto asym dst data incorrectexpected ", StringComparison.Ordinal)
        || message.StartsWith(DeviceErrors.NoDataQueuePrefix, StringComparison.Ordinal);
}
