using Qcrypto.Objects.Argv;

namespace Qcrypto.Tests.Argv;

/// <summary>The argv splitter (shell quoting as ps/libvirt show command lines) and the -object picker.</summary>
public sealed class ArgvTests
{
    [Fact]
    public void SplitsAsAShellDoes()
    {
        var words = ArgvSplitter.Split("LC_ALL=C \\\n/usr/bin/qemu -object '{\"a\": \"b c\"}' \\\n  -x \"q\\\"\\$v\\n\" a\\ b # comment\nlast");
        Assert.Equal(["LC_ALL=C", "/usr/bin/qemu", "-object", "{\"a\": \"b c\"}", "-x", "q\"$v\\n", "a b", "last"], words.Select(w => w.Text));
        Assert.Equal((2, 23), (words[3].Line, words[3].Column));
    }

    [Theory]
    [InlineData("a 'b", "1:3: unterminated single quote")]
    [InlineData("a\n  \"b", "2:3: unterminated double quote")]
    [InlineData("a \\", "1:3: backslash at the end of the text")]
    public void UnsplittableTextIsATypedErrorWithLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<ArgvSyntaxException>(() => ArgvSplitter.Split(text));
        Assert.Equal(message, e.QemuMessage);
        Assert.Equal("argv-syntax", e.Code);
    }

    [Fact]
    public void PicksTheObjectsInOrderAndRefusesWhatQemuRefuses()
    {
        var objects = EmulatorArgv.Objects(ArgvSplitter.Split("A=1 B=2 qemu -name x -object a,id=a --object b,id=b -object=c -object"));
        Assert.Equal(["a,id=a", "b,id=b", null, null], objects.Select(o => o.Argument));
        Assert.Equal("-object=...: invalid option", objects[2].Error!.QemuMessage);
        Assert.Equal("-object: requires an argument", objects[3].Error!.QemuMessage);
        Assert.Equal(["x,id=x"], EmulatorArgv.Objects(ArgvSplitter.Split("-object x,id=x")).Select(o => o.Argument));
    }
}
