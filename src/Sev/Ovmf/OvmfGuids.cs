namespace Qcrypto.Sev.Ovmf;

/// <summary>The GUIDs of OVMF's reset-vector table and of the SEV structures QEMU 7.2 looks up in it.</summary>
public static class OvmfGuids
{
    /// <summary>OVMF_TABLE_FOOTER_GUID: marks the table, 48 bytes before the end of the flash.</summary>
    public static readonly Guid TableFooter = new("96b582de-1fb2-45f7-baea-a366c55a082d");

    /// <summary>SEV_INFO_BLOCK_GUID: the SEV-ES AP reset vector.</summary>
    public static readonly Guid SevInfoBlock = new("00f771de-1a7e-4fcb-890e-68c77e2fb44e");

    /// <summary>SEV_SECRET_GUID: the launch secret area {u32 base; u32 size}.</summary>
    public static readonly Guid SevSecret = new("4c2eb361-7d9b-4cc3-8081-127c90d3d294");

    /// <summary>SEV_HASH_TABLE_RV_GUID: where QEMU puts the kernel hashes {u32 base; u32 size}.</summary>
    public static readonly Guid SevHashTable = new("7255371f-3a3b-4b04-927b-1da6efa8d454");

    /// <summary>The hash table's header GUID.</summary>
    public static readonly Guid HashTableHeader = new("9438d606-4f22-4cc9-b479-a793d411fd21");

    public static readonly Guid KernelEntry = new("4de79437-abd2-427f-b835-d5b172d2045b");
    public static readonly Guid InitrdEntry = new("44baf731-3a2f-4bd7-9af1-41e29169781d");
    public static readonly Guid CmdlineEntry = new("97d02dd8-bd20-4c94-aa78-e7714d36ab2a");

    /// <summary>EFI_SECRET_TABLE_HEADER_GUID: the secret table OVMF and Linux's efi_secret read.</summary>
    public static readonly Guid SecretTableHeader = new("1e74f542-71dd-4d66-963e-ef4287ff173b");
}
