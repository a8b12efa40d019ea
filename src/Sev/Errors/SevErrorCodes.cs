namespace Qcrypto.Sev.Errors;

/// <summary>
/// The stable codes of <see cref="SevException"/> beyond the firmware statuses (which are
/// <c>sev-</c> + the status name, e.g. <c>sev-bad-measurement</c>). Scripts match on these.
/// </summary>
public static class SevErrorCodes
{
    public const string FileRead = "sev-file-read";
    public const string Device = "sev-device";
    public const string Config = "sev-config";
    public const string State = "sev-state";
    public const string NotEnabled = "sev-not-enabled";
    public const string Decode = "sev-decode";
    public const string GuestAddress = "sev-guest-address";
    public const string SecretArea = "sev-secret-area";
    public const string HashTable = "sev-hash-table";
    public const string Certificate = "sev-certificate";
    public const string CertificateChain = "sev-certificate-chain";
    public const string Session = "sev-session";
    public const string Input = "sev-input";
    public const string KeyFile = "sev-key-file";
    public const string KeyFilePermissions = "sev-key-file-permissions";
    public const string Platform = "sev-platform";
    public const string Firmware = "sev-firmware";
    public const string Mismatch = "sev-measurement-mismatch";
}
