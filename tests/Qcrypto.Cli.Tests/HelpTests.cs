namespace Qcrypto.Cli.Tests;

/// <summary>The verbs and options of the CLI contract, pinned by their --help text.</summary>
public class HelpTests
{
    [Theory]
    [InlineData("root", new string[] { "--help" })]
    [InlineData("secret", new[] { "secret", "--help" })]
    [InlineData("secret-new-key", new[] { "secret", "new-key", "--help" })]
    [InlineData("secret-encrypt", new[] { "secret", "encrypt", "--help" })]
    [InlineData("secret-decrypt", new[] { "secret", "decrypt", "--help" })]
    [InlineData("object-check", new[] { "object", "check", "--help" })]
    [InlineData("tls-serve", new[] { "tls", "serve", "--help" })]
    [InlineData("tls-connect", new[] { "tls", "connect", "--help" })]
    [InlineData("certdir", new[] { "certdir", "--help" })]
    [InlineData("certdir-check", new[] { "certdir", "check", "--help" })]
    [InlineData("certdir-create", new[] { "certdir", "create", "--help" })]
    [InlineData("explain", new[] { "explain", "--help" })]
    [InlineData("cryptodev", new[] { "cryptodev", "--help" })]
    [InlineData("cryptodev-info", new[] { "cryptodev", "info", "--help" })]
    [InlineData("cryptodev-bench", new[] { "cryptodev", "bench", "--help" })]
    [InlineData("sev", new[] { "sev", "--help" })]
    [InlineData("sev-platform-init", new[] { "sev", "platform", "init", "--help" })]
    [InlineData("sev-session", new[] { "sev", "session", "--help" })]
    [InlineData("sev-measure", new[] { "sev", "measure", "--help" })]
    [InlineData("sev-verify", new[] { "sev", "verify", "--help" })]
    [InlineData("sev-secret", new[] { "sev", "secret", "--help" })]
    [InlineData("sev-launch", new[] { "sev", "launch", "--help" })]
    [InlineData("sev-inject", new[] { "sev", "inject", "--help" })]
    [InlineData("vhost-user-crypto", new[] { "vhost-user-crypto", "--help" })]
    [InlineData("vhost-user-crypto-bench", new[] { "vhost-user-crypto", "bench", "--help" })]
    [InlineData("qmp", new[] { "qmp", "--help" })]
    public void HelpIsStable(string name, string[] args)
    {
        var r = CliRunner.Run(Path.GetTempPath(), args);
        Assert.Equal(0, r.ExitCode);
        Golden.Match($"help-{name}.txt", r.Stdout);
    }

    [Fact]
    public void ObjectHelpListsEverySeedType()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "object", "check", "--object", "help");
        Assert.Equal(0, r.ExitCode);
        Golden.Match("object-help.txt", r.Stdout);
        foreach (var type in new[] { "memory-backend-file", "memory-backend-ram", "memory-backend-memfd", "rng-builtin", "rng-random", "rng-egd",
                     "tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "filter-buffer", "filter-mirror", "filter-redirector", "filter-rewriter",
                     "filter-dump", "colo-compare", "cryptodev-backend-builtin", "cryptodev-vhost-user", "secret", "secret_keyring", "sev-guest", "iothread" })
        {
            Assert.Contains($"  {type} ", r.Stdout);
        }
    }

    [Fact]
    public void SevGuestHelpHasQemusDescriptions()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "object", "check", "--object", "sev-guest,help");
        Assert.Equal(0, r.ExitCode);
        Golden.Match("object-help-sev-guest.txt", r.Stdout);
        Assert.Contains("dh-cert-file=<string> - guest owners DH certificate (encoded with base64)", r.Stdout);
    }

    [Fact]
    public void TypeHelpListsPropertiesLikeQemu()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "object", "check", "--object", "secret,help");
        Assert.Equal(0, r.ExitCode);
        Golden.Match("object-help-secret.txt", r.Stdout);
        Assert.StartsWith("secret options:\n", r.Stdout);
        Assert.DoesNotContain("loaded=", r.Stdout);
    }
}
