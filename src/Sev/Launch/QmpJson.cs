using System.Text.Json;

namespace Qcrypto.Sev.Launch;

/// <summary>
/// The members of QMP's query-sev and query-sev-capabilities returns, names and order as QEMU 7.2's QAPI
/// (SevInfo, SevCapability): one writer for every host that prints them (the CLI, the C API).
/// </summary>
public static class QmpJson
{
    /// <summary>Writes query-sev's members into the object <paramref name="w"/> has open.</summary>
    public static void WriteMembers(Utf8JsonWriter w, SevInfo info)
    {
        w.WriteBoolean("enabled", info.Enabled);
        w.WriteNumber("api-major", info.ApiMajor);
        w.WriteNumber("api-minor", info.ApiMinor);
        w.WriteNumber("build-id", info.BuildId);
        w.WriteNumber("policy", info.Policy);
        w.WriteString("state", info.State.QapiName());
        w.WriteNumber("handle", info.Handle);
    }

    /// <summary>Writes query-sev-capabilities' members into the object <paramref name="w"/> has open.</summary>
    public static void WriteMembers(Utf8JsonWriter w, SevCapability c)
    {
        w.WriteString("pdh", c.Pdh);
        w.WriteString("cert-chain", c.CertChain);
        w.WriteString("cpu0-id", c.Cpu0Id);
        w.WriteNumber("cbitpos", c.Cbitpos);
        w.WriteNumber("reduced-phys-bits", c.ReducedPhysBits);
    }
}
