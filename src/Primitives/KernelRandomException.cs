namespace Qcrypto.Primitives;

/// <summary>
/// getrandom(2) failed. The message is ours (what failed and strerror), so unlike the runtime's own
/// exceptions (resource keys under NativeAOT) it can be shown to a user as it is.
/// </summary>
public sealed class KernelRandomException(string message, int errno) : IOException(message)
{
    /// <summary>The errno getrandom(2) set.</summary>
    public int Errno { get; } = errno;
}
