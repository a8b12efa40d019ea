namespace Qcrypto.TestCerts;

/// <summary>Which version of QEMU's tests/unit/test-crypto-tlscredsx509.c the certificates follow.</summary>
public enum QemuTestEdition
{
    /// <summary>
    /// The newer table (QEMU commit 174b99e8 and later, the one in the qcrypto reference notes): leaf keyUsage is
    /// "critical, digitalSignature" only, because the 2025 change stopped requiring keyEncipherment (QEMU 7.2.22 took that change too). Several
    /// of its "good" cases therefore FAIL under QEMU 7.2.0 to 7.2.21.
    /// </summary>
    Newer,

    /// <summary>
    /// The table as QEMU 7.2 shipped it: leaf keyUsage "critical, digitalSignature + keyEncipherment" (goodserver2 /
    /// goodclient2 also keyCertSign). Every expectation of that file holds under every QEMU 7.2.x.
    /// </summary>
    Qemu72,
}
