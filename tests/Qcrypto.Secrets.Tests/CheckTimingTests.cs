using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// When QEMU 7.2 checks each property (issue 9 item 8): in its setter, while properties are set one by one
/// in QDict order, or when the object completes after all are set. That decides which error a line with
/// several bad values gets. One row per check of every type we model; the oracle (tests/Interop) proves
/// the same rows against QEMU in pairs.
/// </summary>
public class CheckTimingTests
{
    public enum When
    {
        Set,
        Complete,
    }

    public static TheoryData<string, string, When, string> Rows() => new()
    {
        { "memory-backend-ram,id=o,size=1M", "size=0", When.Set, "property 'size' of memory-backend-ram doesn't take value '0'" },
        { "memory-backend-ram,id=o,size=1M", "prealloc-threads=0", When.Set, "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'" },
        { "memory-backend-ram,id=o,size=1M", "host-nodes=200", When.Set, "Invalid host-nodes value: 200" },
        { "memory-backend-ram,id=o,size=1M", "prealloc-context=nosuch", When.Set, "Device 'nosuch' not found" },
        { "memory-backend-ram,id=o,size=1M", "prealloc-context=k0", When.Set, "Invalid parameter type for 'prealloc-context', expected: thread-context" },
        { "memory-backend-ram,id=o,size=1M", "policy=bind", When.Complete, "host-nodes must be set for policy bind" },
        { "memory-backend-ram,id=o,size=1M", "host-nodes=0", When.Complete, "host-nodes must be empty for policy default, or you should explicitly specify a policy other than default" },
        { "memory-backend-file,id=o,size=1M,mem-path=/tmp", "size=0", When.Set, "property 'size' of memory-backend-file doesn't take value '0'" },
        { "memory-backend-memfd,id=o,size=1M", "hugetlbsize=0", When.Set, "Property 'memory-backend-memfd.hugetlbsize' doesn't take value '0'" },
        { "memory-backend-memfd,id=o,size=1M", "hugetlbsize=3M", When.Complete, "Hugepage size must be a power of 2" },
        { "filter-buffer,id=o,netdev=n0,interval=1", "interval=0", When.Set, "Property 'filter-buffer.interval' requires a positive value" },
        { "filter-buffer,id=o,netdev=n0,interval=1", "status=bad", When.Set, "Invalid value for netfilter status, should be 'on' or 'off'" },
        { "filter-buffer,id=o,netdev=n0,interval=1", "position=zz", When.Complete, "Parameter 'position' expects 'head', 'tail' or 'id=<id>'" },
        { "filter-buffer,id=o,netdev=n0,interval=1", "position=id=nosuch", When.Complete, "filter 'nosuch' not found" },
        { "filter-dump,id=o,netdev=n0,file=/tmp/x.pcap", "maxlen=0", When.Set, "Property 'filter-dump.maxlen' doesn't take value '0'" },
        { "filter-dump,id=o,netdev=n0,file=/tmp/x.pcap", "position=zz", When.Complete, "Parameter 'position' expects 'head', 'tail' or 'id=<id>'" },
        { "filter-mirror,id=o,netdev=n0,outdev=c0", "position=zz", When.Complete, "Parameter 'position' expects 'head', 'tail' or 'id=<id>'" },
        { "filter-rewriter,id=o,netdev=n0", "position=zz", When.Complete, "Parameter 'position' expects 'head', 'tail' or 'id=<id>'" },
        { "filter-redirector,id=o,netdev=n0", "queue=rx", When.Complete, "filter redirector needs 'indev' or 'outdev' at least one property set" },
        { "filter-redirector,id=o,netdev=n0,indev=c0", "outdev=c0", When.Complete, "'indev' and 'outdev' could not be same for filter redirector" },
        { "filter-redirector,id=o,netdev=n0,indev=c0", "position=zz", When.Complete, "Parameter 'position' expects 'head', 'tail' or 'id=<id>'" },
        { "colo-compare,id=o,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0", "compare_timeout=0", When.Set, "Property 'colo-compare.compare_timeout' requires a positive value" },
        { "colo-compare,id=o,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0", "expired_scan_cycle=0", When.Set, "Property 'colo-compare.expired_scan_cycle' requires a positive value" },
        { "colo-compare,id=o,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0", "max_queue_size=0", When.Set, "Property 'colo-compare.max_queue_size' requires a positive value" },
        { "colo-compare,id=o,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0", "iothread=nosuch", When.Set, "Device 'nosuch' not found" },
        { "colo-compare,id=o,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0", "outdev=c0", When.Complete, "'indev' and 'outdev' could not be same for compare module" },
        { "iothread,id=o", "poll-max-ns=-1", When.Set, "poll-max-ns value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o", "poll-grow=-1", When.Set, "poll-grow value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o", "poll-shrink=-1", When.Set, "poll-shrink value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o", "aio-max-batch=-1", When.Set, "aio-max-batch value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o", "thread-pool-min=-1", When.Set, "thread-pool-min value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o", "thread-pool-max=-1", When.Set, "thread-pool-max value must be in range [0, 9223372036854775807]" },
        { "iothread,id=o,thread-pool-min=5", "thread-pool-max=1", When.Complete, "bad thread-pool-min/thread-pool-max values" },
        { "cryptodev-backend,id=o", "queues=0", When.Set, "Property 'cryptodev-backend.queues' doesn't take value '0'" },
        { "cryptodev-backend-builtin,id=o", "queues=0", When.Set, "Property 'cryptodev-backend-builtin.queues' doesn't take value '0'" },
        { "cryptodev-backend-builtin,id=o", "queues=65", When.Complete, "Only support up to 64 queues in cryptodev-builtin backend" },
        { "cryptodev-backend-builtin,id=o", "max-sessions=0", When.Set, "Property 'cryptodev-backend-builtin.max-sessions' doesn't take value '0'" },
        { "cryptodev-vhost-user,id=o,chardev=c0", "queues=0", When.Set, "Property 'cryptodev-vhost-user.queues' doesn't take value '0'" },
        { "secret,id=o,data=x", "loaded=on", When.Set, "Property 'secret.loaded' is not writable" },
        { "secret,id=o,data=x", "keyid=nokey", When.Complete, "No secret with id 'nokey'" },
        { "secret_keyring,id=o,serial=1", "serial=0", When.Set, "'serial' should not be equal to 0" },
        { "secret_keyring,id=o,serial=1", "loaded=on", When.Set, "Property 'secret_keyring.loaded' is not writable" },
        { "rng-builtin,id=o", "opened=on", When.Set, "Property 'rng-builtin.opened' is not writable" },
        { "rng-egd,id=o,chardev=c0", "opened=on", When.Set, "Property 'rng-egd.opened' is not writable" },
        { "tls-creds-anon,id=o", "loaded=on", When.Set, "Property 'tls-creds-anon.loaded' is not writable" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void EachCheckRunsWhenQemusDoes(string line, string bad, When when, string message)
    {
        using var registry = T.With(T.MasterLine(), "iothread,id=io0");
        var options = ObjectOptionsValidator.Validate(ObjectLine.Parse(line + "," + bad), registry.Catalog);
        using var obj = options.Type.Create(options.Id);
        var failure = Record(() =>
        {
            foreach (var (property, value) in QDictOrder.Sort(options.Type.Schema, options.Values))
            {
                obj.SetProperty(property, value, registry);
            }
        });
        var at = When.Set;
        if (failure is null)
        {
            at = When.Complete;
            failure = Record(() => obj.Complete(registry));
        }

        Assert.NotNull(failure);
        Assert.Equal(message, failure.QemuMessage);
        Assert.Equal(when, at);
    }

    [Fact]
    public void EverySetterCheckHasARow()
    {
        var rows = Rows().Select(r => r.Data.Item1.Split(',')[0] + "." + r.Data.Item2.Split('=')[0]).ToHashSet();
        var missing = T.Catalog().Types
            .SelectMany(t => t.Schema.SetterChecks.Select(c => $"{t.Name}.{c.Property}")
                .Concat(t.Schema.Properties.Where(p => p.IsReadOnly || p.LinkTo is not null).Select(p => $"{t.Name}.{p.Name}")))
            .Where(check => !rows.Contains(check) && !check.StartsWith("memory-backend-", StringComparison.Ordinal) && !check.StartsWith("filter-", StringComparison.Ordinal)
                && !check.StartsWith("tls-creds-", StringComparison.Ordinal) && !check.StartsWith("rng-", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    private static QcryptoException? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (QcryptoException e)
        {
            return e;
        }
    }
}
