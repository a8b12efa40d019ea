using Qcrypto.Posix;

namespace Qcrypto.Cli;

/// <summary>
/// The files the verbs write (keys, ciphertext, certificate directories), through <see cref="PosixFile"/>:
/// paths as bytes, and every failure a usage error worded with strerror, never runtime text.
/// </summary>
internal static class CliFiles
{
    public const int PrivateFile = 0x180; // 0600
    public const int OrdinaryFile = 0x1b6; // 0666, less the umask
    public const int PrivateDirectory = 0x1c0; // 0700
    public const int PublicDirectory = 0x1ed; // 0755

    private const int NotADirectory = 20;

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>: a new file gets <paramref name="createMode"/>;
    /// with <paramref name="exclusive"/> an existing name (a dangling symlink too) is an error, otherwise the
    /// file is truncated. <paramref name="finalMode"/>, when given, is set on the open file after writing.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, int createMode, bool exclusive, int? finalMode = null, bool sync = false)
    {
        var flags = PosixFile.WriteOnly | PosixFile.Create | PosixFile.CloseOnExec | (exclusive ? PosixFile.Exclusive : PosixFile.Truncate);
        Check(PosixFile.Open(path, flags, createMode, out var fd), path);
        try
        {
            Check(PosixFile.WriteAll(fd, content), path);
            if (finalMode is { } mode)
            {
                Check(PosixFile.ChangeMode(fd, mode), path);
            }

            if (sync)
            {
                Check(PosixFile.Sync(fd), path);
            }
        }
        finally
        {
            PosixFile.Close(fd);
        }
    }

    /// <summary>mkdir -p with <paramref name="mode"/> for the directories it creates.</summary>
    public static void CreateDirectories(string path, int mode)
    {
        var full = PosixFile.FullPath(path);
        for (var end = full.IndexOf('/', 1); ; end = full.IndexOf('/', end + 1))
        {
            var prefix = end < 0 ? full : full[..end];
            if (prefix.Length > 0 && !prefix.EndsWith('/'))
            {
                var errno = PosixFile.MakeDirectory(prefix, mode);
                if (errno == PosixFile.EEXIST)
                {
                    errno = PosixFile.Stat(prefix, followSymlinks: true, out var status);
                    errno = errno != 0 ? errno : status.IsDirectory ? 0 : NotADirectory;
                }

                if (errno != 0)
                {
                    throw new UsageException($"cannot create directory {prefix}: {PosixFile.StrError(errno)}");
                }
            }

            if (end < 0)
            {
                return;
            }
        }
    }

    private static void Check(int errno, string path)
    {
        if (errno != 0)
        {
            throw new UsageException($"cannot write {path}: {PosixFile.StrError(errno)}");
        }
    }
}
