namespace Qcrypto.Cli.Tests.Wrapper;

/// <summary>
/// A throwaway copy of the repository's <c>./qcrypto</c> wrapper (and its launcher source) in a small
/// git checkout of its own, with a fake <c>dotnet</c> first on PATH: each "build" is logged and
/// publishes a CLI that prints its build number, its arguments and its working directory. So the
/// real script's staleness rules are exercised without compiling anything.
/// </summary>
public sealed class WrapperCheckout : IDisposable
{
    private const string FakeDotnet = """
        #!/bin/sh
        echo "$*" >> "$FAKE_DOTNET_LOG"
        [ -z "${FAKE_DOTNET_FAIL-}" ] || { echo "fake build failure" >&2; exit 1; }
        n=$(wc -l < "$FAKE_DOTNET_LOG")
        while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
        mkdir -p "$out"
        printf '#!/bin/sh\necho "build %s"\nprintf "[%%s]\\n" "$@"\npwd\n' "$n" > "$out/qcrypto"
        chmod +x "$out/qcrypto"
        """;

    private readonly TempDir _dir = new("qcrypto-wrapper-");

    public WrapperCheckout()
    {
        Root = _dir.Sub("checkout");
        var repo = RepositoryRoot();
        Copy(Path.Combine(repo, "qcrypto"), "qcrypto");
        Copy(Path.Combine(repo, "wrapper", "launch.c"), "wrapper/launch.c");
        Write("Directory.Build.props", "<Project />\n");
        Write("Directory.Packages.props", "<Project />\n");
        Write("src/Cli/Qcrypto.Cli.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Write("src/Cli/Program.cs", "class Program { static void Main() { } }\n");
        Write("src/Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Write("src/Lib/Deep/Thing.cs", "class Thing { }\n");
        // Build output the real build leaves beside each project: never an input.
        Write("src/Cli/obj/project.assets.json", "{}\n");
        Write("src/Cli/bin/Release/qcrypto.dll", "MZ\n");
        Write("tests/Some.Tests/Test.cs", "class Test { }\n");
        Write("README.md", "readme\n");
        Write(".gitignore", ".qcrypto-build/\nbin/\nobj/\n");

        var bin = _dir.Sub("bin");
        var dotnet = Path.Combine(bin, "dotnet");
        File.WriteAllText(dotnet, FakeDotnet.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(dotnet, File.GetUnixFileMode(dotnet) | UnixFileMode.UserExecute);
        Log = _dir.File("dotnet.log");
        Environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["FAKE_DOTNET_LOG"] = Log,
            ["FAKE_DOTNET_FAIL"] = null,
            ["QCRYPTO_WRAPPER_STALE"] = null,
            ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.org",
            ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.org",
        };
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "init");
    }

    /// <summary>The checkout (holds ./qcrypto).</summary>
    public string Root { get; }

    public string Log { get; }

    /// <summary>For the wrapper's processes: the fake dotnet first on PATH.</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>How many times the wrapper ran (fake) dotnet.</summary>
    public int Builds => File.Exists(Log) ? File.ReadAllLines(Log).Length : 0;

    public string In(string relative) => Path.Combine(Root, relative);

    /// <summary>Runs <c>./qcrypto ARGS</c> from <paramref name="workingDirectory"/> (default: the checkout).</summary>
    public Tool.Result Run(string[] args, string? workingDirectory = null, string? wrapper = null) =>
        Tool.Run(wrapper ?? In("qcrypto"), args, workingDirectory: workingDirectory ?? Root, timeoutSeconds: 120, environment: Environment);

    /// <summary>Runs the wrapper, expects success, and returns the build number the CLI printed.</summary>
    public int RunBuild(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"./qcrypto exited {r.ExitCode}: {r.Stderr}");
        var first = r.Stdout.Split('\n')[0];
        Assert.StartsWith("build ", first);
        return int.Parse(first["build ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Write(string relative, string text)
    {
        var path = In(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Git(params string[] args)
    {
        var r = Tool.Run(Tool.Require("git", "git"), args, workingDirectory: Root, environment: Environment);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.Stderr}");
    }

    public void Dispose() => _dir.Dispose();

    private void Copy(string from, string relative)
    {
        var to = In(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crypto.sln")) && File.Exists(Path.Combine(dir.FullName, "qcrypto")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository (Crypto.sln and ./qcrypto) is not above the test assembly");
    }
}
