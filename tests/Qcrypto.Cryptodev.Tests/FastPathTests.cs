using CsCheck;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// The cipher fast path answers exactly as the general path: random cipher requests, valid and
/// broken in every way the fast path checks, in many layouts, run through two identical devices, one
/// with the fast path and one without; status, used length, device error, every byte written and the
/// statistics must agree.
/// </summary>
public class FastPathTests
{
    private static readonly byte[] CbcKey = Bytes.Random(32);
    private static readonly byte[] CtrKey = Bytes.Random(16);

    private static (Rig Rig, ulong Cbc, ulong Ctr, ulong Hash) Make(VirtioCryptoFeatures features, bool fast)
    {
        var rig = new Rig(features: features);
        rig.Device.FastPathDisabled = !fast;
        var (_, cbc) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, CbcKey);
        var (_, ctr) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, CtrKey);
        var (_, hash) = rig.Driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32);
        return (rig, cbc, ctr, hash);
    }

    [Fact]
    public void TakesTheLayoutsOfLinuxAndTheBench()
    {
        var (rig, cbc, _, _) = Make(VirtioCryptoFeatures.None, fast: true);
        using var _ = rig;
        var fixedPart = Raw.CipherFixed(rig, cbc, 16, 64, 64);
        var element = new VirtqueueElement().AddReadable(fixedPart.Concat(Bytes.Random(16)).ToArray()).AddReadable(Bytes.Random(64)).AddWritable(new byte[64]).AddWritable(new byte[1]);
        Assert.True(rig.Device.TryFastCipher(0, element, out var result));
        Assert.Equal((VIRTIO_CRYPTO_OK, 65u), (result.Status, result.UsedLength));
        element = new VirtqueueElement().AddReadable(fixedPart.Concat(Bytes.Random(80)).ToArray()).AddWritable(new byte[65]);
        Assert.True(rig.Device.TryFastCipher(0, element, out result));
        Assert.Equal(VIRTIO_CRYPTO_OK, result.Status);
    }

    [Theory]
    [InlineData(VirtioCryptoFeatures.None)]
    [InlineData(VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1)]
    [InlineData(VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1 | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE)]
    public void AnswersExactlyAsTheGeneralPath(VirtioCryptoFeatures features)
    {
        var (fastRig, cbc, ctr, hash) = Make(features, fast: true);
        var (slowRig, _, _, _) = Make(features, fast: false);
        using var a = fastRig;
        using var b = slowRig;
        var opcodes = new[] { VIRTIO_CRYPTO_CIPHER_ENCRYPT, VIRTIO_CRYPTO_CIPHER_DECRYPT, VIRTIO_CRYPTO_HASH };
        var lengths = new uint[] { 0, 8, 15, 16, 17, 32, 64, 100 };
        // Biased towards requests that succeed, so that both outcomes are common.
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 11], Gen.Int[0, 7], Gen.Int[-1, 3], Gen.Int[0, 9], Gen.Int[0, 6], Gen.UInt[0, 3])
            .Select(Gen.Int[0, 4], Gen.Int[0, 2], (t, opType, queue) => (t, opType, queue))
            .Sample(x =>
            {
                var ((s, o, iv, src, dstDelta, split, outLayout, flag), opTypeIndex, queue) = x;
                var ivLen = iv < lengths.Length ? lengths[iv] : 16;
                var srcLen = lengths[src];
                var dstLen = (uint)Math.Max(0, srcLen + (dstDelta > 1 ? 0 : dstDelta));
                var opType = opTypeIndex switch { < 3 => VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, 3 => VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, _ => VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE };
                var session = s switch { < 3 => cbc, 3 => ctr, 4 => hash, _ => cbc + 77 };
                var fixedPart = fastRig.Driver.DataFixedPart(new OpHeader(opcodes[o], 0, session, flag),
                    (ref WireWriter w) => new SymDataFlf(opType, new CipherDataFlf(ivLen, srcLen, dstLen), default).Write(ref w), SymDataFlf.Size);
                var body = Bytes.Random((int)(ivLen + srcLen));
                var request = fixedPart.Concat(body).ToArray();

                // Readable: cut at a random point (the IV's end most often), sometimes short.
                var cut = split switch
                {
                    < 5 => fixedPart.Length + (int)ivLen,
                    5 => fixedPart.Length,
                    6 => 40,
                    7 => request.Length,
                    8 => fixedPart.Length + (int)ivLen + 3,
                    _ => request.Length - 1,
                };
                cut = Math.Clamp(cut, 0, request.Length);
                var total = split == 9 ? request.Length - 1 : request.Length;
                var readable = new List<byte[]> { request[..cut] };
                if (total > cut)
                {
                    readable.Add(request[cut..total]);
                }

                // Writable: dst then status in its own segment, or together, or too short, or an empty last segment.
                int[] writable = outLayout switch
                {
                    0 or 1 or 2 => [(int)dstLen, 1],
                    3 => [(int)dstLen + 1],
                    4 => [Math.Max(0, (int)dstLen - 3), 1],
                    5 => [(int)dstLen, 1, 0],
                    _ => [(int)dstLen],
                };

                var (r1, w1) = Raw.DataOn(fastRig, queue % 2, [.. readable], writable);
                var (r2, w2) = Raw.DataOn(slowRig, queue % 2, [.. readable], writable);
                Assert.Equal(r2, r1);
                Assert.Equal(w2, w1);
            }, iter: 20000);

        Assert.Equal(slowRig.Backend.Statistics.Snapshot(), fastRig.Backend.Statistics.Snapshot());
        var stats = fastRig.Backend.Statistics;
        Assert.True(stats[Backend.CryptodevStat.SymEncryptOps] + stats[Backend.CryptodevStat.SymDecryptOps] > 200);
    }
}
