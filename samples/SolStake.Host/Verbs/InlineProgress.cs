namespace SolStake.Host.Verbs;

/// <summary>Reports on the calling thread, in order, as it happens (<see cref="Progress{T}"/> posts to the thread pool and can reorder).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
