using Qcrypto.Errors;

namespace Qcrypto.Objects;

/// <summary>Where QEMU 7.2 decides a line's fate.</summary>
public enum ObjectPhase
{
    /// <summary>While parsing the command line: grammar, id, type, options (QEMU prefixes "-object LINE:").</summary>
    Options,

    /// <summary>While creating the objects, stage by stage (see <see cref="CreationStage"/>).</summary>
    Creation,

    /// <summary>Never: QEMU stopped at an earlier error or printed help first.</summary>
    NotReached,
}

/// <summary>What happened to one <c>-object</c> line of a command line.</summary>
/// <param name="Index">The line's place on the command line, from 0.</param>
/// <param name="Rank">Its place in QEMU's processing order (every line's options, then creation stage by stage), from 0.</param>
/// <param name="Type">The type the line names, when it could be parsed.</param>
/// <param name="Id">The id the line gives, when it could be parsed.</param>
/// <param name="Phase">Where its fate was decided.</param>
/// <param name="Object">The object made from it, or null.</param>
/// <param name="Error">Why no object was made, or null.</param>
/// <param name="Warnings">QEMU's warnings for the line's options as it prints them (the object's own are in <see cref="UserCreatable.Warnings"/>).</param>
/// <param name="HelpRequested">The line asks for help (QEMU prints it instead of going on when it gets there).</param>
public sealed record ObjectLineOutcome(
    int Index,
    int Rank,
    string? Type,
    string? Id,
    ObjectPhase Phase,
    UserCreatable? Object,
    QcryptoException? Error,
    IReadOnlyList<string> Warnings,
    bool HelpRequested = false)
{
    public bool Ok => Error is null;
}
