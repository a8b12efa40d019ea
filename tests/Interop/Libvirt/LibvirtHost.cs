using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>What one argument became, and the QEMU options it needs (a null chardev for rng-egd).</summary>
internal sealed record LibvirtSubstituted(string Argument, IReadOnlyList<string> QemuOptions, string Flags);

/// <summary>
/// The host resources libvirt's test command lines name, made in a temp directory, and the substitutions
/// (Libvirt/README.md, "Substitutions") that point an argument at them. Both QEMU and qcrypto get the same
/// substituted argument.
/// </summary>
internal sealed class LibvirtHost : IDisposable
{
    // libvirt's mocked virRandomBytes fills buffers with 0, 1, 2, ...: the master key is 00..1f.
    public static readonly byte[] MasterKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    public const string Plaintext = "AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A";
    public const ulong SizeCap = 64UL << 20;

    private readonly TempDir _dir = new("qcrypto-libvirt-");
    private int _scratch;

    public LibvirtHost()
    {
        KeyFile = _dir.Private("master-key.aes", MasterKey);
        Pki = TestPki.Create(_dir.Sub("pki"), Plaintext);
        foreach (var kind in new[] { "srv", "enc", "cli", "enccli" })
        {
            // libvirt's 'dummy,path' dirs: a comma in the name (",," in the dotted form).
            CopyDir(Path.Combine(Pki, kind), Path.Combine(Pki, kind + ",path"));
        }
    }

    public string KeyFile { get; }

    public string Pki { get; }

    public string Dir => _dir.Path;

    /// <summary>A fresh directory under which memory-backend-file paths are re-rooted.</summary>
    public string NewScratch() => _dir.Sub($"root{Interlocked.Increment(ref _scratch)}");

    /// <summary>Substitutions of files qcrypto reads itself, as QEMU does: left out, both sides must refuse alike.</summary>
    public const string FileFlags = "KTR";

    /// <summary>
    /// The argument with every substitution applied except those whose flag is in <paramref name="skip"/>:
    /// K master key file, T TLS dir, R rng file (<see cref="FileFlags"/>). Those for host resources qcrypto does
    /// not use itself (S size, P mem-path, N NUMA nodes, C chardev) are always made.
    /// </summary>
    public LibvirtSubstituted Substitute(string argument, string scratch, string skip = "")
    {
        var a = LibvirtArgument.Parse(argument);
        var flags = new SortedSet<char>();
        var options = new List<string>();
        var type = a.Type ?? "";
        if (!skip.Contains('K', StringComparison.Ordinal) && type == "secret" && a.Get("id") == "masterKey0" && a.Get("file") is not null)
        {
            a.SetString("file", KeyFile);
            flags.Add('K');
        }

        if (!skip.Contains('T', StringComparison.Ordinal) && type == "tls-creds-x509" && a.Get("dir") is { } dir)
        {
            var server = a.Get("endpoint") == "server";
            var password = a.Get("passwordid") is not null;
            var kind = (server, password) switch { (true, true) => "enc", (true, false) => "srv", (false, true) => "enccli", _ => "cli" };
            a.SetString("dir", Path.Combine(Pki, kind + (dir.Contains(',', StringComparison.Ordinal) ? ",path" : "")));
            flags.Add('T');
        }

        if (!skip.Contains('R', StringComparison.Ordinal) && type == "rng-random" && a.Get("filename") is "/dev/hwrng" && !File.Exists("/dev/hwrng"))
        {
            a.SetString("filename", "/dev/urandom");
            flags.Add('R');
        }

        if (type.StartsWith("memory-backend-", StringComparison.Ordinal))
        {
            if (a.Get("size") is { } size && ulong.TryParse(size, CultureInfo.InvariantCulture, out var n) && n > SizeCap)
            {
                a.SetNumber("size", SizeCap);
                flags.Add('S');
            }

            if (a.Get("host-nodes") is not null)
            {
                a.SetNumberList("host-nodes", 0);
                flags.Add('N');
            }

            if (type == "memory-backend-file" && a.Get("mem-path") is { } memPath)
            {
                var moved = scratch + memPath;
                // hugetlbfs mount points are directories QEMU makes a file in; every other path is the file.
                Directory.CreateDirectory(memPath.StartsWith("/dev/hugepages", StringComparison.Ordinal) ? moved : Path.GetDirectoryName(moved)!);
                a.SetString("mem-path", moved);
                flags.Add('P');
            }
        }

        if (type == "thread-context" && a.Get("node-affinity") is not null)
        {
            a.SetNumberList("node-affinity", 0);
            flags.Add('N');
        }

        if (type == "rng-egd" && a.Get("chardev") is { } chardev)
        {
            options.AddRange(["-chardev", $"null,id={chardev}"]);
            flags.Add('C');
        }

        return new LibvirtSubstituted(a.ToString(), options, string.Concat(flags));
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
    }

    public void Dispose() => _dir.Dispose();
}
