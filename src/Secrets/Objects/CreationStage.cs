namespace Qcrypto.Objects;

/// <summary>
/// When QEMU 7.2 creates an object of a type (softmmu/vl.c): after parsing every <c>-object</c> line it
/// creates the pre-sandbox ones, then the early ones, then (after chardevs, netdevs and the machine) the
/// late ones; each stage in command-line order.
/// </summary>
public enum CreationStage
{
    /// <summary>object_create_pre_sandbox: thread-context, before the sandbox is applied.</summary>
    PreSandbox,

    /// <summary>object_create_early: everything not delayed.</summary>
    Early,

    /// <summary>object_create_late: types that need chardevs, netdevs or the machine, and memory backends.</summary>
    Late,
}
