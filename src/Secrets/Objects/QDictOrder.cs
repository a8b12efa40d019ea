using System.Text;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// The order in which QEMU 7.2 sets an object's properties, which decides whose setter error wins.
/// user_creatable_add_qapi turns the parsed options into a QDict (members inserted in QAPI order) and
/// object_set_properties_from_qdict walks that dict: bucket by bucket (tdb_hash(name) % 512), and
/// inside a bucket the most recently inserted first (QLIST_INSERT_HEAD). So "size=0,prealloc-threads=0"
/// fails on prealloc-threads, whatever the order on the line.
/// </summary>
internal static class QDictOrder
{
    private const uint Buckets = 512; // QDICT_BUCKET_MAX

    /// <summary>The values sorted as QEMU sets them; <paramref name="schema"/> gives the QAPI insertion order.</summary>
    public static List<(PropertySchema Property, PropertyValue Value)> Sort(
        ObjectTypeSchema schema, IEnumerable<(PropertySchema Property, PropertyValue Value)> values)
    {
        var insertion = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Properties.Count; i++)
        {
            insertion[schema.Properties[i].Name] = i;
        }

        return values
            .OrderBy(v => Bucket(v.Property.Name))
            .ThenByDescending(v => insertion.GetValueOrDefault(v.Property.Name))
            .ToList();
    }

    /// <summary>qobject/qdict.c tdb_hash modulo the bucket count (bytes of the UTF-8 name).</summary>
    internal static uint Bucket(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        var value = unchecked(0x238F13AFu * (uint)bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            value = unchecked(value + ((uint)bytes[i] << (i * 5 % 24)));
        }

        return unchecked((1103515243u * value) + 12345u) % Buckets;
    }
}
