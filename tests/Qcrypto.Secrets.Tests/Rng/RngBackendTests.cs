using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Chardevs;
using Qcrypto.Rng;

namespace Qcrypto.Secrets.Tests.Rng;

/// <summary>rng-builtin, rng-random and rng-egd in the object model, with QEMU 7.2's messages (the C API's tests read them from C).</summary>
public class RngBackendTests
{
    [Fact]
    public void RngRandomReadsItsFileInOrder()
    {
        var dir = Directory.CreateTempSubdirectory("qcrypto-rng-").FullName;
        try
        {
            var file = Path.Combine(dir, "entropy");
            File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6]);
            using var registry = new ObjectRegistry(Qcrypto.Tests.T.Catalog());
            var rng = Assert.IsType<RngRandom>(registry.Add($"rng-random,id=r0,filename={file}"));
            var a = new byte[4];
            var b = new byte[2];
            rng.Read(a);
            rng.Read(b);
            Assert.Equal([1, 2, 3, 4], a);
            Assert.Equal([5, 6], b);
            var e = Assert.Throws<ObjectException>(() => rng.Read(new byte[1]));
            Assert.Equal(RngErrorCodes.Read, e.Code);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RngRandomMissingFileFailsAsQemu()
    {
        using var registry = new ObjectRegistry(Qcrypto.Tests.T.Catalog());
        var e = Assert.Throws<ObjectException>(() => registry.Add("rng-random,id=r0,filename=/nonexistent"));
        Assert.Equal("Could not open '/nonexistent': No such file or directory", e.QemuMessage);
        Assert.Equal("filename", e.Property);
        Assert.Null(registry.Find("r0"));
    }

    [Fact]
    public void RngBuiltinAndDefaultRngRandomFill()
    {
        using var registry = new ObjectRegistry(Qcrypto.Tests.T.Catalog());
        var buffer = new byte[64];
        ((RngBackend)registry.Add("rng-builtin,id=b")).Read(buffer);
        Assert.Contains(buffer, x => x != 0);
        Assert.Equal("/dev/urandom", Assert.IsType<RngRandom>(registry.Add("rng-random,id=r")).Filename);
    }

    [Fact]
    public void RngEgdNamesAMissingChardevAsQemu()
    {
        using var registry = new ObjectRegistry(Qcrypto.Tests.T.Catalog(), new ObjectRegistryOptions { Chardevs = new ChardevTable() });
        var e = Assert.Throws<ObjectException>(() => registry.Add("rng-egd,id=r0,chardev=nochr"));
        Assert.Equal("Device 'nochr' not found", e.QemuMessage);
        Assert.Equal(RngErrorCodes.ChardevNotFound, e.Code);
    }

    [Fact]
    public void WithoutChardevsAnRngEgdIsCheckedButNotConnected()
    {
        using var registry = new ObjectRegistry(Qcrypto.Tests.T.Catalog());
        var rng = (RngBackend)registry.Add("rng-egd,id=r0,chardev=c0");
        var e = Assert.Throws<ObjectException>(() => rng.Read(new byte[4]));
        Assert.Contains("is not connected", e.QemuMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("socket,id=c0", "Unable to parse FD number")]
    [InlineData("file,id=c0,path=/x", "chardev 'c0': backend 'file' is not modelled by qcrypto (only socket chardevs are)")]
    [InlineData("nosuch,id=c0", "'nosuch' is not a valid char driver name")]
    [InlineData("socket,id=c0,path=/x,bogus=1", "Invalid parameter 'bogus'")]
    [InlineData("socket,id=c0,host=h", "chardev: socket: no port given")]
    [InlineData("socket,path=/x", "chardev: no id specified")]
    [InlineData("socket,id=c0,host=h,port=x", "address resolution failed for h:x: Servname not supported for ai_socktype")]
    public void ChardevSyntaxErrors(string spec, string message)
    {
        var e = Assert.Throws<ObjectException>(() => new ChardevTable().Add(spec));
        Assert.Equal(message, e.QemuMessage);
    }

    [Fact]
    public void DuplicateChardevIsRefusedAsQemu()
    {
        var table = new ChardevTable();
        table.Add("socket,id=c0,path=/tmp/a");
        var e = Assert.Throws<ObjectException>(() => table.Add("socket,id=c0,path=/tmp/b"));
        Assert.Equal("Duplicate ID 'c0' for chardev", e.QemuMessage);
    }
}
