using Qcrypto.Composition;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Errors;
using Qcrypto.Objects;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>The cryptodev-backend-builtin object: its -object line, limits, config space, stats, key store and deletion rule.</summary>
public class BackendObjectTests
{
    private static ObjectRegistry Registry() => QcryptoCatalog.CreateRegistry();

    [Fact]
    public void QueuesFromOneToSixtyFourWithQemuMessagesOutside()
    {
        using var registry = Registry();
        var one = (CryptodevBackendBuiltin)registry.Add("cryptodev-backend-builtin,id=a");
        Assert.Equal(1, one.Queues);
        Assert.Empty(one.Warnings);
        var many = (CryptodevBackendBuiltin)registry.Add("cryptodev-backend-builtin,id=b,queues=64");
        Assert.Equal(64, many.Queues);
        Assert.Contains(many.Warnings, w => w.Code == "cryptodev-queues");

        var zero = Assert.Throws<ObjectException>(() => registry.Add("cryptodev-backend-builtin,id=c,queues=0"));
        Assert.Equal("Property 'cryptodev-backend-builtin.queues' doesn't take value '0'", zero.QemuMessage);
        var tooMany = Assert.Throws<ObjectException>(() => registry.Add("cryptodev-backend-builtin,id=d,queues=65"));
        Assert.Equal("Only support up to 64 queues in cryptodev-builtin backend", tooMany.QemuMessage);
        Assert.Null(registry.Find("d"));
        Assert.Throws<ObjectOptionException>(() => registry.Add("cryptodev-backend-builtin,id=e,queues=x"));
        Assert.Throws<ObjectOptionException>(() => registry.Add("cryptodev-backend-builtin,id=f,bogus=1"));
    }

    [Fact]
    public void ConfigSpaceAdvertisesExactlyWhatWorks()
    {
        using var rig = new Rig("cryptodev-backend-builtin,id=c,queues=4");
        var raw = new byte[VirtioCryptoConfig.Size];
        rig.Device.ReadConfig(raw);
        Assert.True(VirtioCryptoConfig.TryRead(raw, out var config));
        Assert.Equal(VirtioCryptoConfig.VIRTIO_CRYPTO_S_HW_READY, config.Status);
        Assert.Equal(4u, config.MaxDataqueues);
        Assert.Equal(0b11111u, config.CryptoServices);
        Assert.Equal((1u << 2) | (1u << 3) | (1u << 4) | (1u << 7) | (1u << 8) | (1u << 9) | (1u << 13), config.CipherAlgoL);
        Assert.Equal(0u, config.CipherAlgoH);
        Assert.Equal(0b1_1111_1111_1110u, config.HashAlgo);
        Assert.Equal(0b111_1110u | (1u << 26), config.MacAlgoL);
        Assert.Equal(1u << (41 - 32), config.MacAlgoH);
        Assert.Equal(0b1110u, config.AeadAlgo);
        Assert.Equal(0b110u, config.AkcipherAlgo);
        Assert.Equal(64u, config.MaxCipherKeyLen);
        Assert.Equal(512u, config.MaxAuthKeyLen);
        Assert.Equal(CryptodevBackendBuiltin.MaxRequestSize, config.MaxSize);

        // Every advertised cipher creates a session; every other bit number is refused.
        for (var algo = 0; algo < 32; algo++)
        {
            var keyLength = algo switch { 7 or 8 or 9 => 24, 13 => 32, _ => 16 };
            var (status, id) = rig.Driver.CreateCipherSession((VirtioCryptoCipherAlgo)algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(keyLength));
            Assert.Equal((config.CipherAlgoL & (1u << algo)) != 0, status == VIRTIO_CRYPTO_OK);
            rig.Driver.DestroySession(id);
        }

        for (var algo = 0; algo < 32; algo++)
        {
            var (status, id) = rig.Driver.CreateHashSession((VirtioCryptoHashAlgo)algo, 16);
            Assert.Equal((config.HashAlgo & (1u << algo)) != 0, status == VIRTIO_CRYPTO_OK);
            rig.Driver.DestroySession(id);
        }

        for (var algo = 0; algo < 64; algo++)
        {
            var (status, id) = rig.Driver.CreateMacSession((VirtioCryptoMacAlgo)algo, 16, Bytes.Random(16));
            var advertised = ((((ulong)config.MacAlgoH << 32) | config.MacAlgoL) & (1UL << algo)) != 0;
            Assert.Equal(advertised, status == VIRTIO_CRYPTO_OK);
            rig.Driver.DestroySession(id);
        }

        for (var algo = 0; algo < 32; algo++)
        {
            var (status, id) = rig.Driver.CreateAeadSession((VirtioCryptoAeadAlgo)algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(32), 16);
            Assert.Equal((config.AeadAlgo & (1u << algo)) != 0, status == VIRTIO_CRYPTO_OK);
            rig.Driver.DestroySession(id);
        }
    }

    [Fact]
    public void SessionKeysLiveInTheKeyStoreAndAreZeroedOnDestroy()
    {
        using var rig = new Rig();
        var key = Bytes.Random(32);
        var (_, id) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        var keyStoreId = $"cryptodev0/session/1";
        Assert.True(rig.Registry.Keys.Contains(keyStoreId));
        Assert.True(rig.Registry.Keys.TryAcquire(keyStoreId, out var lease));
        Assert.Equal(key, lease!.Bytes.ToArray());
        var buffer = (Qcrypto.Keys.SecretBuffer)typeof(Qcrypto.Keys.KeyLease).GetField("_buffer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(lease)!;
        lease.Dispose();

        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.DestroySession(id));
        Assert.False(rig.Registry.Keys.Contains(keyStoreId));
        Assert.True(buffer.IsZeroed);
    }

    [Fact]
    public void DeletionIsRefusedWhileADeviceOrASessionUsesTheBackend()
    {
        using var registry = Registry();
        var backend = (CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=cd");
        var device = new VirtioCryptoDevice(backend);
        var driver = new Qcrypto.Cryptodev.Driver.VirtioCryptoDriver(device);
        var (_, id) = driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA1, 20);
        var e = Assert.Throws<ObjectException>(() => registry.Delete("cd"));
        Assert.Equal(ErrorCodes.ObjectInUse, e.Code);
        device.Dispose();
        Assert.Throws<ObjectException>(() => registry.Delete("cd"));
        Assert.Equal(VIRTIO_CRYPTO_OK, backend.CloseSession(id));
        registry.Delete("cd");
        Assert.Null(registry.Find("cd"));
    }

    /// <summary>
    /// Two devices on one backend would share its sessions (one guest driver could use or destroy the
    /// other's): QEMU refuses the second when it is realized, and so do we, with its words.
    /// </summary>
    [Fact]
    public void OneDevicePerBackendAsInQemu()
    {
        using var registry = Registry();
        var backend = (CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=c0");
        var first = new VirtioCryptoDevice(backend);
        Assert.True(backend.IsUsedByDevice);
        var e = Assert.Throws<CryptodevBackendInUseException>(() => new VirtioCryptoDevice(backend));
        Assert.Equal("can't use already used cryptodev backend: c0", e.QemuMessage);
        Assert.Equal(CryptodevBackendInUseException.ErrorCode, e.Code);
        Assert.Equal("c0", e.ObjectId);
        Assert.NotNull(e.Hint);

        // The oracle: real QEMU 7.2 with the same two devices.
        var qemu = Tool.Require("qemu-system-x86_64", "qemu-system-x86");
        var (code, _, stderr) = Tool.RunBytes(qemu, ["-machine", "pc", "-nodefaults", "-display", "none", "-S", "-object", "cryptodev-backend-builtin,id=c0",
            "-device", "virtio-crypto-pci,cryptodev=c0", "-device", "virtio-crypto-pci,cryptodev=c0"], allowFailure: true);
        Assert.Equal(1, code);
        Assert.EndsWith(": " + e.QemuMessage, stderr.Trim());

        // The refused device took nothing: the first still works; releasing it frees the backend.
        var driver = new Qcrypto.Cryptodev.Driver.VirtioCryptoDriver(first);
        var (status, id) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16));
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        Assert.Equal(VIRTIO_CRYPTO_OK, driver.Cipher(id, true, Bytes.Random(16), Bytes.Random(40)).Status);
        first.Dispose();
        first.Dispose();
        Assert.False(backend.IsUsedByDevice);
        using var second = new VirtioCryptoDevice(backend);
        Assert.True(backend.IsUsedByDevice);
        Assert.Throws<CryptodevBackendInUseException>(() => new VirtioCryptoDevice(backend));
    }

    [Fact]
    public void StatisticsUseQemuNamesAndQueryCryptodevListsClients()
    {
        using var rig = new Rig("cryptodev-backend-builtin,id=cryptodev0,queues=2");
        var (_, enc) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16));
        rig.Driver.Queue = 1;
        rig.Driver.Cipher(enc, true, Bytes.Random(16), Bytes.Random(100));
        rig.Driver.Queue = 0;
        rig.Driver.Cipher(enc, true, Bytes.Random(16), Bytes.Random(28));
        var stats = rig.Backend.Statistics.Snapshot().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(2, stats["sym-encrypt-ops"]);
        Assert.Equal(128, stats["sym-encrypt-bytes"]);
        Assert.Equal(0, stats["sym-decrypt-ops"]);
        foreach (var name in new[] { "asym-encrypt-ops", "asym-decrypt-ops", "asym-sign-ops", "asym-verify-ops", "asym-encrypt-bytes", "asym-decrypt-bytes", "asym-sign-bytes", "asym-verify-bytes" })
        {
            Assert.Equal(0, stats[name]);
        }

        var info = Assert.Single(CryptodevBackend.Query(rig.Registry));
        Assert.Equal("cryptodev0", info.Id);
        Assert.Equal(["cipher", "hash", "mac", "aead", "akcipher"], info.Services);
        Assert.Equal([new CryptodevClientInfo(0, "builtin"), new CryptodevClientInfo(1, "builtin")], info.Clients);
    }

    [Fact]
    public void ThrottledRequestsCompleteLaterWithTheRightResult()
    {
        var completion = new Completions();
        using var rig = new Rig("cryptodev-backend-builtin,id=c,throttle-ops=20", completion: completion);
        Assert.Contains(rig.Backend.Warnings, w => w.Code == "cryptodev-throttle");
        var key = Bytes.Random(16);
        var (_, enc) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_ECB, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);

        // The burst is a tenth of a second's worth (2 ops); the rest wait for the timer.
        var plains = Enumerable.Range(0, 6).Select(_ => Bytes.Random(32)).ToArray();
        var results = plains.Select(p => rig.Driver.Cipher(enc, true, [], p)).ToArray();
        Assert.Contains(results, r => r.Raw.IsPending);
        Assert.Contains(results, r => !r.Raw.IsPending);
        var pending = results.Count(r => r.Raw.IsPending);
        Assert.True(completion.WaitFor(pending), "the throttled requests never completed");
        Assert.All(completion.Results, r => Assert.Equal(VIRTIO_CRYPTO_OK, r.Result.Status));

        // Each deferred request's output was written into its own element's dst, in submission order.
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        var deferred = results.Select((r, i) => (r, i)).Where(x => x.r.Raw.IsPending).Select(x => x.i).ToArray();
        for (var k = 0; k < deferred.Length; k++)
        {
            var (element, result) = completion.Results[k];
            Assert.Equal(33u, result.UsedLength);
            var dst = element.Writable[0].ToArray();
            Assert.Equal(aes.EncryptEcb(plains[deferred[k]], System.Security.Cryptography.PaddingMode.None), dst);
        }

        // throttle off (qom-set throttle-ops 0): requests run at once again.
        rig.Backend.SetThrottle(0, 0);
        Assert.False(rig.Driver.Cipher(enc, true, [], Bytes.Random(16)).Raw.IsPending);
    }
}
