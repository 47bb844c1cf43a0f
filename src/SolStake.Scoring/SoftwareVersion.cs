using System.Globalization;
using SolStake.Core.Domain;

namespace SolStake.Scoring;

/// <summary>
/// A validator client version as gossip reports it: <c>2.1.14</c>, <c>1.1.18 bc808d78</c> (a commit after the
/// number), <c>0.712.30006</c> (Frankendancer). <c>unknown</c> and other text do not parse.
/// </summary>
public readonly record struct SoftwareVersion(int Major, int Minor, int Patch) : IComparable<SoftwareVersion>
{
    /// <summary>The client family: Frankendancer/Firedancer versions start at 0, Agave (and Jito-Solana) at 1 or more.</summary>
    public string Family => Major == 0 ? "firedancer" : "agave";

    /// <summary>Parses the leading <c>major.minor[.patch]</c> of a gossip version string.</summary>
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

        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '.');
        if (count is < 2 or > 3)
        {
            return false;
        }

        if (!int.TryParse(span[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(span[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        var patch = 0;
        if (count == 3 && !int.TryParse(span[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out patch))
        {
            return false;
        }

        version = new SoftwareVersion(major, minor, patch);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SoftwareVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
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
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
