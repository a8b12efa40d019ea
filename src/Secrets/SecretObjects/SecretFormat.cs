namespace Qcrypto.SecretObjects;

/// <summary>QCryptoSecretFormat: how the secret's input bytes are encoded.</summary>
public enum SecretFormat
{
    Raw,
    Base64,
}
