using Qcrypto.Objects;

namespace Qcrypto.Tls.Tests.Tools;

public static class Registries
{
    public static ObjectRegistry Create() => new(ObjectTypeCatalog.CreateDefault().AddTls());
}
