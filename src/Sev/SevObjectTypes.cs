using Qcrypto.Objects;
using Qcrypto.Sev.Objects;

namespace Qcrypto.Sev;

/// <summary>Registers the object types Qcrypto.Sev implements over their schema-only entries.</summary>
public static class SevObjectTypes
{
    public static ObjectTypeCatalog AddSev(this ObjectTypeCatalog catalog) => catalog.Register(SevGuest.Definition);
}
