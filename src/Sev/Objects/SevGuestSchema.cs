using Qcrypto.Objects.Schema;

namespace Qcrypto.Sev.Objects;

/// <summary>
/// sev-guest as QEMU 7.2 declares it (qapi/qom.json SevGuestProperties, target/i386/sev.c): member
/// order, QAPI types, reduced-phys-bits mandatory; descriptions as QEMU's help gives them where it
/// has them. QEMU checks nothing when the object is created: sev_kvm_init does, when a machine
/// uses it (memory-encryption=).
/// </summary>
internal static class SevGuestSchema
{
    public static ObjectTypeSchema Create() => new(
        SevGuest.QomType,
        "AMD SEV guest launch parameters",
        [
            PropertySchema.Str("sev-device", "SEV device to use") with { Default = "/dev/sev" },
            PropertySchema.Str("dh-cert-file", "guest owners DH certificate (encoded with base64)"),
            PropertySchema.Str("session-file", "guest owners session parameters (encoded with base64)"),
            PropertySchema.Of(PropertyKind.UInt32, "policy", "guest policy (bit 0 NODBG, 1 NOKS, 2 ES, 3 NOSEND, 4 DOMAIN, 5 SEV)") with { Default = "0x1" },
            PropertySchema.Of(PropertyKind.UInt32, "handle", "guest handle (0: new guest; else share keys with that guest)") with { Default = "0" },
            PropertySchema.Of(PropertyKind.UInt32, "cbitpos", "C-bit position, the host's CPUID 0x8000001F EBX[5:0] (47 on EPYC 7002)"),
            PropertySchema.Of(PropertyKind.UInt32, "reduced-phys-bits", "physical address bits lost to encryption (>= 1)") with { Required = true },
            PropertySchema.Bool("kernel-hashes", "add kernel hashes to guest firmware for measured Linux boot") with { Default = "off" },
        ]);
}
