using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Auth;

/// <summary>
/// Who calls SolStake's endpoints and what they may do: authenticated with the schemes of
/// <see cref="SolStakeAuthorizationOptions.AuthenticationSchemes"/> (the host's default when none is listed), their
/// permissions from <see cref="SolStakeAuthorizationOptions.MapPermissions"/>. One decision per request: the rate
/// limiter, the endpoint, the resolvers and the cache key all read it.
/// </summary>
// The scheme provider is optional: a host without authentication services has only what its middleware set.
internal sealed class Callers(IOptions<SolStakeAuthorizationOptions> options, IAuthenticationSchemeProvider? schemes = null)
{
    /// <summary>A caller without credentials.</summary>
    public static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    // Each principal's permissions, computed once per principal (a request checks them in every protected resolver).
    private readonly ConditionalWeakTable<ClaimsPrincipal, IReadOnlySet<string>> _permissions = [];

    /// <summary>
    /// The request's caller: the first scheme's principal that authenticates; <see cref="Anonymous"/> when no credentials
    /// were sent; a failure (the reason a client may read) when credentials were sent and no scheme accepted them.
    /// </summary>
    public async ValueTask<(ClaimsPrincipal User, string? Failure)> AuthenticateAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(Callers), out var known) && known is ValueTuple<ClaimsPrincipal, string?> decided)
        {
            return decided;
        }

        var result = await DecideAsync(http).ConfigureAwait(false);
        http.Items[typeof(Callers)] = result;
        return result;
    }

    private async ValueTask<(ClaimsPrincipal User, string? Failure)> DecideAsync(HttpContext http)
    {
        var listed = options.Value.AuthenticationSchemes;
        if (listed.Count == 0)
        {
            if (schemes is null || await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is null)
            {
                // No scheme at all: whatever the host's own middleware decided.
                return (http.User is { Identity.IsAuthenticated: true } user ? user : Anonymous, null);
            }

            var result = await http.AuthenticateAsync().ConfigureAwait(false);
            return result.Succeeded ? (result.Principal, null)
                : result.Failure is not null ? (Anonymous, "the credentials are not valid")
                : (Anonymous, null);
        }

        string? failure = null;
        foreach (var scheme in listed)
        {
            var result = await http.AuthenticateAsync(scheme).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return (result.Principal, null);
            }

            // SolStake's own scheme says why in words safe for a client; another scheme's message is its own detail.
            failure ??= result.Failure is null ? null
                : scheme == SolStakeAuthentication.Scheme ? result.Failure.Message
                : "the credentials are not valid";
        }

        return (Anonymous, failure);
    }

    /// <summary>The SolStake permissions <paramref name="user"/> holds; none for an anonymous caller.</summary>
    public IReadOnlySet<string> PermissionsOf(ClaimsPrincipal? user)
    {
        if (user is not { Identity.IsAuthenticated: true })
        {
            return NoPermissions;
        }

        return _permissions.GetValue(user, u => options.Value.MapPermissions is { } map
            ? map(u).ToHashSet(StringComparer.Ordinal)
            : SolStakeClaimTypes.DefaultPermissions(u));
    }

    private static readonly IReadOnlySet<string> NoPermissions = new HashSet<string>();
}
