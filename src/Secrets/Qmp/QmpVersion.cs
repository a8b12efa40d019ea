namespace Qcrypto.Qmp;

/// <summary>
/// The version the QMP greeting reports (VersionInfo). qcrypto reports the QEMU release whose behaviour it
/// follows, 7.2.0, so that a management tool takes the same code paths as against QEMU 7.2; "package"
/// says it is qcrypto.
/// </summary>
public sealed record QmpVersion(int Major, int Minor, int Micro, string Package)
{
    public static QmpVersion Default { get; } = new(7, 2, 0, "qcrypto " + (typeof(QmpVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
}
