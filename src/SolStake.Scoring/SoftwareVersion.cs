using System.Globalization;

namespace SolStake.Scoring;

/// <summary>
/// A validator client version as gossip reports it, read as semantic versioning: <c>2.1.14</c>, <c>4.2.0-rc.1</c> (a
/// pre-release), <c>1.1.18 bc808d78</c> or <c>1.1.19 devbuild</c> (text after the number is dropped),
/// <c>0.1104.0-rc.40200</c> (Frankendancer/Firedancer: major 0). Build metadata (<c>+...</c>) is dropped; <c>unknown</c>
/// and other text do not parse. Hand-written because the served libraries have no semantic-version type for .NET
/// (NuGet.Versioning is a client library of its own tool chain, and allows four parts).
/// </summary>
/// <param name="Major">The major version.</param>
/// <param name="Minor">The minor version.</param>
/// <param name="Patch">The patch version (0 when the string has two parts).</param>
/// <param name="PreRelease">The pre-release identifiers after <c>-</c> (<c>rc.1</c>), or <c>null</c> for a release.</param>
public readonly record struct SoftwareVersion(int Major, int Minor, int Patch, string? PreRelease = null) : IComparable<SoftwareVersion>
{
    /// <summary>The client family: Frankendancer/Firedancer versions start at 0, Agave (and Jito-Solana) at 1 or more.</summary>
    public string Family => Major == 0 ? "firedancer" : "agave";

    /// <summary>Whether this is a pre-release (<c>-alpha</c>, <c>-beta</c>, <c>-rc</c>, ...).</summary>
    public bool IsPreRelease => PreRelease is not null;

    /// <summary>Parses a gossip version string: <c>major.minor[.patch][-pre.release][+build]</c>, then anything after a space.</summary>
    public static bool TryParse(string? text, out SoftwareVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        if (space >= 0)
        {
            span = span[..space];
        }

        if (span.StartsWith("v", StringComparison.OrdinalIgnoreCase))
        {
            span = span[1..];
        }

        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            span = span[..plus];
        }

        string? preRelease = null;
        var dash = span.IndexOf('-');
        if (dash >= 0)
        {
            var pre = span[(dash + 1)..];
            if (!ValidPreRelease(pre))
            {
                return false;
            }

            preRelease = pre.ToString();
            span = span[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '.');
        if (count is < 2 or > 3
            || !int.TryParse(span[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(span[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        var patch = 0;
        if (count == 3 && !int.TryParse(span[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out patch))
        {
            return false;
        }

        version = new SoftwareVersion(major, minor, patch, preRelease);
        return true;
    }

    // Dot-separated identifiers of [0-9A-Za-z-], none empty.
    private static bool ValidPreRelease(ReadOnlySpan<char> pre)
    {
        if (pre.IsEmpty)
        {
            return false;
        }

        foreach (var range in pre.Split('.'))
        {
            var identifier = pre[range];
            if (identifier.IsEmpty)
            {
                return false;
            }

            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Semantic-version order: by major, minor and patch; a pre-release before its release; pre-releases by their
    /// identifiers in turn (numbers as numbers and before words, words in ASCII order; more identifiers after fewer):
    /// <c>4.1.2 &lt; 4.2.0-alpha.0 &lt; 4.2.0-beta.2 &lt; 4.2.0-rc.1 &lt; 4.2.0</c>.
    /// </summary>
    public int CompareTo(SoftwareVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        return (PreRelease, other.PreRelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (mine, theirs) => ComparePreRelease(mine, theirs),
        };
    }

    private static int ComparePreRelease(string left, string right)
    {
        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumber = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
            var bNumber = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            var c = (aNumber, bNumber) switch
            {
                (true, true) => x.CompareTo(y),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Ordering.</summary>
    public static bool operator <(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => PreRelease is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}-{PreRelease}");
}
