using System.Text.Json;
using Qcrypto.Sev.Errors;

namespace Qcrypto.Sev.Software;

/// <summary>The JSON of the software platform's state files: written with Utf8JsonWriter, read with JsonDocument (no reflection).</summary>
internal static class StateJson
{
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Reads <paramref name="bytes"/> and hands the root object to <paramref name="read"/>; any malformation is one clear error.</summary>
    public static T Read<T>(byte[] bytes, string path, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or OverflowException)
        {
            throw new SevException(SevErrorCodes.Platform, $"{path} is not a valid software SEV platform state file",
                hint: "the directory must be made by 'sev platform init' and not edited by hand");
        }
    }

    public static byte Byte(this JsonElement e, string name) => e.GetProperty(name).GetByte();

    public static uint UInt(this JsonElement e, string name) => e.GetProperty(name).GetUInt32();

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString() ?? throw new FormatException(name);

    public static byte[]? OptionalBase64(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetBytesFromBase64() : null;
}
