using Qcrypto.Cryptodev.VhostUser.Objects;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.VhostUser.Tests.Support;

namespace Qcrypto.VhostUser.Tests;

/// <summary>memory-backend-memfd and memory-backend-file as live objects, with QEMU 7.2's messages when the host refuses.</summary>
public sealed class MemoryBackendTests : IDisposable
{
    private readonly ObjectRegistry _registry = new(Qcrypto.Composition.QcryptoCatalog.CreateLive());
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qcrypto-mem-");

    public void Dispose()
    {
        _registry.Dispose();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void AMemfdIsSharedSealedAndSized()
    {
        var mem = (MemoryBackendMemfd)_registry.Add("memory-backend-memfd,id=mem,size=2M,share=on");
        Assert.Equal(2UL << 20, mem.Size);
        Assert.True(mem.IsShared);
        mem.GetSpan(4096, 4)[0] = 0x5A;
        var (_, fileSize) = mem.Descriptor.Stat();
        Assert.Equal(2L << 20, fileSize);
        Assert.Equal(Qcrypto.Cryptodev.Interop.Libc.F_SEAL_GROW | Qcrypto.Cryptodev.Interop.Libc.F_SEAL_SHRINK | Qcrypto.Cryptodev.Interop.Libc.F_SEAL_SEAL, mem.Descriptor.Seals());
        using var again = Qcrypto.Cryptodev.Interop.SharedMapping.Map(mem.Descriptor, 8192);
        unsafe
        {
            Assert.Equal(0x5A, again.Pointer[4096]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan((2UL << 20) - 2, 4).Length);
    }

    [Fact]
    public void HugePagesTheHostDoesNotHaveFailAsInQemu()
    {
        // Without free huge pages QEMU 7.2 says exactly this (checked with qemu-system-x86_64); with them it works.
        var free = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("HugePages_Free:", StringComparison.Ordinal)).Split(':')[1].Trim();
        if (free == "0")
        {
            var e = Assert.Throws<ObjectException>(() => _registry.Add("memory-backend-memfd,id=huge,size=4M,hugetlb=on"));
            Assert.Equal("unable to map backing store for guest RAM: Cannot allocate memory", e.QemuMessage);
        }
        else
        {
            Assert.Equal(4UL << 20, ((MemoryBackendMemfd)_registry.Add("memory-backend-memfd,id=huge,size=4M,hugetlb=on")).Size);
        }
    }

    [Fact]
    public void AFileBackendCreatesItsFileOrATemporaryOneInADirectory()
    {
        var path = Path.Combine(_dir.FullName, "guest.ram");
        var file = (MemoryBackendFile)_registry.Add($"memory-backend-file,id=f,size=1M,mem-path={path},share=on");
        Assert.Equal(1L << 20, new FileInfo(path).Length);
        file.GetSpan(0, 1)[0] = 1;
        _registry.Add($"memory-backend-file,id=d,size=1M,mem-path={_dir.FullName},share=on");
        Assert.Single(_dir.GetFiles());
        var missing = Assert.Throws<ObjectException>(() => _registry.Add("memory-backend-file,id=m,size=1M,mem-path=/nonexistent-qcrypto/x"));
        Assert.Equal("can't open backing store /nonexistent-qcrypto/x for guest RAM: No such file or directory", missing.QemuMessage);
    }

    [Fact]
    public void AFrontendNeedsSharedMemoryOfEnoughSize()
    {
        using var rig = new VhostUserRig(frontend: false);
        _registry.Add("memory-backend-memfd,id=private,size=64M");
        var e = Assert.Throws<ObjectException>(() => _registry.Add($"cryptodev-vhost-user,id=a,chardev={rig.SocketPath},memdev=private"));
        Assert.Equal("Failed initializing vhost-user memory map, consider using -object memory-backend-file share=on", e.QemuMessage);
        _registry.Add("memory-backend-memfd,id=small,size=1M,share=on");
        var small = Assert.Throws<ObjectException>(() => _registry.Add($"cryptodev-vhost-user,id=b,chardev={rig.SocketPath},memdev=small"));
        Assert.Contains("need", small.QemuMessage, StringComparison.Ordinal);

        // Enough shared memory: the rings and buffers live there, and requests run.
        _registry.Add("memory-backend-memfd,id=shared,size=64M,share=on");
        var backend = (Qcrypto.Cryptodev.Backend.CryptodevBackend)_registry.Add($"cryptodev-vhost-user,id=c,chardev={rig.SocketPath},memdev=shared,ring-size=64");
        using var device = new Qcrypto.Cryptodev.Device.VirtioCryptoDevice(backend);
        var driver = new Qcrypto.Cryptodev.Driver.VirtioCryptoDriver(device);
        var (status, session) = driver.CreateCipherSession(Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_ECB,
            Qcrypto.Cryptodev.Wire.VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[16]);
        Assert.Equal(Qcrypto.Cryptodev.Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_OK, driver.Cipher(session, true, [], new byte[32]).Status);
        Assert.Equal(Qcrypto.Cryptodev.Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_OK, status);
    }
}
