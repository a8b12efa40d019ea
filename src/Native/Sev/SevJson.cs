using System.Text.Json;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Native.Sev;

/// <summary>The QMP return values of query-sev and query-sev-capabilities, members in QAPI order, as QEMU 7.2 sends them.</summary>
internal static class SevJson
{
    public static byte[] Info(SevInfo info) => Write(w =>
    {
        w.WriteBoolean("enabled", info.Enabled);
        w.WriteNumber("api-major", info.ApiMajor);
        w.WriteNumber("api-minor", info.ApiMinor);
        w.WriteNumber("build-id", info.BuildId);
        w.WriteNumber("policy", info.Policy);
        w.WriteString("state", info.State.QapiName());
        w.WriteNumber("handle", info.Handle);
    });

    public static byte[] Capabilities(SevCapability c) => Write(w =>
    {
        w.WriteString("pdh", c.Pdh);
        w.WriteString("cert-chain", c.CertChain);
        w.WriteString("cpu0-id", c.Cpu0Id);
        w.WriteNumber("cbitpos", c.Cbitpos);
        w.WriteNumber("reduced-phys-bits", c.ReducedPhysBits);
    });

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
