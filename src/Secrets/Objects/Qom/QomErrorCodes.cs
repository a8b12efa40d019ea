namespace Qcrypto.Objects.Qom;

/// <summary>Error codes of QOM path and property lookups (qom-list, qom-get).</summary>
public static class QomErrorCodes
{
    /// <summary>"Device 'PATH' not found": no object at that path (QMP class DeviceNotFound).</summary>
    public const string DeviceNotFound = "qom-device-not-found";

    /// <summary>"Path 'PATH' is ambiguous": a partial path matching more than one object.</summary>
    public const string AmbiguousPath = "qom-path-ambiguous";

    /// <summary>"Property 'TYPE.NAME' not found".</summary>
    public const string PropertyNotFound = "qom-property-not-found";

    /// <summary>A property qcrypto does not read back (a secret's data): QEMU's write-only property message.</summary>
    public const string PermissionDenied = "qom-permission-denied";
}
