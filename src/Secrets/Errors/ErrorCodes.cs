namespace Qcrypto.Errors;

/// <summary>
/// The stable codes carried by <see cref="QcryptoException.Code"/>. Scripts match on these, so a code,
/// once published, is never renamed.
/// </summary>
public static class ErrorCodes
{
    public const string Syntax = "object-syntax";
    public const string JsonSyntax = "json-syntax";
    public const string MissingParameter = "missing-parameter";
    public const string InvalidParameter = "invalid-parameter";
    public const string InvalidParameterValue = "invalid-parameter-value";
    public const string InvalidId = "invalid-id";
    public const string DuplicateId = "duplicate-id";
    public const string UnknownType = "unknown-type";

    /// <summary>QEMU 7.2 parses the type name but has no class for it ("invalid object type: NAME").</summary>
    public const string NoSuchClass = "invalid-object-type";
    public const string PropertyNotWritable = "property-not-writable";
    public const string PropertyConflict = "property-conflict";
    public const string ObjectNotFound = "object-not-found";
    public const string ObjectInUse = "object-in-use";
    public const string ObjectInvalid = "object-invalid";

    public const string SecretNotFound = "secret-not-found";
    public const string NotASecret = "not-a-secret";
    public const string SecretNoData = "secret-no-data";
    public const string SecretNotUtf8 = "secret-not-utf8";
    public const string SecretSource = "secret-source";
    public const string SecretRead = "secret-read";
    public const string SecretFilePermissions = "secret-file-permissions";
    public const string SecretKeyLength = "secret-key-length";
    public const string SecretIvMissing = "secret-iv-missing";
    public const string SecretIvLength = "secret-iv-length";
    public const string SecretBlockLength = "secret-block-length";
    public const string SecretPadding = "secret-padding";
    public const string SecretEmptyCiphertext = "secret-empty-ciphertext";
    public const string Base64 = "base64";
    public const string Keyring = "keyring";
}
