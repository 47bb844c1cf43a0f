using System.Collections;

namespace SolStake.Storage;

/// <summary>
/// A list read from a stored column (JSON, or a breakdown's numbers) on first use. A score's breakdown and flags are
/// most of its row, and most reads (a validators page asking for the score alone) never look at them, so they are
/// parsed only when someone does.
/// </summary>
internal sealed class LazyJsonList<T>(Func<IReadOnlyList<T>> parse) : IReadOnlyList<T>
{
    private readonly Lazy<IReadOnlyList<T>> _items = new(parse, LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count => _items.Value.Count;

    public T this[int index] => _items.Value[index];

    public IEnumerator<T> GetEnumerator() => _items.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
