using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Ovmf;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The guest owner's input files as the SEV tools write them: certificates raw (sev-tool's pdh.cert,
/// cert_chain.cert; sevctl's export PDH ‖ PEK ‖ OCA ‖ CEK [‖ ASK ‖ ARK]) or base64 (QEMU's
/// query-sev-capabilities), transport keys as tmp_tk.bin or sevctl's tek.bin/tik.bin, firmware and
/// kernel files. A file that cannot be read is a usage error naming the option.
/// </summary>
internal static class SevInputs
{
    /// <summary>What the transport key options (--tk-file, --tek, --tik) read, in messages.</summary>
    public const string TransportKeyFile = "key file";

    /// <summary>What the secret options of `sev secret` (--in, --efi-secret) read, in messages.</summary>
    public const string SecretFile = "secret file";

    /// <summary>The PDH, and the chain when the file carries one (sevctl's export).</summary>
    public static (SevCertificate Pdh, SevCertificateChain? Chain) ReadPdh(string path)
    {
        var bytes = Decoded(Read(path, "--pdh"));
        if (bytes.Length == SevSizes.Certificate)
        {
            return (SevCertificate.Parse(bytes), null);
        }

        if (bytes.Length >= 4 * SevSizes.Certificate)
        {
            // sevctl export: PDH ‖ PEK ‖ OCA ‖ CEK, then (with --full) AMD's ASK and ARK.
            return (SevCertificate.Parse(bytes.AsSpan(0, SevSizes.Certificate)),
                SevCertificateChain.Parse(bytes.AsSpan(SevSizes.Certificate, SevSizes.CertificateChain)));
        }

        throw new SevException(SevErrorCodes.Certificate,
            $"{path} holds {bytes.Length} bytes: neither a PDH certificate ({SevSizes.Certificate} bytes) nor a PDH with its chain (sevctl export)",
            hint: bytes.Length == SevSizes.CertificateChain ? "this is the size of cert_chain.cert: pass it as --cert-chain and pdh.cert as --pdh"
                : "give pdh.cert (sev-tool, PDH_CERT_EXPORT) or query-sev-capabilities' pdh saved to a file");
    }

    public static SevCertificateChain ReadChain(string path)
    {
        var bytes = Decoded(Read(path, "--cert-chain"));
        return bytes.Length == SevSizes.Certificate
            ? throw new SevException(SevErrorCodes.CertificateChain, $"{path} holds one certificate ({SevSizes.Certificate} bytes), not the chain PEK ‖ OCA ‖ CEK",
                hint: "this looks like pdh.cert: pass it as --pdh and cert_chain.cert as --cert-chain")
            : SevCertificateChain.Parse(bytes);
    }

    /// <summary>TEK ‖ TIK from --tk-file, or --tek/--tik (the TEK optional when only measurements are needed).</summary>
    public static TransportKeys ReadKeys(string? tkFile, string? tekFile, string? tikFile, bool needTek, bool allowWorldReadable)
    {
        if (tkFile is not null && (tekFile is not null || tikFile is not null))
        {
            throw new UsageException("--tk-file and --tek/--tik are mutually exclusive");
        }

        if (tkFile is not null)
        {
            using var tk = ReadPrivate(tkFile, "--tk-file", TransportKeyFile, allowWorldReadable);
            return TransportKeys.FromTk(tk.Span, tkFile);
        }

        if (tikFile is null || (needTek && tekFile is null))
        {
            throw new UsageException(needTek ? "the TEK and TIK are needed: give --tk-file (sev-tool's tmp_tk.bin) or --tek and --tik (sevctl's)"
                : "the TIK is needed: give --tk-file (sev-tool's tmp_tk.bin) or --tik (sevctl's tik.bin)");
        }

        using var tik = ReadPrivate(tikFile, "--tik", TransportKeyFile, allowWorldReadable);
        using var tek = tekFile is null ? null : ReadPrivate(tekFile, "--tek", TransportKeyFile, allowWorldReadable);
        return TransportKeys.FromParts(tek is null ? default : tek.Span, tek is not null, tik.Span, tekFile ?? "--tek", tikFile);
    }

    /// <summary>
    /// Key material or a secret from a file, refused when others can read it (unless allowed). <paramref name="what"/>
    /// names the file in the messages as the option means it ("key file", "secret file"): the secret to inject is
    /// not a key, and a user looking for a key file would look at the wrong option.
    /// </summary>
    public static SecretBuffer ReadPrivate(string path, string option, string what, bool allowWorldReadable)
    {
        try
        {
            return SevFiles.ReadPrivate(PosixFile.FullPath(path), what, allowWorldReadable);
        }
        catch (SevException e)
        {
            throw new UsageException($"{option}: {e.QemuMessage}", CliWords.Render(e.Fix));
        }
    }

    public static byte[] Read(string path, string option)
    {
        try
        {
            return SevFiles.ReadPublic(PosixFile.FullPath(path), "file");
        }
        catch (SevException e)
        {
            throw new UsageException($"{option}: {e.QemuMessage}", e.Hint);
        }
    }

    /// <summary>
    /// The launch digest: given (--digest), or of a firmware image as QEMU LAUNCH_UPDATEs it
    /// (--ovmf), with the kernel hashes table of a measured direct boot (--kernel, --initrd, --append).
    /// </summary>
    public static (byte[] Digest, OvmfGuidTable? Table) Digest(string? digest, string? ovmf, string? kernel, string? initrd, string? append)
    {
        if ((digest is null) == (ovmf is null))
        {
            throw new UsageException(digest is null ? "give --digest (the launch digest) or --ovmf (the firmware image, to compute it)"
                : "--digest and --ovmf are mutually exclusive");
        }

        if (kernel is null && (initrd is not null || append is not null))
        {
            throw new UsageException("--initrd and --append describe a direct boot: they need --kernel");
        }

        if (digest is not null)
        {
            if (kernel is not null)
            {
                throw new UsageException("--kernel needs --ovmf (the kernel hashes table goes after the firmware in the digest)");
            }

            return (SevNumbers.Bytes(digest, "--digest", 32), null);
        }

        var firmware = Read(ovmf!, "--ovmf");
        var table = OvmfGuidTable.Parse(firmware);
        if (kernel is null)
        {
            return (LaunchDigest.Compute(firmware), table);
        }

        // The table is only measured where QEMU can put it: the same checks as the launch.
        if (!table.TryFindArea(OvmfGuids.SevHashTable, out var areaBase, out var areaSize))
        {
            throw new SevException(SevErrorCodes.HashTable, "SEV: kernel specified but guest firmware has no hashes table GUID",
                hint: "measured direct boot needs an OVMF built for it (OvmfPkg/AmdSev)");
        }

        if (areaBase == 0 || areaSize < KernelHashTable.PaddedLength)
        {
            throw new SevException(SevErrorCodes.HashTable, $"SEV: guest firmware hashes table area is invalid (base=0x{areaBase:x} size=0x{areaSize:x})",
                hint: "QEMU refuses kernel-hashes=on with this firmware (not an AmdSev build); without --kernel the digest is the firmware's alone");
        }

        var hashes = KernelHashTable.Build(Read(kernel, "--kernel"), initrd is null ? [] : Read(initrd, "--initrd"),
            append is null ? [] : RawText.GetBytes(append));
        return (LaunchDigest.Compute(firmware, hashes), table);
    }

    /// <summary>
    /// The bytes of a file that may be raw or base64: base64 text (newlines, spaces and quotes around
    /// it allowed, as when copied from QMP's JSON) is decoded; anything else (raw certificates start
    /// with 01 00 00 00) is taken as it is.
    /// </summary>
    private static byte[] Decoded(byte[] content)
    {
        var text = System.Text.Encoding.Latin1.GetString(content).Trim().Trim('"');
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\n' or '\r' or ' ' or '\t')))
        {
            return content;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : content;
    }
}
