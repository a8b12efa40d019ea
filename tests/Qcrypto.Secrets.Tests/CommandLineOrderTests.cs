using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// Several -object lines in QEMU 7.2's order (issue 9 items 3 and 4): every line's options before any
/// object is created, then the early objects, then the late ones (memory backends, filters, ...). The
/// first error reported is QEMU's; keyid lookups see only objects created before.
/// </summary>
public class CommandLineOrderTests
{
    private static ObjectCommandLineResult Run(params string[] lines)
    {
        var registry = T.Registry();
        return ObjectCommandLine.Run(registry, lines);
    }

    [Fact]
    public void AnEarlySecretFailsBeforeALateMemoryBackendGivenFirst()
    {
        var result = Run("memory-backend-ram,id=r,size=0", "secret,id=a,data=$$,format=base64");
        Assert.Equal(1, result.FirstError!.Index);
        Assert.Equal("Base64 data contains invalid characters", result.FirstError.Error!.QemuMessage);
        Assert.Equal(ObjectPhase.Creation, result.FirstError.Phase);

        // The rest is still reported.
        Assert.Equal("property 'size' of memory-backend-ram doesn't take value '0'", result.Lines[0].Error!.QemuMessage);
        Assert.Equal([1, 0], result.InQemuOrder.Select(l => l.Index));
    }

    [Fact]
    public void KeyIdNamingALaterCreatedObjectIsNoSecret()
    {
        var result = Run("memory-backend-ram,id=m,size=1M", "secret,id=s,data=x,keyid=m");
        Assert.Equal("No secret with id 'm'", result.FirstError!.Error!.QemuMessage);
        Assert.True(result.Lines[0].Ok);

        // Created before (an early type): then it is found, and is not a secret.
        Assert.Equal("Object with id 'm' is not a secret", Run("iothread,id=m", "secret,id=s,data=x,keyid=m").FirstError!.Error!.QemuMessage);
        Assert.Equal("Object with id 'm' is not a secret", Run("thread-context,id=m", "secret,id=s,data=x,keyid=m").FirstError!.Error!.QemuMessage);
        Assert.Equal("No secret with id 'm'", Run("secret,id=s,data=x,keyid=m", "iothread,id=m").FirstError!.Error!.QemuMessage);
    }

    [Fact]
    public void OptionErrorsOfAnyLineComeBeforeCreationErrors()
    {
        var result = Run("secret,id=a,data=$$,format=base64", "memory-backend-ram,id=r,size=x");
        Assert.Equal(1, result.FirstError!.Index);
        Assert.Equal(ObjectPhase.Options, result.FirstError.Phase);
        Assert.Equal("Base64 data contains invalid characters", result.Lines[0].Error!.QemuMessage);
    }

    [Fact]
    public void ThreadContextIsCreatedBeforeEverythingElse()
    {
        var result = Run("memory-backend-ram,id=m,size=1M,prealloc-context=tc", "secret,id=s,data=x", "thread-context,id=tc");
        Assert.True(result.Ok);
        Assert.Equal([2, 1, 0], result.InQemuOrder.Select(l => l.Index));
    }

    [Fact]
    public void AnIdClaimedByALineWhoseOptionsFailIsStillTaken()
    {
        // QemuOpts claims the id before the options visitor refuses the line.
        var result = Run("secret,id=a,data=x,foo=1", "iothread,id=a");
        Assert.Equal("Invalid parameter 'foo'", result.Lines[0].Error!.QemuMessage);
        Assert.Equal("Duplicate ID 'a' for object", result.Lines[1].Error!.QemuMessage);
        Assert.Equal(0, result.FirstError!.Index);
    }

    [Fact]
    public void HelpIsPrintedUnlessAnEarlierLinesOptionsFail()
    {
        Assert.Equal(1, Run("secret,id=a,data=$$,format=base64", "secret,help").HelpLine);
        Assert.Null(Run("secret,id=a,data=$$,format=base64", "secret,help").FirstError);

        var stopped = Run("secret,id=a,foo=1", "secret,help", "bogus");
        Assert.Null(stopped.HelpLine);
        Assert.Equal(0, stopped.FirstError!.Index);
        Assert.Equal(ObjectPhase.NotReached, stopped.Lines[1].Phase);
        Assert.Equal(ObjectPhase.NotReached, stopped.Lines[2].Phase);
    }

    [Fact]
    public void AnUnknownTypeAskingForHelpIsAnError()
    {
        var result = Run("nosuchtype,help");
        Assert.Null(result.HelpLine);
        Assert.Equal("Parameter 'qom-type' does not accept value 'nosuchtype'", result.FirstError!.Error!.QemuMessage);
    }

    [Fact]
    public void TypesWithoutAQomClassPrintNoHelp()
    {
        // QEMU has no class authz-listfile (its class is authz-list-file): "help" is then just an option.
        Assert.Equal("Parameter 'id' is missing", Run("authz-listfile,help").FirstError!.Error!.QemuMessage);
        Assert.Equal("Invalid parameter 'help'", Run("authz-pam,id=a,service=x,help=foo").FirstError!.Error!.QemuMessage);
        Assert.Equal(0, Run("authz-list-file,help").HelpLine);
        Assert.Equal(0, Run("can-bus,help").HelpLine);
    }

    [Fact]
    public void NohelpWarnsAndPrintsHelp()
    {
        var result = Run("secret,id=s0,nohelp");
        Assert.Equal(0, result.HelpLine);
        Assert.Equal(["short-form boolean option 'nohelp' deprecated. Please use help=off instead"], result.Lines[0].Warnings);
    }
}
