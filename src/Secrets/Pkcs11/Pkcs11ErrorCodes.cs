namespace Qcrypto.Pkcs11;

/// <summary>The stable codes of PKCS#11 master-key errors (<see cref="Errors.QcryptoException.Code"/> of a <see cref="Pkcs11Exception"/>).</summary>
public static class Pkcs11ErrorCodes
{
    /// <summary>The URI is not an RFC 7512 PKCS#11 URI qcrypto can use.</summary>
    public const string Uri = "pkcs11-uri";

    /// <summary>The provider module cannot be loaded or initialized.</summary>
    public const string Module = "pkcs11-module";

    /// <summary>No token present matches the URI.</summary>
    public const string Token = "pkcs11-token";

    /// <summary>The token refused the PIN (wrong, locked, expired) or needs one that was not given.</summary>
    public const string Login = "pkcs11-login";

    /// <summary>No object, or more than one, matches the URI.</summary>
    public const string Object = "pkcs11-object";

    /// <summary>The object is not an AES-256 secret key allowed to decrypt (and encrypt).</summary>
    public const string Key = "pkcs11-key";

    /// <summary>An object with the label already exists (key generation).</summary>
    public const string Exists = "pkcs11-exists";

    /// <summary>The PIN source (pin-source=, pin-value=) cannot be used.</summary>
    public const string Pin = "pkcs11-pin";

    /// <summary>Any other failure the module reported (its CKR_ name in the message).</summary>
    public const string Failed = "pkcs11-failed";
}
