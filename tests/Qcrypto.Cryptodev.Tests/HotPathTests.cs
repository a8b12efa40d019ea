using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// The data path allocates nothing per request once a session exists (the element is reused, as an
/// emulator reuses its VirtQueueElements): counted bytes, not time.
/// </summary>
public class HotPathTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "aes-256-cbc", 64 }, { "aes-256-cbc", 16384 }, { "aes-128-ctr", 1000 },
        { "aes-256-gcm", 64 }, { "aes-256-gcm", 16384 }, { "hmac-sha256", 1024 }, { "sha256", 1024 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoAllocationPerRequest(string algorithm, int size)
    {
        using var rig = new Rig();
        var element = Prepare(rig.Driver, algorithm, size, out var output);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(VIRTIO_CRYPTO_OK, rig.Device.ProcessData(0, element).Status);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            rig.Device.ProcessData(0, element);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal((byte)VIRTIO_CRYPTO_OK, output[^1]);
    }

    /// <summary>A request laid out once, as the bench and this test run it: header+fixed part+IV, src, AAD | dst, status.</summary>
    internal static VirtqueueElement Prepare(VirtioCryptoDriver driver, string algorithm, int size, out byte[] status)
    {
        var key = Bytes.Random(32);
        var src = Bytes.Random(size);
        var element = new VirtqueueElement();
        byte[] fixedPart;
        int dst;
        switch (algorithm)
        {
            case "aes-256-cbc" or "aes-128-ctr":
            {
                var cbc = algorithm == "aes-256-cbc";
                var (_, id) = driver.CreateCipherSession(cbc ? VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC : VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR,
                    VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, cbc ? key : key[..16]);
                var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf(16, (uint)size, (uint)size), default);
                fixedPart = [.. driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, id, 0), (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size), .. Bytes.Random(16)];
                dst = size;
                break;
            }

            case "aes-256-gcm":
            {
                var (_, id) = driver.CreateAeadSession(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 16);
                fixedPart = [.. driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_AEAD_ENCRYPT, 0, id, 0),
                    (ref WireWriter w) => new AeadDataFlf(12, 0, (uint)size, (uint)size + 16, 16).Write(ref w), AeadDataFlf.Size), .. Bytes.Random(12)];
                dst = size + 16;
                break;
            }

            case "hmac-sha256":
            {
                var (_, id) = driver.CreateMacSession(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, key);
                fixedPart = driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_MAC, 0, id, 0),
                    (ref WireWriter w) => new HashDataFlf((uint)size, 32).Write(ref w), HashDataFlf.Size);
                dst = 32;
                break;
            }

            default:
            {
                var (_, id) = driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32);
                fixedPart = driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_HASH, 0, id, 0),
                    (ref WireWriter w) => new HashDataFlf((uint)size, 32).Write(ref w), HashDataFlf.Size);
                dst = 32;
                break;
            }
        }

        status = new byte[1];
        element.AddReadable(fixedPart).AddReadable(src).AddWritable(new byte[dst]).AddWritable(status);
        return element;
    }
}
