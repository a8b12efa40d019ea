using System.Diagnostics;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>
/// Issue 9, item 11: secret files over 64 MiB were refused while QEMU reads a 100 MB file. A regular file
/// is now read whole, whatever its size (glib's get_contents_regular); a file of unknown size (a device,
/// a pipe, /proc) stops at <see cref="GlibFile.MaxLength"/> with glib's allocation message, where QEMU
/// reads /dev/zero until the host's memory runs out.
/// </summary>
public sealed class SecretFileSizeTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ARegularFileBeyond64MiBIsReadWhole()
    {
        var path = _dir.PathOf("big");
        using (var f = File.Create(path))
        {
            // 100 MB, sparse: it costs no disk.
            f.SetLength(100_000_000);
        }

        File.SetUnixFileMode(path, ScratchDir.Private);
        using var registry = T.With($"secret,id=s,file={path}");
        using var lease = registry.Secrets.Bytes("s");
        Assert.Equal(100_000_000, lease.Bytes.Length);
    }

    [Fact]
    public void DevZeroStopsWithGlibsMessageAndAHint()
    {
        using var registry = T.Registry(allowWorldReadable: true);
        var e = T.Rejects(registry, "Unable to read /dev/zero: Could not allocate 134217728 bytes to read file “/dev/zero”", "secret,id=s,file=/dev/zero");
        Assert.Contains("at most 64 MiB", e.Hint);
        Assert.Equal("file", e.Property);
    }

    [Fact]
    public void AProcFileOfSizeZeroIsReadToItsEnd()
    {
        // /proc files are regular with st_size 0: glib reads them as a stream, and so do we.
        using var registry = T.Registry(allowWorldReadable: true);
        registry.Add("secret,id=s,file=/proc/version");
        Assert.StartsWith("Linux version", T.Utf8(registry, "s"));
    }

    [Theory]
    [InlineData(GlibFile.MaxLength, true)]
    [InlineData(GlibFile.MaxLength + 1, false)]
    [InlineData(5, true)]
    public void APipeIsReadUpToTheLimitExactly(int length, bool read)
    {
        var fifo = _dir.PathOf("fifo");
        using (var mkfifo = Process.Start("mkfifo", ["-m", "600", fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // The writer: the open blocks until the reader opens the FIFO; a reader that gives up closes it
        // and the writer stops on EPIPE.
        var writer = new Thread(() =>
        {
            try
            {
                using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                var chunk = new byte[1 << 16];
                for (var left = length; left > 0; left -= chunk.Length)
                {
                    w.Write(chunk, 0, Math.Min(left, chunk.Length));
                }
            }
            catch (IOException)
            {
            }
        })
        { IsBackground = true };
        writer.Start();

        using var registry = T.Registry();
        if (read)
        {
            registry.Add($"secret,id=s,file={fifo}");
            using var lease = registry.Secrets.Bytes("s");
            Assert.Equal(length, lease.Bytes.Length);
        }
        else
        {
            T.Rejects(registry, $"Unable to read {fifo}: Could not allocate 134217728 bytes to read file “{fifo}”", $"secret,id=s,file={fifo}");
        }

        Assert.True(writer.Join(TimeSpan.FromMinutes(1)));
    }
}
