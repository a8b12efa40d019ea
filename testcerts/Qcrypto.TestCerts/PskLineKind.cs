namespace Qcrypto.TestCerts;

/// <summary>What a keys.psk line is: a good "username:hexkey" entry, or which way it is broken.</summary>
public enum PskLineKind
{
    /// <summary>"username:hexkey" with an even number of hex digits.</summary>
    Valid,

    /// <summary>The key part contains non-hex characters.</summary>
    NonHexKey,

    /// <summary>The key has an odd number of hex digits (half a byte left over).</summary>
    OddLengthKey,

    /// <summary>No ':' separator at all.</summary>
    MissingColon,

    /// <summary>A well-formed line for a user who already has an earlier line.</summary>
    DuplicateUser,

    /// <summary>"username:" with nothing after the colon.</summary>
    EmptyKey,

    /// <summary>Any text supplied verbatim by the caller.</summary>
    Raw,
}
