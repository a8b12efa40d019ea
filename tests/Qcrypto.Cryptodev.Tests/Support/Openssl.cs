namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>The openssl command line: enc, dgst, mac and pkeyutl on files of random inputs.</summary>
public static class Openssl
{
    private static string Path => Tool.Require("openssl", "openssl");

    /// <summary>openssl enc -CIPHER -nopad with a hex key and IV (IV omitted for ECB).</summary>
    public static byte[] Enc(string cipher, bool encrypt, byte[] key, byte[]? iv, byte[] input)
    {
        List<string> args = ["enc", $"-{cipher}", encrypt ? "-e" : "-d", "-nopad", "-nosalt", "-K", Convert.ToHexString(key)];
        if (iv is not null)
        {
            args.AddRange(["-iv", Convert.ToHexString(iv)]);
        }

        return Tool.RunBytes(Path, args, input).Stdout;
    }

    /// <summary>openssl dgst -binary (with -xoflen for SHAKE).</summary>
    public static byte[] Dgst(string digest, byte[] input, int? xofLength = null)
    {
        List<string> args = ["dgst", $"-{digest}", "-binary"];
        if (xofLength is { } n)
        {
            args.AddRange(["-xoflen", n.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return Tool.RunBytes(Path, args, input).Stdout;
    }

    /// <summary>openssl mac -binary NAME with -macopt options.</summary>
    public static byte[] Mac(string name, byte[] input, params string[] options)
    {
        List<string> args = ["mac", "-binary"];
        foreach (var option in options)
        {
            args.AddRange(option.StartsWith("-", StringComparison.Ordinal) ? option.Split(' ', 2) : ["-macopt", option]);
        }

        args.Add(name);
        return Tool.RunBytes(Path, args, input).Stdout;
    }

    /// <summary>openssl pkeyutl with a key file; returns exit code and output (verify fails with a non-zero exit).</summary>
    public static (int ExitCode, byte[] Output) Pkeyutl(byte[] input, params string[] args)
    {
        var r = Tool.RunBytes(Path, ["pkeyutl", .. args], input, allowFailure: true);
        return (r.ExitCode, r.Stdout);
    }

    public static void Run(params string[] args) => Tool.RunBytes(Path, args);
}
