using System.Security.Cryptography;
using Qcrypto.Cli.Commands;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// <c>secret encrypt</c>'s self-check: a line longer than one argument (a 1 MiB secret) is proven in
/// two parts instead of through the parser whole (issue 14); both paths must refuse a wrong line.
/// </summary>
public sealed class SecretLineProofTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);
    private readonly MasterKeySource _master;

    public SecretLineProofTests()
    {
        var file = _dir.Private("master.key", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(_key) + "\n"));
        _master = MasterKeySource.Load(file, null, "m", allowWorldReadable: false);
    }

    public void Dispose()
    {
        _master.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<int> Sizes => [0, 5, 16, 1000, 200 * 1024, 1024 * 1024 + 7];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TheLineEncryptPrintsIsProven(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var line = Line(plaintext);
        Assert.Equal(size > 96 * 1024, line.Length > SecretLineProof.ArgumentLimit);
        SecretLineProof.Prove(_master, "s", line, _iv, plaintext);
        Assert.Equal(plaintext, Decrypt(line));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public void ACiphertextByteChangedIsRefused(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var ciphertext = SecretCipher.Encrypt(_key, _iv, plaintext);
        ciphertext[ciphertext.Length / 2] ^= 1;
        Refused(InlineSecretLine.Create("s", "m", Convert.ToBase64String(_iv), ciphertext), plaintext);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public void ALineWithAnotherIvIsRefused(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var line = InlineSecretLine.Create("s", "m", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), SecretCipher.Encrypt(_key, _iv, plaintext));
        Refused(line, plaintext);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public void ACiphertextUnderAnotherKeyIsRefused(int size)
    {
        // The master line loads _key: a ciphertext made with any other key must not pass.
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var line = InlineSecretLine.Create("s", "m", Convert.ToBase64String(_iv), SecretCipher.Encrypt(RandomNumberGenerator.GetBytes(32), _iv, plaintext));
        Refused(line, plaintext);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public void AnotherPlaintextIsRefused(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var line = Line(plaintext);
        var other = (byte[])plaintext.Clone();
        other[^1] ^= 1;
        Refused(line, other);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public void ALineNamingAnotherMasterKeyIsRefused(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var line = InlineSecretLine.Create("s", "other", Convert.ToBase64String(_iv), SecretCipher.Encrypt(_key, _iv, plaintext));
        Assert.ThrowsAny<Qcrypto.Errors.QcryptoException>(() => SecretLineProof.Prove(_master, "s", line, _iv, plaintext));
    }

    private InlineSecretLine Line(byte[] plaintext) =>
        InlineSecretLine.Create("s", "m", Convert.ToBase64String(_iv), SecretCipher.Encrypt(_key, _iv, plaintext));

    private void Refused(InlineSecretLine line, byte[] plaintext)
    {
        var e = Assert.ThrowsAny<Qcrypto.Errors.QcryptoException>(() => SecretLineProof.Prove(_master, "s", line, _iv, plaintext));
        Assert.DoesNotContain(Convert.ToBase64String(_key), e.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The data= value decrypted independently of qcrypto (the .NET AES).</summary>
    private byte[] Decrypt(InlineSecretLine line)
    {
        var text = line.Text;
        Assert.Equal($"secret,id=s,data={System.Text.Encoding.ASCII.GetString(line.Data)},keyid=m,iv={Convert.ToBase64String(_iv)},format=base64", text);
        using var aes = Aes.Create();
        aes.Key = _key;
        return aes.DecryptCbc(Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(line.Data)), _iv);
    }
}
