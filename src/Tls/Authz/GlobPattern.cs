namespace Qcrypto.Tls.Authz;

/// <summary>glib's g_pattern_match_simple: '*' matches any run of characters, '?' any one; nothing is escaped.</summary>
public static class GlobPattern
{
    public static bool Matches(string pattern, string text)
    {
        // Iterative wildcard matching with backtracking to the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
