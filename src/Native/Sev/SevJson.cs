using System.Text.Json;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Native.Sev;

/// <summary>The QMP return values of query-sev and query-sev-capabilities, members in QAPI order, as QEMU 7.2 sends them.</summary>
internal static class SevJson
{
    public static byte[] Info(SevInfo info) => Write(w => QmpJson.WriteMembers(w, info));

    public static byte[] Capabilities(SevCapability c) => Write(w => QmpJson.WriteMembers(w, c));

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
