namespace Qcrypto.Interop.Tests;

/// <summary>
/// The QEMU oracles run one at a time: each starts QEMU hundreds of times in parallel, and together they
/// starve the slow cases (a tls-creds-anon server generating 2048-bit DH parameters) past their timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuOracleCollection
{
    public const string Name = "QEMU oracle";
}
