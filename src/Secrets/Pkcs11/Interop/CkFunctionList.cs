using System.Runtime.InteropServices;

namespace Qcrypto.Pkcs11.Interop;

/// <summary>
/// CK_FUNCTION_LIST (pkcs11f.h order, v2.40): the module's entry points, as C_GetFunctionList hands them
/// out. The ones qcrypto calls are typed function pointers (the C calling convention, no marshalling: the
/// arguments are blittable), the others are kept as opaque slots so the layout stays exact.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CK_FUNCTION_LIST
{
    public ushort version;
    public delegate* unmanaged<CK_C_INITIALIZE_ARGS*, nuint> C_Initialize;
    public delegate* unmanaged<void*, nuint> C_Finalize;
    public IntPtr C_GetInfo;
    public IntPtr C_GetFunctionList;
    public delegate* unmanaged<byte, nuint*, nuint*, nuint> C_GetSlotList;
    public IntPtr C_GetSlotInfo;
    public delegate* unmanaged<nuint, CK_TOKEN_INFO*, nuint> C_GetTokenInfo;
    public IntPtr C_GetMechanismList;
    public IntPtr C_GetMechanismInfo;
    public IntPtr C_InitToken;
    public IntPtr C_InitPIN;
    public IntPtr C_SetPIN;
    public delegate* unmanaged<nuint, nuint, void*, void*, nuint*, nuint> C_OpenSession;
    public delegate* unmanaged<nuint, nuint> C_CloseSession;
    public IntPtr C_CloseAllSessions;
    public IntPtr C_GetSessionInfo;
    public IntPtr C_GetOperationState;
    public IntPtr C_SetOperationState;
    public delegate* unmanaged<nuint, nuint, byte*, nuint, nuint> C_Login;
    public IntPtr C_Logout;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_CreateObject;
    public IntPtr C_CopyObject;
    public delegate* unmanaged<nuint, nuint, nuint> C_DestroyObject;
    public IntPtr C_GetObjectSize;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint> C_GetAttributeValue;
    public IntPtr C_SetAttributeValue;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint> C_FindObjectsInit;
    public delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint> C_FindObjects;
    public delegate* unmanaged<nuint, nuint> C_FindObjectsFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_EncryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Encrypt;
    public IntPtr C_EncryptUpdate;
    public IntPtr C_EncryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_DecryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Decrypt;
    public IntPtr C_DecryptUpdate;
    public IntPtr C_DecryptFinal;
    public IntPtr C_DigestInit;
    public IntPtr C_Digest;
    public IntPtr C_DigestUpdate;
    public IntPtr C_DigestKey;
    public IntPtr C_DigestFinal;
    public IntPtr C_SignInit;
    public IntPtr C_Sign;
    public IntPtr C_SignUpdate;
    public IntPtr C_SignFinal;
    public IntPtr C_SignRecoverInit;
    public IntPtr C_SignRecover;
    public IntPtr C_VerifyInit;
    public IntPtr C_Verify;
    public IntPtr C_VerifyUpdate;
    public IntPtr C_VerifyFinal;
    public IntPtr C_VerifyRecoverInit;
    public IntPtr C_VerifyRecover;
    public IntPtr C_DigestEncryptUpdate;
    public IntPtr C_DecryptDigestUpdate;
    public IntPtr C_SignEncryptUpdate;
    public IntPtr C_DecryptVerifyUpdate;
    public delegate* unmanaged<nuint, CK_MECHANISM*, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_GenerateKey;
    public IntPtr C_GenerateKeyPair;
    public IntPtr C_WrapKey;
    public IntPtr C_UnwrapKey;
    public IntPtr C_DeriveKey;
    public IntPtr C_SeedRandom;
    public IntPtr C_GenerateRandom;
    public IntPtr C_GetFunctionStatus;
    public IntPtr C_CancelFunction;
    public IntPtr C_WaitForSlotEvent;
}
