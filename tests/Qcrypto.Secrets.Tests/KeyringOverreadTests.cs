using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>
/// secret_keyring format=base64 with a 24-, 40-, 56-... byte payload (issue 9 item 10): QEMU 7.2 reads the
/// byte after the payload and refuses it ("Base64 data is not NUL terminated"); we accept and warn.
/// </summary>
public sealed class KeyringOverreadTests : IDisposable
{
    private readonly KernelKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    [Theory]
    [InlineData(24, true)]
    [InlineData(40, true)]
    [InlineData(56, true)]
    [InlineData(1032, true)]
    [InlineData(8, false)]
    [InlineData(16, false)]
    [InlineData(25, false)]
    [InlineData(32, false)]
    [InlineData(48, false)]
    public void OverreadLengthsWarn(int length, bool warns)
    {
        var payload = string.Concat(Enumerable.Repeat("QUJD", (length / 4) + 1))[..(length - (length % 4 == 1 ? 1 : 0))] + (length % 4 == 1 ? "\n" : "");
        var serial = _keys.Add(payload);
        using var registry = T.With($"secret_keyring,id=k,serial={serial},format=base64");
        var warning = registry.Objects.Single().Warnings.SingleOrDefault(w => w.Code == "keyring-base64-overread");
        Assert.Equal(warns, warning is not null);
        Assert.Equal(warns, SecretKeyring.QemuOverreads(length));
        if (warning is not null)
        {
            Assert.Contains("Base64 data is not NUL terminated", warning.Message);
        }
    }

    [Fact]
    public void RawPayloadsOfThoseLengthsDoNotWarn()
    {
        var serial = _keys.Add(new string('x', 24));
        using var registry = T.With($"secret_keyring,id=k,serial={serial}");
        Assert.Empty(registry.Objects.Single().Warnings);
    }
}
