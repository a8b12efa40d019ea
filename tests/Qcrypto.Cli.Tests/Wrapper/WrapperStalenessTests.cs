namespace Qcrypto.Cli.Tests.Wrapper;

/// <summary>
/// The repository's <c>./qcrypto</c> wrapper: its fast path must not build, and every change a
/// hostile reviewer would try must build again (issue 14: the fast path went from a find(1) over src/
/// to a fingerprint compared by a small C launcher).
/// </summary>
public sealed class WrapperStalenessTests : IDisposable
{
    private readonly WrapperCheckout _checkout = new();

    public void Dispose() => _checkout.Dispose();

    [Fact]
    public void TheSecondRunUsesTheFirstBuildAndPassesArgumentsAndDirectoryThrough()
    {
        Assert.Equal(1, _checkout.RunBuild("--version"));
        var elsewhere = Directory.CreateDirectory(Path.Combine(_checkout.Root, "..", "cwd")).FullName;
        var r = _checkout.Run(["a b", "", "--x=1", "*"], workingDirectory: elsewhere);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"build 1\n[a b]\n[]\n[--x=1]\n[*]\n{elsewhere}\n", r.Stdout);
        Assert.Equal("", r.Stderr);
        Assert.Equal(1, _checkout.Builds);
    }

    [Theory]
    [InlineData("touch")]
    [InlineData("edit keeping mtime and size")]
    [InlineData("edit with an mtime in the past")]
    [InlineData("add a file")]
    [InlineData("add a file in a new directory")]
    [InlineData("delete a file")]
    [InlineData("rename a file")]
    [InlineData("edit a csproj")]
    [InlineData("edit Directory.Build.props")]
    [InlineData("add Directory.Build.targets")]
    [InlineData("edit the launcher source")]
    [InlineData("git commit")]
    [InlineData("git branch switch")]
    [InlineData("git checkout of another commit")]
    public void EveryChangeToAnInputBuildsAgain(string change)
    {
        Assert.Equal(1, _checkout.RunBuild());
        Assert.Equal(1, _checkout.RunBuild());
        Change(change);
        Assert.Equal(2, _checkout.RunBuild());
        Assert.Equal(2, _checkout.RunBuild());
    }

    [Theory]
    [InlineData("write into a project's obj/")]
    [InlineData("write into a project's bin/")]
    [InlineData("edit a test")]
    [InlineData("edit the README")]
    [InlineData("git status")]
    [InlineData("read every source")]
    public void ChangesOutsideTheInputsDoNotBuild(string change)
    {
        Assert.Equal(1, _checkout.RunBuild());
        Change(change);
        Assert.Equal(1, _checkout.RunBuild());
        Assert.Equal(1, _checkout.Builds);
    }

    [Fact]
    public void AFileDatedInTheFutureIsBuiltOnceNotEveryTime()
    {
        // "Newer than the last build" rebuilt on every run while a file's mtime was ahead of the clock.
        var file = _checkout.Write("src/Lib/Deep/Thing.cs", "class Thing { int x; }\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddYears(5));
        Assert.Equal(1, _checkout.RunBuild());
        Assert.Equal(1, _checkout.RunBuild());
    }

    [Fact]
    public void AnEditRightAfterTheBuildStartedIsSeen()
    {
        // The fingerprint is taken before building and only once every input is a second old, so an
        // edit within the same timestamp tick as the fingerprint cannot hide.
        Assert.Equal(1, _checkout.RunBuild());
        Change("edit keeping mtime and size");
        Assert.Equal(2, _checkout.RunBuild());
        Change("edit keeping mtime and size");
        Assert.Equal(3, _checkout.RunBuild());
    }

    [Fact]
    public void AFailedBuildIsNotUsedAndTheNextRunBuildsAgain()
    {
        Assert.Equal(1, _checkout.RunBuild());
        Change("touch");
        _checkout.Environment["FAKE_DOTNET_FAIL"] = "1";
        var failed = _checkout.Run(["--version"]);
        Assert.Equal(2, failed.ExitCode);
        Assert.Contains("fake build failure", failed.Stderr);
        _checkout.Environment["FAKE_DOTNET_FAIL"] = null;
        var builds = _checkout.Builds;
        Assert.Equal(builds + 1, _checkout.RunBuild());
    }

    [Fact]
    public void ASymlinkToTheWrapperRunsTheCheckoutsBuild()
    {
        Assert.Equal(1, _checkout.RunBuild());
        var link = Path.Combine(_checkout.Root, "..", "qcrypto-link");
        File.CreateSymbolicLink(link, _checkout.In("qcrypto"));
        var r = _checkout.Run(["x"], workingDirectory: Path.GetTempPath(), wrapper: link);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("build 1\n[x]\n", r.Stdout);
        Change("touch");
        Assert.StartsWith("build 2\n", _checkout.Run(["x"], wrapper: link).Stdout);
    }

    private void Change(string change)
    {
        var thing = _checkout.In("src/Lib/Deep/Thing.cs");
        switch (change)
        {
            case "touch":
                File.SetLastWriteTimeUtc(thing, DateTime.UtcNow);
                break;
            case "edit keeping mtime and size":
                var mtime = File.GetLastWriteTimeUtc(thing);
                var text = File.ReadAllText(thing);
                File.WriteAllText(thing, text.Contains("Thing", StringComparison.Ordinal) ? text.Replace("Thing", "Thang", StringComparison.Ordinal) : text.Replace("Thang", "Thing", StringComparison.Ordinal));
                File.SetLastWriteTimeUtc(thing, mtime);
                break;
            case "edit with an mtime in the past":
                File.WriteAllText(thing, "class Thang { }\n");
                File.SetLastWriteTimeUtc(thing, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                break;
            case "add a file":
                _checkout.Write("src/Lib/Deep/New.cs", "class New { }\n");
                break;
            case "add a file in a new directory":
                _checkout.Write("src/Lib/Deep/Deeper/New.cs", "class New { }\n");
                break;
            case "delete a file":
                File.Delete(thing);
                break;
            case "rename a file":
                File.Move(thing, _checkout.In("src/Lib/Deep/Renamed.cs"));
                break;
            case "edit a csproj":
                File.AppendAllText(_checkout.In("src/Lib/Lib.csproj"), "<!-- -->\n");
                break;
            case "edit Directory.Build.props":
                File.AppendAllText(_checkout.In("Directory.Build.props"), "<!-- -->\n");
                break;
            case "add Directory.Build.targets":
                _checkout.Write("Directory.Build.targets", "<Project />\n");
                break;
            case "edit the launcher source":
                File.AppendAllText(_checkout.In("wrapper/launch.c"), "/* */\n");
                break;
            case "git commit":
                _checkout.Git("commit", "-q", "--allow-empty", "-m", "empty");
                break;
            case "git branch switch":
                _checkout.Git("checkout", "-q", "-b", "other");
                break;
            case "git checkout of another commit":
                _checkout.Git("commit", "-q", "--allow-empty", "-m", "second");
                _checkout.Git("checkout", "-q", "--detach", "HEAD~1");
                break;
            case "write into a project's obj/":
                _checkout.Write("src/Cli/obj/project.assets.json", "{ \"changed\": true }\n");
                _checkout.Write("src/Cli/obj/Release/new.cache", "x\n");
                break;
            case "write into a project's bin/":
                _checkout.Write("src/Cli/bin/Release/qcrypto.dll", "MZ changed\n");
                break;
            case "edit a test":
                _checkout.Write("tests/Some.Tests/Test.cs", "class Test { int y; }\n");
                _checkout.Write("tests/Some.Tests/New.cs", "class New { }\n");
                break;
            case "edit the README":
                File.AppendAllText(_checkout.In("README.md"), "more\n");
                break;
            case "git status":
                _checkout.Git("status", "--porcelain");
                _checkout.Git("add", "-A");
                break;
            case "read every source":
                foreach (var f in Directory.EnumerateFiles(_checkout.In("src"), "*", SearchOption.AllDirectories))
                {
                    _ = File.ReadAllBytes(f);
                }

                break;
            default:
                throw new ArgumentException(change);
        }
    }
}
