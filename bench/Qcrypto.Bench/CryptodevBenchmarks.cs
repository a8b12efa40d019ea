using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Qcrypto.Composition;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.Bench;

/// <summary>
/// One virtio-crypto encryption request through the whole device path (parse, session lookup, crypt,
/// status; what `qcrypto cryptodev bench` times against openssl speed) against the bare primitive the
/// session holds, so the difference is what the request processing costs. Allocation must be zero.
/// </summary>
[MemoryDiagnoser]
public class CryptodevBenchmarks
{
    private ObjectRegistry? _registry;
    private VirtioCryptoDevice? _device;
    private BenchRequest? _request;
    private SymmetricCipher? _cipher;
    private AeadCipher? _aead;
    private byte[] _iv = [];
    private byte[] _src = [];
    private byte[] _dst = [];

    [Params("aes-256-cbc", "aes-256-gcm")]
    public string Algorithm { get; set; } = "aes-256-cbc";

    [Params(64, 1024, 16384)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _registry = QcryptoCatalog.CreateRegistry();
        var backend = (CryptodevBackend)_registry.Add("cryptodev-backend-builtin,id=bench0");
        _device = new VirtioCryptoDevice(backend);
        _request = BenchRequest.Create(new VirtioCryptoDriver(_device), Algorithm, Size);
        var key = RandomNumberGenerator.GetBytes(32);
        _src = RandomNumberGenerator.GetBytes(Size);
        _dst = new byte[Size + 16];
        if (Algorithm == "aes-256-cbc")
        {
            _iv = RandomNumberGenerator.GetBytes(16);
            SymmetricCipher.TryCreate(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, key, out _cipher);
        }
        else
        {
            _iv = RandomNumberGenerator.GetBytes(12);
            AeadCipher.TryCreate(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, key, 16, out _aead);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cipher?.Dispose();
        _aead?.Dispose();
        _device?.Dispose();
        _registry?.Dispose();
    }

    [Benchmark(Description = "request through the device")]
    public bool Request() => _request!.Run();

    [Benchmark(Baseline = true, Description = "bare primitive")]
    public VirtioCryptoStatus Primitive() => _cipher is not null
        ? _cipher.Transform(true, _iv, _src, _dst.AsSpan(0, Size))
        : _aead!.Encrypt(_iv, [], _src, _dst.AsSpan(0, Size), _dst.AsSpan(Size, 16));
}
