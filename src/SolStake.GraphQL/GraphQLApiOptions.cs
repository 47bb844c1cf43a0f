using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.GraphQL;

/// <summary>Limits of the GraphQL endpoint. Bound from <c>SolStake:GraphQL</c>.</summary>
public sealed class GraphQLApiOptions
{
    /// <summary>The configuration section: <c>SolStake:GraphQL</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("GraphQL");

    /// <summary>The deepest selection a query may nest.</summary>
    [Range(2, 50)]
    public int MaxDepth { get; set; } = 10;

    /// <summary>The highest estimated complexity (fields, weighted by list nesting) a query may have.</summary>
    [Range(10, 1_000_000)]
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>The longest query text accepted, in characters.</summary>
    [Range(100, 1_000_000)]
    public int MaxDocumentLength { get; set; } = 20_000;

    /// <summary>The largest <c>limit</c> a list argument accepts.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 5_000;

    /// <summary>The largest <c>POST /graphql</c> body accepted, in bytes (default 64 KiB); a larger one is answered 413.</summary>
    [Range(1_024, 100 * 1_024 * 1_024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1_024;

    /// <summary>How long one request may execute (default 10 s); past it the query is cancelled and answered with a <c>TIMEOUT</c> error.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <c>__schema</c> and <c>__type</c> are answered; unset, only in the Development environment.</summary>
    public bool? EnableIntrospection { get; set; }
}

[OptionsValidator]
internal sealed partial class GraphQLApiOptionsValidator : IValidateOptions<GraphQLApiOptions>;
