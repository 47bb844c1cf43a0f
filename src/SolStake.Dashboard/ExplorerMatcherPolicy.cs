using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace SolStake.Dashboard;

/// <summary>
/// Routes a browser opening the GraphQL path to the explorer and everything else to the API, the way ASP.NET Core's
/// own HTTP-method and host policies pick between endpoints of one route: the explorer endpoint is a candidate only
/// for a request that wants a page.
/// </summary>
internal sealed class ExplorerMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, which has already dropped the POST-only candidates.
    public override int Order => 1_000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(static e => e.Metadata.GetMetadata<ExplorerPageMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var wantsPage = ExplorerPageMetadata.WantsPage(httpContext.Request);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!wantsPage && candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<ExplorerPageMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
