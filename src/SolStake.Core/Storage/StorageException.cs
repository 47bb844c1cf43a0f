namespace SolStake.Core.Storage;

/// <summary>A database operation failed. <see cref="SolStakeException.IsTransient"/> says whether a retry can help.</summary>
public sealed class StorageException : SolStakeException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    public StorageException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => _isTransient = isTransient;

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;
}
