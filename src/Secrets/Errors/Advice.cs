using System.Text;

namespace Qcrypto.Errors;

/// <summary>
/// A fix for a problem, or an explanation, as data a front end words. <see cref="Text"/> is in the
/// library's words; where it asks for one of qcrypto's own actions (a task of its tools, a setting of the
/// caller's request) it holds "{0}", "{1}", ... and <see cref="Actions"/> says which, with what values.
/// The CLI words each action as its own command line or flag; <see cref="ToString"/> words them as the
/// library does (<see cref="ToolAction.Words"/>). A text without actions is used as it is.
/// </summary>
public sealed record Advice(string Text, params ToolAction[] Actions)
{
    /// <summary>A plain text without actions (null stays null).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static implicit operator Advice?(string? text) => text is null ? null : new(text);

    /// <summary>The text with each action worded by <paramref name="word"/>.</summary>
    public string Render(Func<ToolAction, string> word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (Actions.Length == 0)
        {
            return Text;
        }

        var result = new StringBuilder(Text.Length + 32);
        for (var i = 0; i < Text.Length; i++)
        {
            // "{N}" with N an action's index; any other brace is text.
            if (Text[i] == '{' && i + 2 < Text.Length && char.IsAsciiDigit(Text[i + 1]) && Text[i + 2] == '}' && Text[i + 1] - '0' < Actions.Length)
            {
                result.Append(word(Actions[Text[i + 1] - '0']));
                i += 2;
            }
            else
            {
                result.Append(Text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>The text with every action in the library's words.</summary>
    public override string ToString() => Render(a => a.Words);
}
