using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Qcrypto.Composition;
using Qcrypto.Objects;

namespace Qcrypto.Bench;

/// <summary>
/// Decrypting an encrypted secret through the object model (registry, master key object, secret
/// object with keyid/iv/base64, lease of the result) against the bare AES-256-CBC decryption of the
/// same ciphertext, to show what the object model costs on top of the cipher.
/// </summary>
[MemoryDiagnoser]
public class SecretDecryptBenchmarks
{
    private byte[] _ciphertext = [];
    private string _ciphertextBase64 = "";
    private byte[] _iv = [];
    private string _masterLine = "";
    private string _secretLine = "";
    private Aes? _aes;

    [Params(16, 1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _iv = RandomNumberGenerator.GetBytes(16);
        _aes = Aes.Create();
        _aes.Key = key;
        _ciphertext = _aes.EncryptCbc(RandomNumberGenerator.GetBytes(Size), _iv, PaddingMode.PKCS7);
        _ciphertextBase64 = Convert.ToBase64String(_ciphertext);
        _masterLine = $"secret,id=m,format=base64,data={Convert.ToBase64String(key)}";
        _secretLine = $"secret,id=s,data={_ciphertextBase64},keyid=m,iv={Convert.ToBase64String(_iv)},format=base64";
    }

    [GlobalCleanup]
    public void Cleanup() => _aes?.Dispose();

    /// <summary>The cipher alone: the floor any secret decryption stands on.</summary>
    [Benchmark(Baseline = true)]
    public byte[] AesDecryptCbc() => _aes!.DecryptCbc(_ciphertext, _iv, PaddingMode.PKCS7);

    /// <summary>The unavoidable work of a base64 data= secret: decode, then decrypt.</summary>
    [Benchmark]
    public byte[] Base64ThenAesDecryptCbc() => _aes!.DecryptCbc(Convert.FromBase64String(_ciphertextBase64), _iv, PaddingMode.PKCS7);

    /// <summary>What QEMU's -object lines cost here: parse, validate, load master, decrypt, lease.</summary>
    [Benchmark]
    public int ObjectRegistrySecretLookup()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(_masterLine);
        registry.Add(_secretLine);
        using var lease = registry.Secrets.Bytes("s");
        return lease.Length;
    }
}
