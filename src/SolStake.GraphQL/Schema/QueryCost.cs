using System.Globalization;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;

namespace SolStake.GraphQL.Schema;

/// <summary>
/// What a query costs, counted before it runs with GraphQL.NET's complexity analyzer, in units of about one value
/// written to the answer. Every field selected counts once per row its parent lists, so aliases, page sizes and nested
/// lists multiply as they do at run time: a list field multiplies its children by its <c>limit</c> or <c>last</c>
/// argument (at least 1, its default when absent, and never more than is stored: <see cref="StoredSizes"/>), and a
/// field that runs its own database query or computation adds that work once for each time it runs. The endpoint
/// refuses a query over <see cref="GraphQLApiOptions.MaxComplexity"/> (anonymous) or
/// <see cref="GraphQLApiOptions.AuthenticatedMaxComplexity"/> before executing anything, saying its cost and the limit;
/// the calibration against measured server time is in <c>benchmarks/results/api-query-cost-*.md</c>.
/// </summary>
internal static class QueryCost
{
    /// <summary>A field that runs one database query of its own (a root field): about 1 ms of server time.</summary>
    public const double DatabaseQuery = 1_000;

    /// <summary>Reading one validator's row with its latest score, before any of its fields: a list's rows cost this each.</summary>
    public const double ValidatorRow = 10;

    /// <summary><c>rankings</c>: the stored data of the whole cluster read and scored.</summary>
    public const double ClusterScoring = 20_000;

    /// <summary><c>cluster</c>: aggregates over every stored validator.</summary>
    public const double ClusterSummary = 4_000;

    /// <summary>Validators assumed stored before their number was read (the largest page the API serves by default).</summary>
    public const int ClusterRows = 5_000;

    /// <summary>Lists without a size argument whose length is bounded by the model (factors, flags, counts).</summary>
    public const double SmallList = 10;

    /// <summary>Where the analyzer keeps the cost of the request being validated, for the <c>X-Query-Cost</c> header.</summary>
    public const string UserContextKey = "solstake:cost";

    /// <summary>
    /// Counts the field as <paramref name="impact"/> and <paramref name="perRow"/> for each row, and its children once
    /// per row: rows from <paramref name="sizeArgument"/> (at least 1), else <paramref name="whenAbsent"/>, and never
    /// more than <paramref name="stored"/> says there are.
    /// </summary>
    /// <remarks>
    /// A <paramref name="signedInOnly"/> field costs an anonymous caller 1: it is refused (<c>UNAUTHENTICATED</c>)
    /// before it reads anything, and an anonymous caller asking for it is told to sign in, not that it costs too much.
    /// </remarks>
    public static FieldBuilder<TSource, TReturn> Rows<TSource, TReturn>(
        this FieldBuilder<TSource, TReturn> field, string? sizeArgument, int whenAbsent, double impact = 1, Stored stored = Stored.Unbounded, bool signedInOnly = false,
        double perRow = 0) =>
        field.WithComplexityImpact(context =>
        {
            if (signedInOnly && !SignedIn(context.ValidationContext))
            {
                return new FieldComplexityResult(1, 0);
            }

            var rows = RowsOf(context, sizeArgument, whenAbsent, stored);
            return new FieldComplexityResult(impact + (rows * perRow), rows);
        });

    /// <summary>Counts the field as <paramref name="impact"/> each time it runs (children once each).</summary>
    /// <remarks>A <paramref name="signedInOnly"/> field costs an anonymous caller 1, as with <see cref="Rows"/>.</remarks>
    public static FieldBuilder<TSource, TReturn> Costs<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, double impact, bool signedInOnly = false) =>
        signedInOnly
            ? field.WithComplexityImpact(context => SignedIn(context.ValidationContext) ? new FieldComplexityResult(impact, 1) : new FieldComplexityResult(1, 0))
            : field.WithComplexityImpact(impact, 1);

    private static bool SignedIn(global::GraphQL.Validation.ValidationContext context) => context.User?.Identity?.IsAuthenticated == true;

    /// <summary>What bounds a list's length besides its arguments.</summary>
    public enum Stored
    {
        /// <summary>Nothing stored: the arguments alone.</summary>
        Unbounded,

        /// <summary>The stored validators.</summary>
        Validators,

        /// <summary>The completed scoring runs (one score each per validator).</summary>
        CompletedRuns,

        /// <summary>The registered wallets.</summary>
        Wallets,

        /// <summary>
        /// A wallet's stake accounts: <see cref="GraphQLApiOptions.MaxStakeAccountsPerWallet"/>, the most a read returns,
        /// or the most any stored wallet has when that is fewer.
        /// </summary>
        StakeAccounts,
    }

    private static double RowsOf(FieldImpactContext context, string? sizeArgument, int whenAbsent, Stored stored)
    {
        // At least one: a negative page would otherwise subtract the cost of its siblings (the resolver refuses it
        // later, after they ran).
        var size = sizeArgument is null ? null : context.GetArgument<int?>(sizeArgument);
        var rows = Math.Max(1, size ?? whenAbsent);
        var services = context.ValidationContext.RequestServices;
        var sizes = services?.GetService(typeof(StoredSizes)) as StoredSizes;
        return stored switch
        {
            Stored.Validators => Math.Min(rows, sizes?.Validators ?? ClusterRows),
            Stored.CompletedRuns => Math.Min(rows, sizes?.CompletedRuns ?? StoredSizes.ScoreHistoryDepth),
            Stored.Wallets => Math.Min(rows, sizes?.Wallets ?? ClusterRows),
            Stored.StakeAccounts => Math.Min(
                (services?.GetService(typeof(Microsoft.Extensions.Options.IOptions<GraphQLApiOptions>)) as Microsoft.Extensions.Options.IOptions<GraphQLApiOptions>)?.Value
                    .MaxStakeAccountsPerWallet ?? new GraphQLApiOptions().MaxStakeAccountsPerWallet,
                sizes?.MostStakeAccounts ?? int.MaxValue),
            _ => rows,
        };
    }

    /// <summary>
    /// The cost model's default for the fields that declare nothing: scalars and objects 1, lists (bounded by the
    /// model: factors, flags) <see cref="SmallList"/> rows.
    /// </summary>
    public static FieldComplexityResult Default(FieldImpactContext context)
    {
        var type = context.FieldDefinition.ResolvedType;
        type = type is NonNullGraphType outer ? outer.ResolvedType : type;
        var rows = 1.0;
        while (type is ListGraphType list)
        {
            rows *= SmallList;
            type = list.ResolvedType is NonNullGraphType inner ? inner.ResolvedType : list.ResolvedType;
        }

        // A list of scalars (flags) is its values; a list of objects multiplies the objects' fields.
        return type is ScalarGraphType ? new(rows, 1) : new(1, rows);
    }

    /// <summary>
    /// Records the cost, and refuses a query over the caller's limit (<paramref name="anonymous"/>, or
    /// <paramref name="signedIn"/> with a valid token) saying by how much.
    /// </summary>
    public static Task Check(ComplexityValidationContext context, int anonymous, int signedIn)
    {
        context.ValidationContext.UserContext[UserContextKey] = context.TotalImpact;
        var (limit, setting) = SignedIn(context.ValidationContext) ? (signedIn, "AuthenticatedMaxComplexity") : (anonymous, "MaxComplexity");
        if (context.TotalImpact > limit)
        {
            context.Error = new ComplexityError(string.Create(CultureInfo.InvariantCulture,
                $"The query costs {context.TotalImpact:0} and the limit is {limit} (SolStake:GraphQL:{setting}): every field counts once per row of the lists around it, and each alias counts. Ask for fewer fields or aliases, or smaller pages (limit, last)."));
        }

        return Task.CompletedTask;
    }
}
