namespace Qcrypto.TestCerts;

/// <summary>One file of a credentials directory: its name, exact bytes and Unix mode.</summary>
public sealed record CertDirFile(string Name, byte[] Content, UnixFileMode Mode)
{
    /// <summary>The content as text (UTF-8; garbage files decode lossily).</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Content);
}
