using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;

namespace SolStake.Storage;

/// <summary>
/// What a database provider package (<c>SolStake.Storage.PostgreSQL</c>, <c>SolStake.Storage.Sqlite</c>) plugs into
/// the provider-neutral stores. Internal: the provider packages are built and versioned with this one, and a team
/// adds a database by implementing the store interfaces of <c>SolStake.Core</c>, not this.
/// </summary>
internal abstract class StorageProvider
{
    /// <summary>The OpenTelemetry <c>db.system.name</c>: <c>postgresql</c>, <c>sqlite</c>.</summary>
    public abstract string SystemName { get; }

    /// <summary>The name in messages: <c>PostgreSQL</c>, <c>SQLite</c>.</summary>
    public abstract string DisplayName { get; }

    /// <summary>How the provider fills staging tables for set-based writes.</summary>
    public abstract IStagingLoader Staging { get; }

    /// <summary>Points a context at the configured database.</summary>
    public abstract void ConfigureContext(DbContextOptionsBuilder builder, IServiceProvider services);

    /// <summary>Whether <paramref name="exception"/> is the provider's "no such table" for one of SolStake's tables.</summary>
    public abstract bool IsMissingTable(Exception exception);

    /// <summary>The provider's own exception as a <see cref="StorageException"/> with an honest transience, or null.</summary>
    public abstract StorageException? Translate(Exception exception, string operation);
}
