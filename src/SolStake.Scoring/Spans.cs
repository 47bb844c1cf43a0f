using System.Runtime.InteropServices;
using SolStake.Core.Domain;

namespace SolStake.Scoring;

/// <summary>Reads the inputs' lists as spans (arrays and lists are read in place), avoiding interface calls per element in the scoring loops.</summary>
internal static class Spans
{
    public static ReadOnlySpan<T> Of<T>(IReadOnlyList<T> list) => list switch
    {
        T[] array => array,
        List<T> l => CollectionsMarshal.AsSpan(l),
        _ => list.ToArray(),
    };
}
