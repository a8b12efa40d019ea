using System.Globalization;
using Qcrypto.Pkcs11.Interop;

namespace Qcrypto.Pkcs11;

/// <summary>The names of the CK_RV values a master key meets, for messages (others as hex).</summary>
internal static class Pkcs11ReturnValue
{
    private static readonly Dictionary<nuint, string> Names = new()
    {
        [Ck.CKR_OK] = "CKR_OK",
        [2] = "CKR_HOST_MEMORY",
        [5] = "CKR_GENERAL_ERROR",
        [6] = "CKR_FUNCTION_FAILED",
        [7] = "CKR_ARGUMENTS_BAD",
        [Ck.CKR_ATTRIBUTE_SENSITIVE] = "CKR_ATTRIBUTE_SENSITIVE",
        [Ck.CKR_ATTRIBUTE_TYPE_INVALID] = "CKR_ATTRIBUTE_TYPE_INVALID",
        [0x13] = "CKR_ATTRIBUTE_VALUE_INVALID",
        [0x21] = "CKR_DATA_LEN_RANGE",
        [0x30] = "CKR_DEVICE_ERROR",
        [0x31] = "CKR_DEVICE_MEMORY",
        [0x32] = "CKR_DEVICE_REMOVED",
        [Ck.CKR_ENCRYPTED_DATA_LEN_RANGE] = "CKR_ENCRYPTED_DATA_LEN_RANGE",
        [Ck.CKR_KEY_HANDLE_INVALID] = "CKR_KEY_HANDLE_INVALID",
        [Ck.CKR_KEY_SIZE_RANGE] = "CKR_KEY_SIZE_RANGE",
        [Ck.CKR_KEY_TYPE_INCONSISTENT] = "CKR_KEY_TYPE_INCONSISTENT",
        [Ck.CKR_KEY_FUNCTION_NOT_PERMITTED] = "CKR_KEY_FUNCTION_NOT_PERMITTED",
        [Ck.CKR_MECHANISM_INVALID] = "CKR_MECHANISM_INVALID",
        [0x71] = "CKR_MECHANISM_PARAM_INVALID",
        [Ck.CKR_PIN_INCORRECT] = "CKR_PIN_INCORRECT",
        [Ck.CKR_PIN_LEN_RANGE] = "CKR_PIN_LEN_RANGE",
        [Ck.CKR_PIN_EXPIRED] = "CKR_PIN_EXPIRED",
        [Ck.CKR_PIN_LOCKED] = "CKR_PIN_LOCKED",
        [0xB0] = "CKR_SESSION_CLOSED",
        [0xB3] = "CKR_SESSION_HANDLE_INVALID",
        [0xD0] = "CKR_TEMPLATE_INCOMPLETE",
        [0xD1] = "CKR_TEMPLATE_INCONSISTENT",
        [Ck.CKR_TOKEN_NOT_PRESENT] = "CKR_TOKEN_NOT_PRESENT",
        [Ck.CKR_TOKEN_WRITE_PROTECTED] = "CKR_TOKEN_WRITE_PROTECTED",
        [Ck.CKR_USER_ALREADY_LOGGED_IN] = "CKR_USER_ALREADY_LOGGED_IN",
        [Ck.CKR_USER_NOT_LOGGED_IN] = "CKR_USER_NOT_LOGGED_IN",
        [Ck.CKR_USER_PIN_NOT_INITIALIZED] = "CKR_USER_PIN_NOT_INITIALIZED",
        [0x190] = "CKR_CRYPTOKI_NOT_INITIALIZED",
        [Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED] = "CKR_CRYPTOKI_ALREADY_INITIALIZED",
    };

    public static string Name(nuint rv) =>
        Names.TryGetValue(rv, out var name) ? name : "CKR 0x" + ((ulong)rv).ToString("x", CultureInfo.InvariantCulture);

    /// <summary>A failure of <paramref name="function"/> the caller has no better words for.</summary>
    public static Pkcs11Exception Failure(string function, nuint rv, string property) =>
        new(Pkcs11ErrorCodes.Failed, $"PKCS#11 {function} failed: {Name(rv)}", property, returnValue: Name(rv));
}
