namespace Qcrypto.Cli.Tests;

/// <summary>
/// sevctl's published secret-build vectors through the CLI, with sevctl's file formats (tek.bin,
/// tik.bin raw) and its EFI secret table: the packet header and payload bit for bit.
/// </summary>
public sealed class SevVectorCliTests
{
    [Theory]
    [InlineData(false, "AAAAAKxUdO1N0yx9mJ7FI9klWey8FSzeYQ4X8K71VzNKLU/KQsIsQxLjtbhaPUewqshX5Q==",
        "0U3e5PcXv0UW+H4tSBFKOdCYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCCwD/2w5cPA==")]
    [InlineData(true, "AAAAAKxUdO1N0yx9mJ7FI9klWeyZ3r0dOEKHUOhIRqzGYYvTJgdMtBPL1nK6GD9aGET7Ng==",
        "0U3e5PcXv0UW+H4tSBFKObWYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCC+WWs332lpLNUX1ZI3YK7vYgtys4X+uGxEIlkIQ90v8/w8ZFmQMe")]
    public void SevctlSecretBuild(bool twoSecrets, string header, string payload)
    {
        using var dir = new TempDir();
        foreach (var (name, hex) in new[] { ("vm_tek.bin", "52a869b79ab9c13bb6a92b0561619cb3"), ("vm_tik.bin", "c6d5a9956133050912b24bbe5c372686") })
        {
            dir.Private(name, Convert.FromHexString(hex));
        }

        dir.Private("luks", "MY-LUKS-PASSPHRASE"u8.ToArray());
        dir.Private("other", "SOME OTHER SECRET"u8.ToArray());
        string[] args = ["sev", "secret", "--tek", "vm_tek.bin", "--tik", "vm_tik.bin", "--measurement", "TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS",
            "--iv", "rFR07U3TLH2YnsUj2SVZ7A==", "--efi-secret", "736869e5-84f0-4973-92ec-06879ce3da0b:luks"];
        var r = CliRunner.Run(dir.Path, twoSecrets ? [.. args, "--efi-secret", "736869e5-aaaa-4973-92ec-06879ce3da0b:other"] : args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal($"packet-header: {header}\nsecret: {payload}\n", r.Stdout);
        Assert.Equal(string.Empty, r.Stderr);
    }
}
