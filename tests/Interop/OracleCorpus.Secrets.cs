namespace Qcrypto.Interop.Tests;

/// <summary>The oracle corpus, continued: type checks, secrets and keyring cases.</summary>
internal static partial class OracleCorpus
{
    /// <summary>QEMU's setter and completion checks of the seed types.</summary>
    private static void TypeChecks(List<OracleCase> cases, OracleEnvironment env)
    {
        string[] lines =
        [
            "memory-backend-ram,id=m0,size=0", "memory-backend-ram,id=m0,size=1M,prealloc-threads=0", "memory-backend-ram,id=m0,size=1M,prealloc-threads=4,prealloc=on",
            "memory-backend-ram,id=m0,size=1M,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=preferred", "memory-backend-ram,id=m0,size=1M,policy=interleave",
            "memory-backend-ram,id=m0,size=1M,policy=bind", "memory-backend-ram,id=m0,size=1M,policy=default,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=preferred,host-nodes=0",
            "memory-backend-ram,id=m0,size=1M,policy=interleave,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=128",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=0", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=2M", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=1", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M,policy=bind",
            "memory-backend-memfd,id=m0,size=0,hugetlbsize=3M", "memory-backend-memfd,id=m0,size=1M,seal=off",
            "memory-backend-memfd,id=m0,size=1M,policy=bind,host-nodes=0,prealloc-threads=0",
            "cryptodev-backend-builtin,id=c0", "cryptodev-backend-builtin,id=c0,queues=0", "cryptodev-backend-builtin,id=c0,queues=1",
            "cryptodev-backend-builtin,id=c0,queues=2", "cryptodev-backend-builtin,id=c0,queues=64", "cryptodev-vhost-user,id=c0,chardev=c0,queues=0",
            "filter-buffer,id=f0,netdev=n0,interval=0", "filter-buffer,id=f0,netdev=n0,interval=4294967295", "filter-buffer,id=f0,netdev=n0,interval=1,status=off",
            "filter-buffer,id=f0,netdev=n0,interval=1,status=bad", "filter-buffer,id=f0,netdev=n0,interval=1,status=", "filter-buffer,id=f0,netdev=n0,interval=1,status=ON",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=head", "filter-buffer,id=f0,netdev=n0,interval=1,position=tail",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=bad", "filter-buffer,id=f0,netdev=n0,interval=1,position=id",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=", "filter-buffer,id=f0,netdev=n0,interval=0,status=bad",
            "filter-buffer,id=f0,netdev=n0,interval=1,status=bad,position=bad", "filter-buffer,id=f0,netdev=n0,interval=1,position=bad,status=bad",
            "filter-dump,id=f0,netdev=n0,file=" + env.Path("dump.pcap") + ",maxlen=0",
            "filter-redirector,id=f0,netdev=n0", "filter-redirector,id=f0,netdev=n0,outdev=c1", "filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c1",
            "filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c0", "filter-redirector,id=f0,netdev=n0,indev=,outdev=", "filter-redirector,id=f0,netdev=n0,status=bad",
            "filter-mirror,id=f0,netdev=n0,outdev=c0,queue=rx,insert=before,position=head", "filter-rewriter,id=f0,netdev=n0,vnet_hdr_support=on",
            "iothread,id=i0", "iothread,id=i0,poll-max-ns=-1", "iothread,id=i0,poll-grow=-1", "iothread,id=i0,poll-shrink=-1", "iothread,id=i0,aio-max-batch=-1",
            "iothread,id=i0,thread-pool-min=-1", "iothread,id=i0,thread-pool-max=-1", "iothread,id=i0,thread-pool-min=10,thread-pool-max=5",
            "iothread,id=i0,thread-pool-max=0", "iothread,id=i0,thread-pool-min=5,thread-pool-max=5", "iothread,id=i0,thread-pool-min=0,thread-pool-max=1",
            "iothread,id=i0,thread-pool-max=2147483647", "iothread,id=i0,thread-pool-max=2147483648", "iothread,id=i0,thread-pool-min=2147483648",
            "iothread,id=i0,thread-pool-min=65", "iothread,id=i0,thread-pool-min=64", "iothread,id=i0,poll-max-ns=9223372036854775807",
            "iothread,id=i0,aio-max-batch=9223372036854775807", "iothread,id=i0,thread-pool-max=-1,thread-pool-min=-1",
            "iothread,id=i0,thread-pool-min=-1,thread-pool-max=-1", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=6", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=0x8000000000000000", "memory-backend-ram,id=m0,size=0,prealloc-threads=0,host-nodes=300",
            "filter-buffer,id=f0,netdev=n0,status=bad,position=bad,interval=0", "secret_keyring,id=k0,serial=0,loaded=on",
            "secret_keyring,id=k0,serial=0", "secret_keyring,id=k0,serial=0x0", "secret_keyring,id=k0,serial=-0",
            "sev-guest,id=v0,reduced-phys-bits=0", "sev-guest,id=v0,reduced-phys-bits=1,cbitpos=47,policy=0x5,handle=0,kernel-hashes=on,sev-device=/dev/nope",
            "rng-builtin,id=r0", "rng-random,id=r0", "rng-egd,id=r0,chardev=c0", "authz-list,id=a0", "authz-list,id=a0,policy=allow", "authz-simple,id=a0,identity=",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }
    }

    private static void Secrets(List<OracleCase> cases, OracleEnvironment env)
    {
        var key = $"secret,id=k0,data={OracleEnvironment.MasterKeyBase64},format=base64";
        var iv = OracleEnvironment.IvBase64;
        string F(string name) => ObjectLineWriter.Escape(env.Path(name));

        string[] lines =
        [
            "secret,id=s0,data=123456", "secret,id=s0,data=", "secret,id=s0", "secret,id=s0,format=base64", "secret,id=s0,data=x,file=" + F("plain"),
            "secret,id=s0,file=" + F("plain") + ",data=x", "secret,id=s0,file=" + F("plain"), "secret,id=s0,file=" + F("empty"), "secret,id=s0,file=" + F("newline"),
            "secret,id=s0,file=" + F("utf8"), "secret,id=s0,file=" + F("world-readable"), "secret,id=s0,file=" + F("does-not-exist"), "secret,id=s0,file=" + F("subdir"),
            "secret,id=s0,file=" + F("plain") + "/x", "secret,id=s0,file=", "secret,id=s0,file=" + F("b64") + ",format=base64",
            "secret,id=s0,file=" + F("b64-newline") + ",format=base64", "secret,id=s0,file=" + F("b64-crlf") + ",format=base64",
            "secret,id=s0,file=" + F("b64-nul") + ",format=base64", "secret,id=s0,file=" + F("b64-space") + ",format=base64",
            "secret,id=s0,file=" + F("b64-urlsafe") + ",format=base64", "secret,id=s0,file=" + F("empty") + ",format=base64",
            "secret,id=s0,data=MTIzNDU2,format=base64", "secret,id=s0,data=MTI$NDU2,format=base64", "secret,id=s0,data=YQ,format=base64",
            "secret,id=s0,data=YQ==,format=base64", "secret,id=s0,data=====,format=base64", "secret,id=s0,data=,format=base64",
            "secret,id=s0,data=-_,format=base64", "secret,id=s0,data=a b,format=base64", "secret,id=s0,data=f0VMRgIBAQAAAA==,format=base64",
            "secret,id=s0,data=A,format=base64", "secret,id=s0,data=AB=C,format=base64", "secret,id=s0,data=é,format=base64",
            "secret,id=s0,data=123456,format=raw", "secret,id=s0,data=x,keyid=nokey", "secret,id=s0,data=x,keyid=s0", "secret,id=s0,data=x,keyid=",
            "secret,id=s0,data=x,iv=" + iv, "secret,id=s0,data=x,iv=$$$", "secret,id=s0,data=x,keyid=nokey,iv=$$$",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }

        // Encrypted secrets: QEMU's crypt rows, every decrypt check, and masters from every source.
        string[] encrypted =
        [
            $"secret,id=s0,file={F("cipher")},keyid=k0,iv={iv}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv={iv}",
            $"secret,id=s0,file={F("cipher-b64")},format=base64,keyid=k0,iv={iv}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},keyid=k0,iv={iv}",
            $"secret,id=s0,data=x,keyid=k0", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2a", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TK$$uA+Old2W2a",
            $"secret,id=s0,data=x,keyid=k0,iv=", $"secret,id=s0,data=x,keyid=k0,iv={iv}{iv}", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g",
            $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g=", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g=x",
            $"secret,id=s0,data=123456789012345,keyid=k0,iv={iv}", $"secret,id=s0,data=0123456789abcdef,keyid=k0,iv={iv}",
            $"secret,id=s0,data=0123456789abcdeX,keyid=k0,iv={iv}", $"secret,id=s0,file={F("cipher-15")},keyid=k0,iv={iv}",
            $"secret,id=s0,file={F("cipher-17")},keyid=k0,iv={iv}", $"secret,id=s0,data=MTIz$,format=base64,keyid=k0,iv={iv}",
            $"secret,id=s0,data=x,keyid=k0,iv={iv},format=bogus", $"secret,id=s0,file={F("world-readable")},keyid=k0,iv={iv}",
            $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv=$$$",
            $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv=0I7Gw/TKuA+Old2W2a",
        ];
        foreach (var line in encrypted)
        {
            One(cases, key, line);
        }

        var sec = $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv={iv}";
        string[] masters =
        [
            $"secret,id=k0,file={F("master")}", $"secret,id=k0,file={F("master-newline")}", $"secret,id=k0,file={F("master-b64")}",
            $"secret,id=k0,file={F("master-b64")},format=base64", $"secret,id=k0,file={F("master-b64-newline")},format=base64",
            $"secret,id=k0,file={F("master-short")}", "secret,id=k0,data=9miloPQCzGy+TL6aonfzVc,format=base64", $"secret,id=k0,data={OracleEnvironment.MasterKeyBase64}",
            $"secret_keyring,id=k0,serial={env.MasterKey}", "iothread,id=k0", "secret,id=k0,data=",
            "secret,id=k0,data=0123456789abcdef0123456789abcdef", "secret,id=k0,data=0123456789abcdef0123456789abcde",
        ];
        foreach (var master in masters)
        {
            One(cases, master, sec);
        }

        // Chains: the master key is itself encrypted, three and four levels deep.
        var (k1, k1Iv) = Encrypt(Convert.FromBase64String(OracleEnvironment.MasterKeyBase64), "k1 key material ................"u8.ToArray());
        var (k2, k2Iv) = Encrypt("k1 key material ................"u8.ToArray(), "k2 key material ................"u8.ToArray());
        var (s2, s2Iv) = Encrypt("k2 key material ................"u8.ToArray(), "the secret"u8.ToArray());
        var (s1, s1Iv) = Encrypt("k1 key material ................"u8.ToArray(), "the secret"u8.ToArray());
        var k1Line = $"secret,id=k1,data={k1},format=base64,keyid=k0,iv={k1Iv}";
        var k2Line = $"secret,id=k2,data={k2},format=base64,keyid=k1,iv={k2Iv}";
        One(cases, key, k1Line, $"secret,id=s0,data={s1},format=base64,keyid=k1,iv={s1Iv}");
        One(cases, key, k1Line, k2Line, $"secret,id=s0,data={s2},format=base64,keyid=k2,iv={s2Iv}");
        One(cases, key, k1Line, k2Line, $"secret,id=s0,data={s2},format=base64,keyid=k1,iv={s2Iv}");
        One(cases, key, $"secret,id=k1,data={k1},format=base64,keyid=k1,iv={k1Iv}");
        One(cases, key, $"secret,id=k1,data={k1},format=base64,keyid=k2,iv={k1Iv}", k2Line);
    }

    private static void Keyring(List<OracleCase> cases, OracleEnvironment env)
    {
        var iv = OracleEnvironment.IvBase64;
        string[] lines =
        [
            $"secret_keyring,id=k0,serial={env.GoodKey}", $"secret_keyring,id=k0,serial=0x{env.GoodKey:x8}", $"secret_keyring,id=k0,serial=0{Convert.ToString(env.GoodKey, 8)}",
            $"secret_keyring,id=k0,serial={env.RevokedKey}", $"secret_keyring,id=k0,serial={env.ExpiredKey}", "secret_keyring,id=k0,serial=1",
            "secret_keyring,id=k0,serial=-1", "secret_keyring,id=k0,serial=2147483647", "secret_keyring,id=k0,serial=2147483648", "secret_keyring,id=k0,serial=-2147483648",
            "secret_keyring,id=k0,serial=0xffffffff", "secret_keyring,id=k0,serial=abc", "secret_keyring,id=k0,serial=", $"secret_keyring,id=k0,serial={env.Base64Key},format=base64",
            $"secret_keyring,id=k0,serial={env.GoodKey},format=base64", $"secret_keyring,id=k0,serial={env.GoodKey},data=x",
            $"secret_keyring,id=k0,serial={env.GoodKey},loaded=on", $"secret_keyring,id=k0,serial={env.GoodKey},keyid=nokey",
            $"secret_keyring,id=k0,serial={env.RevokedKey},keyid=nokey",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }

        var key = $"secret,id=m0,data={OracleEnvironment.MasterKeyBase64},format=base64";
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0,iv={iv}");
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},keyid=m0,iv={iv}");
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0");
        One(cases, key, $"secret_keyring,id=k0,serial={env.RevokedKey},format=base64,keyid=m0");
        One(cases, $"secret_keyring,id=m0,serial={env.MasterKey}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=m0,iv={iv}");
        One(cases, $"secret_keyring,id=m0,serial={env.GoodKey}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=m0,iv={iv}");
        One(cases, $"secret_keyring,id=m0,serial={env.MasterKey}", $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0,iv={iv}");
    }

    /// <summary>AES-256-CBC/PKCS#7 with a fresh IV, done here (not by the library under test); base64 out.</summary>
    private static (string Ciphertext, string Iv) Encrypt(byte[] key, byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var iv = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7)), Convert.ToBase64String(iv));
    }
}
