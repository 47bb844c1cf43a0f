using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Schema;

internal sealed partial class MutationGraphType : ObjectGraphType
{
    public MutationGraphType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<CacheOperationResultGraphType>>("clearCache")
            .Description("Drops every cached response (needs admin:system).")
            .ResolveAsync(async context => await DropCacheAsync(context, "cache.clear", "Cache cleared.").ConfigureAwait(false));

        Field<NonNullGraphType<CacheOperationResultGraphType>>("invalidateValidatorCache")
            .Description("Drops the cached responses holding validator data, which is all of them (needs admin:system).")
            .ResolveAsync(async context => await DropCacheAsync(context, "cache.invalidate-validators", "Validator cache invalidated.").ConfigureAwait(false));

        Field<NonNullGraphType<UserGraphType>>("trackWallet")
            .Description("Registers a wallet and fetches its stake accounts (needs write:stakes). Registering again refreshes them.")
            .Argument<NonNullGraphType<StringGraphType>>("walletPubkey")
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.WriteStakes);
                var wallet = QueryGraphType.Key(context, "walletPubkey")!.Value;
                var tracker = context.RequestServices!.GetService<IWalletTracker>()
                    ?? throw new ExecutionError("Wallet tracking needs the ingestion package (AddRpcIngestion).") { Code = "NOT_CONFIGURED" };
                try
                {
                    return await tracker.TrackAsync(wallet, Auth.Access.UserId(context), context.CancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ExecutionError)
                {
                    // The RPC's own words (a provider's URL, key or path can be in them) go to the log, not to the caller.
                    Log.FetchFailed(context.RequestServices!.GetRequiredService<ILogger<MutationGraphType>>(), ex, wallet.ToString());
                    throw new ExecutionError("The wallet is registered, but its stake accounts could not be fetched now; the next sync retries.")
                    {
                        Code = "UPSTREAM_UNAVAILABLE",
                    };
                }
            });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "trackWallet registered {Wallet}, but fetching its stake accounts failed; the next sync retries")]
        public static partial void FetchFailed(ILogger logger, Exception exception, string wallet);
    }

    private static async Task<CacheOperationResult> DropCacheAsync(IResolveFieldContext context, string action, string message)
    {
        Auth.Access.Require(context, Auth.Permissions.AdminSystem);
        var services = context.RequestServices!;
        return await services.GetRequiredService<GraphQLResponseCache>()
            .ClearForAsync(action, message, Auth.Access.UserId(context), "graphql", services.GetRequiredService<IAuditLog>(), context.CancellationToken)
            .ConfigureAwait(false);
    }
}

internal sealed class CacheOperationResultGraphType : ObjectGraphType<CacheOperationResult>
{
    public CacheOperationResultGraphType()
    {
        Name = "CacheOperationResult";
        Field<NonNullGraphType<BooleanGraphType>>("success").Resolve(c => c.Source.Success);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
        Field<NonNullGraphType<StringGraphType>>("timestamp").Resolve(c => ValidatorGraphType.Iso8601(c.Source.Timestamp));
    }
}

internal sealed class CacheStatusGraphType : ObjectGraphType<CacheStatus>
{
    public CacheStatusGraphType()
    {
        Name = "CacheStatus";
        Description = "The response cache of this instance.";
        Field<NonNullGraphType<IntGraphType>>("totalKeys").Resolve(c => c.Source.TotalKeys);
        Field<NonNullGraphType<StringGraphType>>("memoryUsage").Resolve(c => c.Source.MemoryUsage);
        Field<FloatGraphType>("hitRate").Description("Hits over lookups since start; null before the first.").Resolve(c => c.Source.HitRate);
        Field<NonNullGraphType<StringGraphType>>("memoryBudget").Description("What memoryUsage may reach; the oldest responses are evicted past it.")
            .Resolve(c => c.Source.MemoryBudget);
        Field<NonNullGraphType<StringGraphType>>("callerShare").Description("What one caller's cached responses may reach.").Resolve(c => c.Source.CallerShare);
    }
}
