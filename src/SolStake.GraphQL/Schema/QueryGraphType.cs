using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.GraphQL.Loading;

namespace SolStake.GraphQL.Schema;

internal sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType()
    {
        Name = "Query";

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValidatorGraphType>>>>("validators")
            .Description("Stored validators with their latest scores; by vote account unless ordered otherwise.")
            .Argument<ValidatorOrderGraphType>("orderBy", a => a.Description = "SCORE and STAKE order highest first; COMMISSION and NAME lowest first.")
            .Argument<IntGraphType>("limit", a => a.Description = "At most this many.")
            .Argument<IntGraphType>("offset", a => a.Description = "Skip this many first.")
            .Argument<StringGraphType>("search", a => a.Description = "A name (any part, any case) or the start of a vote account or identity.")
            .Argument<ScoreStateGraphType>("state", a => a.Description = "Only validators whose latest score is in this state.")
            .Rows("limit", QueryCost.ClusterRows, QueryCost.DatabaseQuery, QueryCost.Stored.Validators, perRow: QueryCost.ValidatorRow)
            .ResolveAsync(async context => await ValidatorsAsync(context).ConfigureAwait(false));

        Field<ValidatorGraphType>("validator")
            .Description("One validator, by vote account or by identity (an identity running several vote accounts gives the one that voted last).")
            .Argument<StringGraphType>("voteAccount")
            .Argument<StringGraphType>("validatorPubkey")
            .Costs(QueryCost.DatabaseQuery)
            .ResolveAsync(async context => await ValidatorAsync(context).ConfigureAwait(false));

        Field<ClusterGraphType>("cluster")
            .Description("The cluster as the latest sync saw it; null before the first sync.")
            .Costs(QueryCost.ClusterSummary)
            .ResolveAsync(async context => await ClusterAsync(context).ConfigureAwait(false));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RankedValidatorGraphType>>>>("rankings")
            .Description("A what-if ranking under a scoring profile, computed on the stored data; nothing is stored.")
            .Argument<NonNullGraphType<StringGraphType>>("profile", a => a.Description = "Default, JitoCompatible, SfdpLike, Legacy or a custom profile.")
            .Argument<IntGraphType>("limit", a => { a.DefaultValue = 50; a.Description = "How many of the best."; })
            .Rows("limit", 50, QueryCost.ClusterScoring, QueryCost.Stored.Validators)
            .ResolveAsync(async context => await RankingsAsync(context).ConfigureAwait(false));

        AddProtected(this);
        JobQueries.Add(this);
    }

    private static void AddProtected(QueryGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScoringRunGraphType>>>>("scoringRuns")
            .Description("Recent scoring runs, newest first (needs read:scores).")
            .Argument<IntGraphType>("limit", a => { a.DefaultValue = 20; a.Description = "How many (1 to 1000)."; })
            .Rows("limit", 20, QueryCost.DatabaseQuery, signedInOnly: true)
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.ReadScores);
                var limit = context.GetArgument<int>("limit");
                if (limit is < 1 or > 1000)
                {
                    throw new ArgumentValidationException("limit", "must be between 1 and 1000");
                }

                return await context.RequestServices!.GetRequiredService<IScoringStore>().ListRunsAsync(limit, context.CancellationToken).ConfigureAwait(false);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserGraphType>>>>("users")
            .Description("Registered wallets with their stake accounts, the first by id (needs read:users).")
            .Argument<IntGraphType>("limit", "How many wallets (default and most: MaxLimit, 5,000).")
            .Rows("limit", QueryCost.ClusterRows, QueryCost.DatabaseQuery, QueryCost.Stored.Wallets, signedInOnly: true)
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.ReadUsers);
                var api = context.RequestServices!.GetRequiredService<IOptions<GraphQLApiOptions>>().Value;
                var limit = context.GetArgument<int?>("limit") ?? api.MaxLimit;
                if (limit < 1 || limit > api.MaxLimit)
                {
                    throw new ArgumentValidationException("limit", $"must be between 1 and {api.MaxLimit}");
                }

                return await context.RequestServices!.GetRequiredService<IWalletStore>()
                    .ListWithStakeAccountsAsync(limit, api.MaxStakeAccountsPerWallet, context.CancellationToken).ConfigureAwait(false);
            });

        query.Field<NonNullGraphType<CacheStatusGraphType>>("cacheStatus")
            .Description("The response cache of this instance (needs admin:system).")
            .Resolve(context =>
            {
                Auth.Access.Require(context, Auth.Permissions.AdminSystem);
                return context.RequestServices!.GetRequiredService<Caching.GraphQLResponseCache>().Status();
            });

        query.Field<UserGraphType>("wallet")
            .Description("A registered wallet with its stake accounts, their validators and scores; null when it is not registered (needs read:validators).")
            .Argument<NonNullGraphType<StringGraphType>>("walletPubkey")
            .Costs(QueryCost.DatabaseQuery, signedInOnly: true)
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.ReadValidators);
                var wallet = Key(context, "walletPubkey")!.Value;
                var cap = context.RequestServices!.GetRequiredService<IOptions<GraphQLApiOptions>>().Value.MaxStakeAccountsPerWallet;
                return await context.RequestServices!.GetRequiredService<IWalletStore>().GetAsync(wallet, cap, context.CancellationToken).ConfigureAwait(false);
            });

        query.Field<NonNullGraphType<SystemStatsGraphType>>("systemStats")
            .Description("Counts of what SolStake keeps (needs the admin:system permission, which the admin role grants).")
            .Costs(3 * QueryCost.DatabaseQuery, signedInOnly: true)
            .ResolveAsync(async context =>
            {
                // By permission, like every other field (the admin role grants it): what decides access is what keys the cache.
                Auth.Access.Require(context, Auth.Permissions.AdminSystem);
                var services = context.RequestServices!;
                var ct = context.CancellationToken;
                return new SystemStatsView(
                    await services.GetRequiredService<IValidatorStore>().CountValidatorsAsync(ct).ConfigureAwait(false),
                    (await services.GetRequiredService<IWalletStore>().MeasureAsync(ct).ConfigureAwait(false)).Wallets,
                    (await services.GetRequiredService<IScoringStore>().ListRunsAsync(int.MaxValue, ct).ConfigureAwait(false)).Count,
                    services.GetRequiredService<TimeProvider>().GetUtcNow());
            });
    }

    private static async Task<object?> ClusterAsync(IResolveFieldContext context)
    {
        var store = context.RequestServices!.GetRequiredService<IValidatorStore>();
        var epoch = (await store.ListEpochsAsync(1, context.CancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.SlotsInEpoch > 0);
        if (epoch is null)
        {
            return null;
        }

        var validators = await store.ListValidatorsAsync(context.CancellationToken).ConfigureAwait(false);
        ulong total = 0, delinquent = 0;
        foreach (var v in validators)
        {
            total += v.ActivatedStake;
            delinquent += v.Delinquent ? v.ActivatedStake : 0;
        }

        // Freshness: the newest observation, and the latest completed run among the recent ones (a failed or running
        // run does not count; runs are few, so ten cover any realistic streak of failures).
        var runs = await context.RequestServices!.GetRequiredService<IScoringStore>().ListRunsAsync(10, context.CancellationToken).ConfigureAwait(false);
        var lastRun = runs.FirstOrDefault(static r => r.Status == ScoringRunStatus.Completed)?.FinishedAt;
        return new ClusterView(epoch.Epoch, epoch.LastObservedSlot, epoch.LastObservedSlot - epoch.FirstSlot, epoch.SlotsInEpoch, total, delinquent,
            validators.Count, validators.Count(v => v.Delinquent), SolStake.Scoring.ClusterStatistics.SuperminoritySize(validators.Select(v => v.ActivatedStake)),
            validators.Count == 0 ? null : validators.Max(static v => v.UpdatedAt), lastRun);
    }

    private static async Task<object?> RankingsAsync(IResolveFieldContext context)
    {
        var services = context.RequestServices!;
        var name = context.GetArgument<string>("profile");
        var limit = context.GetArgument<int>("limit");
        var maxLimit = services.GetRequiredService<IOptions<GraphQLApiOptions>>().Value.MaxLimit;
        if (limit < 1 || limit > maxLimit)
        {
            throw new ArgumentValidationException("limit", $"must be between 1 and {maxLimit}");
        }

        var profiles = services.GetService<SolStake.Scoring.IScoringProfiles>()
            ?? throw new ExecutionError("Rankings need the scoring package (AddScoring) in this host.") { Code = "NOT_AVAILABLE" };
        var profile = profiles.Find(name)
            ?? throw new ArgumentValidationException("profile", $"names no known profile; known: {string.Join(", ", profiles.All.Select(p => p.Name))}");
        // The scoring runner's own input (denylist included), scored without storing a run.
        var run = await services.GetRequiredService<SolStake.Scoring.IScoringPreview>().PreviewAsync(profile.Name, context.CancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return Array.Empty<RankedValidator>();
        }

        var ids = (await services.GetRequiredService<IValidatorStore>().ListValidatorsAsync(context.CancellationToken).ConfigureAwait(false))
            .ToDictionary(v => v.VoteAccount, v => v.Id);
        return SolStake.Scoring.TrustScorer.Rank(run).Take(limit)
            .Select((score, i) => new RankedValidator(i + 1, ids[score.VoteAccount], score)).ToList();
    }

    private static async Task<object?> ValidatorsAsync(IResolveFieldContext context)
    {
        var services = context.RequestServices!;
        var maxLimit = services.GetRequiredService<IOptions<GraphQLApiOptions>>().Value.MaxLimit;
        var limit = context.GetArgument<int?>("limit");
        var offset = context.GetArgument<int?>("offset") ?? 0;
        if (limit is { } l && (l < 1 || l > maxLimit))
        {
            throw new ArgumentValidationException("limit", $"must be between 1 and {maxLimit}");
        }

        if (offset < 0)
        {
            throw new ArgumentValidationException("offset", "must not be negative");
        }

        var page = await services.GetRequiredService<IScoreReader>().ValidatorPageAsync(new ValidatorQuery
        {
            Search = context.GetArgument<string?>("search") is { Length: > 0 } search ? search : null,
            State = context.GetArgument<string?>("state"),
            OrderBy = context.GetArgument<string?>("orderBy") switch
            {
                "SCORE" => ValidatorOrder.Score,
                "STAKE" => ValidatorOrder.Stake,
                "COMMISSION" => ValidatorOrder.Commission,
                "NAME" => ValidatorOrder.Name,
                _ => ValidatorOrder.VoteAccount,
            },
            Offset = offset,
            Limit = limit,
            WithScoreDetails = AsksForScoreDetails(context.Document),
        }, context.CancellationToken).ConfigureAwait(false);

        PrimeLoaders(RequestLoaders.Of(context), page);
        return page.Select(r => r.Validator).ToList();
    }

    // Whether any field of the request (its fragments included) is a breakdown or flags: only then are the stored
    // scores' details read with a page, so every latest score primed below is complete for what the request asks.
    private static bool AsksForScoreDetails(GraphQLParser.AST.GraphQLDocument document)
    {
        return document.Definitions.Any(definition => definition switch
        {
            GraphQLParser.AST.GraphQLOperationDefinition operation => Asks(operation.SelectionSet),
            GraphQLParser.AST.GraphQLFragmentDefinition fragment => Asks(fragment.SelectionSet),
            _ => false,
        });

        static bool Asks(GraphQLParser.AST.GraphQLSelectionSet? set) => set is not null && set.Selections.Any(selection => selection switch
        {
            GraphQLParser.AST.GraphQLField field => field.Name.StringValue is "breakdown" or "flags" || Asks(field.SelectionSet),
            GraphQLParser.AST.GraphQLInlineFragment inline => Asks(inline.SelectionSet),
            _ => false,
        });
    }

    // The latest scores came with the rows: later resolvers find them without another query.
    private static void PrimeLoaders(RequestLoaders loaders, IReadOnlyCollection<ValidatorWithScore> rows)
    {
        loaders.LatestScore.Reserve(rows.Count);
        loaders.Validator.Reserve(rows.Count);
        foreach (var row in rows)
        {
            loaders.LatestScore.Prime(row.Validator.Id, row.LatestScore!);
            loaders.Validator.Prime(row.Validator.Id, row.Validator);
        }
    }

    private static async Task<object?> ValidatorAsync(IResolveFieldContext context)
    {
        var vote = Key(context, "voteAccount");
        var identity = Key(context, "validatorPubkey");
        if (vote is null == identity is null)
        {
            throw new ArgumentValidationException(vote is null ? "voteAccount" : "validatorPubkey", "must be given, and only one of voteAccount and validatorPubkey");
        }

        // One indexed lookup (an identity rarely runs more than one vote account; the one voting last wins).
        var services = context.RequestServices!;
        var found = await services.GetRequiredService<IScoreReader>().ValidatorPageAsync(new ValidatorQuery { VoteAccount = vote, Identity = identity }, context.CancellationToken).ConfigureAwait(false);
        if (found.OrderByDescending(r => r.Validator.LastVote).FirstOrDefault() is not { } row)
        {
            return null;
        }

        PrimeLoaders(RequestLoaders.Of(context), [row]);
        return row.Validator;
    }

    internal static Pubkey? Key(IResolveFieldContext context, string argument) =>
        context.GetArgument<string?>(argument) is not { } text ? null
        : Pubkey.TryParse(text, out var key) ? key
        : throw new ArgumentValidationException(argument, $"is not a valid pubkey: '{(text.Length > 64 ? text[..61] + "..." : text)}' is not 32 bytes in base58");
}

internal sealed class ValidatorOrderGraphType : EnumerationGraphType
{
    public ValidatorOrderGraphType()
    {
        Name = "ValidatorOrder";
        Add("SCORE", "SCORE", "Latest score, highest first.");
        Add("STAKE", "STAKE", "Active stake, highest first.");
        Add("COMMISSION", "COMMISSION", "Commission, lowest first.");
        Add("NAME", "NAME", "Published name, A to Z (unnamed last).");
    }
}

internal sealed class ScoreStateGraphType : EnumerationGraphType
{
    public ScoreStateGraphType()
    {
        Name = "ScoreState";
        Add("ELIGIBLE", "ELIGIBLE", "Scored.");
        Add("INELIGIBLE", "INELIGIBLE", "A gate applies: the score is 0.");
        Add("UNRATED", "UNRATED", "Too little history: the score is provisional.");
    }
}
