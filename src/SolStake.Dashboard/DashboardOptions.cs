using SolStake.Core.DependencyInjection;

namespace SolStake.Dashboard;

/// <summary>The dashboard and explorer. Bound from <c>SolStake:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section: <c>SolStake:Dashboard</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Dashboard");

    /// <summary>
    /// The policy sent with every page: scripts, styles and data from this origin only, images also from https (validator
    /// icons), nothing framed. Replace it only to allow more image sources, for example.
    /// </summary>
    public static readonly string DefaultContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where the host maps the GraphQL API (<c>MapSolStakeGraphQL()</c>), which the pages call: <c>/graphql</c> by default.</summary>
    public string GraphQLPath { get; set; } = "/graphql";

    /// <summary>
    /// Whether a browser opening <see cref="GraphQLPath"/> (<c>Accept: text/html</c>) gets the GraphiQL explorer. By default
    /// it follows the API's introspection setting (<c>SolStake:GraphQL:EnableIntrospection</c>; on in Development only),
    /// since the explorer's documentation comes from introspection. Clients posting JSON are never affected.
    /// </summary>
    public bool? EnableExplorer { get; set; }

    /// <summary>The <c>Content-Security-Policy</c> of the pages: <see cref="DefaultContentSecurityPolicy"/> by default.</summary>
    public string ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;
}
