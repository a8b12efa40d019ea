using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Launch;

/// <summary>QAPI SevState, in QAPI order (its index is what QEMU prints with %x).</summary>
public enum SevState
{
    Uninit = 0,
    LaunchUpdate = 1,
    LaunchSecret = 2,
    Running = 3,
    SendUpdate = 4,
    ReceiveUpdate = 5,
}

/// <summary>The QAPI names of <see cref="SevState"/>.</summary>
public static class SevStateNames
{
    public static string QapiName(this SevState state) => state switch
    {
        SevState.Uninit => "uninit",
        SevState.LaunchUpdate => "launch-update",
        SevState.LaunchSecret => "launch-secret",
        SevState.Running => "running",
        SevState.SendUpdate => "send-update",
        _ => "receive-update",
    };

    /// <summary>The VMM's state for a firmware guest state (a VMM attaching to a guest it did not start).</summary>
    public static SevState FromFirmware(SevGuestState state) => state switch
    {
        SevGuestState.LaunchUpdate => SevState.LaunchUpdate,
        SevGuestState.LaunchSecret => SevState.LaunchSecret,
        SevGuestState.Running => SevState.Running,
        SevGuestState.SendUpdate => SevState.SendUpdate,
        SevGuestState.ReceiveUpdate => SevState.ReceiveUpdate,
        _ => SevState.Uninit,
    };
}

/// <summary>query-sev's SevInfo (QEMU 7.2: enabled, api-major, api-minor, build-id, policy, state, handle).</summary>
public sealed record SevInfo(bool Enabled, byte ApiMajor, byte ApiMinor, byte BuildId, uint Policy, SevState State, uint Handle);

/// <summary>query-sev-capabilities' SevCapability: pdh, cert-chain, cpu0-id (base64), cbitpos, reduced-phys-bits.</summary>
public sealed record SevCapability(string Pdh, string CertChain, string Cpu0Id, uint Cbitpos, uint ReducedPhysBits);
