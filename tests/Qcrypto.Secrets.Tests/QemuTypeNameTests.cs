using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// Every type name QEMU 7.2 accepts (issue 9 item 9): cryptodev-backend works as in QEMU; types outside the
/// seed are checked as QEMU checks their options and said to be not modelled (never that QEMU refuses
/// them); names without a class in Debian's build fail as QEMU fails; authz-listfile and authz-pam warn.
/// </summary>
public class QemuTypeNameTests
{
    [Fact]
    public void CryptodevBackendIsAccepted()
    {
        using var registry = T.With("cryptodev-backend,id=c0", "cryptodev-backend,id=c1,queues=4");
        Assert.Equal(2, registry.Objects.Count);
        T.Rejects("Property 'cryptodev-backend.queues' doesn't take value '0'", "cryptodev-backend,id=c2,queues=0");
    }

    [Theory]
    [InlineData("throttle-group,id=t")]
    [InlineData("thread-context,id=t,cpu-affinity=0-1")]
    [InlineData("main-loop,id=t")]
    [InlineData("can-bus,id=t")]
    [InlineData("qtest,id=t,chardev=c0")]
    [InlineData("tls-cipher-suites,id=t,priority=NORMAL")]
    [InlineData("x-remote-object,id=t,fd=x,devid=y")]
    public void QemuTypesOutsideTheSeedAreNotModelledNotRefused(string line)
    {
        using var registry = T.With(line);
        var warning = Assert.Single(registry.Objects.Single().Warnings);
        Assert.Equal("type-not-modelled", warning.Code);
        Assert.StartsWith("qcrypto does not model ", warning.Message);
    }

    [Theory]
    [InlineData("throttle-group,id=t,x-iops-total=x", "Parameter 'x-iops-total' expects an int64 value")]
    [InlineData("thread-context,id=t,cpu-affinity=70000", "Parameter 'null' expects uint16_t")]
    [InlineData("qtest,id=t", "Parameter 'chardev' is missing")]
    [InlineData("can-bus,id=t,zzz=1", "Invalid parameter 'zzz'")]
    [InlineData("input-linux,id=t,evdev=/x,grab-toggle=bogus", "Parameter 'grab-toggle' does not accept value 'bogus'")]
    [InlineData("x-vfio-user-server,id=t", "Parameter 'type' is missing")]
    public void TheirOptionsAreCheckedAsQemuChecksThem(string line, string message) => T.OptionRejects(line, message);

    [Theory]
    [InlineData("pef-guest")]
    [InlineData("s390-pv-guest")]
    [InlineData("cryptodev-backend-lkcf")]
    [InlineData("memory-backend-epc", ",size=1M")]
    [InlineData("x-vfio-user-server", ",type=fd,str=x,device=d")]
    public void NamesWithoutAClassFailAtCreation(string type, string options = "")
    {
        var e = T.Rejects($"invalid object type: {type}", $"{type},id=t{options}");
        Assert.Equal(ErrorCodes.NoSuchClass, e.Code);
    }

    [Theory]
    [InlineData("authz-pam,id=a,service=qemu", "without PAM support")]
    [InlineData("authz-listfile,id=a,filename=/nonexistent", "authz-list-file")]
    public void SeedTypesQemuRefusesWarn(string line, string says)
    {
        using var registry = T.With(line);
        var warning = Assert.Single(registry.Objects.Single().Warnings, w => w.Code == "qemu-refuses-type");
        Assert.Contains(says, warning.Message);
        Assert.Contains("invalid object type", warning.Message);
    }

    [Fact]
    public void AuthzListFileIsRefusedByTheParserAsInQemu()
    {
        var e = T.OptionRejects("authz-list-file,id=a,filename=x", "Parameter 'qom-type' does not accept value 'authz-list-file'");
        Assert.Contains("authz-listfile", e.Hint);
    }

    [Fact]
    public void CreationStagesAreQemus()
    {
        Assert.Equal(CreationStage.PreSandbox, QemuObjectTypes.StageOf("thread-context"));
        Assert.Equal(CreationStage.Early, QemuObjectTypes.StageOf("cryptodev-backend-builtin"));
        foreach (var late in new[] { "memory-backend-epc", "memory-backend-ram", "rng-egd", "cryptodev-vhost-user", "colo-compare", "filter-replay", "qtest" })
        {
            Assert.Equal(CreationStage.Late, QemuObjectTypes.StageOf(late));
        }
    }
}
