using Qcrypto.Composition;
using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>
/// Feeds <c>-object</c> lines to one registry as QEMU 7.2's command line does (see
/// <see cref="ObjectCommandLine"/>: all options first, then creation stage by stage), keeping going after
/// a failing line so every problem is reported at once. Lines are never echoed: they may hold secrets.
/// </summary>
internal static class ObjectLineProcessor
{
    public static ObjectCommandLineResult Run(ObjectRegistry registry, IReadOnlyList<string> lines) => ObjectCommandLine.Run(registry, lines);

    /// <summary>
    /// Runs the lines for a verb that needs every object: warnings go to stderr, and the error QEMU would
    /// report (the first in QEMU's order, not necessarily the first line) is thrown.
    /// </summary>
    public static ObjectRegistry Build(IReadOnlyList<string> lines, bool allowWorldReadable) => Build(lines, allowWorldReadable, null);

    /// <summary>As <see cref="Build(IReadOnlyList{string}, bool)"/>; with <paramref name="chardevs"/>, the vhost-user types run for real (see <see cref="QcryptoCatalog.CreateLiveRegistry"/>).</summary>
    public static ObjectRegistry Build(IReadOnlyList<string> lines, bool allowWorldReadable, IReadOnlyList<string>? chardevs)
    {
        var options = new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable };
        var registry = chardevs is null ? QcryptoCatalog.CreateRegistry(options) : QcryptoCatalog.CreateLiveRegistry(chardevs, options);
        try
        {
            var result = Run(registry, lines);
            if (result.HelpLine is { } help)
            {
                throw new UsageException($"--object #{help + 1} asks for help", "run 'qcrypto object check --object TYPE,help' to list a type's properties");
            }

            foreach (var r in result.InQemuOrder)
            {
                foreach (var warning in r.Warnings)
                {
                    Diagnostics.Warning($"object '{r.Id}': {warning}");
                }

                if (r.Object is { } obj)
                {
                    Diagnostics.Warnings(obj);
                }
            }

            if (result.FirstError?.Error is { } error)
            {
                throw error;
            }

            return registry;
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }
}
