namespace Qcrypto.Objects.Json;

/// <summary>
/// A JSON value as QEMU 7.2 holds one after parsing (QObject): what its strict QAPI visitor then checks.
/// Numbers keep QEMU's three representations (see <see cref="QNum"/>); objects keep QEMU's iteration order
/// (see <see cref="QDict.InQemuOrder"/>), which decides the key QEMU names in "is unexpected".
/// </summary>
public abstract class QObject
{
    private protected QObject()
    {
    }

    /// <summary>QEMU's name of the JSON type, as its visitor's "expected: ..." messages spell the expected one.</summary>
    public abstract string TypeName { get; }
}

/// <summary>JSON null.</summary>
public sealed class QNull : QObject
{
    public static readonly QNull Instance = new();

    private QNull()
    {
    }

    public override string TypeName => "null";
}

/// <summary>true or false.</summary>
public sealed class QBool(bool value) : QObject
{
    public bool Value { get; } = value;

    public override string TypeName => "boolean";
}

/// <summary>A string (QEMU holds it in modified UTF-8; "\u0000" is a NUL character here).</summary>
public sealed class QString(string value) : QObject
{
    public string Value { get; } = value;

    public override string TypeName => "string";
}

/// <summary>How QEMU's parser stored a number: int64 if it fits, else uint64, else double.</summary>
public enum QNumKind
{
    Int64,
    UInt64,
    Double,
}

/// <summary>
/// A number, stored as QEMU's JSON parser stores it: an integer token as int64 when it fits, else as uint64
/// when it is not negative and fits, else as a double; a token with a fraction or exponent as a double.
/// </summary>
public sealed class QNum : QObject
{
    private QNum(QNumKind kind, long i, ulong u, double d)
    {
        Kind = kind;
        I64 = i;
        U64 = u;
        Double = d;
    }

    public QNumKind Kind { get; }

    private long I64 { get; }

    private ulong U64 { get; }

    /// <summary>The value as a double (qnum_get_double).</summary>
    public double Double { get; }

    public override string TypeName => "number";

    public static QNum FromInt(long value) => new(QNumKind.Int64, value, 0, value);

    public static QNum FromUInt(ulong value) => new(QNumKind.UInt64, 0, value, value);

    public static QNum FromDouble(double value) => new(QNumKind.Double, 0, 0, value);

    /// <summary>qnum_get_try_int: an int64, or a uint64 up to INT64_MAX; never a double.</summary>
    public bool TryGetInt64(out long value)
    {
        (var ok, value) = Kind switch
        {
            QNumKind.Int64 => (true, I64),
            QNumKind.UInt64 when U64 <= long.MaxValue => (true, (long)U64),
            _ => (false, 0L),
        };
        return ok;
    }

    /// <summary>qnum_get_try_uint: a uint64, or an int64 that is not negative; never a double.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        (var ok, value) = Kind switch
        {
            QNumKind.UInt64 => (true, U64),
            QNumKind.Int64 when I64 >= 0 => (true, (ulong)I64),
            _ => (false, 0UL),
        };
        return ok;
    }

    /// <summary>The number as JSON text (integers exactly; doubles round-trip).</summary>
    public override string ToString() => Kind switch
    {
        QNumKind.Int64 => I64.ToString(System.Globalization.CultureInfo.InvariantCulture),
        QNumKind.UInt64 => U64.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Double.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>An array.</summary>
public sealed class QList(IReadOnlyList<QObject> items) : QObject
{
    public IReadOnlyList<QObject> Items { get; } = items;

    public override string TypeName => "array";
}
