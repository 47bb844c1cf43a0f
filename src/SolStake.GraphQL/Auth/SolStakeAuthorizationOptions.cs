using System.Security.Claims;

namespace SolStake.GraphQL.Auth;

/// <summary>
/// How SolStake's endpoints and <see cref="SolStakePolicies"/> find the caller and their permissions, whatever
/// authenticates them. Configured with <c>ConfigureAuthorization(...)</c> on the SolStake builder; SolStake's own
/// tokens (<c>AddSolStakeJwt()</c>) add their scheme here.
/// </summary>
public sealed class SolStakeAuthorizationOptions
{
    /// <summary>
    /// The authentication schemes the caller is authenticated with, in order; the first that succeeds is the caller. A
    /// token one scheme rejects and no other accepts answers <c>401</c>. Empty (the default): the host's default
    /// authentication scheme, or the user its authentication middleware set. <c>AddSolStakeJwt()</c> adds
    /// <see cref="SolStakeAuthentication.Scheme"/>; a host that also wants its own scheme's users lists it too.
    /// </summary>
    public IList<string> AuthenticationSchemes { get; } = [];

    /// <summary>
    /// Maps an authenticated caller's claims to SolStake permissions (<see cref="Permissions"/>). <c>null</c> (the
    /// default): <see cref="SolStakeClaimTypes.DefaultPermissions"/>, the claim convention of SolStake's own tokens.
    /// </summary>
    public Func<ClaimsPrincipal, IEnumerable<string>>? MapPermissions { get; set; }
}
