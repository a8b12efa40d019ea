namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// Reads the properties of an <c>-object</c> line that qcrypto printed, with a splitter written
/// independently of the library's parser (",," is a literal comma), so a parser bug cannot hide
/// a printing bug.
/// </summary>
public sealed class PrintedObjectLine
{
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);

    public PrintedObjectLine(string line)
    {
        Line = line;
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != ',')
            {
                current.Append(line[i]);
            }
            else if (i + 1 < line.Length && line[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        parts.Add(current.ToString());
        Type = parts[0];
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            Assert.True(eq > 0, $"element '{part}' of printed line has no '=': {line}");
            Assert.True(_properties.TryAdd(part[..eq], part[(eq + 1)..]), $"property '{part[..eq]}' printed twice: {line}");
        }
    }

    public string Line { get; }

    public string Type { get; }

    public string? this[string name] => _properties.GetValueOrDefault(name);

    public string Required(string name) => this[name] ?? throw new Xunit.Sdk.XunitException($"printed line lacks '{name}=': {Line}");
}
