using Qcrypto.Cryptodev;
using Qcrypto.Objects;
using Qcrypto.Sev;
using Qcrypto.Tls;

namespace Qcrypto.Native;

/// <summary>
/// The one place the C API builds its object registry: every seed type, with the implemented ones
/// running (the same catalog as the CLI's). Swap for the shared composition root when there is one.
/// </summary>
internal static class NativeCatalog
{
    public static ObjectRegistry CreateRegistry() =>
        new(ObjectTypeCatalog.CreateDefault().AddTls().AddCryptodev().AddSev(), new ObjectRegistryOptions { Chardevs = new Rng.ChardevTable() });
}
