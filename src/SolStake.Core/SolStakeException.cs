namespace SolStake.Core;

/// <summary>
/// The base of every exception SolStake throws on purpose. <see cref="IsTransient"/> tells a caller (a job, a retry
/// policy, an operator) whether trying the same thing again may succeed.
/// </summary>
public abstract class SolStakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected SolStakeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the same operation may succeed if tried again (a timeout, a node that is down, a lock).</summary>
    public abstract bool IsTransient { get; }
}
