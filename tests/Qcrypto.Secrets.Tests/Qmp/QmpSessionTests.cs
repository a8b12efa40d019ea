using System.Text;
using Qcrypto.Composition;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;
using Qcrypto.Qmp;

namespace Qcrypto.Tests.Qmp;

/// <summary>
/// The QMP session and its stream loop in process: what the transcript against QEMU 7.2 (Interop's
/// QmpTranscriptTests) cannot show, or shows only through a process (end of input, what follows quit,
/// OOB, the secret a plaintext secret's data holds).
/// </summary>
public sealed class QmpSessionTests
{
    private const string Negotiate = "{\"execute\":\"qmp_capabilities\"}\n";

    [Fact]
    public void End_of_input_ends_the_session_without_quit()
    {
        var (quit, lines) = Serve(Negotiate + "{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/\"}}");
        Assert.False(quit);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"" + QmpVersion.Default.Package +
            "\"}, \"capabilities\": [\"oob\"]}}", lines[0]);
    }

    [Fact]
    public void Nothing_after_quit_is_answered_and_the_event_comes_first()
    {
        var (quit, lines) = Serve(Negotiate + "{\"execute\":\"quit\",\"id\":3}{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/\"}}\n");
        Assert.True(quit);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"timestamp\": {\"seconds\": ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}", lines[2], StringComparison.Ordinal);
        Assert.Equal("{\"return\": {}, \"id\": 3}", lines[3]);
    }

    [Fact]
    public void A_message_split_across_reads_is_answered_once()
    {
        var (_, lines) = Serve(Negotiate + "{\"execute\":\n\"qom-get\",\"arguments\":{\"path\":\"/\",\n\"property\":\"type\"}}");
        Assert.Equal("{\"return\": \"container\"}", lines[2]);
    }

    [Theory]
    [InlineData("{\"exec-oob\":\"quit\"}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"The command quit does not support OOB\"}}")]
    [InlineData("{\"exec-oob\":\"nosuch\"}", "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}}")]
    [InlineData("{\"exec-oob\":5}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'exec-oob' must be a string\"}}")]
    public void Exec_oob_once_oob_is_enabled(string request, string reply)
    {
        var (_, lines) = Serve("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}\n" + request + "\n");
        Assert.Equal("{\"return\": {}}", lines[1]);
        Assert.Equal(reply, lines[2]);
    }

    [Fact]
    public void Execute_and_exec_oob_together_clash()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var session = new QmpSession(registry);
        session.Handle(QemuJson.Parse("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}"), null);
        var reply = session.Handle(QemuJson.Parse("{\"execute\":\"quit\",\"exec-oob\":\"quit\"}"), null).Single();

        // qmp_dispatch_check_obj walks the dict in QDict order: exec-oob's bucket comes before execute's.
        Assert.Matches("QMP input member '(execute|exec-oob)' clashes with '(exec-oob|execute)'", QmpJsonWriter.Write(reply));
        Assert.False(session.QuitRequested);
    }

    [Fact]
    public void A_plaintext_secret_is_never_read_back_but_a_ciphertext_is()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(T.MasterLine("k0"));
        registry.Add($"secret,id=s0,keyid=k0,iv={T.IvBase64},data={T.CiphertextBase64},format=base64");
        registry.Add("secret,id=p0,data=letmein");
        var e = Assert.Throws<Errors.ObjectException>(() => registry.QomGet("/objects/p0", "data"));
        Assert.Equal("Insufficient permission to perform this command", e.QemuMessage);
        Assert.Throws<Errors.ObjectException>(() => registry.QomGet("/objects/k0", "data"));
        Assert.Equal(T.CiphertextBase64, ((QString)registry.QomGet("s0", "data")).Value);
    }

    [Fact]
    public void Objects_container_exists_after_the_first_object_del_as_in_qemu()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        Assert.Throws<Errors.ObjectException>(() => registry.QomList("/objects"));
        Assert.Throws<Errors.ObjectException>(() => registry.ObjectDel("nosuch"));
        Assert.Equal(["type"], registry.QomList("/objects").Select(p => p.Name));
    }

    [Fact]
    public void A_command_a_host_adds_gets_the_argument_checks()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var session = new QmpSession(registry);
        session.AddCommand("x-ping", () => new QString("pong"));
        session.Handle(QemuJson.Parse("{\"execute\":\"qmp_capabilities\"}"), null);
        Assert.Equal("{\"return\": \"pong\"}", QmpJsonWriter.Write(session.Handle(QemuJson.Parse("{\"execute\":\"x-ping\"}"), null).Single()));
        Assert.Equal("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'a' is unexpected\"}}",
            QmpJsonWriter.Write(session.Handle(QemuJson.Parse("{\"execute\":\"x-ping\",\"arguments\":{\"a\":1}}"), null).Single()));
    }

    [Fact]
    public void Query_commands_lists_a_host_command_in_ordinal_order_whatever_order_it_was_added_in()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var session = new QmpSession(registry);
        session.AddCommand("a-first", () => null);
        session.Handle(QemuJson.Parse("{\"execute\":\"qmp_capabilities\"}"), null);
        var reply = QmpJsonWriter.Write(session.Handle(QemuJson.Parse("{\"execute\":\"query-commands\"}"), null).Single());
        Assert.Equal("{\"return\": [{\"name\": \"a-first\"}, {\"name\": \"object-add\"}, {\"name\": \"object-del\"}, {\"name\": \"qmp_capabilities\"}, " +
            "{\"name\": \"qom-get\"}, {\"name\": \"qom-list\"}, {\"name\": \"query-commands\"}, {\"name\": \"query-name\"}, " +
            "{\"name\": \"query-status\"}, {\"name\": \"query-version\"}, {\"name\": \"quit\"}]}", reply);
    }

    [Theory]
    [InlineData(null, "{\"return\": {}}")]
    [InlineData("", "{\"return\": {}}")]
    [InlineData("vm1", "{\"return\": {\"name\": \"vm1\"}}")]
    public void Query_name_has_no_name_unless_one_is_given_and_an_empty_one_is_none_as_in_qemu(string? name, string reply)
    {
        // qemu-system-x86_64 -name '' answers {} (measured), as without -name.
        using var registry = QcryptoCatalog.CreateRegistry();
        var session = new QmpSession(registry) { Name = name };
        session.Handle(QemuJson.Parse("{\"execute\":\"qmp_capabilities\"}"), null);
        Assert.Equal(reply, QmpJsonWriter.Write(session.Handle(QemuJson.Parse("{\"execute\":\"query-name\"}"), null).Single()));
    }

    [Theory]
    [InlineData(2.5, "2.5")]
    [InlineData(1e300, "1.0000000000000001e+300")]
    [InlineData(1e-5, "1.0000000000000001e-05")]
    [InlineData(0.1, "0.10000000000000001")]
    public void Doubles_are_written_as_printf_17g(double value, string text) =>
        Assert.Equal(text, QmpJsonWriter.Write(QNum.FromDouble(value)));

    private static (bool Quit, string[] Lines) Serve(string input)
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        using var output = new MemoryStream();
        var quit = new QmpServer(new QmpSession(registry)).Run(new MemoryStream(Encoding.UTF8.GetBytes(input)), output);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return (quit, text[..^2].Split("\r\n"));
    }
}
