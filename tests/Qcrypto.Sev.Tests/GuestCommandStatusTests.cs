using System.Buffers.Binary;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Software;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// LAUNCH_UPDATE_DATA, LAUNCH_MEASURE, LAUNCH_SECRET, LAUNCH_FINISH, GUEST_STATUS and DECOMMISSION on
/// SoftwarePsp: each command in each wrong state, with an unknown handle, with misaligned or short
/// buffers, and LAUNCH_SECRET with every part of the packet tampered (guest memory then unchanged).
/// </summary>
public sealed class GuestCommandStatusTests
{
    private static readonly byte[] Data = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];

    /// <summary>A guest started with the owner's session, fed <see cref="Data"/>, and (optionally) measured.</summary>
    private static (SoftwarePsp Psp, uint Handle, byte[] Measurement) Guest(SevRig rig, LaunchSession session, bool measure)
    {
        var psp = rig.Open();
        uint handle = 0;
        Assert.True(psp.LaunchStart(ref handle, session.Policy.Value, session.Godh.Bytes, session.Session).Ok);
        Assert.True(psp.LaunchUpdateData(handle, 0xFFFF_0000, Data.ToArray()).Ok);
        var blob = new byte[SevSizes.Measurement];
        uint length = SevSizes.Measurement;
        if (measure)
        {
            Assert.True(psp.LaunchMeasure(handle, blob, ref length).Ok);
        }

        return (psp, handle, blob);
    }

    private static void Status(SevStatus expected, SevResult r) => Assert.Equal((false, expected), (r.Ok, r.Status));

    [Fact]
    public void UnknownHandles()
    {
        using var rig = new SevRig();
        using var psp = rig.Open();
        uint length = 48;
        foreach (var handle in new uint[] { 0, 1, 999 })
        {
            Status(SevStatus.InvalidGuest, psp.LaunchUpdateData(handle, 0, new byte[16]));
            Status(SevStatus.InvalidGuest, psp.LaunchMeasure(handle, new byte[48], ref length));
            Status(SevStatus.InvalidGuest, psp.LaunchSecret(handle, new byte[52], 0, new byte[16], new byte[16]));
            Status(SevStatus.InvalidGuest, psp.LaunchFinish(handle));
            Status(SevStatus.InvalidGuest, psp.GuestStatus(handle, out _));
            Status(SevStatus.InvalidGuest, psp.Decommission(handle));
        }
    }

    [Theory]
    [InlineData(0x1008ul, 16, SevStatus.InvalidAddress)]
    [InlineData(0x1000ul, 15, SevStatus.InvalidLength)]
    [InlineData(0x1000ul, 17, SevStatus.InvalidLength)]
    [InlineData(0x1000ul, 0, SevStatus.InvalidLength)]
    public void MisalignedLaunchUpdateData(ulong address, int length, SevStatus status)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, _) = Guest(rig, session, measure: false);
        using (psp)
        {
            Status(status, psp.LaunchUpdateData(handle, address, new byte[length]));
        }
    }

    [Fact]
    public void MeasureLengthQueryThenMeasure()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, _) = Guest(rig, session, measure: false);
        using (psp)
        {
            uint length = 0;
            Status(SevStatus.InvalidLength, psp.LaunchMeasure(handle, [], ref length));
            Assert.Equal(48u, length);
            length = 47;
            Status(SevStatus.InvalidLength, psp.LaunchMeasure(handle, new byte[47], ref length));
            Assert.Equal(48u, length);
            Assert.True(psp.GuestStatus(handle, out var still).Ok);
            Assert.Equal(SevGuestState.LaunchUpdate, still.State);

            var blob = new byte[48];
            Assert.True(psp.LaunchMeasure(handle, blob, ref length).Ok);
            var inputs = new MeasurementInputs(0, 24, 15, session.Policy, System.Security.Cryptography.SHA256.HashData(Data));
            Assert.True(LaunchMeasurement.Verify(session.Keys.Tik, inputs, new MeasurementBlob(blob[..32], blob[32..])).Match);
        }
    }

    [Fact]
    public void WrongStatesAlongTheLifecycle()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, blob) = Guest(rig, session, measure: false);
        using (psp)
        {
            var packet = SecretPacket.Build(session.Keys, new byte[32], new byte[16]);
            Status(SevStatus.InvalidGuestState, psp.LaunchSecret(handle, packet.Header, 0, new byte[16], packet.Ciphertext));
            Status(SevStatus.InvalidGuestState, psp.LaunchFinish(handle));

            uint length = 48;
            Assert.True(psp.LaunchMeasure(handle, blob, ref length).Ok);
            Status(SevStatus.InvalidGuestState, psp.LaunchUpdateData(handle, 0, new byte[16]));
            Status(SevStatus.InvalidGuestState, psp.LaunchMeasure(handle, blob, ref length));

            Assert.True(psp.LaunchFinish(handle).Ok);
            Assert.True(psp.GuestStatus(handle, out var running).Ok);
            Assert.Equal(SevGuestState.Running, running.State);
            Status(SevStatus.InvalidGuestState, psp.LaunchFinish(handle));
            packet = SecretPacket.Build(session.Keys, blob[..32], new byte[16]);
            Status(SevStatus.InvalidGuestState, psp.LaunchSecret(handle, packet.Header, 0, new byte[16], packet.Ciphertext));

            Assert.True(psp.Decommission(handle).Ok);
            Status(SevStatus.InvalidGuest, psp.GuestStatus(handle, out _));
        }
    }

    [Theory]
    [InlineData("header-mac")]
    [InlineData("header-iv")]
    [InlineData("payload")]
    [InlineData("measurement")]
    [InlineData("tik")]
    public void ATamperedOrForeignSecretIsABadMeasurementAndWritesNothing(string what)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, blob) = Guest(rig, session, measure: true);
        using (psp)
        {
            var measure = blob[..32];
            if (what == "measurement")
            {
                measure[0] ^= 1;
            }

            using var other = TransportKeys.Generate();
            var keys = what == "tik" ? TransportKeys.FromParts(session.Keys.Tek, true, other.Tik, "tek", "tik") : session.Keys;
            var packet = SecretPacket.Build(keys, measure, "0123456789abcdef0123456789abcdef"u8);
            var header = packet.Header.ToArray();
            var payload = packet.Ciphertext.ToArray();
            switch (what)
            {
                case "header-mac":
                    header[20] ^= 0x80;
                    break;
                case "header-iv":
                    header[4] ^= 0x80;
                    break;
                case "payload":
                    payload[31] ^= 0x80;
                    break;
            }

            var guest = Enumerable.Repeat((byte)0xAA, 32).ToArray();
            Status(SevStatus.BadMeasurement, psp.LaunchSecret(handle, header, 0x1000, guest, payload));
            Assert.All(guest, b => Assert.Equal(0xAA, b));
            Assert.True(psp.GuestStatus(handle, out var status).Ok);
            Assert.Equal(SevGuestState.LaunchSecret, status.State);
        }
    }

    [Theory]
    [InlineData(51, 0u, 0x1000ul, 32, 32, SevStatus.InvalidLength)]
    [InlineData(53, 0u, 0x1000ul, 32, 32, SevStatus.InvalidLength)]
    [InlineData(52, 2u, 0x1000ul, 32, 32, SevStatus.InvalidParameter)]
    [InlineData(52, 1u, 0x1000ul, 32, 32, SevStatus.Unsupported)]
    [InlineData(52, 0u, 0x1004ul, 32, 32, SevStatus.InvalidAddress)]
    [InlineData(52, 0u, 0x1000ul, 30, 30, SevStatus.InvalidLength)]
    [InlineData(52, 0u, 0x1000ul, 32, 16, SevStatus.InvalidLength)]
    public void LaunchSecretShapes(int headerLength, uint flags, ulong address, int guestLength, int transLength, SevStatus status)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, blob) = Guest(rig, session, measure: true);
        using (psp)
        {
            var packet = SecretPacket.Build(session.Keys, blob[..32], new byte[Math.Max(guestLength, 1)]);
            var header = new byte[headerLength];
            packet.Header.AsSpan(0, Math.Min(52, headerLength)).CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header, flags);
            Status(status, psp.LaunchSecret(handle, header, address, new byte[guestLength], packet.Ciphertext.AsSpan(0, Math.Min(transLength, packet.Ciphertext.Length))));
        }
    }

    [Fact]
    public void TheRightSecretIsDecryptedIntoGuestMemory()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var (psp, handle, blob) = Guest(rig, session, measure: true);
        using (psp)
        {
            var secret = "0123456789abcdef0123456789abcdef"u8.ToArray();
            var packet = SecretPacket.Build(session.Keys, blob[..32], secret);
            var guest = new byte[32];
            Assert.True(psp.LaunchSecret(handle, packet.Header, 0x1000, guest, packet.Ciphertext).Ok);
            Assert.Equal(secret, guest);
        }
    }
}
