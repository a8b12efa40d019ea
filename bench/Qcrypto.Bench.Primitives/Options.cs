using System.Globalization;

namespace Qcrypto.Bench.Primitives;

/// <summary>The command line (see Program.cs).</summary>
internal sealed record Options(string[] Modes, int[] Sizes, int Rounds, int Milliseconds, long? Count, bool Evp)
{
    public static Options Parse(string[] args)
    {
        var modes = PrimitiveCase.Modes;
        int[] sizes = [64, 16384, 1 << 20];
        var rounds = 7;
        var ms = 300;
        long? count = null;
        var evp = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--modes" or "--mode":
                    modes = value.Split(',');
                    break;
                case "--sizes" or "--size":
                    sizes = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--rounds":
                    rounds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--ms":
                    ms = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--count":
                    count = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--impl":
                    evp = value == "evp";
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return new Options(modes, sizes, rounds, ms, count, evp);
    }
}
