using Qcrypto.Errors;
using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>
/// A command's "arguments" as QEMU 7.2's generated marshaller visits them (the strict QObject input
/// visitor): members read in the command's QAPI order, then any member left is "Parameter 'x' is
/// unexpected" (the one GLib's hash table yields first).
/// </summary>
public sealed class QmpArguments
{
    private readonly QObjectInputVisitor _visitor;

    internal QmpArguments(QDict arguments)
    {
        Dict = arguments;
        _visitor = new QObjectInputVisitor(arguments, null);
        Run(() => _visitor.StartStruct(null, "arguments"));
    }

    /// <summary>The arguments as given (object-add visits them whole).</summary>
    public QDict Dict { get; }

    /// <summary>A mandatory string member.</summary>
    public string String(string name) => Run(() => _visitor.String(name, name));

    /// <summary>An optional list of strings each of which must be one of <paramref name="values"/> (a QAPI enum list).</summary>
    public IReadOnlyList<string>? OptionalEnumList(string name, params string[] values)
    {
        if (_visitor.TryGet(name, consume: false) is null)
        {
            return null;
        }

        return Run(() =>
        {
            var list = _visitor.StartList(name, name);
            var result = new List<string>();
            for (var i = 0; i < list.Items.Count; i++)
            {
                var text = _visitor.String(null, name);

                // input_type_enum names a list element "null" (it has no name).
                if (!values.Contains(text))
                {
                    throw new QmpException($"Parameter 'null' does not accept value '{text}'");
                }

                result.Add(text);
            }

            _visitor.Pop();
            return result;
        });
    }

    /// <summary>visit_check_struct: fails on the first member not read.</summary>
    public void End() => Run(() =>
    {
        if (_visitor.FirstUnvisited() is { } unexpected)
        {
            throw new QmpException(_visitor.UnexpectedMessage(unexpected));
        }

        return 0;
    });

    private static T Run<T>(Func<T> visit)
    {
        try
        {
            return visit();
        }
        catch (QcryptoException e)
        {
            throw new QmpException(QmpErrorClass.GenericError, e.QemuMessage);
        }
    }

    private static void Run(Action visit) => Run(() =>
    {
        visit();
        return 0;
    });
}
