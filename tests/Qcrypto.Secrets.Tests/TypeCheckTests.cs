using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// The checks QEMU 7.2's property setters and complete() methods make for the seed types, which fail
/// only when the object is created (after the options were accepted), and the order they run in.
/// </summary>
public class TypeCheckTests
{
    [Theory]
    [InlineData("memory-backend-ram,id=m0,size=0", "property 'size' of memory-backend-ram doesn't take value '0'")]
    [InlineData("memory-backend-file,id=m0,mem-path=/x,size=0", "property 'size' of memory-backend-file doesn't take value '0'")]
    [InlineData("memory-backend-memfd,id=m0,size=0x0", "property 'size' of memory-backend-memfd doesn't take value '0'")]
    [InlineData("memory-backend-ram,id=m0,size=1M,prealloc-threads=0", "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,prealloc-threads=0", "property 'prealloc-threads' of memory-backend-memfd doesn't take value '0'")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=128", "Invalid host-nodes value: 128")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=0-65535", "Invalid host-nodes value: 128")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=0,host-nodes=300,host-nodes=200", "Invalid host-nodes value: 300")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=0777", "Invalid host-nodes value: 511")]
    [InlineData("memory-backend-ram,id=m0,size=1M,host-nodes=0", "host-nodes must be empty for policy default, or you should explicitly specify a policy other than default")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=default,host-nodes=3", "host-nodes must be empty for policy default, or you should explicitly specify a policy other than default")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind", "host-nodes must be set for policy bind")]
    [InlineData("memory-backend-file,id=m0,mem-path=/x,size=1M,policy=preferred", "host-nodes must be set for policy preferred")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,policy=interleave", "host-nodes must be set for policy interleave")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=0", "Property 'memory-backend-memfd.hugetlbsize' doesn't take value '0'")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M", "Hugepage size must be a power of 2")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=1.5k", "Hugepage size must be a power of 2")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=6", "Hugepage size must be a power of 2")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M,policy=bind", "Hugepage size must be a power of 2")]
    [InlineData("cryptodev-backend-builtin,id=c0,queues=0", "Property 'cryptodev-backend-builtin.queues' doesn't take value '0'")]
    [InlineData("cryptodev-backend-builtin,id=c0,queues=65", "Only support up to 64 queues in cryptodev-builtin backend")]
    [InlineData("cryptodev-backend-builtin,id=c0,max-sessions=0", "Property 'cryptodev-backend-builtin.max-sessions' doesn't take value '0'")]
    [InlineData("cryptodev-backend-builtin,id=c0,max-sessions=65537", "Only support up to 65536 sessions in cryptodev-builtin backend")]
    [InlineData("cryptodev-vhost-user,id=c0,chardev=c0,queues=0", "Property 'cryptodev-vhost-user.queues' doesn't take value '0'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=0", "Property 'filter-buffer.interval' requires a positive value")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,status=bad", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,status=", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,status=ON", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,position=bad", "Parameter 'position' expects 'head', 'tail' or 'id=<id>'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,position=id", "Parameter 'position' expects 'head', 'tail' or 'id=<id>'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,position=", "Parameter 'position' expects 'head', 'tail' or 'id=<id>'")]
    [InlineData("filter-dump,id=f0,netdev=n0,file=x.pcap,maxlen=0", "Property 'filter-dump.maxlen' doesn't take value '0'")]
    [InlineData("filter-mirror,id=f0,netdev=n0,outdev=c0,status=x", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-rewriter,id=f0,netdev=n0,position=tail1", "Parameter 'position' expects 'head', 'tail' or 'id=<id>'")]
    [InlineData("filter-redirector,id=f0,netdev=n0", "filter redirector needs 'indev' or 'outdev' at least one property set")]
    [InlineData("filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c0", "'indev' and 'outdev' could not be same for filter redirector")]
    [InlineData("filter-redirector,id=f0,netdev=n0,indev=,outdev=", "'indev' and 'outdev' could not be same for filter redirector")]
    [InlineData("filter-redirector,id=f0,netdev=n0,status=bad", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("iothread,id=i0,poll-max-ns=-1", "poll-max-ns value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,poll-grow=-1", "poll-grow value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,poll-shrink=-1", "poll-shrink value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,aio-max-batch=-9223372036854775808", "aio-max-batch value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,thread-pool-min=-1", "thread-pool-min value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,thread-pool-min=10,thread-pool-max=5", "bad thread-pool-min/thread-pool-max values")]
    [InlineData("iothread,id=i0,thread-pool-max=0", "bad thread-pool-min/thread-pool-max values")]
    [InlineData("iothread,id=i0,thread-pool-min=65", "bad thread-pool-min/thread-pool-max values")]
    [InlineData("iothread,id=i0,thread-pool-max=2147483648", "bad thread-pool-min/thread-pool-max values")]
    [InlineData("iothread,id=i0,thread-pool-min=2147483648,thread-pool-max=2147483648", "bad thread-pool-min/thread-pool-max values")]
    [InlineData("secret_keyring,id=k0,serial=0", "'serial' should not be equal to 0")]
    [InlineData("secret_keyring,id=k0,serial=-0", "'serial' should not be equal to 0")]
    [InlineData("secret_keyring,id=k0,serial=0x0", "'serial' should not be equal to 0")]
    [InlineData("rng-builtin,id=r0,opened=off", "Property 'rng-builtin.opened' is not writable")]
    [InlineData("rng-egd,id=r0,chardev=c0,opened=on", "Property 'rng-egd.opened' is not writable")]
    public void CreationChecks(string line, string message)
    {
        // The options are fine: the failure comes from the setter or complete().
        T.Validates(line);
        var e = T.Rejects(message, line);
        Assert.IsNotType<ObjectOptionException>(e);
    }

    [Theory]
    [InlineData("memory-backend-ram,id=m0,size=1M")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=0-127")]
    [InlineData("memory-backend-ram,id=m0,size=1M,policy=interleave,host-nodes=0,host-nodes=1")]
    [InlineData("memory-backend-ram,id=m0,size=1M,prealloc-threads=4,prealloc=on")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=2M")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=1")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=3")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=1.0009765625k")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=8E")]
    [InlineData("cryptodev-backend-builtin,id=c0")]
    [InlineData("cryptodev-backend-builtin,id=c0,queues=1")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,status=off,position=head")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=4294967295,position=id=f0")]
    [InlineData("filter-redirector,id=f0,netdev=n0,outdev=c1")]
    [InlineData("filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c1")]
    [InlineData("iothread,id=i0,thread-pool-min=5,thread-pool-max=5")]
    [InlineData("iothread,id=i0,thread-pool-min=64")]
    [InlineData("iothread,id=i0,thread-pool-max=2147483647")]
    [InlineData("iothread,id=i0,poll-max-ns=9223372036854775807")]
    [InlineData("authz-simple,id=a0,identity=")]
    public void CreationSucceeds(string line)
    {
        using var registry = T.With(line);
        Assert.True(registry.Objects.Single().IsCompleted);
    }

    [Theory]
    [InlineData("memory-backend-ram,id=m0,size=0,prealloc-threads=0", "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'")]
    [InlineData("memory-backend-ram,id=m0,prealloc-threads=0,size=0", "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'")]
    [InlineData("memory-backend-ram,id=m0,size=0,prealloc-threads=0,host-nodes=300", "Invalid host-nodes value: 300")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=0,status=bad", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=1,position=bad,status=bad", "Invalid value for netfilter status, should be 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0,netdev=n0,status=bad,position=bad,interval=0", "Invalid value for netfilter status, should be 'on' or 'off'")]
    // QEMU checks the position in netfilter_complete, after every setter: the interval's setter error wins.
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=0,position=bad", "Property 'filter-buffer.interval' requires a positive value")]
    [InlineData("filter-buffer,id=f0,netdev=n0,position=zz,interval=0", "Property 'filter-buffer.interval' requires a positive value")]
    [InlineData("iothread,id=i0,thread-pool-min=-1,thread-pool-max=-1", "thread-pool-max value must be in range [0, 9223372036854775807]")]
    [InlineData("iothread,id=i0,thread-pool-max=-1,thread-pool-min=-1", "thread-pool-max value must be in range [0, 9223372036854775807]")]
    [InlineData("secret_keyring,id=k0,loaded=on,serial=0", "'serial' should not be equal to 0")]
    [InlineData("secret,id=s0,data=x,keyid=nokey,loaded=on", "Property 'secret.loaded' is not writable")]
    [InlineData("memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M,prealloc-threads=0", "property 'prealloc-threads' of memory-backend-memfd doesn't take value '0'")]
    public void SetterErrorsComeInQemusQDictOrder(string line, string message) => T.Rejects(message, line);

    [Theory]
    [InlineData("prealloc-threads", 265)]
    [InlineData("size", 318)]
    [InlineData("status", 202)]
    [InlineData("interval", 488)]
    [InlineData("position", 471)]
    [InlineData("loaded", 115)]
    [InlineData("serial", 80)]
    [InlineData("data", 505)]
    [InlineData("file", 463)]
    [InlineData("format", 337)]
    [InlineData("keyid", 139)]
    [InlineData("iv", 166)]
    [InlineData("thread-pool-min", 328)]
    [InlineData("thread-pool-max", 328)]
    [InlineData("host-nodes", 247)]
    public void QDictBucketsMatchQemusTdbHash(string name, uint bucket) => Assert.Equal(bucket, QDictOrder.Bucket(name));

    [Fact]
    public void ValuesAreRecordedInTheOrderTheyWereSet()
    {
        using var registry = T.With("memory-backend-ram,id=m0,size=1M,prealloc-threads=2,share=on");
        Assert.Equal(["share", "prealloc-threads", "size"], registry.Objects.Single().Values.Select(v => v.Property.Name));
    }

    [Fact]
    public void AFailedObjectLeavesNoTrace()
    {
        using var registry = T.Registry();
        Assert.ThrowsAny<QcryptoException>(() => registry.Add("iothread,id=i0,thread-pool-max=0"));
        Assert.Null(registry.Find("i0"));
        Assert.Empty(registry.Objects);
        registry.Add("iothread,id=i0");
        Assert.NotNull(registry.Find("i0"));
    }
}
