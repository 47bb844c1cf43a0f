using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Schema;

internal sealed class MutationGraphType : ObjectGraphType
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
                var services = context.RequestServices!;
                var tracker = services.GetService<IWalletTracker>()
                    ?? throw new ExecutionError("Wallet tracking needs the ingestion package (AddRpcIngestion).") { Code = "NOT_CONFIGURED" };
                var userId = Auth.Access.UserId(context);
                WalletRecord tracked;
                try
                {
                    // The RPC is waited on outside the execution slot: a slow upstream holds this request, not the capacity
                    // every other query shares. The tracker bounds the wait itself (its own concurrency and timeout).
                    tracked = context.UserContext.TryGetValue(Http.ExecutionGate.UserContextKey, out var held) && held is Http.ExecutionGate.Admission slot
                        ? await slot.StepOutAsync(() => tracker.TrackAsync(wallet, userId, context.CancellationToken), context.CancellationToken).ConfigureAwait(false)
                        : await tracker.TrackAsync(wallet, userId, context.CancellationToken).ConfigureAwait(false);
                }
                catch (WalletTrackingException ex)
                {
                    // The tracker's messages are written for the caller; the RPC's own words stay in the log (the
                    // tracker logs the failure with its exception).
                    throw new ExecutionError(ex.Message)
                    {
                        Code = ex.Refusal switch
                        {
                            WalletTrackingRefusal.NotAWallet => "BAD_USER_INPUT",
                            WalletTrackingRefusal.WalletLimitReached => "WALLET_LIMIT",
                            WalletTrackingRefusal.TooManyRegistrations => "RATE_LIMITED",
                            _ => "UPSTREAM_UNAVAILABLE",
                        },
                    };
                }

                // The answer holds as many stake accounts as any read does (the cost model priced that many).
                var cap = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLApiOptions>>().Value.MaxStakeAccountsPerWallet;
                return tracked.StakeAccounts.Count <= cap ? tracked : tracked with { StakeAccounts = [.. tracked.StakeAccounts.Take(cap)] };
            });
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
