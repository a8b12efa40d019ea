using System.Runtime.InteropServices;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Posix;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// What tls-creds-anon, -psk and -x509 share (QEMU crypto/tlscreds.c): dir, endpoint, verify-peer,
/// priority; the paths of the well-known files; DH parameters; and the GnuTLS priority every session
/// made from these credentials uses. As in QEMU 7.2, a priority string GnuTLS refuses does not stop the
/// object: every session fails instead (QEMU's message, when it starts). The string is parsed when the
/// object completes, so a warning says so up front, naming the token GnuTLS refused.
/// </summary>
public abstract class TlsCreds : UserCreatable
{
    /// <summary>QEMU's build-time default (meson option tls_priority; Debian keeps "NORMAL").</summary>
    public const string DefaultPriority = "NORMAL";

    // QEMU 7.2 generates 2048-bit DH parameters when dh-params.pem is absent (DH_BITS).
    private const uint DhBits = 2048;

    private TlsPriority? _priority;
    private SafeDhParamsHandle? _dhParams;

    protected TlsCreds(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>QAPI TlsCredsProperties: verify-peer, dir, endpoint, priority (+ the deprecated loaded, unless <paramref name="loaded"/> is false).</summary>
    internal static IEnumerable<PropertySchema> CommonProperties(string type, bool loaded = true) =>
    [
        PropertySchema.Bool("verify-peer", "verify the peer's credentials after the handshake") with { Default = "on" },
        PropertySchema.Str("dir", "directory holding the credential files"),
        PropertySchema.Enum("endpoint", "QCryptoTLSCredsEndpoint", "whether the network backend using these credentials is a client or a server", "client", "server") with { Default = "client" },
        PropertySchema.Str("priority", "GnuTLS priority string (default NORMAL)"),
        .. loaded ? [PropertySchema.Loaded(type)] : Array.Empty<PropertySchema>(),
    ];

    public bool VerifyPeer { get; private set; } = true;

    public string? Dir { get; private set; }

    public TlsEndpoint Endpoint { get; private set; } = TlsEndpoint.Client;

    /// <summary>The user's priority string, or null for the default.</summary>
    public string? UserPriority { get; private set; }

    /// <summary>How QEMU words a rejected priority string for this type.</summary>
    protected virtual string PriorityErrorPrefix => "Unable to set TLS session priority";

    /// <summary>Appended to every priority string (":+ANON-DH" for anon), or null.</summary>
    protected abstract string? PrioritySuffix { get; }

    /// <summary>The priority string sessions use: user string or NORMAL, plus the type's suffix.</summary>
    public string Priority => PrioritySuffix is null ? UserPriority ?? DefaultPriority : $"{UserPriority ?? DefaultPriority}:{PrioritySuffix}";

    /// <summary>True once the GnuTLS credentials are loaded (QEMU's 'loaded').</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>The parsed priority; null when GnuTLS refused the string (then every session fails, see <see cref="PriorityFailure"/>).</summary>
    internal SafePriorityHandle? PriorityHandle => (_priority ?? throw new InvalidOperationException("credentials not loaded")).Handle;

    /// <summary>True when GnuTLS accepts <see cref="Priority"/>.</summary>
    public bool PriorityValid => _priority?.Handle is not null;

    /// <summary>True when sessions may negotiate TLS 1.3 (false when the priority string is invalid).</summary>
    public bool Tls13Enabled => _priority?.Tls13Enabled ?? false;

    /// <summary>The GnuTLS credentials type (GNUTLS_CRD_*) and handle a session installs.</summary>
    internal abstract (int Type, SafeHandle Handle) NativeCredentials { get; }

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "verify-peer":
                VerifyPeer = value.Flag;
                break;
            case "dir":
                Dir = value.Text;
                break;
            case "endpoint":
                Endpoint = value.Text == "server" ? TlsEndpoint.Server : TlsEndpoint.Client;
                break;
            case "priority":
                UserPriority = value.Text;
                break;
        }
    }

    protected sealed override void OnComplete(ObjectRegistry registry)
    {
        GnuTlsLibrary.EnsureInitialized();
        Load(registry);
        _priority = TlsPriority.Parse(Priority);
        if (_priority.Handle is null)
        {
            var failure = PriorityFailure();
            Warn(TlsErrorCodes.Priority, $"GnuTLS refuses priority string '{Priority}', so every TLS session with '{Id}' will fail, as in QEMU 7.2, " +
                $"which creates the object and fails each session with \"{failure.QemuMessage}\"", failure.Hint);
        }

        IsLoaded = true;
    }

    /// <summary>
    /// What QEMU 7.2 says when a session starts with a priority string GnuTLS refuses (tlssession.c: gnutls_priority_set_direct).
    /// </summary>
    internal TlsSessionException PriorityFailure() =>
        new(TlsErrorCodes.Priority, $"{PriorityErrorPrefix} {Priority}: {Interop.GnuTls.StrError(_priority?.Error ?? -50)}", Id, _priority?.Hint);

    /// <summary>Loads the GnuTLS credentials (QEMU's qcrypto_tls_creds_*_load).</summary>
    protected abstract void Load(ObjectRegistry registry);

    protected override void OnDispose()
    {
        // Credentials first: they may point at the DH parameters.
        Unload();
        _priority?.Dispose();
        _dhParams?.Dispose();
    }

    /// <summary>Frees the GnuTLS credentials.</summary>
    protected abstract void Unload();

    /// <summary>QEMU's "Expected TLS credentials for a %s endpoint" check, for consumers.</summary>
    public void CheckEndpoint(TlsEndpoint endpoint)
    {
        if (Endpoint != endpoint)
        {
            var name = endpoint == TlsEndpoint.Server ? "server" : "client";
            throw Error(TlsErrorCodes.Endpoint, $"Expected TLS credentials for a {name} endpoint", "endpoint",
                $"set endpoint={name} on '{Id}'");
        }
    }

    /// <summary>
    /// qcrypto_tls_creds_get_path: "dir/filename", or null when absent and not required. A missing
    /// required file, or any other stat failure, is "Unable to access credentials PATH: strerror".
    /// </summary>
    protected string? GetPath(string filename, bool required)
    {
        if (Dir is null)
        {
            return required ? throw Error(TlsErrorCodes.MissingDir, "Missing 'dir' property value", "dir", "add dir=/path/to/credentials") : null;
        }

        var path = $"{Dir}/{filename}";
        var errno = FileStatus.Of(path).Errno;
        if (errno == 0)
        {
            return path;
        }

        if (errno == Errno.ENOENT && !required)
        {
            return null;
        }

        throw Error(TlsErrorCodes.FileAccess, $"Unable to access credentials {path}: {Marshal.GetPInvokeErrorMessage(errno)}", "dir",
            errno == Errno.ENOENT ? $"{filename} must exist in {Dir}" : $"check the permissions of {path} for the user running the emulator");
    }

    /// <summary>
    /// qcrypto_tls_creds_get_dh_params_file: PKCS#3 PEM parameters from <paramref name="path"/>, or
    /// (as QEMU 7.2) freshly generated 2048-bit ones when there is no file.
    /// </summary>
    internal SafeDhParamsHandle LoadDhParams(string? path)
    {
        var rc = Interop.GnuTls.gnutls_dh_params_init(out var parameters);
        if (rc < 0)
        {
            parameters.Dispose();
            throw GnuTlsError(TlsErrorCodes.DhParams, "Unable to initialize DH parameters", rc, "dir");
        }

        _dhParams = parameters;
        if (path is null)
        {
            rc = Interop.GnuTls.gnutls_dh_params_generate2(parameters, DhBits);
            return rc < 0 ? throw GnuTlsError(TlsErrorCodes.DhParams, "Unable to generate DH parameters", rc, "dir") : parameters;
        }

        byte[] contents;
        try
        {
            contents = GlibFile.ReadAll(path);
        }
        catch (GlibFileException e)
        {
            throw Error(TlsErrorCodes.DhParams, e.Message, "dir");
        }

        unsafe
        {
            fixed (byte* p = contents)
            {
                var datum = new Interop.GnuTls.Datum { Data = p, Size = (uint)contents.Length };
                rc = Interop.GnuTls.gnutls_dh_params_import_pkcs3(parameters, datum, Interop.GnuTls.GNUTLS_X509_FMT_PEM);
            }
        }

        return rc < 0
            ? throw GnuTlsError(TlsErrorCodes.DhParams, $"Unable to load DH parameters from {path}", rc, "dir",
                "dh-params.pem must be PKCS#3 PEM (certtool --generate-dh-params), or remove it")
            : parameters;
    }

    /// <summary>A creds error attributed to this object.</summary>
    protected TlsCredsException Error(string code, string message, string? property, Advice? hint = null) =>
        new(code, message, Id, property, hint);

    /// <summary>
    /// A GnuTLS call failed: QEMU's "<paramref name="context"/>: gnutls_strerror(rc)", the one way every GnuTLS
    /// return code becomes an error of these objects.
    /// </summary>
    protected TlsCredsException GnuTlsError(string code, string context, int rc, string? property, Advice? hint = null) =>
        Error(code, $"{context}: {Interop.GnuTls.StrError(rc)}", property, hint);

    /// <summary>"Cannot allocate credentials: %s" unless <paramref name="rc"/> succeeded.</summary>
    protected void CheckAllocation(int rc)
    {
        if (rc < 0)
        {
            throw GnuTlsError(TlsErrorCodes.Allocation, "Cannot allocate credentials", rc, null);
        }
    }
}
