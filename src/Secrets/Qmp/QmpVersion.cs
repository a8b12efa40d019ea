namespace Qcrypto.Qmp;

/// <summary>
/// The version the QMP greeting and query-version report (VersionInfo). qcrypto reports the QEMU release whose
/// behaviour it follows, 7.2.0, so that a management tool takes the same code paths as against QEMU 7.2;
/// "package" (QEMU's: its build's, e.g. Debian's "1:7.2+dfsg-...") says it is qcrypto, since it is not QEMU.
/// </summary>
public sealed record QmpVersion(int Major, int Minor, int Micro, string Package)
{
    public static QmpVersion Default { get; } = new(7, 2, 0, "qcrypto " + (typeof(QmpVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
}
