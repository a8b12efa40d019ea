using System.Security.Cryptography;
using Qcrypto.Composition;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.Fuzz;

/// <summary>
/// The virtio-crypto request processor under fuzzing: arbitrary bytes as one control or data request,
/// laid out in segments of a fuzzer-chosen size, against a fresh backend holding a few sessions (ids
/// 0..4: AES-256-CBC, HMAC-SHA-256, AES-128-GCM, SHA-256 with chaining, ECDSA P-256) so that data
/// requests reach real crypto. The processor must never throw: any exception escaping is a crash.
/// Input: byte 0 = flags (bit 0 control, bits 1-2 features: none / REVISION_1 / every stateless
/// mode, bit 3 queue 1), byte 1 = segment size (0: one segment), bytes 2-3 = writable length (LE),
/// then the readable bytes. Every written status byte must agree with the result.
/// </summary>
public static class CryptodevTarget
{
    private static readonly byte[] CipherKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] EcdsaKey = MakeEcdsaKey();

    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        Run(buffer.ToArray());
    }

    public static void Run(byte[] input)
    {
        if (input.Length < 4)
        {
            return;
        }

        var flags = input[0];
        var fragment = input[1];
        var writable = input[2] | input[3] << 8;
        var request = input[4..];
        var features = ((flags >> 1) & 3) switch
        {
            0 => VirtioCryptoFeatures.None,
            1 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1,
            _ => VirtioDeviceFeatures,
        };

        using var registry = QcryptoCatalog.CreateRegistry();
        var backend = (CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=c0,queues=2,max-sessions=8");
        using var device = new VirtioCryptoDevice(backend, features);
        var driver = new VirtioCryptoDriver(device);
        driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, CipherKey);
        driver.CreateMacSession(VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, CipherKey);
        driver.CreateAeadSession(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, CipherKey[..16], 16);
        driver.CreateChainSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, CipherKey[..16],
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN,
            (uint)VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32, []);
        driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE,
            AkcipherPara.Ecdsa(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P256), EcdsaKey);

        var element = new VirtqueueElement();
        var step = fragment == 0 ? Math.Max(1, request.Length) : fragment;
        for (var i = 0; i < request.Length; i += step)
        {
            element.AddReadable(request.AsMemory(i, Math.Min(step, request.Length - i)));
        }

        var output = new byte[writable];
        var outStep = fragment == 0 ? Math.Max(1, writable) : fragment;
        for (var i = 0; i < output.Length; i += outStep)
        {
            element.AddWritable(output.AsMemory(i, Math.Min(outStep, output.Length - i)));
        }

        var control = (flags & 1) != 0;
        var result = control ? device.ProcessControl(element) : device.ProcessData((flags >> 3) & 1, element);
        if (result.UsedLength > (uint)writable)
        {
            throw new InvalidOperationException($"used length {result.UsedLength} beyond the {writable} writable bytes");
        }

        if (!control && writable > 0 && output[^1] != (byte)result.Status)
        {
            throw new InvalidOperationException($"status byte {output[^1]} but result {result.Status}");
        }
    }

    private static VirtioCryptoFeatures VirtioDeviceFeatures => VirtioCryptoDevice.OfferedFeatures;

    /// <summary>A fixed P-256 key (RFC 5915 DER), so that a finding replays the same way.</summary>
    private static byte[] MakeEcdsaKey()
    {
        var d = new byte[32];
        d[31] = 7;
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        return ecdsa.ExportECPrivateKey();
    }
}
