using Qcrypto.Objects;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// <c>qcrypto certdir check</c>: whether QEMU accepts a tls-creds-x509 directory, decided by creating the real
/// tls-creds-x509 object through the object registry (the emulator's own code path: QEMU 7.2's sanity checks,
/// then GnuTLS's loading), followed by the checks QEMU does not make. See <see cref="CheckRules"/>.
/// </summary>
public static class CertDirChecker
{
    /// <summary>
    /// Checks one directory, creating the objects in a registry over <paramref name="catalog"/> (the full
    /// catalog of the composition root: the extra -object lines may be of any type). Throws
    /// <see cref="CertDirCheckException"/> when the check cannot run.
    /// </summary>
    public static CertDirReport Check(CertDirCheckOptions options, ObjectTypeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Find(TlsCredsX509.Definition.Name) != TlsCredsX509.Definition)
        {
            throw new ArgumentException("the catalog must hold Qcrypto.Tls's object types", nameof(catalog));
        }

        using var run = new CertDirCheck(options, catalog);
        return run.Execute();
    }
}
