namespace Qcrypto.Sev.Firmware;

/// <summary>
/// The outcome of one firmware command as the host sees it: what the ioctl returned (0, or -1), the
/// firmware status the kernel copied back (QEMU's <c>fw_error</c>), and errno when the kernel itself
/// refused the call before the firmware saw it (then the status is 0, as QEMU prints it).
/// </summary>
public readonly record struct SevResult(int Ret, int FwError, int Errno)
{
    /// <summary>EIO: what the kernel returns for any firmware status other than SUCCESS.</summary>
    public const int EIO = 5;

    public bool Ok => Ret == 0;

    public SevStatus Status => (SevStatus)FwError;

    public static SevResult Success => default;

    /// <summary>A firmware status as the ccp driver reports it: -1 with errno EIO unless SUCCESS.</summary>
    public static SevResult Firmware(SevStatus status) => status == SevStatus.Success ? default : new(-1, (int)status, EIO);

    /// <summary>The kernel refused the call (ENOTTY, EFAULT, ...); the firmware said nothing.</summary>
    public static SevResult Os(int errno) => new(-1, 0, errno);
}
