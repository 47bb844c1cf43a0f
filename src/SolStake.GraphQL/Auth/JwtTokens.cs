using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SolStake.GraphQL.Auth;

/// <summary>Issues and validates SolStake's JWTs (HS256, issuer and audience checked, expiry required).</summary>
public sealed class JwtTokens
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Creates the service.</summary>
    public JwtTokens(IOptions<AuthOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.EffectiveSecret));
    }

    /// <summary>Issues a token for <paramref name="userId"/> with <paramref name="role"/> and its permissions.</summary>
    public string Issue(string userId, string role, string? email = null, IReadOnlyList<string>? permissions = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["userId"] = userId,
            ["role"] = role,
            ["permissions"] = (permissions ?? Permissions.OfRole(role)).ToArray(),
        };
        if (email is not null)
        {
            claims["email"] = email;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.ExpiryDuration(),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// Validates the request's bearer token: <c>null</c> user and failure when there is no <c>Authorization</c> header.
    /// Once per request without a cache of its own: the authentication handler that calls it keeps its result for the
    /// request, and <see cref="Callers"/> keeps the caller it decided.
    /// </summary>
    internal async ValueTask<(ClaimsPrincipal? User, string? Failure)> ValidateRequestAsync(Microsoft.AspNetCore.Http.HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.Length == 0 ? (null, null)
            : !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? (null, "the Authorization header is not 'Bearer <token>'")
            : await ValidateAsync(header["Bearer ".Length..].Trim()).ConfigureAwait(false);
    }

    /// <summary>Validates a token; the principal on success, the reason on failure (never the token).</summary>
    public async Task<(ClaimsPrincipal? User, string? Failure)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return expires is { } e && e + p.ClockSkew >= now && (notBefore is null || notBefore.Value - p.ClockSkew <= now);
            },
            NameClaimType = "userId",
            RoleClaimType = "role",
        }).ConfigureAwait(false);
        return result.IsValid
            ? (new ClaimsPrincipal(result.ClaimsIdentity), null)
            : (null, result.Exception switch
            {
                SecurityTokenExpiredException => "the token has expired",
                SecurityTokenInvalidLifetimeException => "the token has expired",
                SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
                SecurityTokenInvalidAudienceException => "the token's audience is not accepted",
                SecurityTokenInvalidAlgorithmException => "the token is not signed with HS256",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is not valid",
                _ => "the token is not valid",
            });
    }
}
