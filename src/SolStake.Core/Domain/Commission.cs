namespace SolStake.Core.Domain;

/// <summary>
/// A validator's commission in basis points (0 to 10,000; 100 bps = 1 %). Vote accounts before SIMD-0291 carry a
/// whole percentage; newer ones carry basis points, so basis points are the unit that loses nothing.
/// </summary>
public readonly record struct Commission : IComparable<Commission>
{
    /// <summary>The largest commission: 100 %.</summary>
    public const ushort MaxBasisPoints = 10_000;

    /// <summary>Creates a commission from basis points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 10,000 basis points.</exception>
    public Commission(ushort basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basisPoints, MaxBasisPoints);
        BasisPoints = basisPoints;
    }

    /// <summary>The commission in basis points.</summary>
    public ushort BasisPoints { get; }

    /// <summary>The commission as a percentage (0 to 100).</summary>
    public double Percent => BasisPoints / 100.0;

    /// <summary>Creates a commission from a whole percentage, as the legacy one-byte vote-account field holds it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 100 %.</exception>
    public static Commission FromPercent(byte percent)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, (byte)100);
        return new Commission((ushort)(percent * 100));
    }

    /// <inheritdoc />
    public int CompareTo(Commission other) => BasisPoints.CompareTo(other.BasisPoints);

    /// <summary>Ordering.</summary>
    public static bool operator <(Commission left, Commission right) => left.BasisPoints < right.BasisPoints;

    /// <summary>Ordering.</summary>
    public static bool operator >(Commission left, Commission right) => left.BasisPoints > right.BasisPoints;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Commission left, Commission right) => left.BasisPoints <= right.BasisPoints;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Commission left, Commission right) => left.BasisPoints >= right.BasisPoints;

    /// <inheritdoc />
    public override string ToString() => $"{Percent:0.##}%";
}
