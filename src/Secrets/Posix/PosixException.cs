namespace Qcrypto.Posix;

/// <summary>
/// A system call failed; the message is ours (strerror and what was being done), so unlike the
/// runtime's own IOExceptions (resource keys under NativeAOT) it can be shown to a user as it is.
/// </summary>
public sealed class PosixException(string message, int errno, Exception? inner = null) : IOException(message, inner)
{
    public int Errno { get; } = errno;
}
