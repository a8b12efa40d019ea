using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>Shared helpers: registries, expected failures, scratch files and kernel keys.</summary>
internal static class T
{
    // QEMU's test-crypto-secret known-answer vector: AES-256-CBC("123456" + 10 x 0x0a).
    public const string MasterKeyBase64 = "9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=";
    public const string IvBase64 = "0I7Gw/TKuA+Old2W2apQ3g==";
    public const string CiphertextBase64 = "zL/3CUYZC1IqOrRrzXqwsA==";
    public static readonly byte[] Ciphertext = [0xCC, 0xBF, 0xF7, 0x09, 0x46, 0x19, 0x0B, 0x52, 0x2A, 0x3A, 0xB4, 0x6B, 0xCD, 0x7A, 0xB0, 0xB0];

    public static string MasterLine(string id = "k0") => $"secret,id={id},data={MasterKeyBase64},format=base64";

    /// <summary>
    /// Every seed type's schema, from the composition root's catalog (each assembly owns its types'
    /// schemas), without the QEMU-only types.
    /// </summary>
    public static IReadOnlyList<Objects.Schema.ObjectTypeSchema> SeedSchemas { get; } =
        [.. QcryptoCatalog.Create().Types.Where(t => t.IsModelled).Select(t => t.Schema)];

    /// <summary>
    /// The catalog these tests create objects from: every type of the composition root, with the object
    /// model's own (secret, secret_keyring, rng-*, the schema-only types) as they are and the other assemblies'
    /// types validated only, so a line here exercises the object model, never GnuTLS or a device.
    /// </summary>
    public static ObjectTypeCatalog Catalog()
    {
        var catalog = new ObjectTypeCatalog();
        foreach (var type in QcryptoCatalog.Create().Types)
        {
            var own = type.IsSchemaOnly || type.Name is "secret" or "secret_keyring" or "rng-builtin" or "rng-random" or "rng-egd";
            catalog.Register(own ? type : ObjectType.SchemaOnly(type.Schema));
        }

        return catalog;
    }

    public static ObjectRegistry Registry(bool allowWorldReadable = false) =>
        new(Catalog(), new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });

    /// <summary>Adds every line to a fresh registry and returns it; the lines must all succeed.</summary>
    public static ObjectRegistry With(params string[] lines)
    {
        var registry = Registry();
        foreach (var line in lines)
        {
            registry.Add(line);
        }

        return registry;
    }

    /// <summary>The last of <paramref name="lines"/> fails (the others succeed) with exactly <paramref name="message"/>.</summary>
    public static QcryptoException Rejects(string message, params string[] lines)
    {
        using var registry = Registry();
        return Rejects(registry, message, lines);
    }

    public static QcryptoException Rejects(ObjectRegistry registry, string message, params string[] lines)
    {
        for (var i = 0; i < lines.Length - 1; i++)
        {
            registry.Add(lines[i]);
        }

        var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(lines[^1]));
        Assert.Equal(message, e.QemuMessage);
        return e;
    }

    /// <summary>Parses and validates (no creation); the failure must be an option error with <paramref name="message"/>.</summary>
    public static ObjectOptionException OptionRejects(string line, string message)
    {
        var e = Assert.Throws<ObjectOptionException>(() => ObjectOptionsValidator.Validate(ObjectLine.Parse(line), Catalog()));
        Assert.Equal(message, e.QemuMessage);
        return e;
    }

    public static ValidatedObjectOptions Validates(string line) =>
        ObjectOptionsValidator.Validate(ObjectLine.Parse(line), Catalog());

    public static string Utf8(ObjectRegistry registry, string id)
    {
        using var lease = registry.Secrets.Utf8(id);
        return Encoding.UTF8.GetString(lease.Bytes);
    }

    public static byte[] Bytes(ObjectRegistry registry, string id)
    {
        using var lease = registry.Secrets.Bytes(id);
        return lease.Bytes.ToArray();
    }

    /// <summary>The pinned storage behind a buffer, to check that it was really zeroed.</summary>
    public static byte[] Storage(SecretBuffer buffer) =>
        (byte[])typeof(SecretBuffer).GetField("_storage", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(buffer)!;

    public static SecretBuffer BufferOf(KeyLease lease) =>
        (SecretBuffer)typeof(KeyLease).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(lease)!;
}

/// <summary>A scratch directory of secret files (mode 0600 unless asked), removed on dispose.</summary>
internal sealed class ScratchDir : IDisposable
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Dir { get; } = Directory.CreateTempSubdirectory("qcrypto-tests-").FullName;

    public string File(string name, string text, UnixFileMode mode = Private) => File(name, Encoding.UTF8.GetBytes(text), mode);

    public string File(string name, byte[] bytes, UnixFileMode mode = Private)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// Real kernel keys through the keyctl command (package keyutils). Missing keyctl fails the test: the
/// keyring rows of QEMU's secret table are not optional.
/// </summary>
internal sealed class KernelKeys : IDisposable
{
    private readonly List<int> _serials = [];

    public int Add(string payload) => Add(Encoding.UTF8.GetBytes(payload));

    public int Add(byte[] payload)
    {
        var name = $"qcrypto-test-{Environment.ProcessId}-{_serials.Count}-{Guid.NewGuid():N}";
        var serial = int.Parse(Run(["padd", "user", name, "@u"], payload).Trim(), CultureInfo.InvariantCulture);
        _serials.Add(serial);
        return serial;
    }

    public static void Revoke(int serial) => Run(["revoke", serial.ToString(CultureInfo.InvariantCulture)]);

    public static void Timeout(int serial, int seconds) =>
        Run(["timeout", serial.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture)]);

    public static void Unlink(int serial) => Run(["unlink", serial.ToString(CultureInfo.InvariantCulture), "@u"]);

    public void Dispose()
    {
        foreach (var serial in _serials)
        {
            try
            {
                Unlink(serial);
            }
            catch (InvalidOperationException)
            {
                // Already unlinked by the test, or reaped after it expired.
            }
        }
    }

    public static string Run(IReadOnlyList<string> args, byte[]? stdin = null) =>
        Tool.RunForOutput("keyctl", args, stdin, "keyctl is not installed: the keyring tests need it (apt-get install keyutils)");
}
