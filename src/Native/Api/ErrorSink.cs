using Qcrypto.Errors;
using Qcrypto.Native.Handles;
using Qcrypto.Sev.Errors;

namespace Qcrypto.Native.Api;

/// <summary>
/// QEMU's <c>Error **errp</c> idiom: on failure an entry point stores a new QcryptoError in *errp (when
/// errp is not NULL) and returns -1 or NULL. No exception ever crosses into C: every entry point ends in
/// <see cref="Set(nint*, Exception)"/>, which words any exception as a typed error.
/// </summary>
internal static unsafe class ErrorSink
{
    /// <summary>Codes of the C API's own errors (the library's codes are in Qcrypto.Errors.ErrorCodes and friends).</summary>
    public const string InvalidArgument = "invalid-argument";
    public const string InvalidHandle = "invalid-handle";
    public const string WrongState = "wrong-state";
    public const string Internal = "internal-error";

    public static void Set(nint* errp, string code, string message)
    {
        // As QEMU's error_setv, a caller passes *errp == NULL; an error already there is kept (the first one
        // is the news) and the new one dropped, rather than aborting as QEMU does.
        if (errp is null || *errp != 0)
        {
            return;
        }

        *errp = HandleTable.Add(new NativeError(code, message));
    }

    public static void Set(nint* errp, Exception e)
    {
        var (code, message) = Describe(e);
        Set(errp, code, message);
    }

    public static void Null(nint* errp, string function, string argument) =>
        Set(errp, InvalidArgument, $"{function}: '{argument}' must not be NULL");

    public static void BadHandle(nint* errp, string function, string argument, string type) =>
        Set(errp, InvalidHandle, $"{function}: '{argument}' is not a live {type} (already freed, or not returned by this library)");

    /// <summary>Our own errors carry their code and QEMU's words; anything else is worded without the runtime's text.</summary>
    public static (string Code, string Message) Describe(Exception e) => e switch
    {
        // The lines QEMU reports before the error (e.g. "LAUNCH_START ret=1 fw_error=..."), then the error.
        SevException { Reports.Count: > 0 } s => (s.Code, string.Join('\n', [.. s.Reports, Pretty(s)])),
        QcryptoException q => (q.Code, Pretty(q)),
        IOException { InnerException: QcryptoException q } => (q.Code, Pretty(q)),
        NativeApiException a => (a.Code, a.Message),
        OutOfMemoryException => (Internal, "Cannot allocate memory"),
        _ => (Internal, $"internal error in libqcrypto ({e.GetType().Name})"),
    };

    /// <summary>QEMU's words, prefixed with the object and property unless the words already name the object.</summary>
    private static string Pretty(QcryptoException e) =>
        e.ObjectId is null || e.QemuMessage.Contains($"'{e.ObjectId}'", StringComparison.Ordinal) ? e.QemuMessage : e.Message;
}
