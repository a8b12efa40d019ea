namespace Qcrypto.TestCerts;

/// <summary>
/// notBefore/notAfter as offsets from the moment the certificate is made, so a scenario means the same
/// thing whenever the test runs. X.509 times have whole-second precision; the instants are truncated.
/// </summary>
public sealed record Validity(TimeSpan NotBefore, TimeSpan NotAfter)
{
    /// <summary>
    /// Valid from a minute ago for 24 hours (QEMU's helper uses now..now+24h; the minute of slack keeps a
    /// verifier that reads the clock a moment later, or truncates differently, from calling it "not yet active").
    /// </summary>
    public static Validity Default { get; } = new(TimeSpan.FromMinutes(-1), TimeSpan.FromHours(24));

    /// <summary>Valid yesterday, expired an hour ago.</summary>
    public static Validity Expired { get; } = new(TimeSpan.FromHours(-25), TimeSpan.FromHours(-1));

    /// <summary>Becomes valid in an hour, for an hour (QEMU's "inactive" certs: start +1h, end +2h).</summary>
    public static Validity NotYetActive { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(2));

    /// <summary>Valid now, expiring after <paramref name="remaining"/> (e.g. "expires in 10 days" warnings).</summary>
    public static Validity ExpiringIn(TimeSpan remaining) => new(TimeSpan.FromMinutes(-1), remaining);

    /// <summary>The absolute notBefore for a certificate made at <paramref name="now"/>.</summary>
    public DateTime NotBeforeAt(DateTime now) => Truncate(now + NotBefore);

    /// <summary>The absolute notAfter for a certificate made at <paramref name="now"/>.</summary>
    public DateTime NotAfterAt(DateTime now) => Truncate(now + NotAfter);

    private static DateTime Truncate(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
