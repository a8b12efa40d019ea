namespace Qcrypto.Tls.Authz;

/// <summary>QAuthZListFormat: how a rule's match is compared with the identity.</summary>
public enum AuthzMatchFormat
{
    Exact,
    Glob,
}

/// <summary>QAuthZListRule: an identity pattern and the verdict when it matches.</summary>
public sealed record AuthzRule(string Match, bool Allow, AuthzMatchFormat Format = AuthzMatchFormat.Exact)
{
    public bool Matches(string identity) => Format == AuthzMatchFormat.Exact
        ? string.Equals(Match, identity, StringComparison.Ordinal)
        : GlobPattern.Matches(Match, identity);
}
