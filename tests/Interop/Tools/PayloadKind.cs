namespace Qcrypto.Interop.Tests.Tools;

/// <summary>What the random bytes of a test secret look like.</summary>
public enum PayloadKind
{
    /// <summary>Any byte value, NUL, CR and LF included.</summary>
    Binary,

    /// <summary>Well-formed UTF-8 mixing 1- to 4-byte characters (no NUL).</summary>
    Utf8,

    /// <summary>
    /// Bytes 0x01..0x7F: every control character (LF, CR, ESC, DEL...) but valid UTF-8 without NUL,
    /// the most binary a LUKS passphrase can be (QEMU reads it with qcrypto_secret_lookup_as_utf8).
    /// </summary>
    Control,
}
