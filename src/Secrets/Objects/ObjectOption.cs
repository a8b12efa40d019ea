namespace Qcrypto.Objects;

/// <summary>
/// One <c>name=value</c> element of an <c>-object</c> line, after <c>,,</c> unescaping.
/// <see cref="IsShortForm"/> marks a bare <c>name</c> (value "on") or <c>noname</c> (value "off"),
/// which QEMU 7.2 still accepts with a deprecation warning.
/// </summary>
public readonly record struct ObjectOption(string Name, string Value, bool IsShortForm = false);
