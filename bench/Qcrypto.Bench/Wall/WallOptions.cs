using System.Globalization;

namespace Qcrypto.Bench.Wall;

/// <summary>The command line of the wall mode: <c>wall [--qcrypto PATH] [--runs N] [--warmup N]</c>.</summary>
public sealed record WallOptions(string? Qcrypto, int Runs, int Warmup)
{
    public static WallOptions Parse(IReadOnlyList<string> args)
    {
        string? qcrypto = null;
        var runs = 30;
        var warmup = 3;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--qcrypto":
                    qcrypto = Path.GetFullPath(value);
                    break;
                case "--runs":
                    runs = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]} (usage: wall [--qcrypto PATH] [--runs N] [--warmup N])");
            }

            i++;
        }

        if (runs < 1 || warmup < 0)
        {
            throw new ArgumentException("--runs must be at least 1 and --warmup not negative");
        }

        return new WallOptions(qcrypto, runs, warmup);
    }
}
