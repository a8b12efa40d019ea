namespace Qcrypto.TestCerts;

/// <summary>One line of keys.psk, without its line ending.</summary>
/// <param name="Text">The exact text of the line.</param>
/// <param name="User">The username it is for, when it has one.</param>
/// <param name="KeyHex">The key part after the first ':', when there is one.</param>
/// <param name="Kind">Whether and how the line is broken.</param>
public sealed record PskLine(string Text, string? User, string? KeyHex, PskLineKind Kind);
