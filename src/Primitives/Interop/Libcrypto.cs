using System.Runtime.InteropServices;

namespace Qcrypto.Primitives.Interop;

/// <summary>
/// The libcrypto (OpenSSL 3) EVP calls made directly. Why not .NET's AesGcm and friends: every .NET
/// call re-initialises its context through several SafeHandle P/Invokes (~350 ns, measured: a third
/// of a 1 KiB GCM request); a context kept per key and re-initialised with only the IV is what
/// `openssl speed` itself does. Native names kept verbatim.
/// </summary>
internal static unsafe partial class Libcrypto
{
    private const string Library = "libcrypto.so.3";

    public const int EVP_CTRL_GCM_SET_IVLEN = 0x9;
    public const int EVP_CTRL_GCM_GET_TAG = 0x10;
    public const int EVP_CTRL_GCM_SET_TAG = 0x11;

    /// <summary>OSSL_PARAM_UTF8_STRING, openssl/core.h.</summary>
    public const uint OSSL_PARAM_UTF8_STRING = 4;

    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when libcrypto.so.3 loads (Debian 12's OpenSSL 3).</summary>
    public static bool IsAvailable => Available.Value;

    [LibraryImport(Library)]
    public static partial nint EVP_CIPHER_CTX_new();

    [LibraryImport(Library)]
    public static partial void EVP_CIPHER_CTX_free(nint ctx);

    [LibraryImport(Library)]
    public static partial nint EVP_aes_128_gcm();

    [LibraryImport(Library)]
    public static partial nint EVP_aes_192_gcm();

    [LibraryImport(Library)]
    public static partial nint EVP_aes_256_gcm();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint EVP_get_cipherbyname(string name);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int EVP_CipherInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int enc);

    [LibraryImport(Library)]
    public static partial int EVP_CipherUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int EVP_CipherFinal_ex(nint ctx, byte* output, int* outputLength);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int EVP_CIPHER_CTX_ctrl(nint ctx, int type, int arg, void* ptr);

    [LibraryImport(Library)]
    public static partial int EVP_CIPHER_CTX_set_padding(nint ctx, int padding);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint EVP_MAC_fetch(nint libctx, string algorithm, string? properties);

    [LibraryImport(Library)]
    public static partial void EVP_MAC_free(nint mac);

    [LibraryImport(Library)]
    public static partial nint EVP_MAC_CTX_new(nint mac);

    [LibraryImport(Library)]
    public static partial void EVP_MAC_CTX_free(nint ctx);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int EVP_MAC_init(nint ctx, byte* key, nuint keyLength, OsslParam* parameters);

    [LibraryImport(Library)]
    public static partial int EVP_MAC_update(nint ctx, byte* data, nuint length);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int EVP_MAC_final(nint ctx, byte* output, nuint* outputLength, nuint outputSize);

    private static bool Probe()
    {
        try
        {
            var ctx = EVP_CIPHER_CTX_new();
            EVP_CIPHER_CTX_free(ctx);
            return ctx != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>OSSL_PARAM (openssl/core.h): one typed parameter of a fetch-style call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;
    }
}
