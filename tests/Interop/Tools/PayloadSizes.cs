namespace Qcrypto.Interop.Tests.Tools;

/// <summary>The plaintext lengths every cipher interop test covers: around one AES block, and 1 MiB.</summary>
public static class PayloadSizes
{
    public const int OneMiB = 1024 * 1024;

    /// <summary>0 (all padding), 1, one short of a block, a block (a whole padding block follows), one more, 1 MiB.</summary>
    public static IReadOnlyList<int> All { get; } = [0, 1, 15, 16, 17, OneMiB];

    public static IReadOnlyList<PayloadKind> Kinds { get; } = [PayloadKind.Binary, PayloadKind.Utf8];
}
