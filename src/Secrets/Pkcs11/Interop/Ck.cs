namespace Qcrypto.Pkcs11.Interop;

/// <summary>
/// The PKCS#11 v2.40 constants qcrypto uses (pkcs11t.h), names kept verbatim. On Linux x86-64 CK_ULONG is
/// C's unsigned long: 64 bits, <see cref="nuint"/>.
/// </summary>
internal static class Ck
{
    // Return values (CK_RV).
    internal const nuint CKR_OK = 0;
    internal const nuint CKR_ATTRIBUTE_SENSITIVE = 0x11;
    internal const nuint CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
    internal const nuint CKR_ENCRYPTED_DATA_LEN_RANGE = 0x41;
    internal const nuint CKR_KEY_HANDLE_INVALID = 0x60;
    internal const nuint CKR_KEY_SIZE_RANGE = 0x62;
    internal const nuint CKR_KEY_TYPE_INCONSISTENT = 0x63;
    internal const nuint CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68;
    internal const nuint CKR_MECHANISM_INVALID = 0x70;
    internal const nuint CKR_PIN_INCORRECT = 0xA0;
    internal const nuint CKR_PIN_LEN_RANGE = 0xA2;
    internal const nuint CKR_PIN_EXPIRED = 0xA3;
    internal const nuint CKR_PIN_LOCKED = 0xA4;
    internal const nuint CKR_TOKEN_NOT_PRESENT = 0xE0;
    internal const nuint CKR_TOKEN_WRITE_PROTECTED = 0xE2;
    internal const nuint CKR_USER_ALREADY_LOGGED_IN = 0x100;
    internal const nuint CKR_USER_NOT_LOGGED_IN = 0x101;
    internal const nuint CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    internal const nuint CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    // Attribute types (CK_ATTRIBUTE_TYPE).
    internal const nuint CKA_CLASS = 0x0;
    internal const nuint CKA_TOKEN = 0x1;
    internal const nuint CKA_PRIVATE = 0x2;
    internal const nuint CKA_LABEL = 0x3;
    internal const nuint CKA_VALUE = 0x11;
    internal const nuint CKA_KEY_TYPE = 0x100;
    internal const nuint CKA_ID = 0x102;
    internal const nuint CKA_SENSITIVE = 0x103;
    internal const nuint CKA_ENCRYPT = 0x104;
    internal const nuint CKA_DECRYPT = 0x105;
    internal const nuint CKA_VALUE_LEN = 0x161;
    internal const nuint CKA_EXTRACTABLE = 0x162;

    // Object classes, key types, mechanisms, users, flags.
    internal const nuint CKO_DATA = 0;
    internal const nuint CKO_CERTIFICATE = 1;
    internal const nuint CKO_PUBLIC_KEY = 2;
    internal const nuint CKO_PRIVATE_KEY = 3;
    internal const nuint CKO_SECRET_KEY = 4;
    internal const nuint CKK_AES = 0x1F;
    internal const nuint CKM_AES_KEY_GEN = 0x1080;
    internal const nuint CKM_AES_CBC = 0x1082;
    internal const nuint CKU_USER = 1;
    internal const nuint CKF_RW_SESSION = 2;
    internal const nuint CKF_SERIAL_SESSION = 4;
    internal const nuint CKF_OS_LOCKING_OK = 2;
    internal const nuint CKF_TOKEN_INITIALIZED = 0x400;
    internal static readonly nuint CK_UNAVAILABLE_INFORMATION = nuint.MaxValue;
}
