namespace Qcrypto.Interop;

/// <summary>The native libraries qcrypto's object model calls, one name each.</summary>
internal static class Libraries
{
    /// <summary>The C library: the dynamic loader resolves "libc" to the system's (libc.so.6 on glibc).</summary>
    internal const string Libc = "libc";

    /// <summary>libkeyutils (Debian keyutils / libkeyutils1), for keyctl_read.</summary>
    internal const string Keyutils = "libkeyutils.so.1";
}
