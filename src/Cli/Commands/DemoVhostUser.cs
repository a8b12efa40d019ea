using System.Diagnostics;
using System.Security.Cryptography;
using Qcrypto.Composition;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cli.Commands;

/// <summary>The demo's vhost-user step: our back-end daemon serving our front-end, then real QEMU.</summary>
internal static class DemoVhostUser
{
    public static bool Run(string dir)
    {
        var socket = Path.Combine(dir, "vhost-user-crypto.sock");
        var daemon = SelfDaemon.Start(socket);
        Std.Out.WriteLine($"   qcrypto vhost-user-crypto --socket {Path.GetFileName(socket)}   (pid {daemon.Id})");
        var ok = OurFrontend(socket);
        if (DemoCommand.OnPath("qemu-system-x86_64"))
        {
            ok &= RealQemu(socket);
        }
        else
        {
            Std.Out.WriteLine("   (qemu-system-x86_64 not installed: the real QEMU part is skipped)");
        }

        var (code, stderr) = SelfDaemon.Stop(daemon);
        var released = stderr.Split('\n').Count(l => l.Contains("connection released", StringComparison.Ordinal));
        Std.Out.WriteLine($"   SIGTERM: the back-end stopped (exit {code}) after releasing {released} connection(s)");
        return ok && code == 0;
    }

    private static bool OurFrontend(string socket)
    {
        using var registry = QcryptoCatalog.CreateLiveRegistry([$"socket,id=c0,path={socket}"]);
        var line = "cryptodev-vhost-user,id=cd0,chardev=c0";
        var backend = (CryptodevBackend)registry.Add(line);
        using var device = new VirtioCryptoDevice(backend);
        var driver = new VirtioCryptoDriver(device);
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plain = RandomNumberGenerator.GetBytes(4096);
        var (status, session) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        var result = driver.Cipher(session, encrypt: true, iv, plain);
        using var aes = Aes.Create();
        aes.Key = key;
        var matches = status == VirtioCryptoStatus.VIRTIO_CRYPTO_OK && result.Output.AsSpan().SequenceEqual(aes.EncryptCbc(plain, iv, PaddingMode.None));
        Std.Out.WriteLine($"   -chardev socket,id=c0,path=... -object {line}");
        Std.Out.WriteLine($"   AES-256-CBC session {status}, 4096 bytes encrypted by the back-end process through a virtqueue: {(matches ? "matches .NET's AES" : "DIFFERS")}");
        driver.DestroySession(session);
        return matches;
    }

    /// <summary>QEMU 7.2 with the vhost-user crypto device, paused before its guest runs: it connects and negotiates.</summary>
    private static bool RealQemu(string socket)
    {
        var info = new ProcessStartInfo("qemu-system-x86_64") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-machine", "q35,accel=tcg", "-nodefaults", "-display", "none", "-S", "-m", "256M",
            "-object", "memory-backend-memfd,id=mem,size=256M,share=on", "-numa", "node,memdev=mem",
            "-chardev", $"socket,id=c0,path={socket}", "-object", "cryptodev-vhost-user,id=cd0,chardev=c0",
            "-device", "virtio-crypto-pci,cryptodev=cd0,vectors=0" })
        {
            info.ArgumentList.Add(a);
        }

        using var qemu = Process.Start(info)!;
        var stderr = qemu.StandardError.ReadToEndAsync();
        var up = !qemu.WaitForExit(3000);
        if (up)
        {
            qemu.Kill();
        }

        qemu.WaitForExit();
        Std.Out.WriteLine("   qemu-system-x86_64 ... -chardev socket,id=c0,path=... -object cryptodev-vhost-user,id=cd0,chardev=c0 -device virtio-crypto-pci,cryptodev=cd0,vectors=0");
        Std.Out.WriteLine(up
            ? "   QEMU 7.2 negotiated with our back-end (GET_FEATURES, protocol features, queues, owner) and stayed up; stopped after 3 s"
            : $"   QEMU exited: {stderr.Result.Trim()}");
        Std.Out.WriteLine("   (a Linux guest's own self-tests on this back-end: tests/Qcrypto.VhostUser.Tests, QemuGuestTests)");
        return up;
    }
}
