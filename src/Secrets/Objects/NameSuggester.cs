namespace Qcrypto.Objects;

/// <summary>Finds the known name closest to a mistyped one, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    public static string? Hint(string given, IEnumerable<string> known)
    {
        var best = Closest(given, known);
        return best is null ? null : $"did you mean '{best}'?";
    }

    public static string? Closest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var d = Distance(given.ToLowerInvariant(), name.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = name;
                bestDistance = d;
            }
        }

        // Only close matches help; a far one misleads.
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] || (a[i - 1] is '-' or '_' && b[j - 1] is '-' or '_') ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
