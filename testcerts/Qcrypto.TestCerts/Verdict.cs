namespace Qcrypto.TestCerts;

/// <summary>
/// What QEMU does with a scenario: accept it, or reject it with an error message. Messages are written with
/// a "{dir}" placeholder where QEMU prints the credentials directory (QEMU joins dir and file name with a '/',
/// using dir exactly as given in dir=...). A null message on a failure means "fails; the wording is not pinned".
/// </summary>
public sealed record Verdict(bool Passes, string? Message)
{
    /// <summary>The placeholder for the credentials directory inside <see cref="Message"/>.</summary>
    public const string DirPlaceholder = "{dir}";

    /// <summary>QEMU accepts the credentials.</summary>
    public static Verdict Pass { get; } = new(true, null);

    /// <summary>QEMU rejects the credentials with <paramref name="message"/> (or an unpinned message when null).</summary>
    public static Verdict Fail(string? message = null) => new(false, message);

    /// <summary>The message with the placeholder replaced by <paramref name="dir"/>; null if none is pinned.</summary>
    public string? MessageFor(string dir) => Message?.Replace(DirPlaceholder, dir, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Passes ? "PASS" : Message is null ? "FAIL" : $"FAIL: {Message}";
}
