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

    /// <summary><see cref="PosixFile.WriteFile"/>, a failure worded as a usage error.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, int createMode, bool exclusive, int? finalMode = null, bool sync = false) =>
        Check(PosixFile.WriteFile(path, content, createMode, exclusive, finalMode, sync), path);

    /// <summary>mkdir -p (<see cref="PosixFile.CreateDirectories"/>), a failure worded as a usage error.</summary>
    public static void CreateDirectories(string path, int mode)
    {
        var errno = PosixFile.CreateDirectories(path, mode, out var failed);
        if (errno != 0)
        {
            throw new UsageException($"cannot create directory {failed}: {PosixFile.StrError(errno)}");
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
