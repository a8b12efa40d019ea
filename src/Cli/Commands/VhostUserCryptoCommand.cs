using System.CommandLine;
using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.VhostUser;
using Qcrypto.Cryptodev.VhostUser.Backend;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto vhost-user-crypto</c>: the vhost-user crypto back-end daemon. QEMU's
/// <c>-object cryptodev-vhost-user,chardev=</c> (or ours) connects to the socket and hands over its
/// guest's data queues; sessions come as vhost-user messages. Runs until SIGTERM or SIGINT; SIGUSR1
/// prints the statistics.
/// </summary>
internal static class VhostUserCryptoCommand
{
    /// <summary>SIGUSR1 on Linux (PosixSignalRegistration takes raw numbers cast to PosixSignal).</summary>
    private const int SigUsr1 = 10;

    public static Command Create()
    {
        var socket = new Option<string?>("--socket", "--socket-path") { HelpName = "PATH", Description = "unix socket to listen on (a stale socket file there is replaced)" };
        var queues = new Option<int>("--queues") { HelpName = "N", Description = "data queues offered, 1..64 (QEMU's queues= must not exceed it)", DefaultValueFactory = _ => 1 };
        var objects = CommonOptions.Objects(required: false);
        objects.Description = "an -object line (secrets; a cryptodev-backend-builtin line gives its throttle-*/max-sessions to every connection)";
        var maxConnections = new Option<int>("--max-connections") { HelpName = "N", Description = "front-ends served at once (more wait)", DefaultValueFactory = _ => 16 };
        var stats = new Option<bool>("--stats") { Description = "print the statistics when stopping (SIGUSR1 prints them any time)" };
        var quiet = new Option<bool>("--quiet") { Description = "log only warnings and errors" };
        var capabilities = new Option<bool>("--print-capabilities") { Description = "print the back-end's capabilities (vhost-user.json) and exit" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        json.Description = "print statistics as JSON (one document per line)";
        var command = new Command("vhost-user-crypto", "vhost-user crypto back-end: serve QEMU's cryptodev-vhost-user with the builtin engine")
        {
            socket, queues, objects, maxConnections, stats, quiet, capabilities, allow, json, VhostUserBenchCommand.Create(),
        };
        command.SetAction(r => r.GetValue(capabilities)
            ? PrintCapabilities()
            : Run(r.GetValue(socket), r.GetValue(queues), r.GetValue(objects) ?? [], r.GetValue(maxConnections), r.GetValue(stats), r.GetValue(quiet), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int PrintCapabilities()
    {
        Std.Out.WriteLine("{\n  \"type\": \"crypto\",\n  \"features\": []\n}");
        return ExitCodes.Ok;
    }

    private static int Run(string? socketPath, int queues, string[] lines, int maxConnections, bool stats, bool quiet, bool allow, bool json)
    {
        if (socketPath is null)
        {
            throw new UsageException("--socket is required", "give the path QEMU's -chardev socket,path= names");
        }

        if (queues is < 1 or > 64)
        {
            throw new UsageException($"--queues must be 1..64, not {queues}");
        }

        if (maxConnections < 1)
        {
            throw new UsageException($"--max-connections must be at least 1, not {maxConnections}");
        }

        using var registry = ObjectLineProcessor.Build(lines, allow);
        var template = registry.OfType<CryptodevBackend>().FirstOrDefault(b => b.TypeName == "cryptodev-backend-builtin");
        var properties = template is null ? [] : template.Values
            .Where(v => v.Property.Name is "throttle-bps" or "throttle-ops" or "max-sessions")
            .Select(v => new KeyValuePair<string, string>(v.Property.Name, v.Value.Text))
            .ToList();
        using var stop = new ManualResetEventSlim();
        VhostUserCryptoServer server;
        try
        {
            server = VhostUserCryptoServer.Start(new VhostUserServerOptions
            {
                SocketPath = socketPath,
                Queues = queues,
                Registry = registry,
                BackendProperties = properties,
                MaxConnections = maxConnections,
                Log = e => UntilReaderGone(() => Log(e, quiet), stop),
            });
        }
        catch (VhostUserException e)
        {
            Diagnostics.Error($"{e.Message} [{e.Code}]", e.Hint);
            return ExitCodes.Usage;
        }

        using (server)
        {
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
            using var usr1 = PosixSignalRegistration.Create((PosixSignal)SigUsr1, c =>
            {
                c.Cancel = true;
                UntilReaderGone(() => VhostUserStatsWriter.Write(server, json), stop);
            });
            Std.Err.WriteLine($"vhost-user-crypto: listening on {socketPath} ({queues} queue(s); SIGUSR1 prints statistics, SIGTERM stops)");
            Std.Err.Flush();
            stop.Wait();
            Std.Err.WriteLine("vhost-user-crypto: stopping");
        }

        if (stats)
        {
            VhostUserStatsWriter.Write(server, json);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Output from a connection or signal thread: the reader of stdout or stderr going away must not escape there (it
    /// would abort the process); it stops the daemon, whose main thread then ends with exit 141 (ExitCodes.ReaderGone).
    /// </summary>
    private static void UntilReaderGone(Action write, ManualResetEventSlim stop)
    {
        try
        {
            write();
        }
        catch (ReaderGoneException)
        {
            stop.Set();
        }
    }

    private static void Stop(PosixSignalContext context, ManualResetEventSlim stop)
    {
        context.Cancel = true;
        stop.Set();
    }

    private static void Log(VhostUserLogEntry entry, bool quiet)
    {
        if (quiet && entry.Level == VhostUserLogLevel.Info)
        {
            return;
        }

        var level = entry.Level switch
        {
            VhostUserLogLevel.Error => "error: ",
            VhostUserLogLevel.Warning => "warning: ",
            _ => string.Empty,
        };
        var code = entry.Code is { } c ? $" [{VhostUserStatsWriter.Kebab(c.ToString())}]" : string.Empty;
        lock (Std.Err)
        {
            Std.Err.WriteLine($"vhost-user-crypto: conn {entry.Connection}: {level}{entry.Message}{code}");
            Std.Err.Flush();
        }
    }
}
