using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>Key material lives in pinned, reference-counted buffers that are zeroed on the last release.</summary>
public class KeyStoreTests
{
    private static bool AllZero(SecretBuffer buffer) => T.Storage(buffer).All(b => b == 0);

    [Fact]
    public void BufferIsZeroedWhenItsOnlyOwnerDisposesIt()
    {
        var buffer = SecretBuffer.CopyOf("key material"u8);
        var storage = T.Storage(buffer);
        Assert.Equal("key material"u8.ToArray(), storage);
        buffer.Dispose();
        Assert.True(buffer.IsZeroed);
        Assert.True(AllZero(buffer));
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.WritableSpan.Length);
    }

    [Fact]
    public void TruncateZeroesTheCutOffBytesAtOnce()
    {
        using var buffer = SecretBuffer.CopyOf("0123456789"u8);
        buffer.Truncate(4);
        Assert.Equal("0123"u8.ToArray(), buffer.Span.ToArray());
        Assert.Equal("0123\0\0\0\0\0\0"u8.ToArray(), T.Storage(buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Truncate(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Truncate(-1));
    }

    [Fact]
    public void LeasesKeepBytesAliveAfterTheStoreDropsThem()
    {
        using var store = new KeyStore();
        var buffer = SecretBuffer.CopyOf("key"u8);
        store.Put("k", buffer);
        Assert.True(store.Contains("k"));
        Assert.False(store.IsLeased("k"));
        Assert.True(store.TryAcquire("k", out var first));
        Assert.True(store.TryAcquire("k", out var second));
        Assert.True(store.IsLeased("k"));
        Assert.Equal(3, buffer.References);

        store.Remove("k");
        Assert.False(store.Contains("k"));
        Assert.False(store.TryAcquire("k", out _));
        Assert.Equal("key"u8.ToArray(), first.Bytes.ToArray());

        first.Dispose();
        first.Dispose(); // twice is harmless
        Assert.False(buffer.IsZeroed);
        Assert.Equal("key"u8.ToArray(), second.Bytes.ToArray());
        Assert.Throws<ObjectDisposedException>(() => first.Bytes.Length);

        second.Dispose();
        Assert.True(buffer.IsZeroed);
        Assert.True(AllZero(buffer));
    }

    [Fact]
    public void StoreRefusesASecondEntryForAnId()
    {
        using var store = new KeyStore();
        store.Put("k", SecretBuffer.CopyOf("a"u8));
        using var other = SecretBuffer.CopyOf("b"u8);
        Assert.Throws<InvalidOperationException>(() => store.Put("k", other));
    }

    [Fact]
    public void DisposingTheStoreZeroesWhatNoLeaseHolds()
    {
        var store = new KeyStore();
        var held = SecretBuffer.CopyOf("held"u8);
        var free = SecretBuffer.CopyOf("free"u8);
        store.Put("held", held);
        store.Put("free", free);
        Assert.True(store.TryAcquire("held", out var lease));
        store.Dispose();
        Assert.True(AllZero(free));
        Assert.Equal("held"u8.ToArray(), lease.Bytes.ToArray());
        lease.Dispose();
        Assert.True(AllZero(held));
    }

    [Fact]
    public void ALeaseCannotBeTakenOnAZeroedBuffer()
    {
        var buffer = SecretBuffer.CopyOf("x"u8);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(buffer.AddReference);
    }

    [Fact]
    public void DeleteIsRefusedWhileALeaseIsOpen()
    {
        using var registry = T.With("secret,id=s0,data=123456");
        var lease = registry.Secrets.Bytes("s0");
        var buffer = T.BufferOf(lease);

        var e = Assert.Throws<ObjectException>(() => registry.Delete("s0"));
        Assert.Equal("object 's0' is in use, can not be deleted", e.QemuMessage);
        Assert.Equal(ErrorCodes.ObjectInUse, e.Code);
        Assert.NotNull(registry.Find("s0"));

        lease.Dispose();
        registry.Delete("s0");
        Assert.Null(registry.Find("s0"));
        Assert.True(buffer.IsZeroed);
        Assert.True(AllZero(buffer));
        Assert.Equal("No secret with id 's0'", Assert.Throws<SecretException>(() => registry.Secrets.Bytes("s0")).QemuMessage);
    }

    [Fact]
    public void DeleteIsRefusedWhileTheObjectIsUsed()
    {
        using var registry = T.With("iothread,id=i0");
        var use = registry.Find("i0")!.Use();
        Assert.Equal("object 'i0' is in use, can not be deleted", Assert.Throws<ObjectException>(() => registry.Delete("i0")).QemuMessage);
        use.Dispose();
        use.Dispose();
        registry.Delete("i0");
    }

    [Fact]
    public void DeleteOfAnUnknownObject()
    {
        using var registry = T.Registry();
        var e = Assert.Throws<ObjectException>(() => registry.Delete("x"));
        Assert.Equal("object 'x' not found", e.QemuMessage);
        Assert.Equal(ErrorCodes.ObjectNotFound, e.Code);
    }

    [Fact]
    public void LeasesOutliveTheRegistry()
    {
        var registry = T.With("secret,id=s0,data=123456");
        var lease = registry.Secrets.Bytes("s0");
        var buffer = T.BufferOf(lease);
        registry.Dispose();
        Assert.Equal("123456"u8.ToArray(), lease.Bytes.ToArray());
        lease.Dispose();
        Assert.True(AllZero(buffer));
    }

    [Fact]
    public void DeletingASecretZeroesItsBytes()
    {
        using var registry = T.With(T.MasterLine(), $"secret,id=s0,data={T.CiphertextBase64},format=base64,keyid=k0,iv={T.IvBase64}");
        var buffers = new[] { "k0", "s0" }.Select(id =>
        {
            using var lease = registry.Secrets.Bytes(id);
            return T.BufferOf(lease);
        }).ToList();

        // The master key was leased only while s0 was decrypted.
        registry.Delete("k0");
        registry.Delete("s0");
        Assert.All(buffers, b => Assert.True(AllZero(b)));
        Assert.Empty(registry.Objects);
    }

    [Fact]
    public void AFailedSecretLeavesNothingInTheStore()
    {
        using var registry = T.With(T.MasterLine());
        Assert.ThrowsAny<QcryptoException>(() => registry.Add("secret,id=s0,data=123456789012345,keyid=k0,iv=" + T.IvBase64));
        Assert.False(registry.Keys.Contains("s0"));
        Assert.False(registry.Keys.IsLeased("k0"));
        registry.Delete("k0");
    }

    [Fact]
    public void ConcurrentLeasesBalance()
    {
        using var registry = T.With("secret,id=s0,data=123456");
        Parallel.For(0, 2000, _ =>
        {
            using var lease = registry.Secrets.Bytes("s0");
            Assert.Equal(6, lease.Length);
        });
        Assert.False(registry.Keys.IsLeased("s0"));
        registry.Delete("s0");
    }
}
