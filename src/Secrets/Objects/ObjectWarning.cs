namespace Qcrypto.Objects;

/// <summary>Something worth telling the user about an object that was nevertheless created.</summary>
public sealed record ObjectWarning(string Code, string Message, string? Hint = null);
