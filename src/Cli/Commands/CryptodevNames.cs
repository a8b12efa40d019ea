using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cli.Commands;

/// <summary>Algorithm names as the spec spells them, less the VIRTIO_CRYPTO_* prefix, for the cryptodev verbs.</summary>
internal static class CryptodevNames
{
    public static IEnumerable<string> Bits<TEnum>(ulong mask, string prefix)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var bit = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            if (bit is > 0 and < 64 && (mask & (1UL << bit)) != 0)
            {
                var name = value.ToString();
                yield return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
            }
        }
    }

    public static IEnumerable<string> Features(VirtioCryptoFeatures features) =>
        Enum.GetValues<VirtioCryptoFeatures>().Where(f => f != VirtioCryptoFeatures.None && features.HasFlag(f)).Select(f => f.ToString()["VIRTIO_CRYPTO_F_".Length..]);
}
