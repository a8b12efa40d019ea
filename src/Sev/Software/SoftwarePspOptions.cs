namespace Qcrypto.Sev.Software;

/// <summary>What a new software platform reports: an EPYC 7002 (Rome) by default, API 0.24 build 15, C-bit 47.</summary>
public sealed record SoftwarePspOptions
{
    public byte ApiMajor { get; init; }

    public byte ApiMinor { get; init; } = 24;

    public byte Build { get; init; } = 15;

    /// <summary>The host's CPUID 0x8000001F EBX[5:0] the platform stands in for.</summary>
    public uint CbitPosition { get; init; } = 47;

    /// <summary>How many guests may exist at once (RESOURCE_LIMIT beyond): Rome's 509 SEV ASIDs.</summary>
    public uint MaxGuests { get; init; } = 509;
}
