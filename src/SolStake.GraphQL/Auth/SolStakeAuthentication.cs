using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Auth;

/// <summary>
/// SolStake's ASP.NET Core authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c> with a token issued by
/// <see cref="JwtTokens"/>. <c>AddGraphQLApi()</c> registers it beside the host's own schemes without making it the
/// default; the GraphQL endpoint authenticates with it explicitly, and the host's endpoints use it through the
/// <see cref="SolStakePolicies"/>.
/// </summary>
public static class SolStakeAuthentication
{
    /// <summary>The scheme name: <c>SolStake</c>.</summary>
    public const string Scheme = "SolStake";
}

/// <summary>The claims of a SolStake token (the claim names of the SolStake Node.js API, so its tokens stay valid).</summary>
public static class SolStakeClaimTypes
{
    /// <summary>The user's id (also the principal's name).</summary>
    public const string UserId = "userId";

    /// <summary>The user's role: <see cref="Permissions.Viewer"/>, <see cref="Permissions.User"/> or <see cref="Permissions.Admin"/> (also the principal's role).</summary>
    public const string Role = "role";

    /// <summary>One claim per permission (<see cref="Permissions"/>); a token without any has its role's.</summary>
    public const string Permissions = "permissions";

    /// <summary>The user's e-mail address, when the token has one.</summary>
    public const string Email = "email";
}

/// <summary>
/// Authorization policies a host's own endpoints can require, authenticating with <see cref="SolStakeAuthentication.Scheme"/>:
/// <c>app.MapGet(...).RequireAuthorization(SolStakePolicies.Permission(Permissions.ReadScores))</c>.
/// </summary>
public static class SolStakePolicies
{
    /// <summary>Any valid SolStake token.</summary>
    public const string Authenticated = "SolStake.Authenticated";

    private const string PermissionPrefix = "SolStake.Permission:";

    /// <summary>The policy that requires <paramref name="permission"/> (one of <see cref="Permissions"/>), listed in the token or granted by its role.</summary>
    public static string Permission(string permission)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(permission);
        return PermissionPrefix + permission;
    }

    internal static IEnumerable<string> AllPermissions =>
    [
        Auth.Permissions.ReadValidators, Auth.Permissions.ReadScores, Auth.Permissions.WriteStakes,
        Auth.Permissions.WriteValidators, Auth.Permissions.AdminSystem, Auth.Permissions.ReadUsers,
    ];

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Authenticated, static p => p.AddAuthenticationSchemes(SolStakeAuthentication.Scheme).RequireAuthenticatedUser());
        foreach (var permission in AllPermissions)
        {
            options.AddPolicy(Permission(permission), p => p
                .AddAuthenticationSchemes(SolStakeAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Access.PermissionsOf(context.User).Contains(permission)));
        }
    }
}

/// <summary>Authenticates a request with its SolStake bearer token; no <c>Authorization</c> header is no result (anonymous).</summary>
internal sealed class SolStakeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, JwtTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (user, failure) = await tokens.ValidateRequestAsync(Context).ConfigureAwait(false);
        return user is not null ? AuthenticateResult.Success(new AuthenticationTicket(user, Scheme.Name))
            : failure is not null ? AuthenticateResult.Fail(failure)
            : AuthenticateResult.NoResult();
    }
}
