using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.GraphQL;

/// <summary>Limits of the GraphQL endpoint. Bound from <c>SolStake:GraphQL</c>.</summary>
public sealed class GraphQLApiOptions
{
    /// <summary>The configuration section: <c>SolStake:GraphQL</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("GraphQL");

    /// <summary>
    /// The deepest selection a query may nest (default 15: the introspection query that GraphiQL and other tools send
    /// first is 13 deep; cost, not depth, is what bounds the work).
    /// </summary>
    [Range(2, 50)]
    public int MaxDepth { get; set; } = 15;

    /// <summary>
    /// The highest cost an anonymous query may have (default 50,000, about 0.1 s of server time): every field counts once per row
    /// of the lists around it, so aliases, <c>limit</c>, <c>last</c> and nested lists multiply. A costlier query is
    /// refused before it runs with a <c>COMPLEXITY</c> error giving its cost and this limit; every computed answer (not a
    /// cache hit) carries its cost in <c>X-Query-Cost</c>.
    /// </summary>
    [Range(10, 100_000_000)]
    public int MaxComplexity { get; set; } = 50_000;

    /// <summary>
    /// The highest cost for a caller with a valid token (default 500,000, about 1 s of server time): known, accountable
    /// and limited per user, so the earlier design's signed-in queries (every scoring run with its scores) still run.
    /// </summary>
    [Range(10, 100_000_000)]
    public int AuthenticatedMaxComplexity { get; set; } = 500_000;

    /// <summary>The longest query text accepted, in characters.</summary>
    [Range(100, 1_000_000)]
    public int MaxDocumentLength { get; set; } = 20_000;

    /// <summary>
    /// The most fields a query may select as written (default 1,000; fragments count once however often they are
    /// spread). Checked in one pass before validation, with <see cref="MaxAliases"/> and <see cref="MaxRepeatedFields"/>;
    /// a query over it is answered 400 with <c>TOO_MANY_FIELDS</c>.
    /// </summary>
    [Range(10, 100_000)]
    public int MaxFields { get; set; } = 1_000;

    /// <summary>The most aliases a query may use (default 100); over it, 400 with <c>TOO_MANY_ALIASES</c>.</summary>
    [Range(0, 100_000)]
    public int MaxAliases { get; set; } = 100;

    /// <summary>
    /// How many fields one selection may hold under a single response name, fragments spread into it included (default
    /// 10); over it, 400 with <c>TOO_MANY_REPEATED_FIELDS</c>. Validation compares every pair of such fields and reports
    /// each conflicting pair with its own error, so this is what keeps it from growing with the square of the document
    /// (24 conflicting fields through fragments took 70 ms to refuse; benchmarks/results/api-query-cost-*.md).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxRepeatedFields { get; set; } = 10;

    /// <summary>
    /// The largest answer, in bytes (default 16 MiB): an answer that grows past it while it is written is dropped and
    /// the request answered 400 with <c>RESPONSE_TOO_LARGE</c>, never half a document. The time budget
    /// (<see cref="ExecutionTimeout"/>) covers writing it too.
    /// </summary>
    [Range(1_024, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 16 * 1_024 * 1_024;

    /// <summary>
    /// The most stake accounts a wallet's <c>stakeAccounts</c> lists (default 1,000, the first by address): the read
    /// stops there, and the cost model prices the list at this many, or the most any stored wallet has when fewer.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxStakeAccountsPerWallet { get; set; } = 1_000;

    /// <summary>The largest <c>limit</c> a list argument accepts.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 5_000;

    /// <summary>The largest <c>POST /graphql</c> body accepted, in bytes (default 64 KiB); a larger one is answered 413.</summary>
    [Range(1_024, 100 * 1_024 * 1_024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1_024;

    /// <summary>How long one request may execute (default 10 s); past it the query is cancelled and answered with a <c>TIMEOUT</c> error.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many queries costing <see cref="CheapQueryCost"/> or more execute at once (default: twice the processor
    /// count); the others wait their turn within their time budget. Answers from the cache never wait.
    /// </summary>
    [Range(1, 10_000)]
    public int? MaxConcurrentExecutions { get; set; }

    /// <summary>
    /// Queries that cost less than this (default 5,000: a few database queries, about 10 ms of server time) execute
    /// without waiting for one of the <see cref="MaxConcurrentExecutions"/>: a cheap query never waits behind costly
    /// ones.
    /// </summary>
    [Range(0, 100_000_000)]
    public int CheapQueryCost { get; set; } = 5_000;

    /// <summary>The default of <see cref="MaxConcurrentExecutions"/>: twice the processor count.</summary>
    public static int DefaultConcurrentExecutions => 2 * Environment.ProcessorCount;

    /// <summary>Whether <c>__schema</c> and <c>__type</c> are answered; unset, only in the Development environment.</summary>
    public bool? EnableIntrospection { get; set; }
}

[OptionsValidator]
internal sealed partial class GraphQLApiOptionsValidator : IValidateOptions<GraphQLApiOptions>;
