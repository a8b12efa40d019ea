using Qcrypto.Objects;
using Qcrypto.Tls.Authz;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls;

/// <summary>Registers the object types Qcrypto.Tls implements over their schema-only entries.</summary>
public static class TlsObjectTypes
{
    public static ObjectTypeCatalog AddTls(this ObjectTypeCatalog catalog) => catalog
        .Register(TlsCredsAnon.Definition)
        .Register(TlsCredsPsk.Definition)
        .Register(TlsCredsX509.Definition)
        .Register(AuthzSimple.Definition)
        .Register(AuthzList.Definition)
        .Register(AuthzListFile.Definition);
}
