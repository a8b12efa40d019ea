using System.Buffers.Binary;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Software;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// LAUNCH_START on SoftwarePsp: every refusal with the firmware's status, and that a refused start
/// leaves no guest behind. The owner's blob tampered field by field, certificates that are not a
/// P-384 ECDH PDH, a signature that does not verify, the wrong policy, the wrong platform.
/// </summary>
public sealed class LaunchStartStatusTests
{
    private static SevResult Start(SoftwarePsp psp, uint policy, SevBuffer godh, SevBuffer session, uint handle = 0) =>
        psp.LaunchStart(ref handle, policy, godh, session);

    private static void Refused(SevStatus expected, Func<SoftwarePsp, SevResult> command, SevRig rig)
    {
        using var psp = rig.Open();
        var before = psp.GuestHandles().Count;
        var r = command(psp);
        Assert.Equal((false, expected, -1, SevResult.EIO), (r.Ok, r.Status, r.Ret, r.Errno));
        Assert.Equal(before, psp.GuestHandles().Count);
    }

    [Fact]
    public void TheOwnersSessionStarts()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x3);
        using var psp = rig.Open();
        uint handle = 0;
        Assert.True(psp.LaunchStart(ref handle, 0x3, session.Godh.Bytes, session.Session).Ok);
        Assert.Equal(1u, handle);
        Assert.True(psp.GuestStatus(handle, out var status).Ok);
        Assert.Equal(new GuestStatus(1, 0x3, 1, SevGuestState.LaunchUpdate), status);
    }

    [Theory]
    [InlineData(SessionLayout.Nonce)]
    [InlineData(SessionLayout.WrapTk)]
    [InlineData(SessionLayout.WrapTk + 31)]
    [InlineData(SessionLayout.WrapIv)]
    [InlineData(SessionLayout.WrapMac)]
    [InlineData(SessionLayout.PolicyMac + 31)]
    public void EachTamperedSessionFieldIsABadMeasurement(int offset)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var tampered = session.Session.ToArray();
        tampered[offset] ^= 0x01;
        Refused(SevStatus.BadMeasurement, psp => Start(psp, 0x1, session.Godh.Bytes, tampered), rig);
    }

    [Fact]
    public void APolicyOtherThanTheSessionsIsABadMeasurement()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        Refused(SevStatus.BadMeasurement, psp => Start(psp, 0x3, session.Godh.Bytes, session.Session), rig);
    }

    [Fact]
    public void ASessionForAnotherPlatformIsABadMeasurement()
    {
        using var rig = new SevRig();
        using var other = new SevRig();
        SoftwarePsp.Create(other.Dir.File("second"));
        using var session = LaunchSession.Create(SevCertificate.Parse(File.ReadAllBytes(other.Dir.File("second/pdh.cert"))), new SevPolicy(1));
        Refused(SevStatus.BadMeasurement, psp => Start(psp, 0x1, session.Godh.Bytes, session.Session), rig);
    }

    [Fact]
    public void TheDhCertificateOfAnotherSessionIsABadMeasurement()
    {
        using var rig = new SevRig();
        using var first = rig.Session(0x1, "a-");
        using var second = rig.Session(0x1, "b-");
        Refused(SevStatus.BadMeasurement, psp => Start(psp, 0x1, second.Godh.Bytes, first.Session), rig);
    }

    [Theory]
    [InlineData(0x008, 0x1002, SevStatus.InvalidCertificate)] // usage PEK, not PDH
    [InlineData(0x00C, 0x0002, SevStatus.InvalidCertificate)] // ECDSA, not ECDH
    [InlineData(0x010, 0x0001, SevStatus.InvalidCertificate)] // curve P-256
    [InlineData(0x000, 0x0002, SevStatus.InvalidCertificate)] // version 2
    [InlineData(0x006, 0x0001, SevStatus.InvalidCertificate)] // reserved bytes
    public void CertificatesThatAreNotAP384EcdhPdhAreInvalid(int offset, uint value, SevStatus status)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var godh = session.Godh.ToArray();
        if (offset == 0x006)
        {
            godh[offset] = (byte)value;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(godh.AsSpan(offset), value);
        }

        Refused(status, psp => Start(psp, 0x1, godh, session.Session), rig);
    }

    [Fact]
    public void APointOffTheCurveIsAnInvalidCertificate()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var godh = session.Godh.ToArray();
        godh[SevCertificateLayout.Qy] ^= 0x01;
        Refused(SevStatus.InvalidCertificate, psp => Start(psp, 0x1, godh, session.Session), rig);
    }

    [Fact]
    public void ABrokenSignatureOnTheOwnersCertificateIsABadSignature()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var godh = session.Godh.ToArray();
        godh[SevCertificateLayout.Sig1 + 5] ^= 0x01;
        Refused(SevStatus.BadSignature, psp => Start(psp, 0x1, godh, session.Session), rig);
    }

    [Fact]
    public void AnUnsignedOwnerCertificateIsAccepted()
    {
        // virtee/sevctl leaves both signature slots empty.
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var godh = session.Godh.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(godh.AsSpan(SevCertificateLayout.Sig1Usage), (uint)SevKeyUsage.Invalid);
        BinaryPrimitives.WriteUInt32LittleEndian(godh.AsSpan(SevCertificateLayout.Sig1Algo), 0);
        godh.AsSpan(SevCertificateLayout.Sig1, SevCertificateLayout.SignatureLength).Clear();
        using var psp = rig.Open();
        Assert.True(Start(psp, 0x1, godh, session.Session).Ok);
    }

    [Theory]
    [InlineData(SevSizes.Certificate - 1, SevSizes.Session, SevStatus.InvalidLength)]
    [InlineData(SevSizes.Certificate + 1, SevSizes.Session, SevStatus.InvalidLength)]
    [InlineData(SevSizes.Certificate, SevSizes.Session - 1, SevStatus.InvalidLength)]
    [InlineData(SevSizes.Certificate, -1, SevStatus.InvalidLength)]
    [InlineData(-1, SevSizes.Session, SevStatus.InvalidCertificate)]
    public void WrongLengthsAndHalfSessions(int godhLength, int sessionLength, SevStatus status)
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        Refused(status, psp => Start(psp, 0x1, Buffer(session.Godh.Bytes, godhLength), Buffer(session.Session, sessionLength)), rig);
    }

    [Theory]
    [InlineData(0, SevSizes.Session)]
    [InlineData(SevSizes.Certificate, 0)]
    [InlineData(0x4001, SevSizes.Session)]
    public void TheKernelRefusesEmptyAndHugeBuffers(int godhLength, int sessionLength)
    {
        // What QEMU passes when glib decoded nothing (a raw file starting with a NUL byte, an empty file).
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        using var psp = rig.Open();
        var r = Start(psp, 0x1, Buffer(session.Godh.Bytes, godhLength), Buffer(session.Session, sessionLength));
        Assert.Equal((false, -1, 0, Qcrypto.Posix.Errno.EINVAL), (r.Ok, r.Ret, r.FwError, r.Errno));
        Assert.Empty(psp.GuestHandles());
    }

    /// <summary>The first <paramref name="length"/> bytes (zero-padded), or no buffer at all for -1.</summary>
    private static SevBuffer Buffer(ReadOnlySpan<byte> source, int length)
    {
        if (length < 0)
        {
            return SevBuffer.None;
        }

        var bytes = new byte[length];
        source[..Math.Min(length, source.Length)].CopyTo(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0x40u)] // a reserved bit
    [InlineData(0x8000u)] // another
    [InlineData(0x00010001u)] // needs firmware API 1.0 (the platform is 0.24)
    [InlineData(0x19000001u)] // needs API 0.25
    [InlineData(0x5u)] // SEV-ES, which the platform was not initialised for
    public void PoliciesThePlatformRefuses(uint policy)
    {
        using var rig = new SevRig();
        using var session = rig.Session(policy);
        Refused(SevStatus.PolicyFailure, psp => Start(psp, policy, session.Godh.Bytes, session.Session), rig);
    }

    [Fact]
    public void APolicyAtThePlatformsApiVersionStarts()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x18000001);
        using var psp = rig.Open();
        Assert.True(Start(psp, 0x18000001, session.Godh.Bytes, session.Session).Ok);
    }

    [Fact]
    public void KeySharingNeedsAnExistingGuestAndBothPolicies()
    {
        using var rig = new SevRig();
        using var psp = rig.Open();
        Assert.Equal(SevStatus.InvalidGuest, Start(psp, 0x1, SevBuffer.None, SevBuffer.None, handle: 7).Status);
        uint sharing = 0, private_ = 0;
        Assert.True(psp.LaunchStart(ref sharing, 0x0, SevBuffer.None, SevBuffer.None).Ok);
        Assert.True(psp.LaunchStart(ref private_, 0x2, SevBuffer.None, SevBuffer.None).Ok);
        Assert.Equal(SevStatus.PolicyFailure, Start(psp, 0x2, SevBuffer.None, SevBuffer.None, handle: sharing).Status);
        Assert.Equal(SevStatus.PolicyFailure, Start(psp, 0x0, SevBuffer.None, SevBuffer.None, handle: private_).Status);
        var shared = sharing;
        Assert.True(psp.LaunchStart(ref shared, 0x0, SevBuffer.None, SevBuffer.None).Ok);
        Assert.NotEqual(sharing, shared);
    }

    [Fact]
    public void WithoutTheOwnersFilesTheFirmwareMakesItsOwnKeys()
    {
        using var rig = new SevRig();
        using var psp = rig.Open();
        uint handle = 0;
        Assert.True(psp.LaunchStart(ref handle, 0x1, SevBuffer.None, SevBuffer.None).Ok);
        Assert.True(psp.GuestStatus(handle, out var status).Ok);
        Assert.Equal(SevGuestState.LaunchUpdate, status.State);
    }

    [Fact]
    public void AFullPlatformIsAResourceLimit()
    {
        using var dir = new TempDir();
        SoftwarePsp.Create(dir.File("p"), new SoftwarePspOptions { MaxGuests = 2 });
        using var psp = SoftwarePsp.Open(dir.File("p"));
        Assert.True(Start(psp, 0x1, SevBuffer.None, SevBuffer.None).Ok);
        Assert.True(Start(psp, 0x1, SevBuffer.None, SevBuffer.None).Ok);
        Assert.Equal(SevStatus.ResourceLimit, Start(psp, 0x1, SevBuffer.None, SevBuffer.None).Status);
        Assert.True(psp.Decommission(1).Ok);
        Assert.True(Start(psp, 0x1, SevBuffer.None, SevBuffer.None).Ok);
    }
}
