using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// The whole launch on a software platform: the owner's session, LAUNCH_START, the firmware
/// measured, the owner checking the measurement, the secret injected from a second "process" (a
/// fresh platform object) into the OVMF secret area, LAUNCH_FINISH, and the guest memory holding the
/// secret.
/// </summary>
public sealed class LaunchFlowTests
{
    [Fact]
    public void SessionLaunchMeasureVerifySecretInject()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var firmware = SyntheticOvmf.Build();
        LaunchOutcome launched;
        using (var platform = rig.Open())
        {
            launched = VmLaunch.Launch(platform, rig.Guest(0x1), firmware, kernel: null);
        }

        Assert.Equal(SevState.LaunchSecret, launched.Info.State);
        Assert.Empty(launched.Warnings);
        Assert.Equal(LaunchDigest.Compute(firmware), launched.LaunchDigest);

        // The owner: the digest from the firmware image, the platform's version from query-sev.
        var blob = MeasurementBlob.Parse(launched.Measurement!);
        var inputs = new MeasurementInputs(launched.Info.ApiMajor, launched.Info.ApiMinor, launched.Info.BuildId, session.Policy, LaunchDigest.Compute(firmware));
        Assert.True(LaunchMeasurement.Verify(session.Keys.Tik, inputs, blob).Match);

        var secret = "correct horse battery staple 16B"u8.ToArray();
        var packet = SecretPacket.Build(session.Keys, blob.Measure, secret);

        using (var platform = rig.Open())
        {
            var injected = VmLaunch.Inject(platform, launched.Info.Handle, packet.HeaderBase64, packet.SecretBase64, gpa: null);
            Assert.Equal(SevState.Running, injected.Info.State);
            Assert.Equal(SyntheticOvmf.SecretBase, injected.Address);
            Assert.Equal(secret, injected.GuestMemory);
        }

        // A second injection: the guest runs now.
        using (var platform = rig.Open())
        {
            var e = Assert.Throws<SevException>(() => VmLaunch.Inject(platform, launched.Info.Handle, packet.HeaderBase64, packet.SecretBase64, null));
            Assert.Equal("SEV: Not in correct state. (LSECRET) 3", e.QemuMessage);
        }
    }
}
