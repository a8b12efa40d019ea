using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// Which of several unknown options QEMU 7.2 names (issue 9 item 5): the first left in its options
/// visitor's GHashTable, laid out as GLib 2.74 lays it out. Expected names are QEMU 7.2's.
/// </summary>
public class UnknownOptionOrderTests
{
    [Theory]
    [InlineData("secret,id=s,data=x,foo=1,bar=2", "bar")]
    [InlineData("secret,id=s,data=x,bar=2,foo=1", "bar")]
    [InlineData("data2=81,poll-grow=1,aio-max-batch=2,id=o0,poll-max-ns=3,noise=99,qom-type=iothread,poll-shrink=0", "data2")]
    [InlineData("iothread,id=i0,nofoo", "foo")]
    [InlineData("authz-pam,id=a,service=x,help=foo", "help")]
    [InlineData("throttle-group,id=t,x-iops-total=5,zz=1,limits=1", "limits")]
    [InlineData("throttle-group,id=t,limits=1,iops-total=5", "limits")]
    public void NamesTheOptionQemuNames(string line, string name) => T.OptionRejects(line, $"Invalid parameter '{name}'");

    [Theory]
    // 20 unknown names make the table grow, removing the known ones makes it shrink again.
    [InlineData("memory-backend-ram,id=m,size=1M,a=1,b=1,c=1,d=1,e=1,f=1,g=1,h=1,i=1,j=1,k=1,l=1,m=1,n=1,o=1,p=1,q=1,r=1,s=1,t=1,share=on,dump=on,merge=on", "i")]
    [InlineData("iothread,id=i0,zeta=1,alpha=2,poll-grow=1,beta=3,aio-max-batch=1,gamma=4,delta=5,poll-max-ns=1,epsilon=6,thread-pool-max=9,eta=7", "epsilon")]
    [InlineData("secret,id=s,x1=1,x2=2,x3=3,data=x,x4=4,format=raw", "x4")]
    public void ManyUnknownOptionsGoThroughResizes(string line, string name) => T.OptionRejects(line, $"Invalid parameter '{name}'");

    [Fact]
    public void GStrHashIsDjb2OverSignedBytes()
    {
        Assert.Equal(5381u, UnknownOptionOrder.GHashTable.StrHash(""));
        Assert.Equal(177670u, UnknownOptionOrder.GHashTable.StrHash("a"));
        // 'é' is two UTF-8 bytes above 0x7f, added as negative (signed char).
        Assert.Equal(unchecked((((5381u * 33) + unchecked((uint)(sbyte)0xc3)) * 33) + unchecked((uint)(sbyte)0xa9)), UnknownOptionOrder.GHashTable.StrHash("é"));
    }
}
