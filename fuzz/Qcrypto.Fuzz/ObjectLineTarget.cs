using System.Text;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Fuzz;

/// <summary>
/// The fuzz target: arbitrary bytes as one <c>-object</c> line, parsed and added to a registry that
/// already holds a master key <c>m</c> (so keyid=m reaches the decryption code) and a plain secret
/// <c>p</c>. Rejections are <see cref="QcryptoException"/>s; any other exception escaping is a bug
/// (a crash for AFL).
/// </summary>
public static class ObjectLineTarget
{
    /// <summary>32 bytes of key, fixed so that a finding replays the same way.</summary>
    public const string MasterLine = "secret,id=m,format=base64,data=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    public const string PlainLine = "secret,id=p,data=plain";

    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        Run(buffer.ToArray());
    }

    public static void Run(byte[] input)
    {
        // A process receives -object lines as text; invalid UTF-8 becomes U+FFFD as in argv decoding.
        var text = Encoding.UTF8.GetString(input);
        using var registry = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
        registry.Add(MasterLine);
        registry.Add(PlainLine);
        try
        {
            var line = ObjectLine.Parse(text);
            _ = line.EffectiveOptions();
            var created = registry.Add(line);
            Use(registry, created);
        }
        catch (QcryptoException)
        {
            // A rejected line: the expected outcome for most inputs.
        }
    }

    /// <summary>Exercises what a consumer does with a new object: look its secret up, then delete it.</summary>
    private static void Use(ObjectRegistry registry, UserCreatable created)
    {
        if (created is SecretObjects.SecretCommon)
        {
            using (registry.Secrets.Bytes(created.Id))
            {
            }

            try
            {
                using (registry.Secrets.Utf8(created.Id))
                {
                }
            }
            catch (SecretException)
            {
                // Binary secrets are not UTF-8: a normal refusal.
            }

            using (registry.Secrets.Base64(created.Id))
            {
            }
        }

        registry.Delete(created.Id);
    }
}
