using System.Buffers.Binary;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Backend;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.VhostUser.Tests.Support;
using static Qcrypto.Cryptodev.VhostUser.Virtqueue.VringLayout;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.VhostUser.Tests;

/// <summary>
/// A front-end sending what it should not: the server answers with an error (or closes that one
/// connection), logs what was wrong, and goes on serving everyone else.
/// </summary>
public sealed class HostileFrontendTests : IDisposable
{
    private readonly VhostUserRig _rig = new(frontend: false);

    public void Dispose() => _rig.Dispose();

    /// <summary>The server still works: a real front-end on a new connection runs AES-CBC end to end.</summary>
    private void AssertStillServing()
    {
        using var registry = new Qcrypto.Objects.ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
        var backend = (Qcrypto.Cryptodev.Backend.CryptodevBackend)registry.Add($"cryptodev-vhost-user,id=ok,chardev={_rig.SocketPath}");
        using var device = new Qcrypto.Cryptodev.Device.VirtioCryptoDevice(backend);
        var driver = new Qcrypto.Cryptodev.Driver.VirtioCryptoDriver(device);
        var (status, session) = driver.CreateCipherSession(Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC,
            Qcrypto.Cryptodev.Wire.VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[16]);
        Assert.Equal(Qcrypto.Cryptodev.Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_OK, status);
        Assert.Equal(Qcrypto.Cryptodev.Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_OK, driver.Cipher(session, true, new byte[16], new byte[64]).Status);
    }

    private bool Logged(VhostUserErrorCode code) => _rig.WaitForLog(e => e.Code == code);

    [Fact]
    public void ABadVersionClosesThatConnectionOnly()
    {
        using var idle = RawFrontend.Connect(_rig.SocketPath);
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)R.GetFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0x2);
        Assert.True(raw.SendRaw(header));
        Assert.True(raw.ClosedByServer());
        Assert.True(Logged(VhostUserErrorCode.BadVersion));
        AssertStillServing();
        Assert.NotEqual(0UL, idle.U64(R.GetFeatures));
    }

    [Fact]
    public void AnOversizedPayloadClosesTheConnection()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)R.SetMemTable);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1 << 24);
        Assert.True(raw.SendRaw(header));
        Assert.True(raw.ClosedByServer());
        Assert.True(Logged(VhostUserErrorCode.PayloadTooLarge));
        AssertStillServing();
    }

    [Fact]
    public void ATruncatedMessageIsLoggedAndTheServerGoesOn()
    {
        using (var raw = RawFrontend.Connect(_rig.SocketPath))
        {
            var message = new byte[12 + 10];
            BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)R.SetVringAddr);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 40);
            Assert.True(raw.SendRaw(message));
        }

        Assert.True(Logged(VhostUserErrorCode.Truncated));
        AssertStillServing();
    }

    [Theory]
    [InlineData((uint)R.SetFeatures, 4)]
    [InlineData((uint)R.SetProtocolFeatures, 9)]
    [InlineData((uint)R.SetVringNum, 12)]
    [InlineData((uint)R.SetVringBase, 4)]
    [InlineData((uint)R.SetVringAddr, 39)]
    [InlineData((uint)R.SetVringEnable, 0)]
    [InlineData((uint)R.CloseCryptoSession, 16)]
    [InlineData((uint)R.SetMemTable, 7)]
    [InlineData((uint)R.SetMemTable, 40 + 1)]
    [InlineData((uint)R.SetVringKick, 7)]
    public void WrongSizesGetAnErrorReply(uint requestId, int size)
    {
        var request = (R)requestId;
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        var payload = new byte[size];
        if (request == R.SetMemTable && size >= 8)
        {
            payload[0] = 1;
        }

        Assert.Equal(1UL, raw.Ack(request, payload));
        Assert.True(_rig.WaitForLog(e => e.Code is VhostUserErrorCode.BadPayloadSize or VhostUserErrorCode.BadMemoryTable));
        Assert.NotEqual(0UL, raw.U64(R.GetFeatures));
    }

    [Fact]
    public void OutOfRangeVringsAndSizesGetErrors()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        var state = new byte[8];
        new VringState(5, 8).Write(state);
        Assert.Equal(1UL, raw.Ack(R.SetVringNum, state));
        foreach (var num in new uint[] { 0, 3, 65536 })
        {
            new VringState(0, num).Write(state);
            Assert.Equal(1UL, raw.Ack(R.SetVringNum, state));
        }

        new VringState(0, 0x10000).Write(state);
        Assert.Equal(1UL, raw.Ack(R.SetVringBase, state));
        var u64 = new byte[8];
        U64Payload.Write(u64, 0);
        Assert.Equal(1UL, raw.Ack(R.SetVringKick, u64));
        U64Payload.Write(u64, 7 | U64Payload.NoFdFlag);
        Assert.Equal(1UL, raw.Ack(R.SetVringCall, u64));
        // A notifier that is no eventfd or pipe (a regular file is always readable: a spinning thread).
        using var file = MemoryFiles.CreateMemfd("not-a-notifier", 4096, false, 0, seal: true);
        U64Payload.Write(u64, 0);
        Assert.Equal(1UL, raw.Ack(R.SetVringKick, u64, file.Fd));
        Assert.True(_rig.WaitForLog(e => e.Code == VhostUserErrorCode.BadFds && e.Message.Contains("neither an eventfd nor a pipe", StringComparison.Ordinal)));
        Assert.True(Logged(VhostUserErrorCode.BadVringIndex));
        Assert.True(Logged(VhostUserErrorCode.BadVringSize));
        Assert.True(Logged(VhostUserErrorCode.BadFds));
    }

    [Fact]
    public void MemoryTablesThatCouldFaultAreRefused()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        using var small = MemoryFiles.CreateMemfd("small", 4096, false, 0, seal: true);
        using var other = MemoryFiles.CreateMemfd("other", 1 << 20, false, 0, seal: true);
        using var notAFile = EventFd.Create();
        var table = new byte[MemoryTablePayload.SizeFor(2)];

        // A region longer than its file (an access past the end would be SIGBUS).
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(0, 1 << 20, 0x1000_0000, 0)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table.AsSpan(0, MemoryTablePayload.SizeFor(1)), small.Fd));

        // An offset past the file; a region that wraps; one of size 0; a descriptor that is no file; overlapping regions.
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(0, 4096, 0x1000_0000, 1 << 20)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table.AsSpan(0, MemoryTablePayload.SizeFor(1)), other.Fd));
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(ulong.MaxValue - 100, 4096, 0x1000_0000, 0)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table.AsSpan(0, MemoryTablePayload.SizeFor(1)), other.Fd));
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(0, 0, 0x1000_0000, 0)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table.AsSpan(0, MemoryTablePayload.SizeFor(1)), other.Fd));
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(0, 4096, 0x1000_0000, 0)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table.AsSpan(0, MemoryTablePayload.SizeFor(1)), notAFile.Fd));
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(0, 8192, 0x1000_0000, 0), new MemoryRegionDescription(4096, 8192, 0x2000_0000, 0)]);
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table, other.Fd, other.Fd));

        // Fewer descriptors than regions.
        Assert.Equal(1UL, raw.Ack(R.SetMemTable, table, other.Fd));
        Assert.True(Logged(VhostUserErrorCode.BadMemoryTable));
        AssertStillServing();
    }

    [Fact]
    public void SessionMessagesOfOtherSizesOrImpossibleKeysAreRefused()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        Assert.True(raw.Send(R.CreateCryptoSession, new byte[100]));
        var reply = raw.Receive();
        Assert.NotNull(reply);
        Assert.Equal(0, reply.Payload.Length);

        // QEMU 7.2's layout with key_len 65 (over the key field): session id negative.
        var payload = new byte[CryptoSessionMessage.Qemu72Size];
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12), 65);
        payload[32] = 1;
        payload[33] = 1;
        Assert.True(raw.Send(R.CreateCryptoSession, payload));
        reply = raw.Receive();
        Assert.NotNull(reply);
        Assert.True(CryptoSessionMessage.ReadSessionId(reply.Payload.Span, CryptoSessionLayout.Qemu72) < 0);

        // Closing a session that does not exist.
        var u64 = new byte[8];
        U64Payload.Write(u64, 12345);
        Assert.Equal(1UL, raw.Ack(R.CloseCryptoSession, u64));
        Assert.True(Logged(VhostUserErrorCode.SessionRejected));
        Assert.Equal(0, _rig.Server.ActiveSessions);
    }

    [Fact]
    public void UnknownRequestsAreAnsweredOrIgnored()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        Assert.Equal(1UL, raw.Ack((R)999, default));
        Assert.True(raw.Send(R.GetStatus, default));
        var reply = raw.Receive();
        Assert.NotNull(reply);
        Assert.Equal(0, reply.Payload.Length);
        Assert.NotEqual(0UL, raw.U64(R.GetFeatures));
    }

    [Fact]
    public void RingAddressesOutsideMemoryAreRefused()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        raw.SetUpRing();
        var address = new byte[VringAddress.Size];
        new VringAddress(0, 0, RawFrontend.RegionUser + RawFrontend.RegionSize - 64, RawFrontend.RegionUser + RawFrontend.Used, RawFrontend.RegionUser + RawFrontend.Avail, 0).Write(address);
        Assert.Equal(0UL, raw.Ack(R.SetVringAddr, address));
        Assert.True(Logged(VhostUserErrorCode.BadVringAddress));
        Assert.True(RawFrontend.Signalled(raw.Err));
    }

    [Theory]
    [InlineData("loop")]
    [InlineData("self-loop")]
    [InlineData("outside")]
    [InlineData("wrap")]
    [InlineData("head")]
    [InlineData("nested")]
    [InlineData("indirect-length")]
    [InlineData("zero")]
    [InlineData("order")]
    [InlineData("avail-jump")]
    public unsafe void HostileChainsStopTheQueueAndNothingElse(string shape)
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        raw.SetUpRing();
        ushort head = 0;
        ushort jump = 0;
        const ulong d = RawFrontend.Data;
        switch (shape)
        {
            case "loop":
                raw.Descriptor(0, d, 72, DescNext, 1);
                raw.Descriptor(1, d, 16, DescNext, 0);
                break;
            case "self-loop":
                raw.Descriptor(0, d, 72, DescNext, 0);
                break;
            case "outside":
                raw.Descriptor(0, RawFrontend.RegionSize + 4096, 72, 0);
                break;
            case "wrap":
                raw.DescriptorAt(RawFrontend.Desc, 0, ulong.MaxValue - 8, 72, 0);
                break;
            case "head":
                head = 9;
                break;
            case "nested":
                raw.Descriptor(0, d, 32, DescIndirect);
                raw.DescriptorAt(d, 0, RawFrontend.RegionGuest + d + 0x1000, 16, DescNext, 1);
                raw.DescriptorAt(d, 1, RawFrontend.RegionGuest + d + 0x2000, 16, DescIndirect);
                break;
            case "indirect-length":
                raw.Descriptor(0, d, 24, DescIndirect);
                break;
            case "zero":
                raw.Descriptor(0, d, 0, 0);
                break;
            case "order":
                raw.Descriptor(0, d, 16, DescWrite | DescNext, 1);
                raw.Descriptor(1, d, 72, 0);
                break;
            case "avail-jump":
                raw.Descriptor(0, d, 72, DescNext, 1);
                raw.Descriptor(1, d + 0x100, 1, DescWrite);
                jump = 100;
                break;
        }

        raw.Offer(head, jump);
        Assert.True(RawFrontend.Signalled(raw.Err), $"{shape}: the err eventfd was not signalled");
        Assert.True(Logged(VhostUserErrorCode.BadDescriptorChain));
        Assert.Equal(0, raw.UsedIndex);

        // The connection itself still answers, and other front-ends are served.
        Assert.NotEqual(0UL, raw.U64(R.GetFeatures));
        AssertStillServing();
    }

    [Fact]
    public unsafe void AWellFormedChainFromARawFrontendIsServed()
    {
        using var raw = RawFrontend.Connect(_rig.SocketPath);
        raw.Negotiate();
        raw.SetUpRing();

        // An unknown session's request: 72-byte header + 16-byte iv + 16 src, 16 dst + status. INVSESS comes back.
        const ulong d = RawFrontend.Data;
        raw.Descriptor(0, d, 72 + 32, DescNext, 1);
        raw.Descriptor(1, d + 0x1000, 17, DescWrite);
        var header = new Span<byte>(raw.At(d), 72);
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(header[64..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], 777);
        raw.Offer(0);
        Assert.True(RawFrontend.Signalled(raw.Call));
        Assert.Equal(1, raw.UsedIndex);
        Assert.Equal((0u, 1u), raw.UsedEntry(0));
        Assert.Equal((byte)Qcrypto.Cryptodev.Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_INVSESS, raw.At(d + 0x1000)[16]);
    }
}
