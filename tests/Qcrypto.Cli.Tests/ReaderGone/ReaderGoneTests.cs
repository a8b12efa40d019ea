namespace Qcrypto.Cli.Tests.ReaderGone;

/// <summary>
/// `qcrypto certdir check DIR | head -1` printed "qcrypto: error: Broken pipe" and exited 2 (.NET ignores SIGPIPE, so
/// the write failed with EPIPE and the CLI took it for an I/O error). Now a reader that goes away ends the run as a C
/// tool killed by SIGPIPE ends: not a word more, exit 141 (what `set -o pipefail` reports for `yes | head`), whatever
/// the verb had found before. Stderr the same; a diagnostic that cannot be written otherwise is no failure.
/// </summary>
public sealed class ReaderGoneTests(LongOutputs inputs) : IClassFixture<LongOutputs>
{
    private const int ReaderGone = 141;

    [Theory]
    [MemberData(nameof(LongOutputs.Verbs), MemberType = typeof(LongOutputs))]
    public void PipedIntoHeadExits141Silently(string verb, int exitCode)
    {
        _ = exitCode;
        var r = PipeRun.ThroughHead(inputs.Dir, inputs.Args(verb));
        Assert.True(r.ExitCode == ReaderGone, $"{verb}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal(5, r.Stdout.Length);
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Theory]
    [MemberData(nameof(LongOutputs.Verbs), MemberType = typeof(LongOutputs))]
    public void ReaderClosingAfterAFewBytesExits141Silently(string verb, int exitCode)
    {
        _ = exitCode;
        var r = PipeRun.ClosedAfter(inputs.Dir, inputs.Args(verb), 5);
        Assert.True(r.ExitCode == ReaderGone, $"{verb}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Theory]
    [MemberData(nameof(LongOutputs.Verbs), MemberType = typeof(LongOutputs))]
    public void ReaderTakingEverythingKeepsTheExitCode(string verb, int exitCode)
    {
        var r = PipeRun.ThroughHead(inputs.Dir, inputs.Args(verb), "cat >/dev/null");
        Assert.True(r.ExitCode == exitCode, $"{verb}: exit {r.ExitCode}: {r.Stderr}");
        var direct = CliRunner.Run(inputs.Dir, inputs.Args(verb));
        Assert.Equal(exitCode, direct.ExitCode);
        Assert.True(direct.StdoutBytes.Length > 65536, $"{verb} printed only {direct.StdoutBytes.Length} bytes: the tests above need more than a pipe holds");
    }

    [Theory]
    [MemberData(nameof(LongOutputs.Verbs), MemberType = typeof(LongOutputs))]
    public void ReaderGoneBeforeTheStartIsAnExitNotASignal(string verb, int exitCode)
    {
        _ = exitCode;
        var r = PipeRun.Wired(inputs.Dir, "stdout-gone", inputs.Args(verb));
        Assert.True(r.ExitCode == ReaderGone, $"{verb}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("secret", "new-key")]
    [InlineData("explain", "tls-sanity-check")]
    public void ShortOutputsToAGoneReaderExit141Too(params string[] args)
    {
        // Help included: System.CommandLine writes it through our stdout, not Console.Out (which ignores EPIPE).
        var r = PipeRun.Wired(inputs.Dir, "stdout-gone", args);
        Assert.True(r.ExitCode == ReaderGone, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Fact]
    public void AFailureAlreadyReportedStill141WhenItsJsonDocumentCannotBeWritten()
    {
        // The verb failed (exit 2: no key file) and said so on stderr; its --json document then meets the gone reader.
        string[] args = ["secret", "encrypt", "--key-file", Path.Combine(inputs.Dir, "missing.key"), "--key-id", "m", "--id", "s", "--data", "x", "--json"];
        Assert.Equal(2, CliRunner.Run(inputs.Dir, args).ExitCode);
        var r = PipeRun.Wired(inputs.Dir, "stdout-gone", args);
        Assert.Equal(ReaderGone, r.ExitCode);
        Assert.Contains("qcrypto: error: --key-file: Unable to read", r.Stderr);
    }

    [Theory]
    [InlineData("warning-then-output")]
    [InlineData("error-only")]
    public void StderrReaderGoneExits141AndPrintsNothingMore(string what)
    {
        var r = PipeRun.Wired(inputs.Dir, "stderr-gone", StderrCase(what));
        Assert.True(r.ExitCode == ReaderGone, $"{what}: exit {r.ExitCode}: {r.Stdout}");

        // The warning comes before the line: once stderr's reader is gone, the line is not printed either.
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Theory]
    [InlineData("stderr-closed", "warning-then-output", 0)]
    [InlineData("stderr-closed", "error-only", 2)]
    [InlineData("stderr-full", "warning-then-output", 0)]
    [InlineData("stderr-full", "error-only", 2)]
    public void ADiagnosticThatCannotBeWrittenIsNoFailureOfItsOwn(string how, string what, int exitCode)
    {
        var r = PipeRun.Wired(inputs.Dir, how, StderrCase(what));
        Assert.True(r.ExitCode == exitCode, $"{how} {what}: exit {r.ExitCode}: {r.Stdout}");
        if (exitCode == 0)
        {
            Assert.StartsWith("secret,id=sec0,data=", r.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StdoutFullIsStillExitTwoWithItsMessage()
    {
        // Only EPIPE means "the reader is gone": any other failing write of the output is the failure it always was.
        var r = PipeRun.Wired(inputs.Dir, "stdout-full", inputs.Args("object-check-argv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("qcrypto: error: No space left on device\n", r.Stderr);
    }

    private string[] StderrCase(string what) => what switch
    {
        "warning-then-output" => ["secret", "encrypt", "--key-file", inputs.Key, "--key-id", "master", "--id", "sec0", "--in", inputs.ReadableSecret],
        "error-only" => ["secret", "encrypt", "--key-file", Path.Combine(inputs.Dir, "missing.key"), "--key-id", "m", "--id", "s", "--data", "x"],
        _ => throw new ArgumentException(what, nameof(what)),
    };
}
