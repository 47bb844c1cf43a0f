using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Auth;

/// <summary>
/// SolStake's own ASP.NET Core authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c> with a token issued by
/// <see cref="JwtTokens"/>, the earlier design's tokens. Opt-in: <c>AddSolStakeJwt()</c> registers it beside the host's
/// own schemes without making it the default, and adds it to <see cref="SolStakeAuthorizationOptions.AuthenticationSchemes"/>.
/// </summary>
public static class SolStakeAuthentication
{
    /// <summary>The scheme name: <c>SolStake</c>.</summary>
    public const string Scheme = "SolStake";
}

/// <summary>
/// The claim convention SolStake reads from any authenticated caller (the claim names of the SolStake Node.js API, so
/// its tokens stay valid, plus the OAuth ones): permissions are the <see cref="Permissions"/> claims, then the
/// space-separated <see cref="Scope"/> (or <c>scp</c>) claims; a caller with none of them has its role's
/// (<see cref="Role"/>, <c>roles</c> or <see cref="ClaimTypes.Role"/>). The user is <see cref="UserId"/>, else <c>sub</c>
/// or <see cref="ClaimTypes.NameIdentifier"/>. Hosts whose claims differ set
/// <see cref="SolStakeAuthorizationOptions.MapPermissions"/>.
/// </summary>
public static class SolStakeClaimTypes
{
    /// <summary>The user's id (also the principal's name).</summary>
    public const string UserId = "userId";

    /// <summary>The user's role: <see cref="Permissions.Viewer"/>, <see cref="Permissions.User"/> or <see cref="Permissions.Admin"/> (also the principal's role).</summary>
    public const string Role = "role";

    /// <summary>One claim per permission (<see cref="Permissions"/>); a token without any has its role's.</summary>
    public const string Permissions = "permissions";

    /// <summary>OAuth scopes, space-separated; each SolStake permission among them counts (<c>read:scores write:stakes</c>).</summary>
    public const string Scope = "scope";

    /// <summary>The user's e-mail address, when the token has one.</summary>
    public const string Email = "email";

    // The names a JWT's "scp", "roles" and "sub" get when a handler maps inbound claims (JwtBearer's default).
    private const string MappedScope = "http://schemas.microsoft.com/identity/claims/scope";

    /// <summary>The permissions <paramref name="user"/>'s claims grant under the convention above.</summary>
    public static IReadOnlySet<string> DefaultPermissions(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in user.Claims)
        {
            switch (claim.Type)
            {
                case Permissions:
                    granted.Add(claim.Value);
                    break;
                case Scope or "scp" or MappedScope:
                    foreach (var scope in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        granted.Add(scope);
                    }

                    break;
            }
        }

        if (granted.Count == 0)
        {
            foreach (var claim in user.Claims)
            {
                if (claim.Type is Role or "roles" or ClaimTypes.Role)
                {
                    granted.UnionWith(Auth.Permissions.OfRole(claim.Value));
                }
            }
        }

        return granted;
    }

    /// <summary>The caller's user id: <see cref="UserId"/>, else <c>sub</c>, else <see cref="ClaimTypes.NameIdentifier"/>; <c>null</c> when anonymous.</summary>
    public static string? UserIdOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity is not { IsAuthenticated: true } ? null
            : (user.FindFirst(UserId) ?? user.FindFirst("sub") ?? user.FindFirst(ClaimTypes.NameIdentifier))?.Value;
    }
}

/// <summary>
/// Authorization policies a host's own endpoints can require: <c>app.MapGet(...).RequireAuthorization(SolStakePolicies.Permission(Permissions.ReadScores))</c>.
/// They are satisfied by a caller from the schemes of <see cref="SolStakeAuthorizationOptions.AuthenticationSchemes"/>
/// (the host's default when it lists none) whose claims grant the permission (<see cref="SolStakeAuthorizationOptions.MapPermissions"/>).
/// </summary>
public static class SolStakePolicies
{
    /// <summary>Any authenticated caller.</summary>
    public const string Authenticated = "SolStake.Authenticated";

    private const string PermissionPrefix = "SolStake.Permission:";

    /// <summary>The policy that requires <paramref name="permission"/> (one of <see cref="Permissions"/>).</summary>
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

    internal static void Add(AuthorizationOptions options, SolStakeAuthorizationOptions solStake)
    {
        options.AddPolicy(Authenticated, p => Schemes(p, solStake).RequireAuthenticatedUser());
        foreach (var permission in AllPermissions)
        {
            options.AddPolicy(Permission(permission), p => Schemes(p, solStake)
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }
    }

    // No scheme named: the policy sees the user the host's authentication middleware set.
    private static AuthorizationPolicyBuilder Schemes(AuthorizationPolicyBuilder policy, SolStakeAuthorizationOptions solStake) =>
        solStake.AuthenticationSchemes.Count == 0 ? policy : policy.AddAuthenticationSchemes([.. solStake.AuthenticationSchemes]);
}

/// <summary>A SolStake permission, granted through <see cref="SolStakeAuthorizationOptions.MapPermissions"/>.</summary>
internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler(Callers callers) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (callers.PermissionsOf(context.User).Contains(requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
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
