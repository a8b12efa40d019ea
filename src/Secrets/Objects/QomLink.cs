namespace Qcrypto.Objects;

/// <summary>
/// Setting a QOM link property (object_resolve_link in QEMU 7.2's qom/object.c): the value is a path,
/// resolved when the property is set. We know the objects of the command line: an id (or
/// /objects/ID) names one of them.
/// </summary>
internal static class QomLink
{
    /// <summary>QEMU's message when <paramref name="path"/> does not name an object of <paramref name="targetType"/>, else null.</summary>
    public static string? Check(ObjectRegistry registry, Schema.PropertySchema property, string path, string targetType)
    {
        var id = path.StartsWith("/objects/", StringComparison.Ordinal) ? path["/objects/".Length..] : path;
        var target = registry.Find(id);
        if (target is null)
        {
            return $"Device '{path}' not found";
        }

        return target.TypeName == targetType ? null : $"Invalid parameter type for '{property.Name}', expected: {targetType}";
    }
}
