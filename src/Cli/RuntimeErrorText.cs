using System.Runtime.InteropServices;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Primitives;

namespace Qcrypto.Cli;

/// <summary>
/// Words a .NET exception for a user without its Message: NativeAOT (UseSystemResourceKeys) reduces
/// runtime messages to resource keys such as "IO_FileNotFound_FileName, PATH". The verbs do their file
/// I/O through errno-returning calls (Qcrypto.Posix); this is the net under them.
/// </summary>
internal static class RuntimeErrorText
{
    public static string Describe(Exception e) => e switch
    {
        // Ours: worded as glib/QEMU word them.
        GlibFileException or PosixException or KernelRandomException => e.Message,
        FileNotFoundException { FileName: { } name } => $"{name}: No such file or directory",
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        PathTooLongException => "File name too long",
        OutOfMemoryException => "Cannot allocate memory",
        // The socket layer's text is strerror/gai_strerror, not a resource.
        System.Net.Sockets.SocketException => e.Message,
        // Unix IOExceptions carry the raw errno as HResult when no more specific type applies.
        IOException { HResult: > 0 and < 4096 } => Marshal.GetPInvokeErrorMessage(e.HResult),
        IOException => "Input/output error",
        _ => e.GetType().Name,
    };
}
