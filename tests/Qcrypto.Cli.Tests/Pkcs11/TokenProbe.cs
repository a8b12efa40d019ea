using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Qcrypto.Cli.Tests.Pkcs11;

/// <summary>
/// Looks into a SoftHSM2 token with Pkcs11Interop, the maintained binding, independently of qcrypto's own:
/// imports a known AES key as a sensitive token object, and reads attributes with C_GetAttributeValue's
/// own return value. One user at a time: the module is initialized and finalized around each call.
/// </summary>
internal static class TokenProbe
{
    private static readonly Lock Gate = new();

    static TokenProbe() =>
        // Pkcs11Interop 5.3 dlopens "libdl", which glibc >= 2.34 ships only as libdl.so.2.
        NativeLibrary.SetDllImportResolver(typeof(CKR).Assembly, (name, _, _) =>
            name == "libdl" ? NativeLibrary.Load("libdl.so.2") : IntPtr.Zero);

    /// <summary>C_GetAttributeValue's return value for <paramref name="attribute"/> of the object labelled <paramref name="label"/>.</summary>
    public static CKR GetAttribute(string token, string pin, string label, CKA attribute, out byte[]? value)
    {
        byte[]? read = null;
        var rv = WithSession(token, pin, (lib, session) =>
        {
            var obj = FindOne(lib, session, label);
            var template = new[] { CkaUtils.CreateAttribute(attribute) };
            var result = lib.C_GetAttributeValue(session, obj, template, 1);
            if (result == CKR.CKR_OK && template[0].valueLen != ulong.MaxValue)
            {
                template[0].value = UnmanagedMemory.Allocate((int)template[0].valueLen);
                result = lib.C_GetAttributeValue(session, obj, template, 1);
                read = UnmanagedMemory.Read(template[0].value, (int)template[0].valueLen);
                UnmanagedMemory.Free(ref template[0].value);
            }

            return result;
        });
        value = read;
        return rv;
    }

    /// <summary>Imports <paramref name="key"/> as a token AES key: sensitive, not extractable (C_CreateObject).</summary>
    public static void ImportAesKey(string token, string pin, string label, byte[] key)
    {
        var rv = WithSession(token, pin, (lib, session) =>
        {
            var template = new[]
            {
                CkaUtils.CreateAttribute(CKA.CKA_CLASS, (ulong)CKO.CKO_SECRET_KEY),
                CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, (ulong)CKK.CKK_AES),
                CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
                CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
                CkaUtils.CreateAttribute(CKA.CKA_SENSITIVE, true),
                CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, false),
                CkaUtils.CreateAttribute(CKA.CKA_ENCRYPT, true),
                CkaUtils.CreateAttribute(CKA.CKA_DECRYPT, true),
                CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
                CkaUtils.CreateAttribute(CKA.CKA_VALUE, key),
            };
            ulong handle = 0;
            return lib.C_CreateObject(session, template, (ulong)template.Length, ref handle);
        });
        Assert.Equal(CKR.CKR_OK, rv);
    }

    private static CKR WithSession(string token, string pin, Func<Pkcs11Library, ulong, CKR> body)
    {
        lock (Gate)
        {
            using var lib = new Pkcs11Library(SoftHsm.Module);
            Assert.Equal(CKR.CKR_OK, lib.C_Initialize(null));
            try
            {
                ulong count = 0;
                Assert.Equal(CKR.CKR_OK, lib.C_GetSlotList(true, null, ref count));
                var slots = new ulong[count];
                Assert.Equal(CKR.CKR_OK, lib.C_GetSlotList(true, slots, ref count));
                var slot = slots.Single(s =>
                {
                    var info = new CK_TOKEN_INFO();
                    return lib.C_GetTokenInfo(s, ref info) == CKR.CKR_OK && Encoding.UTF8.GetString(info.Label).TrimEnd(' ') == token;
                });
                ulong session = 0;
                Assert.Equal(CKR.CKR_OK, lib.C_OpenSession(slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session));
                var pinBytes = Encoding.UTF8.GetBytes(pin);
                Assert.Equal(CKR.CKR_OK, lib.C_Login(session, CKU.CKU_USER, pinBytes, (ulong)pinBytes.Length));
                var rv = body(lib, session);
                lib.C_CloseSession(session);
                return rv;
            }
            finally
            {
                lib.C_Finalize(IntPtr.Zero);
            }
        }
    }

    private static ulong FindOne(Pkcs11Library lib, ulong session, string label)
    {
        var template = new[] { CkaUtils.CreateAttribute(CKA.CKA_LABEL, label) };
        Assert.Equal(CKR.CKR_OK, lib.C_FindObjectsInit(session, template, 1));
        var found = new ulong[2];
        ulong count = 0;
        Assert.Equal(CKR.CKR_OK, lib.C_FindObjects(session, found, 2, ref count));
        lib.C_FindObjectsFinal(session);
        Assert.Equal(1UL, count);
        return found[0];
    }
}
