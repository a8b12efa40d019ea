using System.Globalization;
using System.Security.Cryptography;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Interop.Tests.Tools;
using Qcrypto.Objects;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// A master key kept in the kernel keyring (<c>secret_keyring</c>) decrypts a secret that
/// <c>qcrypto secret encrypt</c> made with the same 32 raw bytes from a file.
/// </summary>
public sealed class KeyringMasterKeyTests
{
    /// <summary>QEMU parses the int32 'serial' with base 0: decimal and 0x-hex both name the key.</summary>
    [Theory]
    [InlineData("decimal")]
    [InlineData("hex")]
    public async Task KeyringMasterDecryptsQcryptoSecret(string serialNotation)
    {
        using var dir = new ScratchDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        var plaintext = Payload.Create(PayloadKind.Binary, 37, Random.Shared.Next());
        var lines = await QcryptoCli.EncryptAsync(dir.WritePrivate("master.raw", key), "m", "s", dir.WritePrivate("plain", plaintext));
        var secretLine = Assert.Single(lines);
        await using var kernelKey = await KernelKey.AddAsync(key);
        var serial = serialNotation == "hex" ? $"0x{kernelKey.Serial:x8}" : kernelKey.Serial.ToString(CultureInfo.InvariantCulture);
        var masterLine = $"secret_keyring,id=m,serial={serial}";

        var result = (await QcryptoCli.DecryptAsync("s", masterLine, secretLine)).EnsureSuccess();
        BytesAssert.Equal(plaintext, result.Stdout, $"CLI, {masterLine}");

        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(masterLine);
        registry.Add(secretLine);
        using var lease = registry.Secrets.Bytes("s");
        BytesAssert.Equal(plaintext, lease.Bytes, $"library, {masterLine}");
    }

    /// <summary>The key is read when the object is created: a revoked key fails with QEMU's message.</summary>
    [Fact]
    public async Task RevokedKeyringMasterFailsToLoad()
    {
        using var dir = new ScratchDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        var secretLine = Assert.Single(await QcryptoCli.EncryptAsync(dir.WritePrivate("master.raw", key), "m", "s", dir.WritePrivate("plain", "secret")));
        await using var kernelKey = await KernelKey.AddAsync(key);
        await kernelKey.RevokeAsync();
        var masterLine = $"secret_keyring,id=m,serial={kernelKey.Serial}";

        var result = await QcryptoCli.DecryptAsync("s", masterLine, secretLine);
        Assert.True(result.ExitCode == 1 && result.Stderr.Contains($"Unable to read serial key {kernelKey.Serial:x8}", StringComparison.Ordinal),
            result.Describe());

        using var registry = QcryptoCatalog.CreateRegistry();
        var error = Assert.Throws<SecretException>(() => registry.Add(masterLine));
        Assert.StartsWith($"Unable to read serial key {kernelKey.Serial:x8}: Key has been revoked", error.QemuMessage, StringComparison.Ordinal);
    }
}
