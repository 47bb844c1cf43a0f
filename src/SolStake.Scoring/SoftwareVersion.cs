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
    /// <summary>
    /// The client the version scheme names. A minor of 100 or more is Firedancer's scheme (<c>0.1105.40200</c>,
    /// <c>1.100.0-beta.40201</c>): Frankendancer when the patch, or the last pre-release number, encodes the Agave
    /// release it runs with (40200: Agave 4.2.0), Firedancer otherwise. Majors 2 to 9 are Agave's (Jito-Agave reports
    /// the same numbers: see <see cref="ValidatorClients.Of"/>), major 1 is Solana Labs' (Agave continues it from 1.18).
    /// Anything else (<c>26.8.1</c>, <c>0.1.1</c>) is in no scheme known here.
    /// </summary>
    public ValidatorClient Client => (Major, Minor) switch
    {
        ( <= 1, >= 100) => EncodesAgaveRelease ? ValidatorClient.Frankendancer : ValidatorClient.Firedancer,
        (1, >= 18) => ValidatorClient.Agave,
        (1, _) => ValidatorClient.SolanaLabs,
        ( >= 2 and <= 9, _) => ValidatorClient.Agave,
        _ => ValidatorClient.Unknown,
    };

    /// <summary>
    /// The family whose current version this one is judged against: <c>agave</c> (Agave, Jito-Agave and Solana Labs),
    /// <c>firedancer</c> (Frankendancer and Firedancer: one numbering), or <c>unknown</c> (never judged).
    /// </summary>
    public string Family => Client switch
    {
        ValidatorClient.Agave or ValidatorClient.JitoAgave or ValidatorClient.SolanaLabs => "agave",
        ValidatorClient.Frankendancer or ValidatorClient.Firedancer => "firedancer",
        _ => "unknown",
    };

    // Frankendancer's patch is the Agave release as MMmmpp (40200 = 4.2.0); a pre-release carries it last (rc.40200).
    private bool EncodesAgaveRelease => Patch >= 10_000
        || (PreRelease is { } pre && long.TryParse(pre.AsSpan(pre.LastIndexOf('.') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last >= 10_000);

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
