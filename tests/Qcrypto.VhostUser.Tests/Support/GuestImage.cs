namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>
/// A Linux guest that runs the kernel's own self-tests on virtio-crypto: Debian's kernel
/// (linux-image-amd64) and an initramfs built here from busybox-static and the kernel's modules
/// (virtio_crypto with everything modules.dep says it needs, and virtio_pci), whose init loads them,
/// prints /proc/crypto on the serial console and powers off.
/// </summary>
public sealed class GuestImage
{
    public const string Begin = "=== /proc/crypto";
    public const string End = "=== end";

    private GuestImage(string kernel, string initrd)
    {
        Kernel = kernel;
        Initrd = initrd;
    }

    public string Kernel { get; }

    public string Initrd { get; }

    /// <summary>Builds the initramfs in <paramref name="directory"/>; fails naming the Debian package when a piece is missing.</summary>
    public static GuestImage Build(string directory)
    {
        var kernel = System.IO.Directory.Exists("/boot")
            ? System.IO.Directory.GetFiles("/boot", "vmlinuz-*").OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;
        Assert.True(kernel is not null, "no /boot/vmlinuz-*: install the Debian package linux-image-amd64 (./test.sh does, as root)");
        var version = Path.GetFileName(kernel)["vmlinuz-".Length..];
        var modules = $"/lib/modules/{version}";
        Assert.True(File.Exists($"{modules}/modules.dep"), $"{modules}/modules.dep is missing: reinstall linux-image-{version}");
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);
        Assert.True(busybox is not null, "busybox is not installed: install the Debian package busybox-static");

        var order = LoadOrder(File.ReadAllLines($"{modules}/modules.dep"), ["kernel/drivers/virtio/virtio_pci.ko", "kernel/drivers/crypto/virtio/virtio_crypto.ko"]);
        var cpio = new Cpio();
        foreach (var dir in new[] { "bin", "dev", "proc", "sys", "lib", "lib/modules" })
        {
            cpio.Directory(dir);
        }

        cpio.File("bin/busybox", File.ReadAllBytes(busybox), executable: true);
        var names = new List<string>();
        foreach (var module in order)
        {
            var path = $"{modules}/{module}";
            Assert.True(File.Exists(path), $"{path} is missing (compressed modules are not supported by this test)");
            var name = Path.GetFileName(module);
            cpio.File($"lib/modules/{name}", File.ReadAllBytes(path));
            names.Add(name);
        }

        var init = "#!/bin/busybox sh\n"
            + "/bin/busybox mount -t proc proc /proc\n/bin/busybox mount -t sysfs sys /sys\n"
            + string.Concat(names.Select(n => $"/bin/busybox insmod /lib/modules/{n} || echo \"insmod {n} failed\"\n"))
            // The self-tests run when the algorithms register; wait until every virtio driver has a verdict.
            + "i=0; while [ $i -lt 16 ]; do if /bin/busybox grep -q virtio /proc/crypto && ! /bin/busybox grep -A6 virtio /proc/crypto | /bin/busybox grep -q 'selftest.*unknown'; then break; fi; /bin/busybox sleep 0.5; i=$((i+1)); done\n"
            + $"echo '{Begin}'\n/bin/busybox cat /proc/crypto\necho '{End}'\n/bin/busybox poweroff -f\n";
        cpio.File("init", System.Text.Encoding.ASCII.GetBytes(init), executable: true);
        var initrd = Path.Combine(directory, "initramfs.cpio");
        File.WriteAllBytes(initrd, cpio.Finish());
        return new GuestImage(kernel!, initrd);
    }

    /// <summary>The modules to insert, dependencies first (modules.dep lists each module's dependencies).</summary>
    public static IReadOnlyList<string> LoadOrder(IEnumerable<string> modulesDep, IEnumerable<string> wanted)
    {
        var deps = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in modulesDep)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                deps[line[..colon]] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        var order = new List<string>();
        void Visit(string module)
        {
            if (order.Contains(module))
            {
                return;
            }

            foreach (var dep in deps.GetValueOrDefault(module, []).Reverse())
            {
                Visit(dep);
            }

            order.Add(module);
        }

        foreach (var module in wanted)
        {
            Visit(module);
        }

        return order;
    }

    /// <summary>The /proc/crypto entries the guest printed: name → (driver, selftest).</summary>
    public static IReadOnlyList<(string Name, string Driver, string Selftest)> ParseProcCrypto(string serial)
    {
        var begin = serial.IndexOf(Begin, StringComparison.Ordinal);
        var end = serial.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return [];
        }

        var entries = new List<(string, string, string)>();
        string name = "", driver = "", selftest = "";
        foreach (var raw in serial[begin..end].Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "name":
                    if (driver.Length > 0)
                    {
                        entries.Add((name, driver, selftest));
                    }

                    (name, driver, selftest) = (value, "", "");
                    break;
                case "driver":
                    driver = value;
                    break;
                case "selftest":
                    selftest = value;
                    break;
            }
        }

        if (driver.Length > 0)
        {
            entries.Add((name, driver, selftest));
        }

        return entries;
    }
}
