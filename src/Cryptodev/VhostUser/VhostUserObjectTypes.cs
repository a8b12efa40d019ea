using Qcrypto.Cryptodev.VhostUser.Frontend;
using Qcrypto.Cryptodev.VhostUser.Objects;
using Qcrypto.Objects;

namespace Qcrypto.Cryptodev.VhostUser;

/// <summary>
/// Registers the live vhost-user types over their schema-only entries: cryptodev-vhost-user (which
/// connects to its back-end when created), memory-backend-memfd and memory-backend-file (which
/// allocate and map their memory). Kept apart from AddCryptodev because creating them acts on the
/// host: a validating catalog (object check) leaves them schema-only.
/// </summary>
public static class VhostUserObjectTypes
{
    public static ObjectTypeCatalog AddVhostUser(this ObjectTypeCatalog catalog) => catalog
        .Register(CryptodevVhostUser.Definition)
        .Register(MemoryBackendMemfd.Definition)
        .Register(MemoryBackendFile.Definition);
}
