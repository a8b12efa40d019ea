using Qcrypto.Cryptodev;
using Qcrypto.Objects;
using Qcrypto.Sev;
using Qcrypto.Tls;

namespace Qcrypto.Cli;

/// <summary>The object registry every verb uses: all seed types, with the implemented ones running.</summary>
public static class Registries
{
    public static ObjectRegistry Create(bool allowWorldReadable = false) =>
        new(ObjectTypeCatalog.CreateDefault().AddTls().AddCryptodev().AddSev(), new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });
}
