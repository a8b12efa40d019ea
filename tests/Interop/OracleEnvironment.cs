namespace Qcrypto.Interop.Tests;

/// <summary>Files and kernel keys the corpus refers to; removed again on dispose.</summary>
internal sealed class OracleEnvironment : IDisposable
{
    // QEMU's test-crypto-secret known-answer vector.
    public const string MasterKeyBase64 = "9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=";
    public const string IvBase64 = "0I7Gw/TKuA+Old2W2apQ3g==";
    public const string CiphertextBase64 = "zL/3CUYZC1IqOrRrzXqwsA==";

    private readonly List<int> _keys = [];
    private readonly Stopwatch _sinceExpiry = new();

    private OracleEnvironment(DirectoryInfo dir) => Dir = dir.FullName;

    public string Dir { get; }

    public int GoodKey { get; private set; }
    public int Base64Key { get; private set; }
    public int CipherKey { get; private set; }
    public int MasterKey { get; private set; }
    public int RevokedKey { get; private set; }
    public int ExpiredKey { get; private set; }

    public static OracleEnvironment Create()
    {
        var env = new OracleEnvironment(Directory.CreateTempSubdirectory("qcrypto-oracle-"));
        try
        {
            env.Setup();
            return env;
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    private void Setup()
    {
        var tag = $"qcrypto-oracle-{Environment.ProcessId}";
        ExpiredKey = AddKey($"{tag}-expired", "Test Payload"u8);
        OracleTools.Run("keyctl", ["timeout", Serial(ExpiredKey), "1"]);
        _sinceExpiry.Start();
        GoodKey = AddKey($"{tag}-good", "Test Payload"u8);
        Base64Key = AddKey($"{tag}-b64", "MTIzNDU2"u8);
        // With a newline (allowed in base64): QEMU reads one byte past a keyring payload when it base64-decodes
        // it (qbase64_decode checks for a NUL there), and a 24-byte heap block has no such NUL.
        CipherKey = AddKey($"{tag}-crypt", Encoding.ASCII.GetBytes(CiphertextBase64 + "\n"));
        MasterKey = AddKey($"{tag}-master", Convert.FromBase64String(MasterKeyBase64));
        RevokedKey = AddKey($"{tag}-revoked", "Test Payload"u8);
        OracleTools.Run("keyctl", ["revoke", Serial(RevokedKey)]);

        Write("plain", "123456"u8);
        Write("empty", []);
        Write("newline", "123456\n"u8);
        Write("utf8", "pässwörd"u8);
        Write("b64", "MTIzNDU2"u8);
        Write("b64-newline", "MTIzNDU2\n"u8);
        Write("b64-crlf", "MTIzNDU2\r\n"u8);
        Write("b64-nul", "MTIz\0NDU2"u8);
        Write("b64-space", "MTIz NDU2"u8);
        Write("b64-urlsafe", "-_-_"u8);
        Write("master", Convert.FromBase64String(MasterKeyBase64));
        Write("master-newline", [.. Convert.FromBase64String(MasterKeyBase64), (byte)'\n']);
        Write("master-b64", Encoding.ASCII.GetBytes(MasterKeyBase64));
        Write("master-b64-newline", Encoding.ASCII.GetBytes(MasterKeyBase64 + "\n"));
        Write("master-short", Convert.FromBase64String(MasterKeyBase64)[..16]);
        Write("cipher", Convert.FromBase64String(CiphertextBase64));
        Write("cipher-b64", Encoding.ASCII.GetBytes(CiphertextBase64));
        Write("cipher-15", Convert.FromBase64String(CiphertextBase64)[..15]);
        Write("cipher-17", [.. Convert.FromBase64String(CiphertextBase64), 1]);
        Directory.CreateDirectory(Path("subdir"));
        Write("world-readable", "123456"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Lets the expiring key expire (its timeout is one second).</summary>
    public void WaitForExpiry()
    {
        var left = TimeSpan.FromMilliseconds(1300) - _sinceExpiry.Elapsed;
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }
    }

    public static string Serial(int serial) => serial.ToString(CultureInfo.InvariantCulture);

    private int AddKey(string name, ReadOnlySpan<byte> payload)
    {
        var text = OracleTools.Run("keyctl", ["padd", "user", name, "@u"], payload.ToArray());
        var serial = int.Parse(text.Trim(), CultureInfo.InvariantCulture);
        _keys.Add(serial);
        return serial;
    }

    private void Write(string name, ReadOnlySpan<byte> bytes, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path(name);
        File.WriteAllBytes(path, bytes.ToArray());
        File.SetUnixFileMode(path, mode);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            try
            {
                OracleTools.Run("keyctl", ["unlink", Serial(key), "@u"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone (expired keys may be garbage-collected by the kernel).
            }
        }

        Directory.Delete(Dir, recursive: true);
    }
}

internal static class OracleTools
{
    public static string? Find(string program) => Tool.Find(program);

    /// <summary>Runs a tool to completion; throws with its stderr when it fails or is missing.</summary>
    public static string Run(string program, IReadOnlyList<string> args, byte[]? stdin = null) =>
        Tool.RunForOutput(program, args, stdin,
            $"{program} is not installed: the QEMU oracle needs it (apt-get install {(program == "keyctl" ? "keyutils" : program)})");
}
