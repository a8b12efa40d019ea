using System.Diagnostics;
using System.Text;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>qemu-system-x86_64 (TCG) booting <see cref="GuestImage"/> with a virtio-crypto device.</summary>
public sealed class Qemu : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Qemu(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The exact command line against a vhost-user back-end on <paramref name="socket"/>.</summary>
    public static string[] VhostUserArgs(string socket) =>
    [
        "-m", "256M", "-object", "memory-backend-memfd,id=mem,size=256M,share=on", "-numa", "node,memdev=mem",
        "-chardev", $"socket,id=c0,path={socket}", "-object", "cryptodev-vhost-user,id=cd0,chardev=c0",
        "-device", "virtio-crypto-pci,cryptodev=cd0,vectors=0",
    ];

    public static string[] BuiltinArgs() =>
        ["-m", "256", "-object", "cryptodev-backend-builtin,id=cd0", "-device", "virtio-crypto-pci,cryptodev=cd0"];

    /// <summary>Boots the guest (serial on stdout) with <paramref name="device"/>; the guest powers itself off.</summary>
    public static Qemu Boot(GuestImage image, IEnumerable<string> device)
    {
        var qemu = Tool.Require("qemu-system-x86_64", "qemu-system-x86");
        var info = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-machine", "q35,accel=tcg", "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", image.Kernel, "-initrd", image.Initrd, "-append", "console=ttyS0 quiet panic=-1" }.Concat(device))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var q = new Qemu(process);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (q._output)
                {
                    q._output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return q;
    }

    public bool WaitForExit(int timeoutMs) => _process.WaitForExit(timeoutMs);

    public bool WaitFor(string text, int timeoutMs)
    {
        var until = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < until && !_process.HasExited)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>kill -9: the front-end dies mid-whatever.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
