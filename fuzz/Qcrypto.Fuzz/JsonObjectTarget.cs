using System.Text;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;

namespace Qcrypto.Fuzz;

/// <summary>
/// The JSON -object path: arbitrary bytes as one argument (a '{' is put first if missing, so every input
/// reaches the JSON reader), through QEMU's JSON parser, the strict visitor, creation in a registry holding
/// a master key <c>m</c>, and the command-line runner. Invariant: an argument that validates prints a
/// canonical JSON form that validates again to the same text. Rejections are <see cref="QcryptoException"/>s;
/// any other exception is a bug (a crash for AFL).
/// </summary>
public static class JsonObjectTarget
{
    public static void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (!JsonObjectOptions.IsJson(text))
        {
            text = "{" + text;
        }

        using var registry = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
        registry.Add(ObjectLineTarget.MasterLine);
        try
        {
            var options = JsonObjectOptions.Validate(text, registry.Catalog);
            var canonical = ObjectJsonWriter.Write(options);
            var again = ObjectJsonWriter.Write(JsonObjectOptions.Validate(canonical, registry.Catalog));
            if (again != canonical)
            {
                throw new InvalidOperationException($"canonical JSON does not round-trip: {canonical} -> {again}");
            }

            registry.Add(text);
        }
        catch (QcryptoException)
        {
            // Refused: the expected outcome for most inputs.
        }

        using var other = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
        _ = ObjectCommandLine.Run(other, [ObjectLineTarget.MasterLine, text, text]);
    }
}
