namespace Qcrypto.Objects;

/// <summary>
/// One <c>name=value</c> element of an <c>-object</c> line, after <c>,,</c> unescaping.
/// <see cref="IsShortForm"/> marks a bare <c>name</c> (value "on") or <c>noname</c> (value "off"),
/// which QEMU 7.2 still accepts with a deprecation warning; <see cref="Flag"/> is that bare text.
/// <see cref="Position"/> counts the line's elements from 1 (the type is element 1 when implied).
/// </summary>
public readonly record struct ObjectOption(string Name, string Value, bool IsShortForm = false, int Position = 0, string? Flag = null);
