using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>
/// One QMP monitor session over an <see cref="ObjectRegistry"/>, as QEMU 7.2's monitor/qmp.c and
/// qapi/qmp-dispatch.c answer: capabilities negotiation first, then the commands qcrypto has (object-add,
/// object-del, qom-list, qom-get, query-version, query-name, query-commands, query-status, quit, and those
/// a host adds with AddCommand), each reply
/// with QEMU's error class and description and the request's "id" echoed. Transport-free: feed it
/// requests (<see cref="Handle"/>) and write what it returns.
/// </summary>
public sealed partial class QmpSession
{
    private readonly Dictionary<string, Func<QmpArguments, QObject?>> _commands = new(StringComparer.Ordinal);
    private readonly string? _name;
    private bool _negotiated;
    private bool _oob;

    public QmpSession(ObjectRegistry registry, QmpVersion? version = null)
    {
        Registry = registry;
        Version = version ?? QmpVersion.Default;
        AddBuiltins();
        AddQueries();
    }

    public ObjectRegistry Registry { get; }

    public QmpVersion Version { get; }

    /// <summary>
    /// The name query-name reports (QEMU's <c>-name guest=NAME</c>), or null: QEMU without -name, or with an
    /// empty one, reports none, so an empty name is kept as none.
    /// </summary>
    public string? Name
    {
        get => _name;
        init => _name = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>True once a quit command was answered: the host ends the session.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>Adds (or replaces) a command; the handler reads its arguments and returns the "return" value (null: {}).</summary>
    public void AddCommand(string name, Func<QmpArguments, QObject?> handler) => _commands[name] = handler;

    /// <summary>Adds a command that takes no arguments (an argument given is "Parameter 'x' is unexpected").</summary>
    public void AddCommand(string name, Func<QObject?> handler) => AddCommand(name, args =>
    {
        args.End();
        return handler();
    });

    /// <summary>The greeting sent when the session starts.</summary>
    public QDict Greeting() => Dict(("QMP", Dict(("version", VersionInfo()), ("capabilities", new QList([new QString("oob")])))));

    /// <summary>VersionInfo, as the greeting and query-version both report it (QEMU builds both from qmp_query_version).</summary>
    private QDict VersionInfo()
    {
        var qemu = Dict(("major", QNum.FromInt(Version.Major)), ("minor", QNum.FromInt(Version.Minor)), ("micro", QNum.FromInt(Version.Micro)));
        return Dict(("qemu", qemu), ("package", new QString(Version.Package)));
    }

    /// <summary>
    /// The replies and events for one request: <paramref name="request"/> as parsed, or the parser's
    /// <paramref name="parseError"/> ("JSON parse error, ...").
    /// </summary>
    public IReadOnlyList<QDict> Handle(QObject? request, string? parseError)
    {
        var output = new List<QDict>();
        if (parseError is not null || request is not QDict dict)
        {
            output.Add(ErrorReply(parseError ?? "QMP input must be a JSON object", QmpErrorClass.GenericError, null));
            return output;
        }

        var id = dict["id"];
        try
        {
            var (name, oob) = CheckObject(dict);
            var result = Dispatch(name, oob, dict["arguments"] as QDict ?? new QDict(), output);
            var reply = Dict(("return", result ?? new QDict()));
            AddId(reply, id);
            output.Add(reply);
        }
        catch (QmpException e)
        {
            var (cls, desc) = (e.ErrorClass, e.Message);
            if (!_negotiated && cls == QmpErrorClass.CommandNotFound)
            {
                // monitor_qmp_dispatch: "a more useful error message" before negotiation.
                desc = "Expecting capabilities negotiation with 'qmp_capabilities'";
            }

            output.Add(ErrorReply(desc, cls, id));
        }

        return output;
    }

    /// <summary>qmp_dispatch_check_obj: every member checked in the dict's iteration order.</summary>
    private (string Name, bool Oob) CheckObject(QDict dict)
    {
        string? execKey = null;
        foreach (var member in dict.InQemuOrder())
        {
            var value = dict[member]!;
            if (member == "execute" || (member == "exec-oob" && _oob))
            {
                if (value is not QString)
                {
                    throw new QmpException($"QMP input member '{member}' must be a string");
                }

                if (execKey is not null)
                {
                    throw new QmpException($"QMP input member '{member}' clashes with '{execKey}'");
                }

                execKey = member;
            }
            else if (member == "arguments")
            {
                if (value is not QDict)
                {
                    throw new QmpException("QMP input member 'arguments' must be an object");
                }
            }
            else if (member != "id")
            {
                throw new QmpException($"QMP input member '{member}' is unexpected");
            }
        }

        return execKey is null
            ? throw new QmpException("QMP input lacks member 'execute'")
            : (((QString)dict[execKey]!).Value, execKey == "exec-oob");
    }

    private QObject? Dispatch(string name, bool oob, QDict arguments, List<QDict> output)
    {
        // Before negotiation the monitor's command list holds qmp_capabilities alone.
        var known = _negotiated ? _commands.ContainsKey(name) : name == "qmp_capabilities";
        if (!known)
        {
            throw new QmpException(QmpErrorClass.CommandNotFound, $"The command {name} has not been found");
        }

        if (oob)
        {
            throw new QmpException($"The command {name} does not support OOB");
        }

        var args = new QmpArguments(arguments);
        if (name == "quit")
        {
            args.End();
            output.Add(ShutdownEvent());
            QuitRequested = true;
            return null;
        }

        try
        {
            return _commands[name](args);
        }
        catch (QcryptoException e)
        {
            throw new QmpException(ClassOf(e.QemuMessage), e.QemuMessage);
        }
    }

    /// <summary>QEMU raises "Device '...' not found" (QERR_DEVICE_NOT_FOUND) with class DeviceNotFound, everything else here GenericError.</summary>
    private static string ClassOf(string message) =>
        message.StartsWith("Device '", StringComparison.Ordinal) && message.EndsWith("' not found", StringComparison.Ordinal)
            ? QmpErrorClass.DeviceNotFound
            : QmpErrorClass.GenericError;

    private static QDict ErrorReply(string desc, string errorClass, QObject? id)
    {
        var reply = Dict(("error", Dict(("class", new QString(errorClass)), ("desc", new QString(desc)))));
        AddId(reply, id);
        return reply;
    }

    private static void AddId(QDict reply, QObject? id)
    {
        if (id is not null)
        {
            reply.TryAdd("id", id);
        }
    }

    private static QDict ShutdownEvent()
    {
        var micros = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        var timestamp = Dict(("seconds", QNum.FromInt(micros / 1_000_000)), ("microseconds", QNum.FromInt(micros % 1_000_000)));
        var data = Dict(("guest", new QBool(false)), ("reason", new QString("host-qmp-quit")));
        return Dict(("event", new QString("SHUTDOWN")), ("data", data), ("timestamp", timestamp));
    }

    internal static QDict Dict(params (string Key, QObject Value)[] members)
    {
        var dict = new QDict();
        foreach (var (key, value) in members)
        {
            dict.TryAdd(key, value);
        }

        return dict;
    }
}
