using System.Text.Json;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Cli.Commands;

/// <summary>How the sev verbs print QMP's answers: JSON as QMP returns them, text as HMP's "info sev".</summary>
internal static class SevOutput
{
    /// <summary>query-sev's return, member names and order as QEMU 7.2's QAPI SevInfo.</summary>
    public static void WriteInfo(Utf8JsonWriter w, string name, SevInfo info)
    {
        w.WriteStartObject(name);
        QmpJson.WriteMembers(w, info);
        w.WriteEndObject();
    }

    public static void WriteCapabilities(Utf8JsonWriter w, string name, SevCapability c)
    {
        w.WriteStartObject(name);
        QmpJson.WriteMembers(w, c);
        w.WriteEndObject();
    }

    /// <summary>HMP's "info sev": handle, state, build, api version, debug, key-sharing.</summary>
    public static void PrintInfo(SevInfo info)
    {
        var o = Std.Out;
        o.WriteLine($"handle: {info.Handle}");
        o.WriteLine($"state: {info.State.QapiName()}");
        o.WriteLine($"build: {info.BuildId}");
        o.WriteLine($"api version: {info.ApiMajor}.{info.ApiMinor}");
        o.WriteLine($"debug: {((info.Policy & 0x1) != 0 ? "off" : "on")}");
        o.WriteLine($"key-sharing: {((info.Policy & 0x2) != 0 ? "off" : "on")}");
    }

    /// <summary>A QMP error object, as QEMU returns it ({"class": "GenericError", "desc": ...}), plus our code.</summary>
    public static void WriteQmpError(Utf8JsonWriter w, string name, SevException e)
    {
        w.WriteStartObject(name);
        w.WriteString("class", "GenericError");
        w.WriteString("desc", e.QemuMessage);
        w.WriteString("code", e.Code);
        JsonOutput.WriteOptional(w, "hint", e.Hint);
        w.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
