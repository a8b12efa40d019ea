using System.Runtime.InteropServices;

namespace Qcrypto.Pkcs11.Interop;

/// <summary>CK_ATTRIBUTE: a type and a value buffer the caller owns.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CK_ATTRIBUTE
{
    public nuint type;
    public void* pValue;
    public nuint ulValueLen;
}

/// <summary>CK_MECHANISM: the mechanism and its parameter (the IV for CKM_AES_CBC).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CK_MECHANISM
{
    public nuint mechanism;
    public void* pParameter;
    public nuint ulParameterLen;
}

/// <summary>CK_C_INITIALIZE_ARGS: no mutex callbacks, CKF_OS_LOCKING_OK (the module may use threads and OS locks).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CK_C_INITIALIZE_ARGS
{
    public void* CreateMutex;
    public void* DestroyMutex;
    public void* LockMutex;
    public void* UnlockMutex;
    public nuint flags;
    public void* pReserved;
}

/// <summary>CK_TOKEN_INFO (blank-padded, not NUL-terminated text fields), as far as qcrypto reads it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CK_TOKEN_INFO
{
    public fixed byte label[32];
    public fixed byte manufacturerID[32];
    public fixed byte model[16];
    public fixed byte serialNumber[16];
    public nuint flags;
    public fixed ulong counters[10];
    public ushort hardwareVersion;
    public ushort firmwareVersion;
    public fixed byte utcTime[16];
}
