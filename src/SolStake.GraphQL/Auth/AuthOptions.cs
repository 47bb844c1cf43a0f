using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.GraphQL.Auth;

/// <summary>
/// SolStake's own JWT settings (<c>AddSolStakeJwt()</c>). Bound from <c>SolStake:Auth</c>; in a host that calls <c>AddSolStakeLegacyEnvironmentVariables()</c>,
/// <c>JWT_SECRET_KEY</c> and <c>JWT_EXPIRY</c> set the first two.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section: <c>SolStake:Auth</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Auth");

    /// <summary>The secret used in Development when none is configured; refused anywhere else.</summary>
    public const string DevelopmentSecret = "solstake-development-secret-do-not-use-in-production";

    /// <summary>The HS256 signing secret (at least 32 bytes outside Development).</summary>
    public string? SecretKey { get; set; }

    /// <summary>How long issued tokens live: <c>24h</c>, <c>30m</c>, <c>7d</c>, seconds (<c>3600</c>) or <c>hh:mm:ss</c>.</summary>
    public string Expiry { get; set; } = "24h";

    /// <summary>The issuer tokens must name.</summary>
    public string Issuer { get; set; } = "sol-stake-backend";

    /// <summary>The audience tokens must name.</summary>
    public string Audience { get; set; } = "sol-stake-users";

    /// <summary>Clock difference tolerated when checking expiry.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The secret in force: the configured one, or the development secret when none is configured.</summary>
    public string EffectiveSecret => string.IsNullOrEmpty(SecretKey) ? DevelopmentSecret : SecretKey;

    /// <summary>Parses <see cref="Expiry"/>.</summary>
    /// <exception cref="FormatException">Not one of the accepted forms.</exception>
    public TimeSpan ExpiryDuration()
    {
        var text = Expiry.Trim();
        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            return char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => throw new FormatException($"JWT expiry '{Expiry}' has an unknown unit; use s, m, h or d."),
            };
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new FormatException($"JWT expiry '{Expiry}' is not a duration such as 24h, 30m, 7d, 3600 or 01:00:00.");
    }
}

/// <summary>Outside Development, refuses a missing, default or short secret: auth fails closed, it never runs on a known key.</summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment, SolStakeSection<AuthOptions> section) : IValidateOptions<AuthOptions>
{
    // The earlier design's README shipped this placeholder; deployments copied it.
    private const string EarlierDesignPlaceholder = "your-super-secret-jwt-key-change-in-production";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        try
        {
            _ = options.ExpiryDuration();
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (!environment.IsDevelopment())
        {
            if (string.IsNullOrEmpty(options.SecretKey))
            {
                errors.Add($"{section.Key("SecretKey")} (environment variable {section.Key("SecretKey").Replace(":", "__", StringComparison.Ordinal)}, or JWT_SECRET_KEY in a host that calls AddSolStakeLegacyEnvironmentVariables()) is required outside Development, where SolStake's own tokens are enabled (AddSolStakeJwt).");
            }
            else if (options.SecretKey is AuthOptions.DevelopmentSecret or EarlierDesignPlaceholder)
            {
                errors.Add($"{section.Key("SecretKey")} is a published default; set a secret of your own.");
            }
            else if (Encoding.UTF8.GetByteCount(options.SecretKey) < 32)
            {
                errors.Add($"{section.Key("SecretKey")} must be at least 32 bytes long.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
