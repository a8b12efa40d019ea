namespace Qcrypto.Native.Api;

/// <summary>An error of the C API itself (a bad argument, a call in the wrong state), with its stable code.</summary>
internal sealed class NativeApiException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
