namespace Qcrypto.Objects.Qom;

/// <summary>One entry of QMP's qom-list: a property's name and its QOM type name (ObjectPropertyInfo).</summary>
public sealed record QomProperty(string Name, string Type);
